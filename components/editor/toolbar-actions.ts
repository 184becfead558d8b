import type { Editor } from '@tiptap/react';
import {
  AlignCenter,
  AlignJustify,
  AlignLeft,
  AlignRight,
  Bold,
  Code,
  Heading1,
  Heading2,
  Heading3,
  Highlighter,
  ImagePlus,
  Italic,
  Link,
  List,
  ListChecks,
  ListOrdered,
  type LucideIcon,
  Minus,
  Palette,
  Quote,
  Redo2,
  Search,
  SquareCode,
  Strikethrough,
  Subscript,
  Superscript,
  Table,
  Underline,
  Undo2,
} from 'lucide-react';

/** The toolbar's accessible names; the e2e suite and screen readers rely on them. */
export type ToolbarLabel =
  | 'Bold'
  | 'Italic'
  | 'Underline'
  | 'Strike'
  | 'Code'
  | 'Subscript'
  | 'Superscript'
  | 'Heading 1'
  | 'Heading 2'
  | 'Heading 3'
  | 'Bullet list'
  | 'Numbered list'
  | 'Task list'
  | 'Quote'
  | 'Code block'
  | 'Link'
  | 'Text colour'
  | 'Highlight'
  | 'Align left'
  | 'Align centre'
  | 'Align right'
  | 'Justify'
  | 'Horizontal rule'
  | 'Insert table'
  | 'Insert image'
  | 'Find and replace'
  | 'Undo'
  | 'Redo';

/** Actions that open something of the page's rather than running an editor command. */
export type ToolbarPanel = 'link' | 'text-colour' | 'highlight' | 'image' | 'find';

export interface ToolbarAction {
  label: ToolbarLabel;
  icon: LucideIcon;
  /** Key combination as shown in the help dialog ("Mod" = Ctrl, or ⌘ on a Mac). */
  shortcut?: string;
  /** Toggles have `aria-pressed`; one-shot commands (undo, insert table) don't. */
  isActive?: (editor: Editor) => boolean;
  canRun: (editor: Editor) => boolean;
  /** Either a command, or a panel the page opens (link popover, colour menu, file picker, find bar). */
  run?: (editor: Editor) => void;
  panel?: ToolbarPanel;
}

const align = (
  label: ToolbarLabel,
  icon: LucideIcon,
  value: 'left' | 'center' | 'right' | 'justify',
  shortcut: string,
): ToolbarAction => ({
  label,
  icon,
  shortcut,
  isActive: (e) => e.isActive({ textAlign: value }),
  canRun: (e) => e.can().setTextAlign(value),
  run: (e) => e.chain().focus().setTextAlign(value).run(),
});

