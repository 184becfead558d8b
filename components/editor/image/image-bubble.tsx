'use client';

import { type Editor, useEditorState } from '@tiptap/react';
import { BubbleMenu } from '@tiptap/react/menus';
import { Trash2 } from 'lucide-react';
import { useId } from 'react';

/** With an image selected: its description for screen readers (alt text), and removing it. */
export function ImageBubble({ editor }: { editor: Editor }) {
  const alt = useEditorState({
    editor,
    selector: ({ editor }) => (editor.isActive('image') ? ((editor.getAttributes('image').alt as string) ?? '') : null),
  });
  const id = useId();
  return (
    <BubbleMenu
      editor={editor}
      pluginKey="imageBubble"
      shouldShow={({ editor }) => editor.isEditable && editor.isActive('image')}
      options={{ placement: 'bottom' }}
    >
      <fieldset className="tandem-bubble" aria-label="Image">
        <label htmlFor={id} className="tandem-bubble__label">
          Alt text
        </label>
        <input
          id={id}
          className="tandem-bubble__input"
          value={alt ?? ''}
          maxLength={500}
          placeholder="Describe the image"
          onChange={(event) => editor.commands.updateAttributes('image', { alt: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === 'Escape') {
              event.preventDefault();
              editor.commands.focus();
            }
          }}
        />
        <button
          type="button"
          className="tandem-toolbar__button"
          aria-label="Remove image"
          onClick={() => editor.chain().focus().deleteSelection().run()}
        >
          <Trash2 size={16} aria-hidden="true" />
        </button>
      </fieldset>
    </BubbleMenu>
  );
}
