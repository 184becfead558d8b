'use client';

import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { MAX_TITLE_LENGTH, titleText } from '@/lib/doc-model';
import { diffText, transformIndex } from './text-diff';

/** Transaction origin of title edits typed here (never tracked by the editor's undo manager). */
export const TITLE_ORIGIN = { source: 'title-field' } as const;

const UNTITLED = 'Untitled document';

interface TitleFieldProps {
  doc: Y.Doc;
  initialTitle: string;
  readOnly: boolean;
  /** Put the caret here at once (a new document). */
  autoFocus?: boolean;
  /** Enter moves on to the body, like in a word processor. */
  onEnter?: () => void;
}

function setDocumentTitle(title: string): void {
  const clean = title.replace(/\s+/g, ' ').trim();
  document.title = `${clean || UNTITLED} · Tandem`;
}

/** The live title of a document, re-rendered on every change (also sets the tab's title). */
function useYTitle(doc: Y.Doc): string {
  const [title, setTitle] = useState(() => titleText(doc).toString());
  useEffect(() => {
    const text = titleText(doc);
    const show = () => {
      setTitle(text.toString());
      setDocumentTitle(text.toString());
    };
    show();
    text.observe(show);
    return () => text.unobserve(show);
  }, [doc]);
  return title;
}

/**
 * The title bound to the Y.Text `title`. The input is uncontrolled: we write
 * remote changes into it ourselves so the caret can be carried across them
 * (React re-rendering the value would jump it to the end), and send only the
 * changed span of local edits so concurrent title edits merge.
 *
 * IME composition (Chinese, Japanese, Korean input): nothing is sent while a
 * composition is open, since its intermediate text (pinyin, kana) is not what
 * the person means, and remote changes wait until it ends, since rewriting the
 * input's value would cancel it. At its end the composed text is inserted
 * where the composition started, wherever remote edits have moved that spot.
 */
export function TitleField(props: TitleFieldProps) {
  if (props.readOnly) return <ReadOnlyTitle doc={props.doc} />;
  return <EditableTitle {...props} />;
}

/** For readers: a heading, not an input that looks editable (or focused). */
function ReadOnlyTitle({ doc }: { doc: Y.Doc }) {
  const title = useYTitle(doc);
  return (
    <h1 className="tandem-title tandem-title--static" data-testid="doc-title">
      {title.trim() || UNTITLED}
    </h1>
  );
}

function EditableTitle({ doc, autoFocus, onEnter }: TitleFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const composition = useRef<{ base: string; start: Y.RelativePosition; offset: number } | null>(null);

  useEffect(() => {
    if (!autoFocus) return;
    input.current?.focus();
    // Drop ?new=1 so a reload or a shared link does not steal focus again.
    const url = new URL(window.location.href);
    if (url.searchParams.has('new')) {
      url.searchParams.delete('new');
      window.history.replaceState(null, '', url);
    }
  }, [autoFocus]);

  useEffect(() => {
    const element = input.current;
    if (!element) return;
    const text = titleText(doc);
    element.value = text.toString();
    setDocumentTitle(element.value);

    const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      const value = text.toString();
      setDocumentTitle(value);
      if (transaction.origin === TITLE_ORIGIN || element.value === value) return;
      if (composition.current) return; // applied when the composition ends
      const focused = document.activeElement === element;
      const start = element.selectionStart ?? 0;
      const end = element.selectionEnd ?? 0;
      element.value = value;
      if (focused) element.setSelectionRange(transformIndex(start, event.delta), transformIndex(end, event.delta));
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [doc]);

  const sendDiff = () => {
    const element = input.current;
    if (!element) return;
    const text = titleText(doc);
    const edit = diffText(text.toString(), element.value.replace(/[\r\n]+/g, ' '));
    if (!edit) return;
    doc.transact(() => {
      if (edit.deleteCount > 0) text.delete(edit.index, edit.deleteCount);
      if (edit.insert !== '') text.insert(edit.index, edit.insert);
    }, TITLE_ORIGIN);
  };

  const onCompositionStart = () => {
    const element = input.current;
    if (!element) return;
    const from = Math.min(element.selectionStart ?? 0, element.value.length);
    composition.current = {
      base: element.value,
      start: Y.createRelativePositionFromTypeIndex(titleText(doc), from),
      offset: from,
    };
  };

  const onCompositionEnd = () => {
    const element = input.current;
    const open = composition.current;
    composition.current = null;
    if (!element || !open) return;
    const text = titleText(doc);
    const edit = diffText(open.base, element.value.replace(/[\r\n]+/g, ' '));
    if (edit) {
      // Where the composition started, after whatever others changed meanwhile.
      const anchor = Y.createAbsolutePositionFromRelativePosition(open.start, doc)?.index ?? open.offset;
      const index = Math.min(text.length, Math.max(0, anchor + (edit.index - open.offset)));
      doc.transact(() => {
        if (edit.deleteCount > 0) text.delete(index, Math.min(edit.deleteCount, text.length - index));
        if (edit.insert !== '') text.insert(index, edit.insert);
      }, TITLE_ORIGIN);
      element.value = text.toString();
      const caret = index + edit.insert.length;
      element.setSelectionRange(caret, caret);
    } else {
      element.value = text.toString();
    }
  };

  return (
    <input
      ref={input}
      className="tandem-title"
      data-testid="doc-title"
      aria-label="Document title"
      placeholder={UNTITLED}
      maxLength={MAX_TITLE_LENGTH}
      spellCheck={false}
      autoComplete="off"
      onInput={(event) => {
        if ((event.nativeEvent as InputEvent).isComposing || composition.current) return;
        sendDiff();
      }}
      onCompositionStart={onCompositionStart}
      onCompositionEnd={onCompositionEnd}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
          event.preventDefault();
          onEnter?.();
        }
      }}
    />
  );
}
