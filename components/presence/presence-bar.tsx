'use client';

import { useEffect, useRef, useState } from 'react';
import { initials, readableTextColor } from './identity';
import type { RemoteUser } from './use-awareness-users';

/**
 * One avatar per other person, plus a polite live region that announces who
 * joined or left (diffed by awareness client id, so a rename is not a leave).
 */
export function PresenceBar({ users }: { users: RemoteUser[] }) {
  const announcement = usePresenceAnnouncement(users);
  const summary =
    users.length === 0 ? 'Nobody else is here' : `Also here: ${users.map((user) => user.name).join(', ')}`;
  return (
    <>
      <ul className="tandem-presence" data-testid="presence" aria-label={summary}>
        {users.map((user) => (
          <li
            key={user.clientId}
            className="tandem-avatar"
            data-testid="presence-avatar"
            data-name={user.name}
            title={user.name}
            style={{ backgroundColor: user.color, color: readableTextColor(user.color) }}
          >
            <span aria-hidden="true">{initials(user.name)}</span>
            <span className="tandem-visually-hidden">{user.name}</span>
          </li>
        ))}
      </ul>
      <span className="tandem-visually-hidden" aria-live="polite">
        {announcement}
      </span>
    </>
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
