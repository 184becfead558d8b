import type { Editor } from '@tiptap/react';

/** The toolbar's accessible names; the e2e suite and screen readers rely on them. */
export type ToolbarLabel =
  | 'Bold'
  | 'Italic'
  | 'Underline'
  | 'Strike'
  | 'Code'
  | 'Heading 1'
  | 'Heading 2'
  | 'Heading 3'
  | 'Bullet list'
  | 'Numbered list'
  | 'Task list'
  | 'Quote'
  | 'Code block'
  | 'Link'
  | 'Horizontal rule'
  | 'Insert table'
  | 'Undo'
  | 'Redo';

export interface ToolbarAction {
  label: ToolbarLabel;
  /** Short visible glyph; the accessible name is `label`. */
  glyph: string;
  /** Key combination as shown in the help dialog ("Mod" = Ctrl, or ⌘ on a Mac). */
  shortcut?: string;
  /** Toggles have `aria-pressed`; one-shot commands (undo, insert table) don't. */
  isActive?: (editor: Editor) => boolean;
  canRun: (editor: Editor) => boolean;
  /** Omitted for Link, which opens the link popover instead. */
  run?: (editor: Editor) => void;
}

/** Actions grouped as they appear, separated visually between groups. */
export const TOOLBAR_GROUPS: ToolbarAction[][] = [
  [
    {
      label: 'Undo',
      glyph: '↶',
      shortcut: 'Mod+Z',
      canRun: (e) => e.can().undo(),
      run: (e) => e.chain().focus().undo().run(),
    },
    {
      label: 'Redo',
      glyph: '↷',
      shortcut: 'Mod+Shift+Z',
      canRun: (e) => e.can().redo(),
      run: (e) => e.chain().focus().redo().run(),
    },
  ],
  [
    {
      label: 'Heading 1',
      glyph: 'H1',
      shortcut: 'Mod+Alt+1',
      isActive: (e) => e.isActive('heading', { level: 1 }),
      canRun: (e) => e.can().toggleHeading({ level: 1 }),
      run: (e) => e.chain().focus().toggleHeading({ level: 1 }).run(),
    },
    {
      label: 'Heading 2',
      glyph: 'H2',
      shortcut: 'Mod+Alt+2',
      isActive: (e) => e.isActive('heading', { level: 2 }),
      canRun: (e) => e.can().toggleHeading({ level: 2 }),
      run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
    },
    {
      label: 'Heading 3',
      glyph: 'H3',
      shortcut: 'Mod+Alt+3',
      isActive: (e) => e.isActive('heading', { level: 3 }),
      canRun: (e) => e.can().toggleHeading({ level: 3 }),
      run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
    },
  ],
  [
    {
      label: 'Bold',
      glyph: 'B',
      shortcut: 'Mod+B',
      isActive: (e) => e.isActive('bold'),
      canRun: (e) => e.can().toggleBold(),
      run: (e) => e.chain().focus().toggleBold().run(),
    },
    {
      label: 'Italic',
      glyph: 'I',
      shortcut: 'Mod+I',
      isActive: (e) => e.isActive('italic'),
      canRun: (e) => e.can().toggleItalic(),
      run: (e) => e.chain().focus().toggleItalic().run(),
    },
    {
      label: 'Underline',
      glyph: 'U',
      shortcut: 'Mod+U',
      isActive: (e) => e.isActive('underline'),
      canRun: (e) => e.can().toggleUnderline(),
      run: (e) => e.chain().focus().toggleUnderline().run(),
    },
    {
      label: 'Strike',
      glyph: 'S',
      shortcut: 'Mod+Shift+S',
      isActive: (e) => e.isActive('strike'),
      canRun: (e) => e.can().toggleStrike(),
      run: (e) => e.chain().focus().toggleStrike().run(),
    },
    {
      label: 'Code',
      glyph: '</>',
      shortcut: 'Mod+E',
      isActive: (e) => e.isActive('code'),
      canRun: (e) => e.can().toggleCode(),
      run: (e) => e.chain().focus().toggleCode().run(),
    },
    {
      label: 'Link',
      glyph: '🔗',
      shortcut: 'Mod+K',
      isActive: (e) => e.isActive('link'),
      // A link needs text to hang on: a selection, or a caret inside an existing link.
      canRun: (e) =>
        e.isEditable && (!e.state.selection.empty || e.isActive('link')) && e.can().setLink({ href: 'https://x' }),
    },
  ],
  [
    {
      label: 'Bullet list',
      glyph: '•',
      shortcut: 'Mod+Shift+8',
      isActive: (e) => e.isActive('bulletList'),
      canRun: (e) => e.can().toggleBulletList(),
      run: (e) => e.chain().focus().toggleBulletList().run(),
    },
    {
      label: 'Numbered list',
      glyph: '1.',
      shortcut: 'Mod+Shift+7',
      isActive: (e) => e.isActive('orderedList'),
      canRun: (e) => e.can().toggleOrderedList(),
      run: (e) => e.chain().focus().toggleOrderedList().run(),
    },
    {
      label: 'Task list',
      glyph: '☑',
      shortcut: 'Mod+Shift+9',
      isActive: (e) => e.isActive('taskList'),
      canRun: (e) => e.can().toggleTaskList(),
      run: (e) => e.chain().focus().toggleTaskList().run(),
    },
    {
      label: 'Quote',
      glyph: '❝',
      shortcut: 'Mod+Shift+B',
      isActive: (e) => e.isActive('blockquote'),
      canRun: (e) => e.can().toggleBlockquote(),
      run: (e) => e.chain().focus().toggleBlockquote().run(),
    },
    {
      label: 'Code block',
      glyph: '{ }',
      shortcut: 'Mod+Alt+C',
      isActive: (e) => e.isActive('codeBlock'),
      canRun: (e) => e.can().toggleCodeBlock(),
      run: (e) => e.chain().focus().toggleCodeBlock().run(),
    },
  ],
  [
    {
      label: 'Horizontal rule',
      glyph: '―',
      canRun: (e) => e.can().setHorizontalRule(),
      run: (e) => e.chain().focus().setHorizontalRule().run(),
    },
    {
      label: 'Insert table',
      glyph: '▦',
      canRun: (e) => e.can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
      run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
    },
  ],
];

export const TOOLBAR_ACTIONS: ToolbarAction[] = TOOLBAR_GROUPS.flat();

/** Markdown-style input rules, listed in the help dialog beside the shortcuts. */
export const MARKDOWN_RULES: Array<{ type: string; result: string }> = [
  { type: '# ', result: 'Heading 1 (## for 2, ### for 3)' },
  { type: '**text**', result: 'Bold' },
  { type: '*text*', result: 'Italic' },
  { type: '~~text~~', result: 'Strike' },
  { type: '`text`', result: 'Code' },
  { type: '- or * ', result: 'Bullet list' },
  { type: '1. ', result: 'Numbered list' },
  { type: '[ ] ', result: 'Task list' },
  { type: '> ', result: 'Quote' },
  { type: '```', result: 'Code block' },
  { type: '---', result: 'Horizontal rule' },
];

/** "Mod+Shift+Z" → "Ctrl+Shift+Z" or "⌘+Shift+Z". */
export function displayShortcut(shortcut: string, isMac: boolean): string {
  return shortcut.replace('Mod', isMac ? '⌘' : 'Ctrl').replace('Alt', isMac ? '⌥' : 'Alt');
}
