'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { initials, type LocalUser, MAX_NAME_LENGTH, readableTextColor } from './identity';

/** Pause in typing after which a new name is published. */
const COMMIT_DELAY_MS = 600;

/**
 * "You" chip: your colour and name, editable in place. The name is published
 * on Enter, on blur or after a pause in typing, not per keystroke, so others
 * don't watch half-typed names flicker across their carets.
 */
export function UserNameControl({ user, onRename }: { user: LocalUser; onRename: (name: string) => void }) {
  const [draft, setDraft] = useState(user.name);
  const inputId = useId();
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  // The name when editing began: Escape goes back to it, even after a pause already published a draft.
  const original = useRef(user.name);
  const cancelled = useRef(false);
  // Follow renames from other tabs, but never rewrite what the person is typing
  // (the published name is normalised, e.g. without a trailing space).
  useEffect(() => {
    if (document.activeElement !== input.current) setDraft(user.name);
  }, [user.name]);
  useEffect(() => () => clearTimeout(pending.current), []);

  const commit = (value: string = draft) => {
    clearTimeout(pending.current);
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    if (value.trim() === '') setDraft(user.name);
    else onRename(value);
  };

  return (
    <div className="tandem-user">
      <span
        className="tandem-avatar tandem-avatar--self"
        aria-hidden="true"
        style={{ backgroundColor: user.color, color: readableTextColor(user.color) }}
      >
        {initials(user.name)}
      </span>
      <label className="tandem-visually-hidden" htmlFor={inputId}>
        Your display name
      </label>
      <input
        id={inputId}
        ref={input}
        className="tandem-user__input"
        data-testid="user-name"
        value={draft}
        maxLength={MAX_NAME_LENGTH}
        autoComplete="nickname"
        spellCheck={false}
        onChange={(event) => {
          const value = event.target.value;
          setDraft(value);
          clearTimeout(pending.current);
          if (value.trim() !== '') pending.current = setTimeout(() => onRename(value), COMMIT_DELAY_MS);
        }}
        onFocus={() => {
          original.current = user.name;
        }}
        onBlur={() => commit()}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
            event.currentTarget.blur();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            clearTimeout(pending.current);
            cancelled.current = true;
            setDraft(original.current);
            if (user.name !== original.current) onRename(original.current);
            event.currentTarget.blur();
          }
        }}
      />
    </div>
  );
}
