'use client';

import { type Editor, useEditorState } from '@tiptap/react';
import { BubbleMenu } from '@tiptap/react/menus';
import { Bold, Highlighter, Italic, Link } from 'lucide-react';
import { useRovingToolbar } from '../use-roving-toolbar';

/**
 * Formatting at the selection: bold, italic, link, highlight. From the
 * keyboard: select text, then Alt+F10 moves into this bar, arrows move
 * between its buttons, Escape goes back to the text.
 */
export function FormatBubble({ editor, onLink }: { editor: Editor; onLink: () => void }) {
  const active = useEditorState({
    editor,
    selector: ({ editor }) => ({
      bold: editor.isActive('bold'),
      italic: editor.isActive('italic'),
      link: editor.isActive('link'),
      highlight: editor.isActive('highlight'),
    }),
  });
  const roving = useRovingToolbar();
  const buttons = [
    { label: 'Bold', icon: Bold, pressed: active?.bold, run: () => editor.chain().focus().toggleBold().run() },
    { label: 'Italic', icon: Italic, pressed: active?.italic, run: () => editor.chain().focus().toggleItalic().run() },
    { label: 'Link', icon: Link, pressed: active?.link, run: onLink },
    {
      label: 'Highlight',
      icon: Highlighter,
      pressed: active?.highlight,
      run: () => editor.chain().focus().toggleHighlight({ color: '#fff3a3' }).run(),
    },
  ];
  return (
    <BubbleMenu
      editor={editor}
      pluginKey="formatBubble"
      shouldShow={({ editor, state, view }) => {
        const { selection } = state;
        const inMenu = view.dom.parentElement
          ?.querySelector('.tandem-bubble--format')
          ?.contains(document.activeElement);
        return (
          editor.isEditable &&
          !selection.empty &&
          !editor.isActive('codeBlock') &&
          !editor.isActive('image') &&
          (view.hasFocus() || Boolean(inMenu)) &&
          state.doc.textBetween(selection.from, selection.to).length > 0
        );
      }}
      // Shown at once (no debounce): Alt+F10 right after selecting must find it.
      updateDelay={0}
      options={{ placement: 'top' }}
    >
      <div
        ref={roving.ref}
        className="tandem-bubble tandem-bubble--format"
        role="toolbar"
        aria-label="Text formatting"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            editor.commands.focus();
            return;
          }
          roving.onKeyDown(event);
        }}
      >
        {buttons.map(({ label, icon: Icon, pressed, run }) => (
          <button
            key={label}
            type="button"
            className="tandem-toolbar__button"
            aria-label={label}
            aria-pressed={pressed ?? false}
            data-active={pressed ? 'true' : 'false'}
            onMouseDown={(event) => event.preventDefault()}
            onClick={run}
          >
            <Icon size={16} aria-hidden="true" />
          </button>
        ))}
      </div>
    </BubbleMenu>
  );
}

/** Alt+F10 (as in word processors): move focus from the text into the visible bubble menu. */
export function focusBubble(editorElement: HTMLElement): boolean {
  const bubble = editorElement.parentElement?.querySelector<HTMLElement>('.tandem-bubble');
  const target =
    bubble?.querySelector<HTMLElement>('[tabindex="0"]') ?? bubble?.querySelector<HTMLElement>('button, a');
  if (!target) return false;
  target.focus();
  return true;
}
