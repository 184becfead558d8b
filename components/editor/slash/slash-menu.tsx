'use client';

import { useId, useSyncExternalStore } from 'react';
import type { SlashMenuStore } from './slash-extension';

/**
 * The block menu under the caret while "/…" is typed. Focus stays in the
 * text (typing filters the list); arrows, Enter and Escape are handled by the
 * suggestion plugin through the store, and the current choice is announced.
 */
export function SlashMenu({ store }: { store: SlashMenuStore }) {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const id = useId();
  if (!state.open) return null;
  const rect = state.rect;
  const current = state.items[state.selected];
  return (
    <div
      className="tandem-slash"
      style={rect ? { top: rect.bottom + window.scrollY + 4, left: rect.left + window.scrollX } : undefined}
      data-testid="slash-menu"
    >
      {state.items.length === 0 ? (
        <p className="tandem-slash__empty">No matching block</p>
      ) : (
        <div role="listbox" id={id} aria-label="Insert block">
          {state.items.map((item, index) => {
            const Icon = item.icon;
            return (
              <div
                key={item.title}
                id={`${id}-${index}`}
                role="option"
                tabIndex={-1}
                aria-selected={index === state.selected}
                className="tandem-menu-item"
                onMouseDown={(event) => {
                  event.preventDefault(); // keep the caret in the text
                  store.choose(index);
                }}
              >
                <Icon size={16} aria-hidden="true" />
                {item.title}
              </div>
            );
          })}
        </div>
      )}
      <span className="tandem-visually-hidden" aria-live="polite">
        {current ? `${current.title}, ${state.selected + 1} of ${state.items.length}. Enter to insert.` : ''}
      </span>
    </div>
  );
}
