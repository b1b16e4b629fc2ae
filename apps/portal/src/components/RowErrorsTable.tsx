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

/** Every problem of a refused file, by row and column. */
export function RowErrorsTable({
  fileName,
  errors,
}: {
  readonly fileName: string;
  readonly errors: readonly ProblemError[];
}) {
  return (
    <div id="import-errors">
      <TableScroll labelId="import-errors-caption">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m app-break-words" id="import-errors-caption">
            Problems in {fileName}
          </caption>
          <TableHead columns={[{ label: 'Row', numeric: true }, 'Column', 'Problem']} />
          <tbody className="govuk-table__body">
            {withKeys(errors, (e) => `${e.row ?? 0} ${e.column ?? ''} ${e.code ?? ''} ${e.message}`).map(
              ([key, error]) => (
                <tr className="govuk-table__row" key={key}>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{error.row ?? '–'}</td>
                  <td className="govuk-table__cell app-break-words">{error.column ?? '–'}</td>
                  <td className="govuk-table__cell">{error.message}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
