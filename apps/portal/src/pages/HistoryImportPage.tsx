/**
 * /history-import (regional leads, admins): a region's history in one file, in three steps as GOV.UK
 * asks for a consequential upload: upload the file (with the template and an example to download),
 * check what it would do (nothing is saved yet: the API's dry run), then confirm, and see what was
 * imported and which comparisons were released. A refused file lists every problem by row and column.
 */
import type { HistoryImportSummary, ProblemError } from '@csc-workforce/schemas';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { isProblem, PROBLEM } from '../api/client';
import { useImportHistory } from '../api/mutations';
import { DataTable } from '../components/DataTable';
import { ErrorSummary, type ErrorSummaryItem } from '../components/ErrorSummary';
import { CheckboxesField, FileField } from '../components/FormFields';
import { RowErrorsTable, rowErrorItems, spreadsheetFileError } from '../components/RowErrorsTable';
import { SummaryList } from '../components/SummaryList';
import { WarningText } from '../components/WarningText';
import { plural } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const REPLACE = 'replace';

type Failure =
  | { readonly kind: 'field'; readonly message: string }
  | { readonly kind: 'rows'; readonly fileName: string; readonly errors: readonly ProblemError[] };

function failureOf(error: unknown, fileName: string): Failure {
  if (isProblem(error, PROBLEM.import) && error.errors.length > 0) {
    return { kind: 'rows', fileName, errors: error.errors };
  }
  if (isProblem(error)) return { kind: 'field', message: error.detail ?? error.title };
  return { kind: 'field', message: 'The file could not be uploaded. Try again.' };
}

function summaryItems(failure: Failure): ErrorSummaryItem[] {
  if (failure.kind === 'field') return [{ text: failure.message, href: '#history-file' }];
  return rowErrorItems(failure.errors);
}

/** A list of periods for people: "2018-19 Q1, 2018-19 Q2" (ids as labels). */
const periodsText = (ids: readonly string[]) =>
  ids.length === 0 ? 'None' : ids.map((id) => id.replace(/-(Q\d)$/, ' $1')).join(', ');

/** What the import would do (or did), by authority. */
function AuthoritiesTable({ summary, caption }: { readonly summary: HistoryImportSummary; readonly caption: string }) {
  return (
    <DataTable
      id="history-authorities"
      caption={caption}
      captionClassName="govuk-table__caption--m"
      columns={[
        'Authority',
        { label: 'New', numeric: true },
        { label: 'Changed', numeric: true },
        { label: 'No change', numeric: true },
        { label: 'Kept (the authority’s own)', numeric: true },
      ]}
      rows={summary.authorities.map((a) => ({
        key: a.authorityCode,
        header: a.authorityName,
        cells: [a.created, a.updated, a.unchanged, a.kept],
      }))}
    />
  );
}

/** The kept returns: the authority saved them itself, and the import was not asked to replace them. */
function KeptTable({ summary }: { readonly summary: HistoryImportSummary }) {
  if (summary.keptReturns.length === 0) return null;
  return (
    <DataTable
      id="history-kept"
      caption="Returns the authorities saved themselves, kept as they are"
      captionClassName="govuk-table__caption--m"
      columns={['Authority and period', { label: 'Row', numeric: true }, 'Status']}
      rows={summary.keptReturns.map((k) => ({
        key: `${k.authorityCode}/${k.period}`,
        header: `${summary.authorities.find((a) => a.authorityCode === k.authorityCode)?.authorityName ?? k.authorityCode}, ${k.periodLabel}`,
        cells: [k.row, k.status === 'returned' ? 'sent back' : k.status],
      }))}
    />
  );
}

