/**
 * /published (admins): the releases of DfE's published statistics loaded, those in force first, with
 * a way to withdraw one (what was in force before returns), and a form to load a release: the file is
 * checked first (a preview: its years, the figures in force it revises, the authorities whose DfE code
 * changed, to confirm, and those it lacks), then loaded, all or nothing. A refused file lists every
 * problem by row and column.
 */
import type { PublishedRelease, PublishedReleasePreview } from '@csc-workforce/schemas';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { apiRequest, uploadFile } from '../api/client';
import { publishedReleasesQuery, queryKeys } from '../api/queries';
import { DataTable } from '../components/DataTable';
import { csvFileError, FileLoadOutcome, fileFailureOf, useFileLoad } from '../components/FileLoad';
import { CheckboxesField, FileField } from '../components/FormFields';
import { RowErrorsTable } from '../components/RowErrorsTable';
import { SummaryList } from '../components/SummaryList';
import { WarningText } from '../components/WarningText';
import { confirmationOf, loadedText, loadPath, previewEffect, yearsText } from '../lib/published';
import { formatDate, formatDateTime, plural } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';

/** A file checked, and what loading it would do. */
interface Check {
  readonly file: File;
  readonly preview: PublishedReleasePreview;
}

export function PublishedPage() {
  const releases = useSuspenseQuery(publishedReleasesQuery()).data;
  const admin = useUser().role === 'admin';
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const { failure, setFailure, refuse, done, setDone, attempts } = useFileLoad();
  const [check, setCheck] = useState<Check | null>(null);
  usePageTitle(check ? 'Check the release' : 'Published statistics', { error: failure !== null });
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.publishedReleases }),
      queryClient.invalidateQueries({ queryKey: queryKeys.comparisons }),
    ]);
  const preview = useMutation({
    mutationFn: (file: File) => uploadFile<PublishedReleasePreview>('/api/published/releases/preview', file),
  });
  const load = useMutation({
    mutationFn: ({ file, confirm }: { file: File; confirm: readonly string[] }) =>
      uploadFile<PublishedRelease>(loadPath(confirm), file),
    onSuccess: invalidate,
  });
  const withdraw = useMutation({
    mutationFn: (id: string) =>
      apiRequest<PublishedRelease>(`/api/published/releases/${encodeURIComponent(id)}/withdraw`, { method: 'POST' }),
    onSuccess: invalidate,
  });

  const onCheck = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (preview.isPending) return;
    const file = input.current?.files?.[0];
    setDone(null);
    const invalid = csvFileError(file);
    if (!file || invalid) {
      refuse({ kind: 'field', message: invalid ?? 'Select a CSV file', href: '#release-file' });
      return;
    }
    setFailure(null);
    preview.mutate(file, {
      onSuccess: (answer) => setCheck({ file, preview: answer }),
      onError: (error) => refuse(fileFailureOf(error, file.name, '#release-file')),
    });
  };

  const onLoad = (confirm: readonly string[]) => {
    if (!check || load.isPending) return;
    const known = new Set(releases.map((r) => r.id));
    load.mutate(
      { file: check.file, confirm },
      {
        onSuccess: (release) => {
          setDone({ key: `loaded-${release.id}`, text: loadedText(release, check.preview, !known.has(release.id)) });
          setFailure(null);
          setCheck(null);
        },
        onError: (error) => {
          setCheck(null);
          refuse(fileFailureOf(error, check.file.name, '#release-file'));
        },
      },
    );
  };

  const onWithdraw = (release: PublishedRelease, onSettled: () => void) => {
    if (withdraw.isPending) return;
    setDone(null);
    withdraw.mutate(release.id, {
      onSuccess: (withdrawn) => {
        setFailure(null);
        setDone({
          key: `withdrawn-${withdrawn.id}`,
          text: `Withdrew ${withdrawn.name}: its figures are no longer used, and what was in force before it has returned. To put it back, load the file again.`,
        });
      },
      onError: (error) => refuse(fileFailureOf(error, '', '#releases-caption')),
      onSettled,
    });
  };

  return (
    <>
      <FileLoadOutcome failure={failure} done={done} attempts={attempts} />
      <h1 className="govuk-heading-l">Published statistics</h1>
      {check ? (
        <CheckRelease
          check={check}
          busy={load.isPending}
          onLoad={onLoad}
          onCancel={() => {
            setCheck(null);
            if (input.current) input.current.value = '';
          }}
        />
      ) : (
        <>
          <p className="govuk-body">
            The Department for Education's children's social work workforce indicators, from its census of 30 September
            each year. Beside each quarter's comparison stands the census at or before the quarter's end, from the
            releases in force: the newest year among them, whatever the order they were loaded in.
          </p>
          <ReleasesTable releases={releases} busy={withdraw.isPending} onWithdraw={onWithdraw} />
          {admin ? (
            <p className="govuk-body">
              DfE's statistical neighbours, the other reference data it publishes, are loaded and chosen under{' '}
              <Link to="/admin/neighbours" className="govuk-link">
                statistical neighbour models
              </Link>
              .
            </p>
          ) : null}
          <h2 className="govuk-heading-m">Load a release</h2>
          <p className="govuk-body">You can check what the file would change before it is loaded.</p>
          <form onSubmit={onCheck} noValidate>
            <FileField
              id="release-file"
              name="file"
              label="DfE's indicators file (CSV, as published, up to 5 MB)"
              size="body"
              accept=".csv,text/csv"
              inputRef={input}
              error={failure?.kind === 'field' && failure.href === '#release-file' ? failure.message : undefined}
            />
            <button
              type="submit"
              className="govuk-button"
              disabled={preview.isPending}
              aria-disabled={preview.isPending}
            >
              {preview.isPending ? 'Checking…' : 'Check the file'}
            </button>
          </form>
          {failure?.kind === 'rows' ? <RowErrorsTable fileName={failure.fileName} errors={failure.errors} /> : null}
        </>
      )}
    </>
  );
}

