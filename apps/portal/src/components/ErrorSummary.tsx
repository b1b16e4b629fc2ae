import { type MouseEvent, type ReactNode, useEffect, useRef } from 'react';
import { withKeys } from '../lib/keys';

export interface ErrorSummaryItem {
  readonly text: string;
  /** `#id` of the field (or element) the error is about. */
  readonly href?: string;
}

interface ErrorSummaryProps {
  readonly title?: string;
  readonly description?: ReactNode;
  readonly items?: readonly ErrorSummaryItem[];
  /** Moves focus to the summary whenever this changes (each failed attempt), as GOV.UK asks. */
  readonly focusKey?: number | string;
  readonly children?: ReactNode;
}

/** Focuses the field a summary link points at, with its label or legend scrolled into view. */
export function focusTarget(event: MouseEvent<HTMLAnchorElement>, href: string): void {
  if (!href.startsWith('#')) return;
  const target = document.getElementById(href.slice(1));
  if (!target) return;
  event.preventDefault();
  const label =
    target.closest('fieldset')?.querySelector('legend') && target.matches('input[type=radio], input[type=checkbox]')
      ? target.closest('fieldset')?.querySelector('legend')
      : document.querySelector(`label[for="${CSS.escape(target.id)}"]`);
  (label ?? target).scrollIntoView();
  if (target.tabIndex < 0 && !target.matches('input, select, textarea, button, a[href]')) {
    target.setAttribute('tabindex', '-1');
  }
  target.focus({ preventScroll: true });
}

/** GOV.UK error summary: at the top of the page, focused on a failed attempt, each error linking to its field. */
export function ErrorSummary({
  title = 'There is a problem',
  description,
  items = [],
  focusKey,
  children,
}: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again on each new attempt (focusKey), not on every render.
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          {description ? <div className="govuk-body">{description}</div> : null}
          {items.length > 0 ? (
            <ul className="govuk-list govuk-error-summary__list">
              {withKeys(items, (item) => `${item.href ?? ''} ${item.text}`).map(([key, item]) => (
                <li key={key}>
                  {item.href ? (
                    <a href={item.href} onClick={(event) => focusTarget(event, item.href ?? '')}>
                      {item.text}
                    </a>
                  ) : (
                    item.text
                  )}
                </li>
              ))}
            </ul>
          ) : null}
          {children}
        </div>
      </div>
    </div>
  );
}
