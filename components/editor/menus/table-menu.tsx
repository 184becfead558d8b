'use client';

import type { Editor } from '@tiptap/react';
import {
  ArrowDownToLine,
  BetweenHorizontalEnd,
  BetweenHorizontalStart,
  BetweenVerticalEnd,
  BetweenVerticalStart,
  Columns3,
  Grid2x2X,
  Heading,
  type LucideIcon,
  Rows3,
  TableCellsMerge,
  TableCellsSplit,
} from 'lucide-react';
import { useFrameEditorState } from '../use-frame-editor-state';
import { useRovingToolbar } from '../use-roving-toolbar';

interface TableAction {
  label: string;
  icon: LucideIcon;
  can: (editor: Editor) => boolean;
  run: (editor: Editor) => void;
}

/** Puts an empty paragraph right after the table around the caret and moves there. */
function paragraphBelowTable(editor: Editor): boolean {
  const { $from } = editor.state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    if ($from.node(depth).type.name !== 'table') continue;
    const after = $from.after(depth);
    return editor
      .chain()
      .focus()
      .insertContentAt(after, { type: 'paragraph' })
      .setTextSelection(after + 1)
      .run();
  }
  return false;
}

const ACTIONS: TableAction[] = [
  {
    label: 'Add row above',
    icon: BetweenHorizontalStart,
    can: (e) => e.can().addRowBefore(),
    run: (e) => e.chain().focus().addRowBefore().run(),
  },
  {
    label: 'Add row below',
    icon: BetweenHorizontalEnd,
    can: (e) => e.can().addRowAfter(),
    run: (e) => e.chain().focus().addRowAfter().run(),
  },
  {
    label: 'Add column before',
    icon: BetweenVerticalStart,
    can: (e) => e.can().addColumnBefore(),
    run: (e) => e.chain().focus().addColumnBefore().run(),
  },
  {
    label: 'Add column after',
    icon: BetweenVerticalEnd,
    can: (e) => e.can().addColumnAfter(),
    run: (e) => e.chain().focus().addColumnAfter().run(),
  },
  {
    label: 'Delete row',
    icon: Rows3,
    can: (e) => e.can().deleteRow(),
    run: (e) => e.chain().focus().deleteRow().run(),
  },
  {
    label: 'Delete column',
    icon: Columns3,
    can: (e) => e.can().deleteColumn(),
    run: (e) => e.chain().focus().deleteColumn().run(),
  },
  {
    label: 'Header row',
    icon: Heading,
    can: (e) => e.can().toggleHeaderRow(),
    run: (e) => e.chain().focus().toggleHeaderRow().run(),
  },
  {
    label: 'Merge cells',
    icon: TableCellsMerge,
    can: (e) => e.can().mergeCells(),
    run: (e) => e.chain().focus().mergeCells().run(),
  },
  {
    label: 'Split cell',
    icon: TableCellsSplit,
    can: (e) => e.can().splitCell(),
    run: (e) => e.chain().focus().splitCell().run(),
  },
  {
    label: 'Paragraph below table',
    icon: ArrowDownToLine,
    can: (e) => e.isEditable,
    run: (e) => void paragraphBelowTable(e),
  },
  {
    label: 'Delete table',
    icon: Grid2x2X,
    can: (e) => e.can().deleteTable(),
    run: (e) => e.chain().focus().deleteTable().run(),
  },
];

interface TableState {
  inTable: boolean;
  /** Per action; only read inside a table. */
  enabled: boolean[];
}

const OUTSIDE: TableState = { inTable: false, enabled: [] };

/**
 * The dry runs only inside a table, after the frame's transactions: read in
 * every transaction (remote keystrokes included) they delayed each character
 * on the reading page (bench/RESULTS.md, browser feel).
 */
function* readTableState(editor: Editor): Generator<void, TableState, void> {
  if (!editor.isEditable || !editor.isActive('table')) return OUTSIDE;
  const enabled: boolean[] = [];
  for (const action of ACTIONS) {
    enabled.push(action.can(editor));
    yield;
  }
  return { inTable: true, enabled };
}

function sameTableState(a: TableState, b: TableState): boolean {
  return (
    a.inTable === b.inTable && a.enabled.length === b.enabled.length && a.enabled.every((x, i) => x === b.enabled[i])
  );
}

/**
 * Table commands, shown under the toolbar while the caret is in a table. A
 * table as the last block could otherwise not be left downwards
 * without it ("Paragraph below table").
 */
export function TableMenu({ editor }: { editor: Editor }) {
  const state = useFrameEditorState(editor, readTableState, sameTableState);
  const roving = useRovingToolbar();
  if (!state.inTable) return null;
  const { enabled } = state;
  return (
    <div
      ref={roving.ref}
      className="tandem-toolbar tandem-toolbar--table"
      role="toolbar"
      aria-label="Table"
      onKeyDown={roving.onKeyDown}
    >
      {ACTIONS.map((action, index) => {
        const Icon = action.icon;
        return (
          <button
            key={action.label}
            type="button"
            className={`tandem-toolbar__button ${action.label.startsWith('Delete') ? 'tandem-toolbar__button--danger' : ''}`}
            aria-label={action.label}
            title={action.label}
            disabled={enabled[index] !== true}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => action.run(editor)}
          >
            <Icon size={16} aria-hidden="true" />
          </button>
        );
      })}
    </div>
  );
}
