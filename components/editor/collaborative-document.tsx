'use client';

import type { ReactNode } from 'react';
import { useLocalUser } from '@/components/presence/use-local-user';
import { UserNameControl } from '@/components/presence/user-name-control';
import { ShareButton } from '@/components/share/share-button';
import { DocumentEditor } from './document-editor';
import { DocumentHeader } from './document-header';
import { LiveConnectionStatus, LivePresenceBar, useEverSynced } from './live-header';
import { DENIED_EXPLANATIONS, DENIED_TITLES, type DeniedReason } from './saved-state';
import { useCollaboration } from './use-collaboration';

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
}

/**
 * A live document page: identity, session, header and editor. The page's
 * server component has already checked that the document exists; everything
 * here happens in the browser after mount.
 */
export function CollaborativeDocument(props: CollaborativeDocumentProps) {
  const { user, rename } = useLocalUser();
  const readOnly = props.mode === 'view';
  const { session, denied } = useCollaboration(props.tokenPath, user?.name ?? null);
  // Only what changes rarely is read here; the status and presence live in their own leaves.
  const everSynced = useEverSynced(session);

  const header = (title: ReactNode) => (
    <DocumentHeader title={title}>
      <LiveConnectionStatus session={session} denied={denied} readOnly={readOnly} />
      <LivePresenceBar awareness={session?.provider.awareness ?? null} />
      {user && <UserNameControl user={user} onRename={rename} />}
      {props.docId !== null && <ShareButton docId={props.docId} viewId={props.viewId} />}
    </DocumentHeader>
  );

  return (
    <div className="tandem-page">
      {session && user ? (
        <DocumentEditor
          key={session.doc.guid}
          session={session}
          user={user}
          readOnly={readOnly || denied !== null}
          showToolbar={!readOnly}
          synced={everSynced}
          initialTitle={props.initialTitle}
          focusTitle={props.focusTitle === true && !readOnly}
          renderHeader={header}
          notice={<Notices readOnly={readOnly} denied={denied} />}
        />
      ) : (
        <>
          {header(
            <span className="tandem-title tandem-title--static">{props.initialTitle || 'Untitled document'}</span>,
          )}
          <Notices readOnly={readOnly} denied={denied} />
          {denied === null && (
            <div className="tandem-paper tandem-paper--loading" role="status">
              <span className="tandem-visually-hidden">Loading document…</span>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function Notices({ readOnly, denied }: { readOnly: boolean; denied: DeniedReason | null }) {
  return (
    <>
      {readOnly && (
        <p className="tandem-banner" data-testid="view-only-banner" role="note">
          View only — you can read along live, but not edit this document.
        </p>
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
