import type { ChainedCommands } from '@tiptap/core';
import {
  Heading1,
  Heading2,
  Heading3,
  ImagePlus,
  List,
  ListChecks,
  ListOrdered,
  type LucideIcon,
  Minus,
  Quote,
  SquareCode,
  Table,
} from 'lucide-react';

export interface SlashItem {
  title: string;
  /** Extra words it is found by ("h1", "divider"…). */
  keywords: string[];
  icon: LucideIcon;
  /** Runs on a chain that has already removed the typed "/query". Absent for Image (the page picks a file). */
  run?: (chain: ChainedCommands) => ChainedCommands;
}

/** What "/" at the start of a block offers, in this order. */
export const SLASH_ITEMS: SlashItem[] = [
  { title: 'Heading 1', keywords: ['h1', 'title'], icon: Heading1, run: (c) => c.setNode('heading', { level: 1 }) },
  { title: 'Heading 2', keywords: ['h2', 'subtitle'], icon: Heading2, run: (c) => c.setNode('heading', { level: 2 }) },
  { title: 'Heading 3', keywords: ['h3'], icon: Heading3, run: (c) => c.setNode('heading', { level: 3 }) },
  { title: 'Bullet list', keywords: ['ul', 'unordered'], icon: List, run: (c) => c.toggleBulletList() },
  { title: 'Numbered list', keywords: ['ol', 'ordered'], icon: ListOrdered, run: (c) => c.toggleOrderedList() },
  { title: 'Task list', keywords: ['todo', 'checkbox'], icon: ListChecks, run: (c) => c.toggleTaskList() },
  { title: 'Quote', keywords: ['blockquote'], icon: Quote, run: (c) => c.toggleBlockquote() },
  { title: 'Code block', keywords: ['pre', 'snippet'], icon: SquareCode, run: (c) => c.toggleCodeBlock() },
  {
    title: 'Table',
    keywords: ['grid'],
    icon: Table,
    run: (c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
  },
  { title: 'Divider', keywords: ['hr', 'horizontal rule', 'line'], icon: Minus, run: (c) => c.setHorizontalRule() },
  { title: 'Image', keywords: ['picture', 'photo', 'upload'], icon: ImagePlus },
];

export function filterSlashItems(query: string): SlashItem[] {
  const q = query.trim().toLowerCase();
  if (q === '') return SLASH_ITEMS;
  return SLASH_ITEMS.filter(
    (item) => item.title.toLowerCase().includes(q) || item.keywords.some((keyword) => keyword.includes(q)),
  );
}
