import type { ProblemError } from '@csc-workforce/schemas';
import { withKeys } from '../lib/keys';
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
