'use client';

import { useEffect, useRef, useState } from 'react';
import type { ConnectionSnapshot } from './connection-tracker';
import { DENIED_EXPLANATIONS, DENIED_TITLES, type DeniedReason, offlineDuration } from './saved-state';

interface ConnectionStatusProps {
  status: ConnectionSnapshot;
  denied: DeniedReason | null;
  readOnly: boolean;
}

/** Re-renders every second while `active`, for labels that show elapsed time. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function label(status: ConnectionSnapshot, denied: DeniedReason | null, readOnly: boolean, now: number): string {
  switch (status.state) {
    case 'connecting':
      return 'Connecting…';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return readOnly ? 'Up to date' : 'All changes saved';
    case 'offline': {
      const since = status.offlineSince === null ? '' : ` for ${offlineDuration(now - status.offlineSince)}`;
      return readOnly ? `Offline${since} — reconnecting` : `Offline${since} — changes will sync when you reconnect`;
    }
    case 'denied':
      if (denied === 'too-large') return 'Document too large — not saved';
      if (denied === 'refused') return 'Change refused — not saved';
      return 'Access refused';
  }
}

/**
 * The honest save indicator. Its visible label changes on every keystroke
 * (saving ↔ saved), which would be noise for a screen reader, so only the
 * transitions that matter (offline, refused) go to a polite live region.
 */
export function ConnectionStatus({ status, denied, readOnly }: ConnectionStatusProps) {
  const now = useNow(status.state === 'offline');
  const reconnected = useReconnected(status.state);
  const announcement =
    status.state === 'offline'
      ? 'Connection lost. Changes will sync when you reconnect.'
      : status.state === 'denied'
        ? `${denied ? `${DENIED_TITLES[denied]} ${DENIED_EXPLANATIONS[denied]}` : 'Access refused.'}`
        : reconnected
          ? readOnly
            ? 'Reconnected. Up to date.'
            : 'Reconnected. Your changes are syncing.'
          : '';
  return (
    <div className="tandem-status" data-testid="connection-status" data-state={status.state}>
      <span className="tandem-status__dot" aria-hidden="true" />
      <span className="tandem-status__label">{label(status, denied, readOnly, now)}</span>
      <span className="tandem-visually-hidden" aria-live="polite">
        {announcement}
      </span>
    </div>
  );
}

/** True from the moment the connection comes back after being offline until it is lost again. */
function useReconnected(state: ConnectionSnapshot['state']): boolean {
  const wasOffline = useRef(false);
  const [reconnected, setReconnected] = useState(false);
  useEffect(() => {
    if (state === 'offline') {
      wasOffline.current = true;
      setReconnected(false);
    } else if (wasOffline.current && (state === 'saved' || state === 'saving')) {
      wasOffline.current = false;
      setReconnected(true);
    }
  }, [state]);
  return reconnected;
}
