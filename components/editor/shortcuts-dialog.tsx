'use client';

import { type Ref, useEffect, useId, useState } from 'react';
import { displayShortcut, MARKDOWN_RULES, TOOLBAR_ACTIONS } from './toolbar-actions';

const OTHER_SHORTCUTS: Array<{ label: string; shortcut: string }> = [
  { label: 'Keyboard shortcuts (this list)', shortcut: 'Mod+/' },
  { label: 'Move from the title into the text', shortcut: 'Enter' },
  { label: 'Find and replace, with the replace field', shortcut: 'Mod+H' },
  { label: 'Next match / previous match (in the find bar)', shortcut: 'Enter / Shift+Enter' },
  { label: 'Into the bubble menu at the selection or link', shortcut: 'Alt+F10' },
  { label: 'Block menu (headings, lists, table, image…)', shortcut: '/ at the start of a line' },
  { label: 'Paste or drop an image', shortcut: 'Mod+V' },
];

/**
 * The keyboard shortcut help. A native <dialog> opened with showModal() traps
 * focus, closes on Escape and returns focus to where it was; `aria-modal`
 * is stated explicitly for assistive tech that predates the element.
 */
export function ShortcutsDialog({ ref }: { ref: Ref<HTMLDialogElement> }) {
  const titleId = useId();
  // The modifier key's name depends on the platform, known only in the browser.
  const [isMac, setIsMac] = useState(false);
  useEffect(() => setIsMac(/Mac|iPhone|iPad/.test(navigator.platform)), []);
  const rows = [
    ...TOOLBAR_ACTIONS.filter((action) => action.shortcut).map((action) => ({
      label: action.label,
      shortcut: action.shortcut!,
    })),
    ...OTHER_SHORTCUTS,
  ];

  return (
    <dialog ref={ref} className="tandem-dialog" aria-labelledby={titleId} aria-modal="true">
      <div className="tandem-dialog__header">
        <h2 id={titleId}>Keyboard shortcuts</h2>
        <form method="dialog">
          <button type="submit" className="tandem-button" aria-label="Close keyboard shortcuts">
            Close
          </button>
        </form>
      </div>
      <div className="tandem-dialog__body">
        <table className="tandem-shortcuts">
          <caption className="tandem-visually-hidden">Keyboard shortcuts</caption>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td>
                  <kbd>{displayShortcut(row.shortcut, isMac)}</kbd>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Markdown while you type</h3>
        <table className="tandem-shortcuts">
          <caption className="tandem-visually-hidden">Markdown shortcuts</caption>
          <tbody>
            {MARKDOWN_RULES.map((rule) => (
              <tr key={rule.type}>
                <th scope="row">{rule.result}</th>
                <td>
                  <kbd>{rule.type}</kbd>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </dialog>
  );
}
