'use client';

import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { GeneralAccess, MemberRole } from '@/lib/policies/document-policy';
import { CopyField } from './copy-field';
import styles from './share.module.css';
import { findPeople, type SharingState, sharingApi } from './sharing-client';

const ACCESS_LABELS: Record<GeneralAccess, string> = {
  restricted: 'Restricted — only people added can open',
  view: 'Anyone with the link can view',
  edit: 'Anyone with the link can edit',
};

/**
 * The owner's Share dialog (Google Docs' model): add people by email or name
 * with a role, change or remove them, approve access requests, set general
 * access, and reset the link (the old one stops working at once and whoever
 * is connected through it is disconnected). A native <dialog> opened with
 * showModal() gives the focus trap, Escape and `aria-modal`.
 */
export function ShareButton({ docId }: { docId: string }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [origin, setOrigin] = useState<string | null>(null);
  const [state, setState] = useState<SharingState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const api = sharingApi(docId);

  useEffect(() => setOrigin(window.location.origin), []);

  const run = useCallback(async (action: () => Promise<SharingState>) => {
    setBusy(true);
    setError(null);
    try {
      setState(await action());
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : 'Something went wrong.');
    } finally {
      setBusy(false);
    }
  }, []);

  function open() {
    dialogRef.current?.showModal();
    void run(api.load);
  }

  const link = state?.linkToken ? `${origin ?? ''}/s/${encodeURIComponent(state.linkToken)}` : '';

  return (
    <>
      <button
        type="button"
        className={styles.shareButton}
        data-testid="share-button"
        aria-haspopup="dialog"
        onClick={open}
      >
        Share
      </button>
      <dialog ref={dialogRef} className={styles.dialog} data-testid="share-dialog" aria-labelledby={titleId}>
        <div className={styles.dialogBody} aria-busy={busy}>
          <h2 id={titleId} className={styles.dialogTitle}>
            Share this document
          </h2>
          <AddPeople disabled={busy} onAdd={(person, role) => run(() => api.setMember(person, role))} />
          {state ? (
            <>
              <h3 className={styles.fieldLabel}>People with access</h3>
              <ul className={styles.people} data-testid="share-people">
                {state.owner ? (
                  <li className={styles.person} data-testid="share-owner">
                    <span>
                      {state.owner.name} <span className={styles.hint}>{state.owner.email}</span>
                    </span>
                    <span>Owner</span>
                  </li>
                ) : null}
                {state.members.map((member) => (
                  <li key={member.id} className={styles.person} data-testid="share-member" data-email={member.email}>
                    <span>
                      {member.name} <span className={styles.hint}>{member.email}</span>
                    </span>
                    <span className={styles.personActions}>
                      <select
                        aria-label={`Role of ${member.name}`}
                        value={member.role}
                        disabled={busy}
                        data-testid="member-role"
                        onChange={(event) => run(() => api.setMember(member.id, event.target.value as MemberRole))}
                      >
                        <option value="editor">Editor</option>
                        <option value="viewer">Viewer</option>
                      </select>
                      <button
                        type="button"
                        className={styles.closeButton}
                        disabled={busy}
                        data-testid="member-remove"
                        onClick={() => run(() => api.removeMember(member.id))}
                      >
                        Remove
                      </button>
                    </span>
                  </li>
                ))}
              </ul>
              {state.requests.length > 0 ? (
                <>
                  <h3 className={styles.fieldLabel}>Asking for access</h3>
                  <ul className={styles.people}>
                    {state.requests.map((person) => (
                      <li
                        key={person.id}
                        className={styles.person}
                        data-testid="access-request"
                        data-email={person.email}
                      >
                        <span>
                          {person.name} <span className={styles.hint}>{person.email}</span>
                        </span>
                        <span className={styles.personActions}>
                          <button
                            type="button"
                            className={styles.closeButton}
                            disabled={busy}
                            data-testid="approve-viewer"
                            onClick={() => run(() => api.setMember(person.id, 'viewer'))}
                          >
                            Approve as viewer
                          </button>
                          <button
                            type="button"
                            className={styles.closeButton}
                            disabled={busy}
                            data-testid="approve-editor"
                            onClick={() => run(() => api.setMember(person.id, 'editor'))}
                          >
                            Approve as editor
                          </button>
                          <button
                            type="button"
                            className={styles.closeButton}
                            disabled={busy}
                            onClick={() => run(() => api.decline(person.id))}
                          >
                            Decline
                          </button>
                        </span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              <label className={styles.fieldLabel} htmlFor={`${titleId}-access`}>
                General access
              </label>
              <select
                id={`${titleId}-access`}
                value={state.generalAccess}
                disabled={busy}
                data-testid="general-access"
                onChange={(event) => run(() => api.setGeneralAccess(event.target.value as GeneralAccess))}
              >
                {(Object.keys(ACCESS_LABELS) as GeneralAccess[]).map((access) => (
                  <option key={access} value={access}>
                    {ACCESS_LABELS[access]}
                  </option>
                ))}
              </select>
              {state.generalAccess !== 'restricted' && link ? (
                <>
                  <CopyField label="Link" url={link} testId="share-link" />
                  <button
                    type="button"
                    className={styles.closeButton}
                    disabled={busy}
                    data-testid="reset-link"
                    onClick={() => run(api.resetLink)}
                  >
                    Reset link
                  </button>
                  <p className={styles.hint}>
                    Resetting makes the old link stop working and disconnects whoever uses it.
                  </p>
                </>
              ) : (
                <p className={styles.hint}>Only the owner and the people added above can open this document.</p>
              )}
            </>
          ) : null}
          {error ? (
            <p role="alert" className={styles.error}>
              {error}
            </p>
          ) : null}
          <div className={styles.dialogActions}>
            <button type="button" className={styles.closeButton} onClick={() => dialogRef.current?.close()}>
              Done
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}

/** "Add people": an email address or a name (suggestions from the accounts), and a role. */
function AddPeople({ disabled, onAdd }: { disabled: boolean; onAdd: (person: string, role: MemberRole) => void }) {
  const id = useId();
  const [person, setPerson] = useState('');
  const [role, setRole] = useState<MemberRole>('editor');
  const [suggestions, setSuggestions] = useState<{ id: string; name: string; email: string }[]>([]);

  useEffect(() => {
    const q = person.trim();
    if (q.length < 2) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      findPeople(q)
        .then((people) => {
          if (!controller.signal.aborted) setSuggestions(people);
        })
        .catch(() => {});
    }, 200);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [person]);

  return (
    <form
      className={styles.addPeople}
      onSubmit={(event) => {
        event.preventDefault();
        const typed = person.trim();
        if (typed === '') return;
        // A name picked from the suggestions is sent as that account's email address.
        const match = suggestions.find((candidate) => candidate.name === typed || candidate.email === typed);
        onAdd(match?.email ?? typed, role);
        setPerson('');
      }}
    >
      <label className={styles.fieldLabel} htmlFor={`${id}-person`}>
        Add people
      </label>
      <div className={styles.fieldRow}>
        <input
          id={`${id}-person`}
          list={`${id}-people`}
          value={person}
          placeholder="Email or name"
          onChange={(event) => setPerson(event.target.value)}
          data-testid="share-person"
          autoComplete="off"
        />
        <datalist id={`${id}-people`}>
          {suggestions.map((candidate) => (
            <option key={candidate.id} value={candidate.email}>
              {candidate.name}
            </option>
          ))}
        </datalist>
        <select
          aria-label="Role"
          value={role}
          onChange={(event) => setRole(event.target.value as MemberRole)}
          data-testid="share-role"
        >
          <option value="editor">Editor</option>
          <option value="viewer">Viewer</option>
        </select>
        <button type="submit" className={styles.closeButton} disabled={disabled} data-testid="share-add">
          Add
        </button>
      </div>
    </form>
  );
}
