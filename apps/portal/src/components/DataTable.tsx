import type { ReactNode } from 'react';
import { type Column, TableHead } from './TableHead';
import { TableScroll } from './TableScroll';

/** One row of a {@link DataTable}: its heading (the first column) and its other cells. */
export interface DataRow {
  readonly key: string;
  readonly header: ReactNode;
  readonly cells: readonly ReactNode[];
}

interface DataTableProps {
  /** Id of the caption, which names the table and its scrolling region. */
  readonly id: string;
  readonly caption: ReactNode;
  /** GOV.UK caption size, or a class of its own (such as govuk-visually-hidden). */
  readonly captionClassName?: string;
  /** The columns, the row headings' first; a numeric column's cells are right-aligned. */
  readonly columns: readonly Column[];
  readonly rows: readonly DataRow[];
  readonly className?: string;
  /** Scrolls sideways inside the page on narrow screens (default); off for print layouts. */
  readonly scroll?: boolean;
}

const isNumeric = (column: Column | undefined) => column !== undefined && typeof column !== 'string';

/** A GOV.UK table with a caption, a heading row, and a heading cell at the start of each row. */
export function DataTable({
  id,
  caption,
  captionClassName = 'govuk-table__caption--s',
  columns,
  rows,
  className,
  scroll = true,
}: DataTableProps) {
  const table = (
    <table className={`govuk-table${className ? ` ${className}` : ''}`}>
      <caption className={`govuk-table__caption ${captionClassName}`} id={id}>
        {caption}
      </caption>
      <TableHead columns={columns} />
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr className="govuk-table__row" key={row.key}>
            <th scope="row" className="govuk-table__header">
              {row.header}
            </th>
            {row.cells.map((cell, i) => (
              <td
                // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells are its columns, in order
                key={i}
                className={`govuk-table__cell${isNumeric(columns[i + 1]) ? ' govuk-table__cell--numeric' : ''}`}
              >
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return scroll ? <TableScroll labelId={id}>{table}</TableScroll> : table;
}
