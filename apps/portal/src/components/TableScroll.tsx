import type { ReactNode } from 'react';

/**
 * Lets a wide table scroll sideways inside the page on narrow screens (320 px) instead of breaking
 * the layout; focusable, so keyboard users can scroll it, and named by the table's caption.
 */
export function TableScroll({ labelId, children }: { readonly labelId: string; readonly children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll it with the keyboard (WCAG 2.1.1).
    <section className="app-table-scroll" tabIndex={0} aria-labelledby={labelId}>
      {children}
    </section>
  );
}
