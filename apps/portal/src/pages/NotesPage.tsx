/**
 * Practice notes: search every region's published notes (full-text, ranked, the words found marked),
 * filter by theme, region, linked metric and date, page through the results; an authority's own
 * drafts and archived notes, and a lead's region's archived notes, by status.
 */
import { METRIC_IDS, METRICS } from '@csc-workforce/metrics-core';
import { type NoteStatus, PRACTICE_THEMES, REGIONS } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId } from 'react';
import { type NotesFilter, notesListQuery } from '../api/queries';
import { SearchField, SelectField, TextField } from '../components/FormFields';
import { NoteList } from '../components/NoteList';
import { Pagination } from '../components/Pagination';
import { SEARCH } from '../lib/search-schemas';
import { plural } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { isAuthorityUser, useUser } from '../session';

const route = getRouteApi('/signed-in/notes');

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

/** A filter of the form: a select read when the form is sent. */
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
  const id = useId();
  return (
    <SelectField
      id={id}
      name={name}
      label={label}
      size="body"
      width="app-full-width"
      defaultValue={value ?? ''}
      options={options}
    />
  );
}

function DateInput({ name, label, value }: { readonly name: string; readonly label: string; readonly value?: string }) {
  const id = useId();
  return (
    <TextField
      id={id}
      name={name}
      label={label}
      size="body"
      type="date"
      width="govuk-input--width-10"
      defaultValue={value ?? ''}
    />
  );
}

/** The search as the form holds it. */
function filterOf(form: HTMLFormElement): NotesFilter {
  const data = new FormData(form);
  const raw: Record<string, unknown> = {};
  for (const [key, value] of data.entries()) raw[key] = typeof value === 'string' ? value : '';
  return SEARCH.notes.parse(raw);
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
            <SearchField
              id={searchId}
              name="q"
              label="Search practice notes"
              size="m"
              hint={
                'Words in the title, summary or note. Put a phrase in "quotes"; put - before a word to leave it out.'
              }
              defaultValue={filter.q ?? ''}
              button="Search"
            />
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
            <Pagination page={result.page} pageSize={result.pageSize} total={result.total} label="Results pages" />
          </div>
        </form>
      </search>
    </>
  );
}
