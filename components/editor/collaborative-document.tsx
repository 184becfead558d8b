'use client';

import type { ReactNode } from 'react';
import { DocumentMenu } from '@/components/document-menu/document-menu';
import { PresenceBar } from '@/components/presence/presence-bar';
import { useAwarenessUsers } from '@/components/presence/use-awareness-users';
import { useLocalUser } from '@/components/presence/use-local-user';
import { UserNameControl } from '@/components/presence/user-name-control';
import { ShareButton } from '@/components/share/share-button';
import { ConnectionStatus } from './connection-status';
import { DocumentEditor } from './document-editor';
import { DocumentHeader } from './document-header';
import { DENIED_EXPLANATIONS, DENIED_TITLES, type DeniedReason } from './saved-state';
import { StoredPreview } from './stored-preview';
import { useCollaboration } from './use-collaboration';
import { useConnectionStatus, useUnsavedChangesWarning } from './use-connection-status';
import { useSchemaGuard } from './use-schema-guard';

export interface CollaborativeDocumentProps {
  mode: 'edit' | 'view';
  /** Where to ask for sync tokens: `/api/docs/<id>/token` or `/api/view/<viewId>/token`. */
  tokenPath: string;
  /** Only on the edit page; the view page never learns it. */
  docId: string | null;
  viewId: string;
  initialTitle: string;
  /** Focus the title once the document is ready (a document just created). */
  focusTitle?: boolean;
  /** The stored content rendered on the server, shown read-only until the first sync (null: a skeleton). */
  previewHtml?: string | null;
}

/**
 * A live document page: identity, session, header and editor. The page's
 * server component has already checked that the document exists; everything
 * here happens in the browser after mount.
 *
 * The editor appears only once the document has synced: before that the
 * page's Y.Doc is empty, and an editor on it would invite typing ("Start
 * writing…") that lands before or after the real content once it arrives.
 * Until then the stored content rendered on the server is shown read-only.
 */
export function CollaborativeDocument(props: CollaborativeDocumentProps) {
  const { user, rename } = useLocalUser();
  const readOnly = props.mode === 'view';
  const { session, denied } = useCollaboration(props.tokenPath, user?.name ?? null);
  const status = useConnectionStatus(session, denied);
  const { mismatch, report: reportSchemaMismatch } = useSchemaGuard(session, status.everSynced);
  const others = useAwarenessUsers(session?.provider.awareness ?? null, user);
  useUnsavedChangesWarning(status.unsaved && mismatch === null);

  const header = (title: ReactNode) => (
    <DocumentHeader title={title}>
      <ConnectionStatus status={status} denied={denied} readOnly={readOnly} />
      <PresenceBar users={others} />
      {user && <UserNameControl user={user} onRename={rename} />}
      {props.docId !== null && <ShareButton docId={props.docId} viewId={props.viewId} />}
      {props.docId !== null && session && user && status.everSynced && (
        <DocumentMenu docId={props.docId} doc={session.doc} userName={user.name} />
      )}
    </DocumentHeader>
  );
  const notices = <Notices readOnly={readOnly} denied={denied} schemaMismatch={mismatch !== null} />;

  if (session && user && mismatch) {
    // Read-only, on a copy that is never synced: whatever the editor cannot show stays safe on the server.
    return (
      <div className="tandem-page">
        <DocumentEditor
          key={`frozen-${mismatch.snapshot.guid}`}
          doc={mismatch.snapshot}
          provider={null}
          docId={null}
          user={user}
          readOnly
          showToolbar={false}
          initialTitle={props.initialTitle}
          focusTitle={false}
          renderHeader={header}
          notice={notices}
        />
      </div>
    );
  }

  return (
    <div className="tandem-page">
      {session && user && status.everSynced ? (
        <DocumentEditor
          key={session.doc.guid}
          doc={session.doc}
          provider={session.provider}
          user={user}
          readOnly={readOnly || denied !== null}
          showToolbar={!readOnly}
          initialTitle={props.initialTitle}
          focusTitle={props.focusTitle === true && !readOnly}
          renderHeader={header}
          notice={notices}
          docId={props.docId}
          onContentError={reportSchemaMismatch}
        />
      ) : (
        <>
          {header(
            <h1 className="tandem-title tandem-title--static" data-testid="doc-title">
              {props.initialTitle || 'Untitled document'}
            </h1>,
          )}
          {notices}
          {denied === null && typeof props.previewHtml === 'string' && <StoredPreview html={props.previewHtml} />}
          {denied === null && typeof props.previewHtml !== 'string' && (
            <div className="tandem-paper tandem-paper--loading" role="status" aria-busy="true">
              <span className="tandem-visually-hidden">Loading document…</span>
            </div>
          )}
        </>
      )}
    </div>
  );
}

interface NoticesProps {
  readOnly: boolean;
  denied: DeniedReason | null;
  schemaMismatch: boolean;
}

function Notices({ readOnly, denied, schemaMismatch }: NoticesProps) {
  return (
    <>
      {readOnly && (
        <p className="tandem-banner" data-testid="view-only-banner" role="note">
          View only — you can read along live, but not edit this document.
        </p>
      )}
      {schemaMismatch && (
        <div className="tandem-banner tandem-banner--denied" role="alert" data-testid="schema-mismatch">
          <strong>This document was changed by a newer version of Tandem.</strong> Editing is paused in this tab so
          nothing is lost; reload to get the latest version.{' '}
          <button type="button" className="tandem-link-button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      )}
      {denied !== null && (
        <div className="tandem-banner tandem-banner--denied" role="alert">
          <strong>{DENIED_TITLES[denied]}</strong> {DENIED_EXPLANATIONS[denied]}{' '}
          {denied === 'expired' || denied === 'refused' || denied === 'too-large' ? (
            <button type="button" className="tandem-link-button" onClick={() => window.location.reload()}>
              Reload
            </button>
          ) : (
            <a href="/">Go to your documents</a>
          )}
        </div>
      )}
    </>
  );
}
