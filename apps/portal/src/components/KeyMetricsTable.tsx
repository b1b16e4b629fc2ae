import { periodLabel } from '@csc-workforce/metrics-core';
import type { KeyMetricsTable as Table } from '../lib/metrics';
import { TableScroll } from './TableScroll';

/** The key metrics by quarter: a metric a row, a quarter a column; a value that cannot be worked out says why. */
export function KeyMetricsTable({ table }: { readonly table: Table }) {
  return (
    <TableScroll labelId="key-metrics-caption">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s" id="key-metrics-caption">
          Key metrics by quarter
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Metric
            </th>
            {table.periods.map((period) => (
              <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={period}>
                {periodLabel(period)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {table.rows.map((row) => (
            <tr className="govuk-table__row" key={row.metric}>
              <th scope="row" className="govuk-table__header">
                {row.label}
              </th>
              {row.cells.map((cell, index) => (
                <td className="govuk-table__cell govuk-table__cell--numeric" key={table.periods[index]}>
                  {cell.text}
                  {cell.reason ? <span className="govuk-body-s app-metric-reason">{cell.reason}</span> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
