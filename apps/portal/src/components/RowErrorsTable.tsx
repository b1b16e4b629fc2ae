import type { ProblemError } from '@csc-workforce/schemas';
import { withKeys } from '../lib/keys';
import { plural } from '../lib/text';
import type { ErrorSummaryItem } from './ErrorSummary';
import { TableHead } from './TableHead';
import { TableScroll } from './TableScroll';

/** Where in a file a problem is: "Row 4, column leavers_fte", or "The file". */
export function where(error: ProblemError): string {
  return [
    error.row === undefined ? 'The file' : `Row ${error.row}`,
    error.column ? `column ${error.column}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/** How many of a file's problems the error summary lists; the table under the form has them all. */
const SUMMARY_LIMIT = 10;

/**
 * A refused file's problems as error summary items, each linking to the table of them (`id`): the
 * first ten, then "and N more problems".
 */
export function rowErrorItems(errors: readonly ProblemError[], id = 'import-errors'): ErrorSummaryItem[] {
  const listed = errors.slice(0, SUMMARY_LIMIT).map((e) => ({ text: `${where(e)}: ${e.message}`, href: `#${id}` }));
  const more = errors.length - listed.length;
  return more > 0 ? [...listed, { text: `and ${plural(more, 'more problem')}`, href: `#${id}` }] : listed;
}

/** Why a chosen file cannot be a spreadsheet of returns (none, not CSV or XLSX, empty); undefined when it can. */
export function spreadsheetFileError(file: File | undefined): string | undefined {
  if (!file) return 'Select a CSV or XLSX file';
  if (!/\.(csv|xlsx)$/i.test(file.name)) return 'The selected file must be a CSV or XLSX';
  if (file.size === 0) return 'The selected file is empty';
  return undefined;
}

/** A problem of a file: its severity when it is a return's error or warning (the file was saved). */
type RowProblem = ProblemError & { readonly severity?: 'error' | 'warning' };

/**
 * Every problem of a file, by row and column: those of a refused file (the default), or the errors and
 * warnings of the returns a file saved, each tagged as an error or a warning.
 */
export function RowErrorsTable({
  fileName,
  errors,
  id = 'import-errors',
  caption = `Problems in ${fileName}`,
}: {
  readonly fileName: string;
  readonly errors: readonly RowProblem[];
  readonly id?: string;
  readonly caption?: string;
}) {
  return (
    <div id={id}>
      <TableScroll labelId={`${id}-caption`}>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m app-break-words" id={`${id}-caption`}>
            {caption}
          </caption>
          <TableHead columns={[{ label: 'Row', numeric: true }, 'Column', 'Problem']} />
          <tbody className="govuk-table__body">
            {withKeys(errors, (e) => `${e.row ?? 0} ${e.column ?? ''} ${e.code ?? ''} ${e.message}`).map(
              ([key, error]) => (
                <tr className="govuk-table__row" key={key}>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{error.row ?? '–'}</td>
                  <td className="govuk-table__cell app-break-words">{error.column ?? '–'}</td>
                  <td className="govuk-table__cell">
                    {error.severity === 'error' ? <strong className="govuk-tag govuk-tag--red">Error</strong> : null}
                    {error.severity === 'warning' ? (
                      <strong className="govuk-tag govuk-tag--yellow">Warning</strong>
                    ) : null}
                    {error.severity ? ' ' : null}
                    {error.message}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
