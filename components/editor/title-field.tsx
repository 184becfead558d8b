'use client';

import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { MAX_TITLE_LENGTH, titleText } from '@/lib/doc-model';
import { diffText, transformIndex } from './text-diff';

/** Transaction origin of title edits typed here (never tracked by the editor's undo manager). */
export const TITLE_ORIGIN = { source: 'title-field' } as const;

const UNTITLED = 'Untitled document';

interface TitleFieldProps {
  doc: Y.Doc;
  /** Until the first sync the Y.Text is empty; show the catalogue's title meanwhile and don't accept input. */
  synced: boolean;
  initialTitle: string;
  readOnly: boolean;
  /** Put the caret here once the title is editable (a new document). */
  autoFocus?: boolean;
  /** Enter moves on to the body, like in a word processor. */
  onEnter?: () => void;
}

function setDocumentTitle(title: string): void {
  const clean = title.replace(/\s+/g, ' ').trim();
  document.title = `${clean || UNTITLED} · Tandem`;
}

/**
 * The title input bound to the Y.Text `title`. The input is uncontrolled: we
 * write remote changes into it ourselves so the caret can be carried across
 * them (React re-rendering the value would jump it to the end), and send only
 * the changed span of local edits so concurrent title edits merge.
 */
export function TitleField({ doc, synced, initialTitle, readOnly, autoFocus, onEnter }: TitleFieldProps) {
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!autoFocus || !synced || readOnly) return;
    input.current?.focus();
    // Drop ?new=1 so a reload or a shared link does not steal focus again.
    const url = new URL(window.location.href);
    if (url.searchParams.has('new')) {
      url.searchParams.delete('new');
      window.history.replaceState(null, '', url);
    }
  }, [autoFocus, synced, readOnly]);

  useEffect(() => {
    const element = input.current;
    if (!element) return;
    if (!synced) {
      element.value = initialTitle;
      setDocumentTitle(initialTitle);
      return;
    }
    const text = titleText(doc);
    element.value = text.toString();
    setDocumentTitle(element.value);

    const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      const value = text.toString();
      setDocumentTitle(value);
      if (transaction.origin === TITLE_ORIGIN || element.value === value) return;
      const focused = document.activeElement === element;
      const start = element.selectionStart ?? 0;
      const end = element.selectionEnd ?? 0;
      element.value = value;
      if (focused) element.setSelectionRange(transformIndex(start, event.delta), transformIndex(end, event.delta));
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [doc, synced, initialTitle]);

  const onInput = () => {
    const element = input.current;
    if (!element || readOnly || !synced) return;
    const text = titleText(doc);
    const edit = diffText(text.toString(), element.value.replace(/[\r\n]+/g, ' '));
    if (!edit) return;
    doc.transact(() => {
      if (edit.deleteCount > 0) text.delete(edit.index, edit.deleteCount);
      if (edit.insert !== '') text.insert(edit.index, edit.insert);
    }, TITLE_ORIGIN);
  };

  return (
    <input
      ref={input}
      className="tandem-title"
      data-testid="doc-title"
      aria-label="Document title"
      placeholder={UNTITLED}
      maxLength={MAX_TITLE_LENGTH}
      readOnly={readOnly || !synced}
      spellCheck={false}
      autoComplete="off"
      onInput={onInput}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
          event.preventDefault();
          onEnter?.();
        }
      }}
    />
  );
}
