/**
 * GOV.UK pagination for long lists (the administration's, the practice notes' results): previous and
 * next, the first and last page, and the pages around the current one. Each link keeps the page's
 * other search parameters.
 */
import { Link } from '@tanstack/react-router';

interface PaginationProps {
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  /** The navigation's name, for screen readers. */
  readonly label?: string;
}

/** The page numbers to show, with null for a gap: 1 … 4 5 6 … 10. */
export function pageNumbers(page: number, pages: number): (number | null)[] {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of shown) {
    const last = out.at(-1);
    if (typeof last === 'number' && n - last > 1) out.push(null);
    out.push(n);
  }
  return out;
}

function Arrow({ direction }: { readonly direction: 'prev' | 'next' }) {
  return (
    <svg
      className={`govuk-pagination__icon govuk-pagination__icon--${direction}`}
      xmlns="http://www.w3.org/2000/svg"
      height="13"
      width="15"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 15 13"
    >
      <path
        d={
          direction === 'prev'
            ? 'm6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z'
            : 'm8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z'
        }
      />
    </svg>
  );
}

export function Pagination({ page, pageSize, total, label = 'Pages' }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && page <= 1) return null;
  const to = (n: number) => ({
    to: '.' as const,
    search: (previous: Record<string, unknown>) => ({ ...previous, page: n === 1 ? undefined : n }),
  });
  return (
    <nav className="govuk-pagination" aria-label={label}>
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <Link {...to(Math.min(page - 1, pages))} className="govuk-link govuk-pagination__link" rel="prev">
            <Arrow direction="prev" />
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {pageNumbers(page, pages).map((n, i) =>
          n === null ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: a gap has no identity but its place
            <li key={`gap-${i}`} className="govuk-pagination__item govuk-pagination__item--ellipses">
              &ctdot;
            </li>
          ) : (
            <li key={n} className={`govuk-pagination__item${n === page ? ' govuk-pagination__item--current' : ''}`}>
              <Link
                {...to(n)}
                className="govuk-link govuk-pagination__link"
                aria-label={`Page ${n}`}
                aria-current={n === page ? 'page' : undefined}
              >
                {n}
              </Link>
            </li>
          ),
        )}
      </ul>
      {page < pages ? (
        <div className="govuk-pagination__next">
          <Link {...to(page + 1)} className="govuk-link govuk-pagination__link" rel="next">
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
            <Arrow direction="next" />
          </Link>
        </div>
      ) : null}
    </nav>
  );
}

/** "Showing 26 to 50 of 73 users". */
export function showing(page: number, pageSize: number, total: number, noun: string): string {
  if (total === 0) return `No ${noun}`;
  const first = (page - 1) * pageSize + 1;
  if (first > total) return `No ${noun} on this page (${total.toLocaleString('en-GB')} in all)`;
  const last = Math.min(total, page * pageSize);
  return `Showing ${first.toLocaleString('en-GB')} to ${last.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} ${noun}`;
}
