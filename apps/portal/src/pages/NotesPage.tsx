/**
 * Practice notes: search every region's published notes (full-text, ranked, the words found marked),
 * filter by theme, region, linked metric and date, page through the results; an authority's own
 * drafts and archived notes, and a lead's region's archived notes, by status.
 */
import { METRIC_IDS, METRICS } from '@csc-workforce/metrics-core';
import { type NoteStatus, PRACTICE_THEMES, REGIONS } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useId } from 'react';
import { notesListQuery } from '../api/queries';
import type { NotesFilter } from '../api/types';
import { NoteList } from '../components/NoteList';
import { notesSearch } from '../lib/notes';
import { plural } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { isAuthorityUser, useUser } from '../session';

const route = getRouteApi('/signed-in/notes');

const PAGE_SIZE = 10;

function statusOptions(role: string, authority: boolean): { value: NoteStatus; label: string }[] {
  const options: { value: NoteStatus; label: string }[] = [{ value: 'published', label: 'Published notes' }];
  if (authority) {
    options.push({ value: 'draft', label: 'Your authority’s drafts' });
    options.push({ value: 'archived', label: 'Your authority’s archived notes' });
  } else if (role === 'regional_lead') {
    options.push({ value: 'archived', label: 'Archived notes of your region' });
  }
  return options;
}

/** A filter's label and control. */
function Labelled({ label, children }: { readonly label: string; readonly children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="govuk-form-group">
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}

function Select({
  name,
  label,
  value,
  options,
}: {
  readonly name: string;
  readonly label: string;
  readonly value: string | undefined;
  readonly options: readonly { readonly value: string; readonly label: string }[];
}) {
  return (
    <Labelled label={label}>
      {(id) => (
        <select className="govuk-select app-full-width" id={id} name={name} defaultValue={value ?? ''}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}

function DateInput({ name, label, value }: { readonly name: string; readonly label: string; readonly value?: string }) {
  return (
    <Labelled label={label}>
      {(id) => (
        <input
          className="govuk-input govuk-input--width-10"
          id={id}
          name={name}
          type="date"
          defaultValue={value ?? ''}
        />
      )}
    </Labelled>
  );
}

/** The search as the form holds it. */
function filterOf(form: HTMLFormElement): NotesFilter {
  const data = new FormData(form);
  const raw: Record<string, unknown> = {};
  for (const [key, value] of data.entries()) raw[key] = typeof value === 'string' ? value : '';
  return notesSearch(raw);
}

function Pagination({ filter, total }: { readonly filter: NotesFilter; readonly total: number }) {
  const pages = Math.ceil(total / PAGE_SIZE);
  const current = filter.page ?? 1;
  if (pages <= 1) return null;
  const to = (page: number) => ({ ...filter, ...(page > 1 ? { page } : { page: undefined }) });
  return (
    <nav className="govuk-pagination" aria-label="Results pages">
      {current > 1 ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to="/notes" search={to(current - 1)} rel="prev">
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {Array.from({ length: pages }, (_, i) => i + 1).map((page) => (
          <li
            key={page}
            className={`govuk-pagination__item${page === current ? ' govuk-pagination__item--current' : ''}`}
          >
            <Link
              className="govuk-link govuk-pagination__link"
              to="/notes"
              search={to(page)}
              aria-label={`Page ${page}`}
              aria-current={page === current ? 'page' : undefined}
            >
              {page}
            </Link>
          </li>
        ))}
      </ul>
      {current < pages ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to="/notes" search={to(current + 1)} rel="next">
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      ) : null}
    </nav>
  );
}

export function NotesPage() {
  const user = useUser();
  const filter = route.useSearch();
  const navigate = useNavigate();
  const result = useSuspenseQuery(notesListQuery(filter)).data;
  const searchId = useId();
  usePageTitle(filter.q ? `Practice notes: ${filter.q}` : 'Practice notes');
  const status = filter.status ?? 'published';
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void navigate({ to: '/notes', search: filterOf(event.currentTarget) });
  };
  const options = statusOptions(user.role, isAuthorityUser(user));
  return (
    <>
      <h1 className="govuk-heading-l">Practice notes</h1>
      <p className="govuk-body">
        What authorities tried to recruit and keep social workers, in their own words, with the figures that show
        whether it worked. Every region's published notes are here.
      </p>
      {user.role === 'authority_submitter' ? (
        <Link to="/notes/new" className="govuk-button govuk-button--secondary">
          Write a practice note
        </Link>
      ) : null}
      <search aria-label="Practice notes">
        <form className="govuk-grid-row" onSubmit={submit}>
          <div className="govuk-grid-column-one-third">
            <h2 className="govuk-heading-m">Filter</h2>
            {options.length > 1 ? <Select name="status" label="Show" value={status} options={options} /> : null}
            <Select
              name="theme"
              label="Theme"
              value={filter.theme}
              options={[
                { value: '', label: 'All themes' },
                ...PRACTICE_THEMES.map((t) => ({ value: t.id, label: t.label })),
              ]}
            />
            <Select
              name="region"
              label="Region"
              value={filter.region}
              options={[{ value: '', label: 'All regions' }, ...REGIONS.map((r) => ({ value: r.code, label: r.name }))]}
            />
            <Select
              name="metric"
              label="Linked metric"
              value={filter.metric}
              options={[
                { value: '', label: 'Any or none' },
                ...METRIC_IDS.map((m) => ({ value: m, label: METRICS[m].label })),
              ]}
            />
            <DateInput name="from" label="Dated on or after" value={filter.from} />
            <DateInput name="to" label="Dated on or before" value={filter.to} />
            <button type="submit" className="govuk-button govuk-button--secondary">
              Apply filters
            </button>
          </div>
          <div className="govuk-grid-column-two-thirds">
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--m" htmlFor={searchId}>
                Search practice notes
              </label>
              <div className="govuk-hint" id={`${searchId}-hint`}>
                Words in the title, summary or note. Put a phrase in "quotes"; put - before a word to leave it out.
              </div>
              <div className="app-search">
                <input
                  className="govuk-input app-search__input"
                  id={searchId}
                  name="q"
                  type="search"
                  defaultValue={filter.q ?? ''}
                  aria-describedby={`${searchId}-hint`}
                />
                <button type="submit" className="govuk-button app-search__button">
                  Search
                </button>
              </div>
            </div>
            <h2 className="govuk-heading-m" aria-live="polite">
              {plural(result.total, 'note')} found
              {filter.q ? <span className="govuk-caption-m">Most relevant first</span> : null}
            </h2>
            {result.items.length > 0 ? (
              <NoteList notes={result.items} showStatus={status !== 'published'} />
            ) : (
              <p className="govuk-body">
                No notes match. Try other words, or{' '}
                <Link to="/notes" className="govuk-link">
                  clear the search and filters
                </Link>
                .
              </p>
            )}
            <Pagination filter={filter} total={result.total} />
          </div>
        </form>
      </search>
    </>
  );
}
