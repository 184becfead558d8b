'use client';

import { type KeyboardEvent, useCallback, useEffect, useRef } from 'react';

const ITEMS = 'button:not(:disabled), a[href], [role="menuitem"]';
/** Everything that could take focus, disabled or not: only the current item may be a tab stop. */
const ALL = 'button, a[href], [role="menuitem"], input';

/**
 * The WAI-ARIA toolbar pattern: the toolbar is one Tab stop (the item last
 * used, tabindex 0; every other item -1), and arrow keys, Home and End move
 * between items. Items that appear or disappear later are picked up on the
 * next key press or focus.
 */
export function useRovingToolbar(orientation: 'horizontal' | 'vertical' = 'horizontal') {
  const ref = useRef<HTMLDivElement>(null);

  const items = useCallback(() => Array.from(ref.current?.querySelectorAll<HTMLElement>(ITEMS) ?? []), []);

  const setCurrent = useCallback(
    (current: HTMLElement | undefined) => {
      const enabled = items();
      const target = current && enabled.includes(current) ? current : enabled[0];
      for (const item of ref.current?.querySelectorAll<HTMLElement>(ALL) ?? [])
        item.tabIndex = item === target ? 0 : -1;
    },
    [items],
  );

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setCurrent(undefined);
    // Buttons are enabled and disabled as the selection moves: keep exactly one tab stop.
    const observer = new MutationObserver(() => {
      const current = items().find((item) => item.tabIndex === 0);
      setCurrent(current);
    });
    observer.observe(element, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
    const onFocusIn = (event: FocusEvent) => setCurrent(event.target as HTMLElement);
    element.addEventListener('focusin', onFocusIn);
    return () => {
      observer.disconnect();
      element.removeEventListener('focusin', onFocusIn);
    };
  }, [items, setCurrent]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const [previous, next] = orientation === 'horizontal' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
      if (![previous, next, 'Home', 'End'].includes(event.key)) return;
      const all = items();
      const index = all.indexOf(document.activeElement as HTMLElement);
      const last = all.length - 1;
      let target = index;
      if (event.key === 'Home') target = 0;
      else if (event.key === 'End') target = last;
      else if (event.key === previous) target = index <= 0 ? last : index - 1;
      else target = index >= last ? 0 : index + 1;
      const item = all[target];
      if (!item) return;
      event.preventDefault();
      setCurrent(item);
      item.focus();
    },
    [items, orientation, setCurrent],
  );

  return { ref, onKeyDown };
}
