'use client';

import { useCallback, useEffect, useRef } from 'react';

/** True where typing "?" means a question mark, not a command. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(target.type)
  );
}

/**
 * Opens the shortcut help on "?" (outside text fields) or Ctrl+/ / ⌘+/
 * (anywhere). Returns the dialog ref and an `open` for the toolbar button.
 */
export function useShortcutHelp() {
  const dialog = useRef<HTMLDialogElement>(null);

  const open = useCallback(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const modSlash = event.key === '/' && (event.ctrlKey || event.metaKey) && !event.altKey;
      const question = event.key === '?' && !event.ctrlKey && !event.metaKey && !isTextEntry(event.target);
      if (!modSlash && !question) return;
      event.preventDefault();
      if (dialog.current?.open) dialog.current.close();
      else open();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open]);

  return { dialog, open };
}
