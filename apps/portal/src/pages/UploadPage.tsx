import type { ImportSummary, ProblemError } from '@csc-workforce/schemas';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { type ApiProblem, isProblem, PROBLEM } from '../api/client';
import { useImportReturns } from '../api/mutations';
import { ErrorSummary, type ErrorSummaryItem } from '../components/ErrorSummary';
import { FileField } from '../components/FormFields';
import { NotificationBanner } from '../components/NotificationBanner';
import { RowErrorsTable, rowErrorItems, spreadsheetFileError } from '../components/RowErrorsTable';
import { StatusTag } from '../components/StatusTag';
import { TableHead } from '../components/TableHead';
import { TableScroll } from '../components/TableScroll';
import { plural } from '../lib/text';
import { usePageTitle } from '../lib/usePageTitle';
import { canEditReturns, useUser } from '../session';

/** The errors listed in the summary; the table below it has them all. */
const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Failure =
  | { readonly kind: 'field'; readonly message: string }
  | {
      readonly kind: 'rows';
      readonly fileName: string;
      readonly errors: readonly ProblemError[];
      readonly detail?: string;
    }
  | { readonly kind: 'other'; readonly problem: ApiProblem };

function failureOf(error: unknown, fileName: string): Failure {
  if (isProblem(error, PROBLEM.import) && error.errors.length > 0) {
    return { kind: 'rows', fileName, errors: error.errors, ...(error.detail ? { detail: error.detail } : {}) };
  }
  if (isProblem(error, 413)) {
    return { kind: 'field', message: error.detail ?? 'The selected file is too large' };
  }
  if (isProblem(error, 415) || isProblem(error, 400) || isProblem(error, PROBLEM.import)) {
    return { kind: 'field', message: error.detail ?? error.title };
  }
  if (isProblem(error)) return { kind: 'other', problem: error };
  return { kind: 'field', message: 'The file could not be uploaded. Try again.' };
}

