/** Returns, CSV files of returns, and agency assignments, for the API tests. */
import { EXAMPLE_RETURN, RETURN_FIELDS, type ReturnStatus } from '@csc-workforce/schemas';
import { stringify } from 'csv-stringify/sync';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { returnRevisions, returns } from '../src/db/schema.js';
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

/** A return with the given vacancy rate (vacancies ÷ (vacancies + 100 FTE)), otherwise blank. */
export function figuresWithVacancyRate(rate: number): Record<string, number> {
  return { permanentFte: 100, vacanciesFte: (100 * rate) / (100 - rate) };
}

/**
 * Writes a return straight to the store, as the returns service would: a new revision with `status`
 * (the first, or the next after the stored one).
 */
export async function putReturn(
  db: Db,
  authority: string,
  period: string,
  status: ReturnStatus,
  figures: Record<string, number>,
): Promise<void> {
  const where = and(eq(returns.authorityCode, authority), eq(returns.periodId, period));
  const [existing] = await db.select({ version: returns.version }).from(returns).where(where);
  const version = (existing?.version ?? 0) + 1;
  if (existing) await db.update(returns).set({ status, version }).where(where);
  else await db.insert(returns).values({ authorityCode: authority, periodId: period, status, version });
  await db
    .insert(returnRevisions)
    .values({ authorityCode: authority, periodId: period, revision: version, status, figures });
}

/**
 * An agency social worker's assignment that meets every compliance rule (a rate under the cap,
 * references, no cool-off), as an annex takes it; `over` changes any of it.
 */
export const agencyAssignment = (over: Record<string, unknown> = {}) => ({
  roleType: 'social-worker' as const,
  hourlyRate: 38,
  startDate: '2035-01-02',
  endDate: '2035-12-31',
  registrationNumber: 'SW5550001',
  pqeYears: 5,
  references: 2,
  projectTeam: false,
  projectTeamApproved: false,
  coolOff: false,
  ...over,
});
