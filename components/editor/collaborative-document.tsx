'use client';

import type { ReactNode } from 'react';
import { PresenceBar } from '@/components/presence/presence-bar';
import { useAwarenessUsers } from '@/components/presence/use-awareness-users';
import { type ProfileIdentity, useIdentity } from '@/components/presence/use-identity';
import { UserNameControl } from '@/components/presence/user-name-control';
import { ShareButton } from '@/components/share/share-button';
import { ConnectionStatus } from './connection-status';
import { DocumentEditor } from './document-editor';
import { DocumentHeader } from './document-header';
import { DENIED_EXPLANATIONS, DENIED_TITLES, type DeniedReason } from './saved-state';
import { useCollaboration } from './use-collaboration';
import { useConnectionStatus, useUnsavedChangesWarning } from './use-connection-status';

export interface CollaborativeDocumentProps {
  /** The role the page was opened with; a live change reopens the session with the new one. */
  mode: 'edit' | 'view';
  /** Where to ask for sync tokens: `/api/docs/<id>/token` or `/api/links/<token>/token`. */
  tokenPath: string;
  /** Only for the owner, who gets the Share dialog. */
  shareDocId: string | null;
  /** The signed-in person, or null for a guest who came through a link. */
  profile: ProfileIdentity | null;
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
  const { user, rename, needsName, chooseName } = useIdentity(props.profile);
  const { session, denied } = useCollaboration(props.tokenPath, user?.name ?? null);
  // The session knows the current role (a live upgrade or downgrade reopens it); before it exists, the page's.
  const readOnly = (session?.role ?? props.mode) === 'view';
  const status = useConnectionStatus(session, denied);
  const others = useAwarenessUsers(session?.provider.awareness ?? null);
  useUnsavedChangesWarning(status.unsaved);

  const header = (title: ReactNode) => (
    <DocumentHeader title={title}>
      <ConnectionStatus status={status} denied={denied} readOnly={readOnly} />
      <PresenceBar users={others} />
      {user && <UserNameControl user={user} onRename={rename} />}
      {props.shareDocId !== null && <ShareButton docId={props.shareDocId} />}
    </DocumentHeader>
  );

  if (needsName) return <GuestNamePrompt onChoose={chooseName} />;

  return (
    <div className="tandem-page">
      {session && user ? (
        <DocumentEditor
          key={session.doc.guid}
          session={session}
          user={user}
          readOnly={readOnly || denied !== null}
          showToolbar={!readOnly}
          synced={status.everSynced}
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