function ImportedTable({ result }: { readonly result: ImportSummary }) {
  if (result.returns.length === 0) return null;
  return (
    <TableScroll labelId="imported-caption">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m" id="imported-caption">
          Returns saved from the file
        </caption>
        <TableHead columns={['Period', 'Result', 'Status', { label: 'Version', numeric: true }]} />
        <tbody className="govuk-table__body">
          {result.returns.map((r) => (
            <tr className="govuk-table__row" key={`${r.authorityCode}/${r.period}`}>
              <th scope="row" className="govuk-table__header">
                <Link to="/returns/$period" params={{ period: r.period }} className="govuk-link">
                  {r.periodLabel}
                </Link>
              </th>
              <td className="govuk-table__cell">{OUTCOMES[r.outcome]}</td>
              <td className="govuk-table__cell">
                <StatusTag status={r.status} />
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{r.version}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Every error and warning of the returns a file saved, by row and column, as the file has them. */
const problemsOf = (result: ImportSummary) => result.returns.flatMap((r) => r.problems);

/** What the saved returns' rules say, in a sentence: they were saved, but need correcting before submitting. */
function ProblemsNote({ result }: { readonly result: ImportSummary }) {
  const errors = result.returns.reduce((n, r) => n + r.errors, 0);
  const warnings = result.returns.reduce((n, r) => n + r.warnings, 0);
  if (errors + warnings === 0) return null;
  return (
    <p className="govuk-body">
      The returns have {plural(errors, 'error')} to correct before they can be submitted and{' '}
      {plural(warnings, 'warning')} to check (explain each in the comment):{' '}
      <a className="govuk-notification-banner__link" href="#import-problems">
        see them by row and column
      </a>
      .
    </p>
  );
}

function ImportedProblems({ result, fileName }: { readonly result: ImportSummary; readonly fileName: string }) {
  const problems = problemsOf(result);
  if (problems.length === 0) return null;
  return (
    <RowErrorsTable
      id="import-problems"
      fileName={fileName}
      caption={`Errors and warnings in the returns saved from ${fileName}`}
      errors={problems}
    />
  );
}

function Progress({ fileName, fraction }: { readonly fileName: string; readonly fraction: number | undefined }) {
  const percent = fraction === undefined ? undefined : Math.round(fraction * 100);
  return (
    <div className="govuk-!-margin-bottom-6">
      <label className="govuk-label" htmlFor="upload-progress">
        Uploading <span className="app-break-words">{fileName}</span>
      </label>
      <progress id="upload-progress" className="app-progress" max={100} value={percent}>
        {percent === undefined ? 'Uploading' : `${percent}%`}
      </progress>
    </div>
  );
}

function summaryOf(failure: Failure): { items: ErrorSummaryItem[]; title?: string; description?: string } {
  if (failure.kind === 'field') return { items: [{ text: failure.message, href: '#file' }] };
  if (failure.kind === 'other') {
    return { title: failure.problem.title, items: [{ text: failure.problem.detail ?? 'Try again.', href: '#file' }] };
  }
  return {
    description: `The file has ${plural(failure.errors.length, 'problem')}. Nothing from it has been saved: correct the file and upload it again.`,
    items: rowErrorItems(failure.errors),
  };
}

/** /upload: send returns as a CSV or XLSX file, with progress, and a report of each row's problems. */
/** What an import did to a return, for people. */
const OUTCOMES = { created: 'New return', updated: 'New version', unchanged: 'No change' } as const;

export function UploadPage() {
  const user = useUser();
  const upload = useImportReturns();
  const input = useRef<HTMLInputElement>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [result, setResult] = useState<ImportSummary | null>(null);
  // The name of the file the result is of (the input is cleared once it is uploaded).
  const [resultFile, setResultFile] = useState('');
  const [progress, setProgress] = useState<{ fileName: string; fraction: number | undefined } | null>(null);
  const [attempts, setAttempts] = useState(0);
  usePageTitle('Upload returns', { error: failure !== null });

  if (!canEditReturns(user)) {
    return (
      <>
        <h1 className="govuk-heading-l">Upload returns</h1>
        <p className="govuk-body">
          {user.authorityRetired
            ? `${user.authorityName ?? 'Your authority'} is retired: its returns are kept as they are and cannot be changed.`
            : "Only the people who send their authority's returns can upload them."}
        </p>
      </>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (upload.isPending) return;
    const file = input.current?.files?.[0];
    const invalid = spreadsheetFileError(file);
    setResult(null);
    if (invalid || !file) {
      setFailure({ kind: 'field', message: invalid ?? 'Select a CSV or XLSX file' });
      setAttempts((n) => n + 1);
      return;
    }
    setFailure(null);
    setProgress({ fileName: file.name, fraction: 0 });
    upload.mutate(
      { file, onProgress: (fraction) => setProgress({ fileName: file.name, fraction }) },
      {
        onSuccess: (imported) => {
          setResult(imported);
          setResultFile(file.name);
          if (input.current) input.current.value = '';
        },
        onError: (error) => {
          setFailure(failureOf(error, file.name));
          setAttempts((n) => n + 1);
        },
        onSettled: () => setProgress(null),
      },
    );
  };

  const summary = failure ? summaryOf(failure) : null;
  const fieldError =
    failure?.kind === 'rows'
      ? `The file has ${plural(failure.errors.length, 'problem')}: see the table below`
      : failure?.kind === 'field'
        ? failure.message
        : undefined;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        {summary ? (
          <ErrorSummary
            focusKey={attempts}
            items={summary.items}
            {...(summary.title ? { title: summary.title } : {})}
            {...(summary.description ? { description: summary.description } : {})}
          />
        ) : null}
        {result ? (
          <NotificationBanner type="success" heading="File uploaded" focusKey={`${result.rows}-${attempts}`}>
            <p className="govuk-body">
              {plural(result.rows, 'row')} read: {plural(result.created, 'return')} started and{' '}
              {plural(result.updated, 'return')} updated, each as a draft to check and submit.
            </p>
            <ProblemsNote result={result} />
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Upload returns</h1>
        <p className="govuk-body">
          Upload a CSV or Excel (XLSX) file with a row for each return, in the columns of the{' '}
          <Link to="/downloads" className="govuk-link">
            template
          </Link>
          . Each return in the file is saved as a new draft version, checked by the same rules as the form.
        </p>
        <p className="govuk-body">
          If any row has a problem, nothing is saved, and you will see each problem by row and column.
        </p>
        <form noValidate onSubmit={onSubmit}>
          <FileField
            id="file"
            label="Upload a file"
            size="m"
            hint="A CSV or XLSX file, up to 5 MB"
            accept={ACCEPT}
            inputRef={input}
            error={fieldError}
          />
          {progress ? <Progress fileName={progress.fileName} fraction={progress.fraction} /> : null}
          <div className="govuk-visually-hidden" role="status">
            {progress ? `Uploading ${progress.fileName}` : result ? 'File uploaded' : ''}
          </div>
          <button type="submit" className="govuk-button">
            Upload file
          </button>
        </form>
      </div>
      <div className="govuk-grid-column-full">
        {failure?.kind === 'rows' ? <RowErrorsTable fileName={failure.fileName} errors={failure.errors} /> : null}
        {result ? <ImportedProblems result={result} fileName={resultFile} /> : null}
        {result ? <ImportedTable result={result} /> : null}
      </div>
    </div>
  );
}
