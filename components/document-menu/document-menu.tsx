'use client';

import { Copy, History, MoreVertical, Pencil, Trash2, Upload } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { trashDocumentRequest } from '@/components/dashboard/docs-client';
import { readTitle } from '@/lib/doc-model';
import { duplicateDocument } from './duplicate-document';

interface DocumentMenuProps {
  docId: string;
  doc: Y.Doc;
  userName: string;
}

/**
 * The document's own menu: rename (moves to the title), duplicate, export
 * and history (not built yet, shown as coming soon), delete. A WAI-ARIA menu
 * button: arrows move, Escape closes and returns to the button.
 */
export function DocumentMenu({ docId, doc, userName }: DocumentMenuProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const confirmDialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, [open]);

  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const rename = () => {
    close(false);
    const title = document.querySelector<HTMLInputElement>('input[data-testid="doc-title"]');
    title?.focus();
    title?.select();
  };

  const duplicate = async () => {
    close();
    setBusy('Duplicating…');
    setError(null);
    try {
      const title = `Copy of ${readTitle(doc) || 'Untitled document'}`.slice(0, 200);
      const id = await duplicateDocument(doc, title, userName);
      router.push(`/d/${encodeURIComponent(id)}`);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : 'Could not duplicate the document.');
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    setBusy('Moving to the trash…');
    try {
      await trashDocumentRequest(docId);
      router.push('/');
    } catch (reason) {
      setBusy(null);
      setError(reason instanceof Error ? reason.message : 'Could not delete the document.');
    }
  };

  const items = [
    { label: 'Rename', icon: Pencil, run: rename },
    { label: 'Duplicate', icon: Copy, run: () => void duplicate() },
    { label: 'Export (coming soon)', icon: Upload, disabled: true },
    { label: 'Version history (coming soon)', icon: History, disabled: true },
    {
      label: 'Delete',
      icon: Trash2,
      run: () => {
        close(false);
        confirmDialog.current?.showModal();
      },
    },
  ];

  return (
    <div className="tandem-doc-menu">
      <button
        ref={button}
        type="button"
        className="tandem-toolbar__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="Document menu"
        title="Document menu"
        data-testid="document-menu"
        onClick={() => setOpen((value) => !value)}
      >
        <MoreVertical size={18} aria-hidden="true" />
      </button>
      {open && (
        <div
          ref={menu}
          role="menu"
          aria-label="Document"
          className="tandem-popover tandem-presence__menu"
          tabIndex={-1}
          onKeyDown={(event) => {
            const all = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
            const index = all.indexOf(document.activeElement as HTMLElement);
            if (event.key === 'Escape' || event.key === 'Tab') close(event.key === 'Escape');
            else if (event.key === 'ArrowDown') all[(index + 1) % all.length]?.focus();
            else if (event.key === 'ArrowUp') all[(index - 1 + all.length) % all.length]?.focus();
            else return;
            if (event.key !== 'Tab') event.preventDefault();
          }}
        >
          {items.map(({ label, icon: Icon, run, disabled }) => (
            <button
              key={label}
              type="button"
              role="menuitem"
              className="tandem-menu-item"
              aria-disabled={disabled ? 'true' : undefined}
              onClick={disabled ? undefined : run}
            >
              <Icon size={16} aria-hidden="true" />
              {label}
            </button>
          ))}
        </div>
      )}
      <span className="tandem-visually-hidden" aria-live="polite">
        {busy ?? ''}
      </span>
      {error && (
        <p className="tandem-doc-menu__error" role="alert">
          {error}
        </p>
      )}
      <dialog ref={confirmDialog} className="tandem-dialog" aria-labelledby={`${docId}-delete-title`}>
        <div className="tandem-dialog__body">
          <h2 id={`${docId}-delete-title`}>Move this document to the trash?</h2>
          <p>It leaves everyone’s list and its links say it is in the trash. It can be restored for 30 days.</p>
          <div className="tandem-popover__actions">
            <button type="button" className="tandem-button" onClick={() => confirmDialog.current?.close()}>
              Cancel
            </button>
            <button
              type="button"
              className="tandem-button tandem-button--danger"
              data-testid="confirm-delete-document"
              onClick={() => void remove()}
              disabled={busy !== null}
            >
              Move to trash
            </button>
          </div>
        </div>
      </dialog>
    </div>
  );
}
