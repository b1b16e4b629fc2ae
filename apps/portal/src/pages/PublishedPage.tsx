/**
 * /published (admins): the releases of DfE's published statistics loaded, newest first (the newest
 * is the national yardstick of every comparison), and a form to load a newer release. The file is
 * checked strictly and loaded all or nothing; a refused file lists every problem by row and column.
 */
import type { ProblemError } from '@csc-workforce/schemas';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { isProblem, uploadFile } from '../api/client';
import { publishedReleasesQuery, queryKeys } from '../api/queries';
import type { PublishedRelease } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ErrorSummary, type ErrorSummaryItem } from '../components/ErrorSummary';
import { FileField } from '../components/FormFields';
import { NotificationBanner } from '../components/NotificationBanner';
import { RowErrorsTable, where } from '../components/RowErrorsTable';
import { formatDateTime, plural } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';

type Failure =
  | { readonly kind: 'field'; readonly message: string }
  | { readonly kind: 'rows'; readonly fileName: string; readonly errors: readonly ProblemError[] };

function failureOf(error: unknown, fileName: string): Failure {
  if (isProblem(error) && error.errors.length > 0) return { kind: 'rows', fileName, errors: error.errors };
  if (isProblem(error)) return { kind: 'field', message: error.detail ?? error.title };
  return { kind: 'field', message: 'The file could not be uploaded. Try again.' };
}

export function PublishedPage() {
  const releases = useSuspenseQuery(publishedReleasesQuery()).data;
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [loaded, setLoaded] = useState<{ release: PublishedRelease; created: boolean } | null>(null);
  const [attempts, setAttempts] = useState(0);
  usePageTitle('Published statistics', { error: failure !== null });
  const upload = useMutation({
    mutationFn: (file: File) => uploadFile<PublishedRelease>('/api/published/releases', file),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.publishedReleases }),
        queryClient.invalidateQueries({ queryKey: queryKeys.comparisons }),
      ]),
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (upload.isPending) return;
    const file = input.current?.files?.[0];
    setLoaded(null);
    if (!file || !/\.csv$/i.test(file.name) || file.size === 0) {
      setFailure({
        kind: 'field',
        message: file ? 'The selected file must be a CSV file with data in it' : 'Select a CSV file',
      });
      setAttempts((n) => n + 1);
      return;
    }
    setFailure(null);
    const known = new Set(releases.map((r) => r.id));
    upload.mutate(file, {
      onSuccess: (release) => {
        setLoaded({ release, created: !known.has(release.id) });
        if (input.current) input.current.value = '';
      },
      onError: (error) => {
        setFailure(failureOf(error, file.name));
        setAttempts((n) => n + 1);
      },
    });
  };

  const items: ErrorSummaryItem[] =
    failure?.kind === 'field'
      ? [{ text: failure.message, href: '#release-file' }]
      : failure?.kind === 'rows'
        ? [
            ...failure.errors.slice(0, 10).map((e) => ({ text: `${where(e)}: ${e.message}`, href: '#import-errors' })),
            ...(failure.errors.length > 10
              ? [{ text: `and ${plural(failure.errors.length - 10, 'more problem')}`, href: '#import-errors' }]
              : []),
          ]
        : [];
  return (
    <>
      {failure ? (
        <ErrorSummary
          items={items}
          focusKey={attempts}
          description={
            failure.kind === 'rows'
              ? `The file has ${plural(failure.errors.length, 'problem')}. Nothing from it has been loaded.`
              : undefined
          }
        />
      ) : null}
      {loaded ? (
        <NotificationBanner type="success" heading="Done" focusKey={loaded.release.id}>
          {loaded.created
            ? `Loaded ${loaded.release.name} (${loaded.release.firstYear} to ${loaded.release.lastYear}). Comparisons now use its ${loaded.release.lastYear} figures.`
            : `${loaded.release.name} was loaded before: nothing changed.`}
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">Published statistics</h1>
      <p className="govuk-body">
        The Department for Education's children's social work workforce indicators. The newest release is the national
        and regional yardstick shown beside every comparison.
      </p>
      <DataTable
        id="releases-caption"
        caption="Releases loaded, newest first"
        captionClassName="govuk-table__caption--m"
        columns={['Release', 'Years', { label: 'Rows', numeric: true }, 'Loaded']}
        rows={releases.map((r) => ({
          key: r.id,
          header: <span className="app-break-words">{r.name}</span>,
          cells: [
            `${r.firstYear} to ${r.lastYear}`,
            r.rows.toLocaleString('en-GB'),
            `${formatDateTime(r.loadedAt)}${r.loadedBy ? '' : ' (on first start)'}`,
          ],
        }))}
      />
      <h2 className="govuk-heading-m">Load a newer release</h2>
      <form onSubmit={onSubmit} noValidate>
        <FileField
          id="release-file"
          name="file"
          label="DfE's indicators file (CSV, as published, up to 5 MB)"
          size="body"
          accept=".csv,text/csv"
          inputRef={input}
          error={failure?.kind === 'field' ? failure.message : undefined}
        />
        <button type="submit" className="govuk-button" disabled={upload.isPending} aria-disabled={upload.isPending}>
          {upload.isPending ? 'Loading…' : 'Load the release'}
        </button>
      </form>
      {failure?.kind === 'rows' ? <RowErrorsTable fileName={failure.fileName} errors={failure.errors} /> : null}
    </>
  );
}