/** Actions grouped as they appear, separated visually between groups. */
export const TOOLBAR_GROUPS: ToolbarAction[][] = [
  [
    {
      label: 'Undo',
      icon: Undo2,
      shortcut: 'Mod+Z',
      canRun: (e) => e.can().undo(),
      run: (e) => e.chain().focus().undo().run(),
    },
    {
      label: 'Redo',
      icon: Redo2,
      shortcut: 'Mod+Shift+Z',
      canRun: (e) => e.can().redo(),
      run: (e) => e.chain().focus().redo().run(),
    },
  ],
  [1, 2, 3].map((level) => ({
    label: `Heading ${level}` as ToolbarLabel,
    icon: [Heading1, Heading2, Heading3][level - 1]!,
    shortcut: `Mod+Alt+${level}`,
    isActive: (e: Editor) => e.isActive('heading', { level }),
    canRun: (e: Editor) => e.can().toggleHeading({ level: level as 1 | 2 | 3 }),
    run: (e: Editor) =>
      e
        .chain()
        .focus()
        .toggleHeading({ level: level as 1 | 2 | 3 })
        .run(),
  })),
  [
    {
      label: 'Bold',
      icon: Bold,
      shortcut: 'Mod+B',
      isActive: (e) => e.isActive('bold'),
      canRun: (e) => e.can().toggleBold(),
      run: (e) => e.chain().focus().toggleBold().run(),
    },
    {
      label: 'Italic',
      icon: Italic,
      shortcut: 'Mod+I',
      isActive: (e) => e.isActive('italic'),
      canRun: (e) => e.can().toggleItalic(),
      run: (e) => e.chain().focus().toggleItalic().run(),
    },
    {
      label: 'Underline',
      icon: Underline,
      shortcut: 'Mod+U',
      isActive: (e) => e.isActive('underline'),
      canRun: (e) => e.can().toggleUnderline(),
      run: (e) => e.chain().focus().toggleUnderline().run(),
    },
    {
      label: 'Strike',
      icon: Strikethrough,
      shortcut: 'Mod+Shift+S',
      isActive: (e) => e.isActive('strike'),
      canRun: (e) => e.can().toggleStrike(),
      run: (e) => e.chain().focus().toggleStrike().run(),
    },
    {
      label: 'Code',
      icon: Code,
      shortcut: 'Mod+E',
      isActive: (e) => e.isActive('code'),
      canRun: (e) => e.can().toggleCode(),
      run: (e) => e.chain().focus().toggleCode().run(),
    },
    {
      label: 'Subscript',
      icon: Subscript,
      shortcut: 'Mod+,',
      isActive: (e) => e.isActive('subscript'),
      canRun: (e) => e.can().toggleSubscript(),
      run: (e) => e.chain().focus().toggleSubscript().run(),
    },
    {
      label: 'Superscript',
      icon: Superscript,
      shortcut: 'Mod+.',
      isActive: (e) => e.isActive('superscript'),
      canRun: (e) => e.can().toggleSuperscript(),
      run: (e) => e.chain().focus().toggleSuperscript().run(),
    },
    {
      label: 'Link',
      icon: Link,
      shortcut: 'Mod+K',
      isActive: (e) => e.isActive('link'),
      canRun: (e) => e.isEditable && e.can().setLink({ href: 'https://x' }),
      panel: 'link',
    },
  ],
  [
    {
      label: 'Text colour',
      icon: Palette,
      canRun: (e) => e.can().setColor('#000000'),
      isActive: (e) => Boolean(e.getAttributes('textStyle').color),
      panel: 'text-colour',
    },
    {
      label: 'Highlight',
      icon: Highlighter,
      shortcut: 'Mod+Shift+H',
      isActive: (e) => e.isActive('highlight'),
      canRun: (e) => e.can().toggleHighlight(),
      panel: 'highlight',
    },
  ],
  [
    align('Align left', AlignLeft, 'left', 'Mod+Shift+L'),
    align('Align centre', AlignCenter, 'center', 'Mod+Shift+E'),
    align('Align right', AlignRight, 'right', 'Mod+Shift+R'),
    align('Justify', AlignJustify, 'justify', 'Mod+Shift+J'),
  ],
  [
    {
      label: 'Bullet list',
      icon: List,
      shortcut: 'Mod+Shift+8',
      isActive: (e) => e.isActive('bulletList'),
      canRun: (e) => e.can().toggleBulletList(),
      run: (e) => e.chain().focus().toggleBulletList().run(),
    },
    {
      label: 'Numbered list',
      icon: ListOrdered,
      shortcut: 'Mod+Shift+7',
      isActive: (e) => e.isActive('orderedList'),
      canRun: (e) => e.can().toggleOrderedList(),
      run: (e) => e.chain().focus().toggleOrderedList().run(),
    },
    {
      label: 'Task list',
      icon: ListChecks,
      shortcut: 'Mod+Shift+9',
      isActive: (e) => e.isActive('taskList'),
      canRun: (e) => e.can().toggleTaskList(),
      run: (e) => e.chain().focus().toggleTaskList().run(),
    },
    {
      label: 'Quote',
      icon: Quote,
      shortcut: 'Mod+Shift+B',
      isActive: (e) => e.isActive('blockquote'),
      canRun: (e) => e.can().toggleBlockquote(),
      run: (e) => e.chain().focus().toggleBlockquote().run(),
    },
    {
      label: 'Code block',
      icon: SquareCode,
      shortcut: 'Mod+Alt+C',
      isActive: (e) => e.isActive('codeBlock'),
      canRun: (e) => e.can().toggleCodeBlock(),
      run: (e) => e.chain().focus().toggleCodeBlock().run(),
    },
  ],
  [
    {
      label: 'Horizontal rule',
      icon: Minus,
      canRun: (e) => e.can().setHorizontalRule(),
      run: (e) => e.chain().focus().setHorizontalRule().run(),
    },
    {
      label: 'Insert table',
      icon: Table,
      canRun: (e) => e.can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
      run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
    },
    {
      label: 'Insert image',
      icon: ImagePlus,
      canRun: (e) => e.isEditable && e.can().setImage({ src: '/api/files/xxxxxxxxxxxxxxxxxxxxxx' }),
      panel: 'image',
    },
    {
      label: 'Find and replace',
      icon: Search,
      shortcut: 'Mod+F',
      canRun: () => true,
      panel: 'find',
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
  { type: '==text==', result: 'Highlight' },
  { type: '- or * ', result: 'Bullet list' },
  { type: '1. ', result: 'Numbered list' },
  { type: '[ ] ', result: 'Task list' },
  { type: '> ', result: 'Quote' },
  { type: '```', result: 'Code block (```js for a language)' },
  { type: '---', result: 'Horizontal rule' },
  { type: ':smile:', result: 'Emoji by shortcode' },
  { type: '/', result: 'Block menu at the start of a line' },
];

/** "Mod+Shift+Z" → "Ctrl+Shift+Z" or "⌘+Shift+Z". */
export function displayShortcut(shortcut: string, isMac: boolean): string {
  return shortcut.replace('Mod', isMac ? '⌘' : 'Ctrl').replace('Alt', isMac ? '⌥' : 'Alt');
}
