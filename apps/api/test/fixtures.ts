/** Returns, and CSV files of returns, for the API tests. */
import { EXAMPLE_RETURN, RETURN_FIELDS } from '@csc-workforce/schemas';
import { stringify } from 'csv-stringify/sync';
import { TEMPLATE_COLUMNS } from '../src/services/spreadsheets.js';

/** A complete, valid return of a large metropolitan authority that raises no warning. */
export const VALID_RETURN = EXAMPLE_RETURN;

/** The period the tests submit for, opened by each test file. */
export const PERIOD = '2024-25-Q2';

const FIELD_BY_COLUMN = new Map<string, string>([
  ...RETURN_FIELDS.map((f) => [f.column, f.name] as const),
  ['comment', 'comment'],
]);

/** Figures as a test writes them: numbers, or anything a file might hold instead. */
export type Figures = Readonly<Record<string, unknown>>;

/** A row of the template's columns for a return (of Coventry unless another authority is given). */
export function rowOf(period: string, figures: Figures = VALID_RETURN, authority = 'E08000026'): string[] {
  return TEMPLATE_COLUMNS.map((column) => {
    if (column === 'authority_code') return authority;
    if (column === 'period') return period;
    const value = figures[FIELD_BY_COLUMN.get(column) ?? ''];
    return value === undefined || value === null ? '' : String(value);
  });
}

/** A CSV file: the header (the template's columns unless given) and the rows. */
export const csv = (rows: readonly (readonly string[])[], columns: readonly string[] = TEMPLATE_COLUMNS) =>
  stringify([columns, ...rows]);
