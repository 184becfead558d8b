'use client';

import type { ReactNode } from 'react';
import { DocumentMenu } from '@/components/document-menu/document-menu';
import { type ProfileIdentity, useIdentity } from '@/components/presence/use-identity';
import { UserNameControl } from '@/components/presence/user-name-control';
import { ShareButton } from '@/components/share/share-button';
import { DocumentEditor } from './document-editor';
import { DocumentHeader } from './document-header';
import { LiveConnectionStatus, LivePresenceBar, useEverSynced } from './live-header';
import { DENIED_EXPLANATIONS, DENIED_TITLES, type DeniedReason } from './saved-state';
import { StoredPreview } from './stored-preview';
import { useCollaboration } from './use-collaboration';
import { useSchemaGuard } from './use-schema-guard';

export interface CollaborativeDocumentProps {
  /** The role the page was opened with; a live change reopens the session with the new one. */
  mode: 'edit' | 'view';
  /** Where to ask for sync tokens: `/api/docs/<id>/token` or `/api/links/<token>/token`. */
  tokenPath: string;
  /** Only for the owner, who gets the Share dialog. */
  shareDocId: string | null;
  /**
   * The document's id on `/d/<id>` (its own menu, image uploads: both need a
   * session and edit rights on it); null through a link, which never reveals it.
   */
  docId: string | null;
  /** The signed-in person, or null for a guest who came through a link. */
  profile: ProfileIdentity | null;
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
  const { user, rename, needsName, chooseName } = useIdentity(props.profile);
  const { session, denied } = useCollaboration(props.tokenPath, user?.name ?? null);
  // The session knows the current role (a live upgrade or downgrade reopens it); before it exists, the page's.
  const readOnly = (session?.role ?? props.mode) === 'view';
  // Only what changes rarely is read here; the status and presence live in their own leaves.
  const everSynced = useEverSynced(session);
  const { mismatch, report: reportSchemaMismatch } = useSchemaGuard(session, everSynced);

  const header = (title: ReactNode) => (
    <DocumentHeader title={title}>
      <LiveConnectionStatus session={session} denied={denied} readOnly={readOnly} warnUnsaved={mismatch === null} />
      <LivePresenceBar awareness={session?.provider.awareness ?? null} user={user} />
      {user && <UserNameControl user={user} onRename={rename} />}
      {props.shareDocId !== null && <ShareButton docId={props.shareDocId} />}
      {props.docId !== null && !readOnly && session && user && everSynced && (
        <DocumentMenu docId={props.docId} doc={session.doc} userName={user.name} />
      )}
    </DocumentHeader>
  );
  const notices = <Notices readOnly={readOnly} denied={denied} schemaMismatch={mismatch !== null} />;

  if (needsName) return <GuestNamePrompt onChoose={chooseName} />;

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
      {session && user && everSynced ? (
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

/** A guest arriving through a link picks the name others will see (marked "(guest)"). */
function GuestNamePrompt({ onChoose }: { onChoose: (name: string) => void }) {
  return (
    <main className="tandem-page">
      <form
        className="tandem-banner"
        data-testid="guest-name"
        onSubmit={(event) => {
          event.preventDefault();
          const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
          if (name !== '') onChoose(name);
        }}
      >
        <label htmlFor="guest-name">You are joining as a guest. Your name, as others will see it:</label>{' '}
        <input id="guest-name" name="name" required maxLength={40} autoComplete="name" />{' '}
        <button type="submit">Join</button>
      </form>
    </main>
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
