'use client';

import type { Editor } from '@tiptap/react';
import { Fragment, useRef } from 'react';
import { TOOLBAR_ACTIONS, TOOLBAR_GROUPS, type ToolbarAction, type ToolbarLabel } from './toolbar-actions';
import { TOOLBAR_ICONS } from './toolbar-icons';
import { useFrameEditorState } from './use-frame-editor-state';

type ButtonState = { active: boolean; disabled: boolean };
type ToolbarState = Record<ToolbarLabel, ButtonState>;

function readToolbarState(editor: Editor): ToolbarState {
  const state = {} as ToolbarState;
  for (const action of TOOLBAR_ACTIONS) {
    state[action.label] = {
      active: action.isActive?.(editor) ?? false,
      disabled: !editor.isEditable || !action.canRun(editor),
    };
  }
  return state;
}

function sameState(a: ToolbarState, b: ToolbarState | null): boolean {
  if (b === null) return false;
  return TOOLBAR_ACTIONS.every(
    ({ label }) => a[label].active === b[label].active && a[label].disabled === b[label].disabled,
  );
}

interface ToolbarProps {
  editor: Editor;
  onLink: () => void;
  onHelp: () => void;
}

/**
 * Formatting toolbar. Buttons reflect the selection through `aria-pressed`
 * (and `data-active` for styling) and are disabled where the command cannot
 * apply. Every button is a tab stop; arrow keys, Home and End also move
 * between them as in the WAI-ARIA toolbar pattern.
 */
export function Toolbar({ editor, onLink, onHelp }: ToolbarProps) {
  const state = useFrameEditorState(editor, readToolbarState, sameState);
  const bar = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    const buttons = Array.from(bar.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? []);
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const last = buttons.length - 1;
    const next =
      event.key === 'Home' ? 0 : event.key === 'End' ? last : event.key === 'ArrowLeft' ? index - 1 : index + 1;
    buttons[Math.max(0, Math.min(last, next))]?.focus();
    event.preventDefault();
  };

  const press = (action: ToolbarAction) => {
    if (action.run) action.run(editor);
    else onLink();
  };

  return (
    <div
      ref={bar}
      className="tandem-toolbar"
      data-testid="toolbar"
      role="toolbar"
      aria-label="Formatting"
      onKeyDown={onKeyDown}
    >
      {TOOLBAR_GROUPS.map((group, index) => (
        <Fragment key={group[0]?.label}>
          {index > 0 && <span className="tandem-toolbar__separator" aria-hidden="true" />}
          {group.map((action) => {
            const { active, disabled } = state?.[action.label] ?? { active: false, disabled: true };
            return (
              <button
                key={action.label}
                type="button"
                className="tandem-toolbar__button"
                aria-label={action.label}
                title={action.shortcut ? `${action.label} (${action.shortcut.replace('Mod', 'Ctrl')})` : action.label}
                aria-pressed={action.isActive ? active : undefined}
                data-active={active ? 'true' : 'false'}
                disabled={disabled}
                // Keep the editor's selection: a mousedown on the button would otherwise blur it.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => press(action)}
              >
                <span
                  aria-hidden="true"
                  className={`tandem-glyph tandem-glyph--${action.label.replace(/\s+/g, '-').toLowerCase()}`}
                >
                  {TOOLBAR_ICONS[action.label] ?? action.glyph}
                </span>
              </button>
            );
          })}
        </Fragment>
      ))}
      <span className="tandem-toolbar__separator" aria-hidden="true" />
      <button
        type="button"
        className="tandem-toolbar__button"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (Ctrl+/)"
        aria-haspopup="dialog"
        onClick={onHelp}
      >
        <span aria-hidden="true">?</span>
      </button>
    </div>
  );
}
