import type { ReactNode } from 'react';
import type { ToolbarLabel } from './toolbar-actions';

/** Drawn icons where no common font has a reliable glyph (emoji fonts are often absent on Linux). */
export const TOOLBAR_ICONS: Partial<Record<ToolbarLabel, ReactNode>> = {
  Link: (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" />
      <path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
    </svg>
  ),
};
