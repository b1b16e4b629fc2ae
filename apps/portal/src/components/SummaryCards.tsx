/**
 * GOV.UK summary cards in place of a wide table on a phone: a card a row, its title the row's heading,
 * a summary list of the row's cells under their column headings. {@link ResponsiveTable} shows the
 * table from GOV.UK's tablet breakpoint (641 px) up and the cards under it; the other is display: none,
 * hidden from screen readers too, so the figures are said once, as a table or as a list.
 */
import type { ReactNode } from 'react';
import { type DataRow, DataTable } from './DataTable';
import type { Column } from './TableHead';

export interface CardRow {
  readonly key: string;
  readonly label: ReactNode;
  readonly value: ReactNode;
}

/** One card, a list item of a list of cards; `group` marks a group's card (the region, England). */
export function SummaryCard({
  title,
  rows,
  group = false,
}: {
  readonly title: ReactNode;
  readonly rows: readonly CardRow[];
  readonly group?: boolean;
}) {
  return (
    <li className={`govuk-summary-card${group ? ' app-group-card' : ''}`}>
      <div className="govuk-summary-card__title-wrapper">
        <h3 className="govuk-summary-card__title">{title}</h3>
      </div>
      <div className="govuk-summary-card__content">
        <dl className="govuk-summary-list">
          {rows.map((row) => (
            <div className="govuk-summary-list__row" key={row.key}>
              <dt className="govuk-summary-list__key">{row.label}</dt>
              <dd className="govuk-summary-list__value">{row.value}</dd>
            </div>
          ))}
        </dl>
      </div>
    </li>
  );
}

const labelOf = (column: Column) => (typeof column === 'string' ? column : column.label);

/** A {@link DataTable} from the tablet breakpoint up; under it, a heading and a card per row. */
export function ResponsiveTable({
  id,
  caption,
  captionClassName,
  className,
  columns,
  rows,
}: {
  readonly id: string;
  readonly caption: string;
  readonly captionClassName?: string;
  readonly className?: string;
  readonly columns: readonly Column[];
  readonly rows: readonly DataRow[];
}) {
  return (
    <>
      <div className="app-desktop-only">
        <DataTable
          id={id}
          caption={caption}
          captionClassName={captionClassName}
          className={className}
          columns={columns}
          rows={rows}
        />
      </div>
      <div className="app-mobile-only">
        <h2 className="govuk-heading-m" id={`${id}-cards`}>
          {caption}
        </h2>
        <ul className="govuk-list app-cards" aria-labelledby={`${id}-cards`}>
          {rows.map((row) => (
            <SummaryCard
              key={row.key}
              title={row.header}
              rows={columns.slice(1).map((column, i) => ({
                key: labelOf(column),
                label: labelOf(column),
                value: row.cells[i],
              }))}
            />
          ))}
        </ul>
      </div>
    </>
  );
}
