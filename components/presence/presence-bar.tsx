'use client';

import { Eye } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { initials, readableTextColor } from './identity';
import type { RemoteUser } from './use-awareness-users';

/** Avatars shown before the rest collapse into "+N". */
export const MAX_VISIBLE_AVATARS = 3;

/** Scrolls the editor to someone's caret (CollaborationCaret renders it with their awareness client id). */
function jumpToCaret(user: RemoteUser): void {
  const caret = document.querySelector<HTMLElement>(`.collaboration-carets__caret[data-client-id="${user.clientId}"]`);
  if (!caret) return;
  caret.scrollIntoView({ block: 'center', behavior: 'smooth' });
  caret.classList.remove('collaboration-carets__caret--flash');
  void caret.offsetWidth; // restart the animation
  caret.classList.add('collaboration-carets__caret--flash');
}

function personLabel(user: RemoteUser): string {
  return user.role === 'view' ? `${user.name} (viewing)` : user.name;
}

/**
 * The other people here: editors first, then readers (marked with an eye),
 * at most a few avatars and "+N" for the rest. Clicking someone scrolls to
 * their cursor. A polite live region announces who joined or left (diffed by
 * awareness client id, so a rename is not a leave).
 */
export function PresenceBar({ users }: { users: RemoteUser[] }) {
  const announcement = usePresenceAnnouncement(users);
  const [overflowOpen, setOverflowOpen] = useState(false);
  const ordered = [...users.filter((u) => u.role === 'edit'), ...users.filter((u) => u.role === 'view')];
  const visible = ordered.slice(0, MAX_VISIBLE_AVATARS);
  const hidden = ordered.slice(MAX_VISIBLE_AVATARS);
  const summary =
    users.length === 0 ? 'Nobody else is here' : `Also here: ${ordered.map((user) => personLabel(user)).join(', ')}`;

  return (
    <>
      <ul className="tandem-presence" data-testid="presence" aria-label={summary}>
        {visible.map((user) => (
          <li key={user.clientId}>
            <button
              type="button"
              className={`tandem-avatar ${user.role === 'view' ? 'tandem-avatar--viewer' : ''}`}
              data-testid="presence-avatar"
              data-name={user.name}
              data-role={user.role}
              title={user.name}
              style={{ backgroundColor: user.color, color: readableTextColor(user.color) }}
              onClick={() => jumpToCaret(user)}
            >
              <span aria-hidden="true">{initials(user.name)}</span>
              <span className="tandem-visually-hidden">{personLabel(user)}</span>
              {user.role === 'view' && <Eye className="tandem-avatar__badge" size={12} aria-hidden="true" />}
            </button>
          </li>
        ))}
        {hidden.length > 0 && (
          <li className="tandem-presence__more">
            <button
              type="button"
              className="tandem-avatar tandem-avatar--more"
              data-testid="presence-overflow"
              aria-haspopup="menu"
              aria-expanded={overflowOpen}
              onClick={() => setOverflowOpen((open) => !open)}
            >
              +{hidden.length}
              <span className="tandem-visually-hidden"> more: {hidden.map(personLabel).join(', ')}</span>
            </button>
            {overflowOpen && (
              <OverflowMenu
                users={hidden}
                onClose={() => setOverflowOpen(false)}
                onPick={(user) => {
                  setOverflowOpen(false);
                  jumpToCaret(user);
                }}
              />
            )}
          </li>
        )}
      </ul>
      <span className="tandem-visually-hidden" aria-live="polite">
        {announcement}
      </span>
    </>
  );
}

interface OverflowMenuProps {
  users: RemoteUser[];
  onPick: (user: RemoteUser) => void;
  onClose: () => void;
}

function OverflowMenu({ users, onPick, onClose }: OverflowMenuProps) {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus(), []);
  return (
    <div
      ref={menu}
      className="tandem-popover tandem-presence__menu"
      role="menu"
      aria-label="More people"
      tabIndex={-1}
      onKeyDown={(event) => {
        const items = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
        const index = items.indexOf(document.activeElement as HTMLElement);
        if (event.key === 'Escape') onClose();
        else if (event.key === 'ArrowDown') items[(index + 1) % items.length]?.focus();
        else if (event.key === 'ArrowUp') items[(index - 1 + items.length) % items.length]?.focus();
        else return;
        event.preventDefault();
      }}
    >
      {users.map((user) => (
        <button
          key={user.clientId}
          type="button"
          role="menuitem"
          className="tandem-menu-item"
          onClick={() => onPick(user)}
        >
          <span
            className="tandem-avatar tandem-avatar--small"
            aria-hidden="true"
            style={{ backgroundColor: user.color, color: readableTextColor(user.color) }}
          >
            {initials(user.name)}
          </span>
          {personLabel(user)}
        </button>
      ))}
    </div>
  );
}

function usePresenceAnnouncement(users: RemoteUser[]): string {
  const previous = useRef<Map<number, string> | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    const current = new Map(users.map((user) => [user.clientId, user.name]));
    const before = previous.current;
    previous.current = current;
    if (before === null) return; // the people already here when we arrived are not news
    const joined = [...current].filter(([id]) => !before.has(id)).map(([, name]) => `${name} joined`);
    const left = [...before].filter(([id]) => !current.has(id)).map(([, name]) => `${name} left`);
    const news = [...joined, ...left];
    if (news.length > 0) setMessage(`${news.join('. ')}.`);
  }, [users]);
  return message;
}
