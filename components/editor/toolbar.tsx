'use client';

import type { Editor } from '@tiptap/react';
import { Keyboard } from 'lucide-react';
import { Fragment } from 'react';
import {
  TOOLBAR_ACTIONS,
  TOOLBAR_GROUPS,
  type ToolbarAction,
  type ToolbarLabel,
  type ToolbarPanel,
} from './toolbar-actions';
import { useFrameEditorState } from './use-frame-editor-state';
import { useRovingToolbar } from './use-roving-toolbar';

type ButtonState = { active: boolean; disabled: boolean };
type ToolbarState = Record<ToolbarLabel, ButtonState>;

/** One button at a time (each a dry run through TipTap's `can()`), yielding between them. */
function* readToolbarState(editor: Editor): Generator<void, ToolbarState, void> {
  const state = {} as ToolbarState;
  for (const action of TOOLBAR_ACTIONS) {
    state[action.label] = {
      active: action.isActive?.(editor) ?? false,
      disabled: action.panel !== 'find' && (!editor.isEditable || !action.canRun(editor)),
    };
    yield;
  }
  return state;
}

function sameState(a: ToolbarState, b: ToolbarState): boolean {
  return TOOLBAR_ACTIONS.every(
    ({ label }) => a[label].active === b[label].active && a[label].disabled === b[label].disabled,
  );
}

interface ToolbarProps {
  editor: Editor;
  onPanel: (panel: ToolbarPanel, anchor: HTMLElement) => void;
  onHelp: () => void;
}

/**
 * Formatting toolbar, one Tab stop (WAI-ARIA toolbar pattern: arrow keys,
 * Home and End move inside it). Buttons reflect the selection through
 * `aria-pressed` (and `data-active` for styling) and are disabled where the
 * command cannot apply. On narrow screens it scrolls sideways.
 */
export function Toolbar({ editor, onPanel, onHelp }: ToolbarProps) {
  const state = useFrameEditorState(editor, readToolbarState, sameState);
  const roving = useRovingToolbar();

  const press = (action: ToolbarAction, button: HTMLElement) => {
    if (action.run) action.run(editor);
    else if (action.panel) onPanel(action.panel, button);
  };

  return (
    <div
      ref={roving.ref}
      className="tandem-toolbar"
      data-testid="toolbar"
      role="toolbar"
      aria-label="Formatting"
      onKeyDown={roving.onKeyDown}
    >
      {TOOLBAR_GROUPS.map((group, index) => (
        <Fragment key={group[0]?.label}>
          {index > 0 && <span className="tandem-toolbar__separator" aria-hidden="true" />}
          {group.map((action) => {
            const { active, disabled } = state?.[action.label] ?? { active: false, disabled: true };
            const Icon = action.icon;
            return (
              <button
                key={action.label}
                type="button"
                className="tandem-toolbar__button"
                aria-label={action.label}
                title={action.shortcut ? `${action.label} (${action.shortcut.replace('Mod', 'Ctrl')})` : action.label}
                aria-pressed={action.isActive && !action.panel ? active : undefined}
                aria-haspopup={action.panel && action.panel !== 'image' ? 'dialog' : undefined}
                data-active={active ? 'true' : 'false'}
                disabled={disabled}
                // Keep the editor's selection: a mousedown on the button would otherwise blur it.
                onMouseDown={(event) => event.preventDefault()}
                onClick={(event) => press(action, event.currentTarget)}
              >
                <Icon size={18} aria-hidden="true" focusable="false" />
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
        <Keyboard size={18} aria-hidden="true" focusable="false" />
      </button>
    </div>
  );
}
