'use client';

import { getMarkRange } from '@tiptap/core';
import { type Editor, useEditorState } from '@tiptap/react';
import { BubbleMenu } from '@tiptap/react/menus';
import { Copy, ExternalLink, Pencil, Unlink } from 'lucide-react';
import { useState } from 'react';
import { useRovingToolbar } from '../use-roving-toolbar';

/**
 * Shown while the caret is inside a link: open it (new tab), edit, copy its
 * address, or remove it. Readers get open and copy only.
 */
export function LinkBubble({ editor, onEdit }: { editor: Editor; onEdit: () => void }) {
  const href = useEditorState({
    editor,
    selector: ({ editor }) => (editor.isActive('link') ? ((editor.getAttributes('link').href as string) ?? '') : ''),
  });
  const [copied, setCopied] = useState(false);
  const roving = useRovingToolbar();

  const copy = async () => {
    try {
      // Relative links (/d/…, #heading) are copied as full addresses, usable outside this page.
      await navigator.clipboard.writeText(new URL(href, window.location.href).href);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };

  const remove = () => {
    const range = getMarkRange(editor.state.selection.$from, editor.schema.marks.link!);
    const chain = editor.chain().focus();
    (range ? chain.setTextSelection(range) : chain.extendMarkRange('link')).unsetLink().run();
  };

  return (
    <BubbleMenu
      editor={editor}
      pluginKey="linkBubble"
      shouldShow={({ editor, state }) => state.selection.empty && editor.isActive('link')}
      options={{ placement: 'bottom-start' }}
    >
      <div
        ref={roving.ref}
        className="tandem-bubble"
        role="toolbar"
        aria-label="Link actions"
        onKeyDown={roving.onKeyDown}
      >
        <a
          className="tandem-bubble__link"
          href={href}
          target="_blank"
          rel="noopener noreferrer nofollow"
          title={href}
          aria-label={`Open link ${href}`}
        >
          <ExternalLink size={16} aria-hidden="true" />
          <span className="tandem-bubble__href">{href}</span>
        </a>
        {editor.isEditable && (
          <button
            type="button"
            className="tandem-toolbar__button"
            aria-label="Edit link"
            title="Edit link (Ctrl+K)"
            onClick={onEdit}
          >
            <Pencil size={16} aria-hidden="true" />
          </button>
        )}
        <button
          type="button"
          className="tandem-toolbar__button"
          aria-label={copied ? 'Link copied' : 'Copy link'}
          title="Copy link address"
          onClick={() => void copy()}
        >
          <Copy size={16} aria-hidden="true" />
        </button>
        {editor.isEditable && (
          <button
            type="button"
            className="tandem-toolbar__button"
            aria-label="Remove link"
            title="Remove link"
            onClick={remove}
          >
            <Unlink size={16} aria-hidden="true" />
          </button>
        )}
      </div>
    </BubbleMenu>
  );
}
