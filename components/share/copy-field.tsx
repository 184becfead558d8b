'use client';

import { useEffect, useRef, useState } from 'react';
import styles from './share.module.css';

type CopyState = 'idle' | 'copied' | 'select';

/** How long the "Copied" confirmation stays visible. */
const CONFIRMATION_MS = 2000;

/**
 * One shareable link with a copy button. The Clipboard API is missing on plain
 * http origins other than localhost and may be refused by permissions; then we
 * select the link text so Ctrl/Cmd+C still works, and say so.
 */
export function CopyField({ label, url, testId }: { label: string; url: string; testId: string }) {
  const linkRef = useRef<HTMLAnchorElement>(null);
  const [state, setState] = useState<CopyState>('idle');
  const labelId = `${testId}-label`;

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [state]);

  function selectLink() {
    const link = linkRef.current;
    const selection = window.getSelection();
    if (!link || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(link);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('Clipboard API unavailable');
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch {
      selectLink();
      setState('select');
    }
  }

  return (
    <div className={styles.field}>
      <span id={labelId} className={styles.fieldLabel}>
        {label}
      </span>
      <div className={styles.fieldRow}>
        <a ref={linkRef} href={url} className={styles.link} data-testid={testId} aria-describedby={labelId}>
          {url}
        </a>
        <button type="button" className={styles.copyButton} onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
          Copy
        </button>
      </div>
      <p className={styles.status} role="status" aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'select' ? 'Link selected: press Ctrl+C (⌘C) to copy.' : ''}
      </p>
    </div>
  );
}