function CheckStep({
  fileName,
  replace,
  summary,
  busy,
  onConfirm,
  onCancel,
}: {
  readonly fileName: string;
  readonly replace: boolean;
  readonly summary: HistoryImportSummary;
  readonly busy: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  return (
    <>
      <h1 className="govuk-heading-l">Check the import before it is saved</h1>
      <p className="govuk-body">Nothing from the file has been saved yet.</p>
      <SummaryList
        valueClassName="app-break-words"
        rows={[
          ['File', fileName],
          ['Rows read', summary.rows.toLocaleString('en-GB')],
          ['New returns', summary.created.toLocaleString('en-GB')],
          ['Returns changed', summary.updated.toLocaleString('en-GB')],
          ['Returns with no change', summary.unchanged.toLocaleString('en-GB')],
          ['Authorities’ own returns kept', summary.kept.toLocaleString('en-GB')],
          ['Replace the authorities’ own returns', replace ? 'Yes' : 'No'],
          ['Returns with warnings', summary.warnings.toLocaleString('en-GB')],
          ['Periods to add (closed)', periodsText(summary.periodsCreated)],
          ['Periods already released, to be revised', periodsText(summary.awaitingRelease)],
        ]}
      />
      <WarningText>
        Each return will be saved as accepted, imported by you on the authority’s behalf, and recorded in the audit log.
        Comparisons of the periods not released yet are released when the import is saved.
      </WarningText>
      <AuthoritiesTable summary={summary} caption="By authority" />
      <KeptTable summary={summary} />
      <div className="govuk-button-group">
        <button type="button" className="govuk-button" onClick={onConfirm} disabled={busy} aria-disabled={busy}>
          {busy ? 'Importing…' : 'Import the returns'}
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Choose another file
        </button>
      </div>
    </>
  );
}

function DoneStep({ summary, onAgain }: { readonly summary: HistoryImportSummary; readonly onAgain: () => void }) {
  return (
    <>
      <div className="govuk-panel govuk-panel--confirmation">
        <h1 className="govuk-panel__title">History imported</h1>
        <div className="govuk-panel__body">{plural(summary.created + summary.updated, 'return')} saved as accepted</div>
      </div>
      <SummaryList
        rows={[
          ['New returns', summary.created.toLocaleString('en-GB')],
          ['Returns changed', summary.updated.toLocaleString('en-GB')],
          ['Returns with no change', summary.unchanged.toLocaleString('en-GB')],
          ['Authorities’ own returns kept', summary.kept.toLocaleString('en-GB')],
          ['Periods added (closed)', periodsText(summary.periodsCreated)],
          ['Comparisons released now', periodsText(summary.released)],
          ['Changes waiting for the next release', periodsText(summary.awaitingRelease)],
        ]}
      />
      <p className="govuk-body">
        Periods released before take the imported returns at their next scheduled release, when enough authorities have
        changed for no one authority’s figures to be told apart.
      </p>
      <AuthoritiesTable summary={summary} caption="By authority" />
      <KeptTable summary={summary} />
      <button type="button" className="govuk-button govuk-button--secondary" onClick={onAgain}>
        Import another file
      </button>
    </>
  );
}

export function HistoryImportPage() {
  const user = useUser();
  const upload = useImportHistory();
  const input = useRef<HTMLInputElement>(null);
  const [replace, setReplace] = useState<readonly string[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [attempts, setAttempts] = useState(0);
  const [checked, setChecked] = useState<{ file: File; replace: boolean; summary: HistoryImportSummary } | null>(null);
  const [done, setDone] = useState<HistoryImportSummary | null>(null);
  usePageTitle(done ? 'History imported' : checked ? 'Check the import' : 'Import your region’s history', {
    error: failure !== null,
  });

  const refuse = (next: Failure) => {
    setFailure(next);
    setAttempts((n) => n + 1);
  };

  const onCheck = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (upload.isPending) return;
    const file = input.current?.files?.[0];
    const invalid = spreadsheetFileError(file);
    if (invalid || !file) {
      refuse({ kind: 'field', message: invalid ?? 'Select a CSV or XLSX file' });
      return;
    }
    const asked = replace.includes(REPLACE);
    upload.mutate(
      { file, replace: asked, dryRun: true },
      {
        onSuccess: (summary) => {
          setFailure(null);
          setChecked({ file, replace: asked, summary });
        },
        onError: (error) => refuse(failureOf(error, file.name)),
      },
    );
  };

  const onConfirm = () => {
    if (!checked || upload.isPending) return;
    upload.mutate(
      { file: checked.file, replace: checked.replace, dryRun: false },
      {
        onSuccess: (summary) => {
          setFailure(null);
          setChecked(null);
          setDone(summary);
        },
        onError: (error) => {
          setChecked(null);
          refuse(failureOf(error, checked.file.name));
        },
      },
    );
  };

  const again = () => {
    setDone(null);
    setChecked(null);
    setReplace([]);
  };

  const region = user.role === 'admin' ? 'any region' : 'your region';
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {failure ? (
          <ErrorSummary
            items={summaryItems(failure)}
            focusKey={attempts}
            description={
              failure.kind === 'rows'
                ? `The file has ${plural(failure.errors.length, 'problem')}. Nothing from it has been saved: correct the file and upload it again.`
                : undefined
            }
          />
        ) : null}
        {done ? (
          <DoneStep summary={done} onAgain={again} />
        ) : checked ? (
          <CheckStep
            fileName={checked.file.name}
            replace={checked.replace}
            summary={checked.summary}
            busy={upload.isPending}
            onConfirm={onConfirm}
            onCancel={() => setChecked(null)}
          />
        ) : (
          <>
            <h1 className="govuk-heading-l">Import your region’s history</h1>
            <p className="govuk-body">
              Bring in the quarterly returns your region holds from before the exchange, so that trends and comparisons
              start full: one CSV or Excel (XLSX) file with a row for each authority and quarter, in the columns of the
              return, with the authority’s ONS code. You can import the authorities of {region}.
            </p>
            <ul className="govuk-list govuk-list--bullet">
              <li>
                <a className="govuk-link" href="/api/returns/history-template.csv" download>
                  Download the template (CSV)
                </a>
                : a row for each authority, to copy for each quarter
              </li>
              <li>
                <a className="govuk-link" href="/api/returns/history-example.csv" download>
                  Download an example (CSV)
                </a>
                : two authorities, two quarters each, filled in
              </li>
              <li>
                <Link to="/downloads" className="govuk-link">
                  What each column holds
                </Link>
              </li>
            </ul>
            <p className="govuk-body">
              Each return is saved as accepted, imported by you on the authority’s behalf. Quarters must have ended, and
              their collection must be closed; a quarter the exchange has no period for is added, closed. Returns the
              authorities saved themselves are kept as they are, unless you ask to replace them. If any row has a
              problem, nothing is saved. You can check what the file would do before it is saved.
            </p>
            <form noValidate onSubmit={onCheck}>
              <FileField
                id="history-file"
                name="file"
                label="Upload a file"
                size="m"
                hint="A CSV or XLSX file, up to 5 MB"
                accept={ACCEPT}
                inputRef={input}
                error={
                  failure?.kind === 'rows'
                    ? `The file has ${plural(failure.errors.length, 'problem')}: see the table below`
                    : failure?.message
                }
              />
              <CheckboxesField
                id="history-replace"
                legend="Returns the authorities saved themselves"
                values={replace}
                onChange={setReplace}
                small
                options={[
                  {
                    value: REPLACE,
                    label: 'Replace them with the file’s figures',
                    hint: 'Only if the authority agrees: its own return will be replaced by an accepted one from the file.',
                  },
                ]}
              />
              <button
                type="submit"
                className="govuk-button"
                disabled={upload.isPending}
                aria-disabled={upload.isPending}
              >
                {upload.isPending ? 'Checking…' : 'Check the file'}
              </button>
            </form>
            {failure?.kind === 'rows' ? <RowErrorsTable fileName={failure.fileName} errors={failure.errors} /> : null}
          </>
        )}
      </div>
    </div>
  );
}