/** The releases loaded, those in force first, each with its status; one in force can be withdrawn, after a confirmation. */
function ReleasesTable({
  releases,
  busy,
  onWithdraw,
}: {
  readonly releases: readonly PublishedRelease[];
  readonly busy: boolean;
  readonly onWithdraw: (release: PublishedRelease, onSettled: () => void) => void;
}) {
  const [confirming, setConfirming] = useState<PublishedRelease | null>(null);
  const question = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);
  return (
    <>
      <DataTable
        id="releases-caption"
        caption="Releases loaded, those in force first"
        captionClassName="govuk-table__caption--m"
        columns={['Release', 'Years', { label: 'Rows', numeric: true }, 'Loaded', 'Status', 'Action']}
        rows={releases.map((r) => ({
          key: r.id,
          header: <span className="app-break-words">{r.name}</span>,
          cells: [
            `${r.firstYear} to ${r.lastYear}`,
            r.rows.toLocaleString('en-GB'),
            `${formatDateTime(r.loadedAt)}${r.loadedBy ? '' : ' (on first start)'}`,
            r.withdrawnAt ? (
              <strong key="status" className="govuk-tag govuk-tag--grey">
                Withdrawn on {formatDate(r.withdrawnAt)}
              </strong>
            ) : (
              <strong key="status" className="govuk-tag govuk-tag--green">
                In force
              </strong>
            ),
            r.withdrawnAt ? (
              ''
            ) : (
              <button
                key="withdraw"
                type="button"
                className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                disabled={busy}
                onClick={() => setConfirming(r)}
              >
                Withdraw<span className="govuk-visually-hidden"> {r.name}</span>
              </button>
            ),
          ],
        }))}
      />
      {releases.some((r) => r.withdrawnAt) ? (
        <p className="govuk-body">To put a withdrawn release back in force, load its file again.</p>
      ) : null}
      {confirming ? (
        <div>
          <h3 className="govuk-heading-s" ref={question} tabIndex={-1}>
            Withdraw {confirming.name}?
          </h3>
          <WarningText>
            Its figures stop being used at once: every comparison goes back to what was in force before it was loaded.
            To put it back, load the file again.
          </WarningText>
          <div className="govuk-button-group">
            <button
              type="button"
              className="govuk-button govuk-button--warning"
              disabled={busy}
              onClick={() => onWithdraw(confirming, () => setConfirming(null))}
            >
              Yes, withdraw the release
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={busy}
              onClick={() => setConfirming(null)}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}

/** A check of a file before it is loaded, in the GOV.UK "check answers" style. */
function CheckRelease({
  check,
  busy,
  onLoad,
  onCancel,
}: {
  readonly check: Check;
  readonly busy: boolean;
  readonly onLoad: (confirm: readonly string[]) => void;
  readonly onCancel: () => void;
}) {
  const { preview, file } = check;
  const open = preview.codeChanges.filter((c) => !c.confirmed);
  const confirmedBefore = preview.codeChanges.filter((c) => c.confirmed);
  const [confirm, setConfirm] = useState<readonly string[]>(() => open.map(confirmationOf));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const unchanged = preview.loaded !== null && !preview.loaded.withdrawn;
  return (
    <>
      <h2 className="govuk-heading-m" ref={heading} tabIndex={-1}>
        Check the release before you load it
      </h2>
      {preview.loaded ? (
        <div className="govuk-inset-text">
          {preview.loaded.withdrawn
            ? `This file was loaded before as ${preview.loaded.name}, and withdrawn: loading it puts it back in force.`
            : `This file was loaded before as ${preview.loaded.name}: loading it again would change nothing.`}
        </div>
      ) : null}
      <SummaryList
        valueClassName="app-break-words"
        rows={[
          ['Release', preview.name],
          ['File', file.name],
          ['Years', `${preview.firstYear} to ${preview.lastYear} (${plural(preview.rows, 'row')})`],
          ['Newest census', previewEffect(preview)],
          [
            'New years',
            preview.newYears.length > 0 ? yearsText(preview.newYears) : 'None: every year it has is in force already',
          ],
          ['Figures added', preview.addedCells > 0 ? plural(preview.addedCells, 'figure') : 'None'],
          [
            'Figures revised',
            preview.revisedCells > 0
              ? `${plural(preview.revisedCells, 'figure')} in force would change${
                  preview.revisedCells > preview.revised.length ? ` (the first ${preview.revised.length} below)` : ''
                }`
              : 'None',
          ],
          [
            `Authorities missing from ${preview.lastYear}`,
            preview.missing.length > 0
              ? preview.missing.map((a) => `${a.name} (${a.code})`).join(', ')
              : `None: every active authority has a row`,
          ],
        ]}
      />
      {preview.revised.length > 0 ? (
        <DataTable
          id="revised-caption"
          caption="Figures in force it revises"
          columns={[
            'Area',
            'Year',
            'Measure',
            { label: 'In force', numeric: true },
            { label: 'In the file', numeric: true },
          ]}
          rows={preview.revised.map((r) => ({
            key: `${r.year}-${r.areaCode}-${r.measure}`,
            header: `${r.areaName} (${r.areaCode})`,
            cells: [String(r.year), r.measure, r.from, r.to],
          }))}
        />
      ) : null}
      {open.length > 0 ? (
        <CheckboxesField
          id="confirm"
          legend="Authorities whose DfE code changed"
          size="m"
          hint="Each is matched to an authority by DfE's old code, which stays the same across the change. Confirm a match to count DfE's figures under the new code as the authority's own; a match left unticked is loaded under DfE's code, beside no authority."
          values={confirm}
          onChange={setConfirm}
          options={open.map((c) => ({
            value: confirmationOf(c),
            label: `${c.code} ${c.name} in the file is ${c.authority.name} (${c.authority.code}): same DfE old code ${c.oldLaCode}`,
            hint: `DfE's code from ${c.firstYear}`,
          }))}
        />
      ) : null}
      {confirmedBefore.length > 0 ? (
        <p className="govuk-body">
          Confirmed already:{' '}
          {confirmedBefore.map((c) => `${c.code} is ${c.authority.name} (${c.authority.code})`).join('; ')}.
        </p>
      ) : null}
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button"
          disabled={busy}
          aria-disabled={busy}
          onClick={() => onLoad(unchanged ? [] : confirm)}
        >
          {busy ? 'Loading…' : 'Load the release'}
        </button>
        <button type="button" className="govuk-link app-link-button govuk-body" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
