/** A column of a GOV.UK table: its heading, and whether it holds numbers (right-aligned). */
export type Column = string | { readonly label: string; readonly numeric: true };

/** The heading row of a GOV.UK table: one column header per column, scoped to its column. */
export function TableHead({ columns }: { readonly columns: readonly Column[] }) {
  return (
    <thead className="govuk-table__head">
      <tr className="govuk-table__row">
        {columns.map((column) => {
          const label = typeof column === 'string' ? column : column.label;
          const numeric = typeof column !== 'string';
          return (
            <th
              key={label}
              scope="col"
              className={`govuk-table__header${numeric ? ' govuk-table__header--numeric' : ''}`}
            >
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
