'use client';

import type { Editor } from '@tiptap/react';
import { useEffect, useRef } from 'react';
import { useRovingToolbar } from '../use-roving-toolbar';

/** Text colours readable on white and on the dark theme's paper. */
export const TEXT_COLOURS = [
  { name: 'Red', value: '#d93025' },
  { name: 'Orange', value: '#e8710a' },
  { name: 'Green', value: '#188038' },
  { name: 'Blue', value: '#1a73e8' },
  { name: 'Purple', value: '#7627bb' },
  { name: 'Grey', value: '#5f6368' },
] as const;

/** Light backgrounds that keep black text readable. */
export const HIGHLIGHT_COLOURS = [
  { name: 'Yellow', value: '#fff3a3' },
  { name: 'Green', value: '#c8f0c8' },
  { name: 'Blue', value: '#cfe3ff' },
  { name: 'Pink', value: '#ffd6e7' },
  { name: 'Orange', value: '#ffe0b2' },
] as const;

interface ColourMenuProps {
  editor: Editor;
  kind: 'text-colour' | 'highlight';
  onClose: () => void;
}

/** A small menu of swatches for the text colour or the highlight of the selection. */
export function ColourMenu({ editor, kind, onClose }: ColourMenuProps) {
  const roving = useRovingToolbar('vertical');
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const colours = kind === 'highlight' ? HIGHLIGHT_COLOURS : TEXT_COLOURS;
  const label = kind === 'highlight' ? 'Highlight' : 'Text colour';

  const apply = (value: string | null) => {
    const chain = editor.chain().focus();
    if (kind === 'highlight') (value ? chain.setHighlight({ color: value }) : chain.unsetHighlight()).run();
    else (value ? chain.setColor(value) : chain.unsetColor()).run();
    onClose();
  };

  return (
    <div
      ref={roving.ref}
      className="tandem-popover tandem-colour-menu"
      role="menu"
      aria-label={label}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
          editor.commands.focus();
          return;
        }
        roving.onKeyDown(event);
      }}
    >
      {colours.map((colour, index) => (
        <button
          key={colour.value}
          ref={index === 0 ? first : undefined}
          type="button"
          role="menuitem"
          className="tandem-swatch"
          aria-label={`${label}: ${colour.name}`}
          title={colour.name}
          style={{ backgroundColor: colour.value }}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => apply(colour.value)}
        />
      ))}
      <button
        type="button"
        role="menuitem"
        className="tandem-button"
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => apply(null)}
      >
        {kind === 'highlight' ? 'No highlight' : 'Default colour'}
      </button>
    </div>
  );
}
