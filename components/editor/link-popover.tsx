'use client';

import type { Editor } from '@tiptap/react';
import { useEffect, useId, useRef, useState } from 'react';
import { normalizeLinkInput } from './link-href';

interface LinkPopoverProps {
  editor: Editor;
  onClose: () => void;
}

/**
 * Small non-modal form for a link's address, shown under the toolbar. Escape
 * or Cancel returns focus to the text; only http, https and mailto are accepted.
 */
export function LinkPopover({ editor, onClose }: LinkPopoverProps) {
  const existing = (editor.getAttributes('link').href as string | undefined) ?? '';
  const [value, setValue] = useState(existing);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
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
    if (value.trim() === '') {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      onClose();
      return;
    }
    const href = normalizeLinkInput(value);
    if (href === null) {
      setError('Only http, https and mailto links are allowed.');
      input.current?.focus();
      return;
    }
    editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
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
        placeholder="https://example.com"
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          setValue(event.target.value);
          setError(null);
        }}
      />
      <div className="tandem-popover__actions">
        <button type="submit" className="tandem-button tandem-button--primary">
          Apply
        </button>
        {existing !== '' && (
          <button
            type="button"
            className="tandem-button"
            onClick={() => {
              editor.chain().focus().extendMarkRange('link').unsetLink().run();
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
