'use client';

import { type Editor, useEditorState } from '@tiptap/react';
import { ChevronDown, ChevronUp, X } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { findPluginKey } from './find-extension';
import { MAX_QUERY_LENGTH } from './find-matches';

interface FindBarProps {
  editor: Editor;
  /** Ctrl+H opens it with the replace field focused. */
  mode: 'find' | 'replace';
  onClose: () => void;
}

/**
 * The find and replace bar (Ctrl+F / Ctrl+H). Enter finds the next match,
 * Shift+Enter the previous one, Escape closes and returns to the text.
 */
export function FindBar({ editor, mode, onClose }: FindBarProps) {
  const [query, setQuery] = useState(() => {
    const { from, to } = editor.state.selection;
    const selected = editor.state.doc.textBetween(from, to, ' ');
    return selected.length <= 100 ? selected : '';
  });
  const [replacement, setReplacement] = useState('');
  const [matchCase, setMatchCase] = useState(false);
  const [wholeWord, setWholeWord] = useState(false);
  const findInput = useRef<HTMLInputElement>(null);
  const replaceInput = useRef<HTMLInputElement>(null);
  const ids = { find: useId(), replace: useId(), status: useId() };
  const counts = useEditorState({
    editor,
    selector: ({ editor }) => {
      const state = findPluginKey.getState(editor.state);
      return { total: state?.matches.length ?? 0, current: (state?.current ?? -1) + 1 };
    },
  });
  const canReplace = editor.isEditable;

  useEffect(() => {
    editor.commands.setFind({ query, matchCase, wholeWord });
  }, [editor, query, matchCase, wholeWord]);

  useEffect(() => () => void editor.commands.clearFind(), [editor]);

  useEffect(() => {
    const target = mode === 'replace' && canReplace ? replaceInput.current : findInput.current;
    target?.focus();
    target?.select();
  }, [mode, canReplace]);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const status = query === '' ? '' : counts?.total ? `${counts.current} of ${counts.total}` : 'No matches';

  return (
    <search
      className="tandem-find"
      aria-label="Find and replace"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      }}
    >
      <label htmlFor={ids.find}>Find</label>
      <input
        ref={findInput}
        id={ids.find}
        type="search"
        value={query}
        maxLength={MAX_QUERY_LENGTH}
        aria-describedby={ids.status}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          if (event.shiftKey) editor.commands.findPrevious();
          else editor.commands.findNext();
        }}
      />
      <span id={ids.status} className="tandem-find__status" aria-live="polite">
        {status}
      </span>
      <button
        type="button"
        className="tandem-toolbar__button"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        onClick={() => editor.commands.findPrevious()}
        disabled={!counts?.total}
      >
        <ChevronUp size={16} aria-hidden="true" />
      </button>
      <button
        type="button"
        className="tandem-toolbar__button"
        aria-label="Next match"
        title="Next match (Enter)"
        onClick={() => editor.commands.findNext()}
        disabled={!counts?.total}
      >
        <ChevronDown size={16} aria-hidden="true" />
      </button>
      <label className="tandem-find__option">
        <input type="checkbox" checked={matchCase} onChange={(event) => setMatchCase(event.target.checked)} />
        Match case
      </label>
      <label className="tandem-find__option">
        <input type="checkbox" checked={wholeWord} onChange={(event) => setWholeWord(event.target.checked)} />
        Whole word
      </label>
      {canReplace && (
        <>
          <label htmlFor={ids.replace}>Replace with</label>
          <input
            ref={replaceInput}
            id={ids.replace}
            type="text"
            value={replacement}
            maxLength={MAX_QUERY_LENGTH}
            onChange={(event) => setReplacement(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return;
              event.preventDefault();
              editor.commands.replaceCurrent(replacement);
            }}
          />
          <button
            type="button"
            className="tandem-button"
            onClick={() => editor.commands.replaceCurrent(replacement)}
            disabled={!counts?.total}
          >
            Replace
          </button>
          <button
            type="button"
            className="tandem-button"
            onClick={() => editor.commands.replaceAll(replacement)}
            disabled={!counts?.total}
          >
            Replace all
          </button>
        </>
      )}
      <button
        type="button"
        className="tandem-toolbar__button"
        aria-label="Close find"
        title="Close (Escape)"
        onClick={close}
      >
        <X size={16} aria-hidden="true" />
      </button>
    </search>
  );
}
