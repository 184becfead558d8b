'use client';

import { getMarkRange } from '@tiptap/core';
import type { Editor } from '@tiptap/react';
import { useEffect, useId, useRef, useState } from 'react';
import { type BoundRange, bindRange } from './bound-range';
import { normalizeLinkInput } from './link-href';

interface LinkPopoverProps {
  editor: Editor;
  onClose: () => void;
}

/** The text a link will cover: the selection, or the whole link the caret is in, or nothing (insert). */
function targetRange(editor: Editor): { from: number; to: number } {
  const { from, to, empty, $from } = editor.state.selection;
  if (empty && editor.isActive('link')) {
    const range = getMarkRange($from, editor.schema.marks.link!);
    if (range) return range;
  }
  return { from, to };
}

/**
 * Small non-modal form for a link's address (and its text when there is no
 * selection: Ctrl+K then inserts a link). It is bound to the text it was
 * opened for, so Apply links that text even if the selection moved meanwhile.
 */
export function LinkPopover({ editor, onClose }: LinkPopoverProps) {
  const [initial] = useState(() => {
    const range = targetRange(editor);
    return {
      range,
      bound: bindRange(editor, range.from, range.to) as BoundRange,
      href: (editor.getAttributes('link').href as string | undefined) ?? '',
    };
  });
  const inserting = initial.range.from === initial.range.to;
  const [value, setValue] = useState(initial.href);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const textId = useId();
  const errorId = useId();

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const apply = () => {
    const range = initial.bound.resolve();
    if (range === null) return close();
    if (value.trim() === '') {
      if (!inserting) editor.chain().focus().setTextSelection(range).unsetLink().run();
      return close();
    }
    const href = normalizeLinkInput(value);
    if (href === null) {
      setError('Use a web address (https://…), an email address, or a link inside Tandem (/d/…, #heading).');
      input.current?.focus();
      return;
    }
    if (inserting || range.from === range.to) {
      const label = text.trim() || href;
      editor
        .chain()
        .focus()
        .insertContentAt(range.from, { type: 'text', text: label, marks: [{ type: 'link', attrs: { href } }] })
        .setTextSelection(range.from + label.length)
        .unsetMark('link')
        .run();
    } else {
      editor.chain().focus().setTextSelection(range).setLink({ href }).setTextSelection(range.to).run();
    }
    onClose();
  };

  return (
    <form
      className="tandem-popover"
      role="dialog"
      aria-label="Link"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      }}
    >
      <label htmlFor={inputId}>Link address</label>
      <input
        ref={input}
        id={inputId}
        type="text"
        inputMode="url"
        value={value}
        placeholder="https://example.com or /d/…"
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          setValue(event.target.value);
          setError(null);
        }}
      />
      {inserting && (
        <>
          <label htmlFor={textId}>Link text</label>
          <input
            id={textId}
            type="text"
            value={text}
            placeholder="Shown instead of the address"
            onChange={(event) => setText(event.target.value)}
          />
        </>
      )}
      <div className="tandem-popover__actions">
        <button type="submit" className="tandem-button tandem-button--primary">
          Apply
        </button>
        {initial.href !== '' && (
          <button
            type="button"
            className="tandem-button"
            onClick={() => {
              const range = initial.bound.resolve();
              if (range) editor.chain().focus().setTextSelection(range).unsetLink().run();
              onClose();
            }}
          >
            Remove link
          </button>
        )}
        <button type="button" className="tandem-button" onClick={close}>
          Cancel
        </button>
      </div>
      {error && (
        <p id={errorId} className="tandem-popover__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
