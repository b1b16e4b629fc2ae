/**
 * Whether an authority's returns of a period can be changed: its region's collection round decides
 * when it has a row (a regional lead opened or closed it), else the period's status (an admin's, for
 * every region). Used by every write of returns: the form, the submit, the import.
 */
import { periodLabel } from '@csc-workforce/metrics-core';
import { type PeriodStatus, PROBLEM_TYPES } from '@csc-workforce/schemas';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { HttpProblem } from '../lib/problem.js';

/** Whether a round (or a period) is open. */
export type RoundStatus = PeriodStatus;

/**
 * The SQL condition that the authority's round of the period is open, for a write's WHERE clause:
 * `authority` and `period` are SQL expressions naming them. (A retired authority's returns are
 * refused by every write, open or not: see `writeOne` in services/returns.ts.)
 */
export const roundOpenCondition = (authority: SQL, period: SQL) => sql`EXISTS (
  SELECT 1 FROM periods p JOIN authorities a ON a.code = ${authority}
  LEFT JOIN collection_rounds cr ON cr.period_id = p.id AND cr.region_code = a.region_code
  WHERE p.id = ${period} AND coalesce(cr.status, p.status) = 'open')`;

/** Whether each period is open for the authority's region (periods that do not exist are absent). */
export async function roundStatuses(
  db: Db,
  authorityCode: string,
  periodIds: readonly string[],
): Promise<Map<string, RoundStatus>> {
  const unique = [...new Set(periodIds)];
  if (unique.length === 0) return new Map();
  // The ids as one JSON parameter: an IN list of thousands of parameters costs more to build and plan.
  const rows = rowsOf<{ id: string; status: RoundStatus }>(
    await db.execute(sql`
      SELECT p.id, coalesce(cr.status, p.status) AS status
      FROM periods p
      LEFT JOIN authorities a ON a.code = ${authorityCode}
      LEFT JOIN collection_rounds cr ON cr.period_id = p.id AND cr.region_code = a.region_code
      WHERE p.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(unique)}::jsonb))`),
  );
  return new Map(rows.map((row) => [row.id, row.status]));
}

/**
 * A retired authority's returns are kept as they are.
 * @throws {HttpProblem} 409 when the authority is retired.
 */
export async function assertNotRetired(db: Db, authorityCode: string): Promise<void> {
  const [retired] = rowsOf<{ name: string }>(
    await db.execute(sql`SELECT name FROM authorities WHERE code = ${authorityCode} AND retired_at IS NOT NULL`),
  );
  if (retired) {
    throw new HttpProblem(409, {
      type: PROBLEM_TYPES.authorityRetired,
      title: 'The authority is retired',
      detail: `${retired.name} is retired: its returns are kept as they are and cannot be changed. Ask an administrator if it should be reinstated.`,
    });
  }
}

/**
 * A period that is open for the authority's returns (its region's round, else the period), or a problem.
 * @throws {HttpProblem} 404 when the period does not exist, 409 when it is closed for the authority or
 * the authority is retired.
 */
export async function assertRoundOpen(db: Db, authorityCode: string, period: string): Promise<void> {
  await assertNotRetired(db, authorityCode);
  const status = (await roundStatuses(db, authorityCode, [period])).get(period);
  if (status === undefined) throw new HttpProblem(404, { detail: `There is no collection period ${period}.` });
  if (status !== 'open') {
    throw new HttpProblem(409, {
      type: PROBLEM_TYPES.periodClosed,
      title: 'The collection period is closed',
      detail: `The collection of ${periodLabel(period)} is closed for this authority: its returns cannot be changed. Ask your regional lead to open the round.`,
    });
  }
}

/** The newest period open for the authority's region, if any. */
export async function newestOpenPeriodFor(db: Db, authorityCode: string): Promise<string | null> {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`
      SELECT p.id FROM periods p
      LEFT JOIN authorities a ON a.code = ${authorityCode}
      LEFT JOIN collection_rounds cr ON cr.period_id = p.id AND cr.region_code = a.region_code
      WHERE coalesce(cr.status, p.status) = 'open'
      ORDER BY p.id DESC LIMIT 1`),
  );
  return row?.id ?? null;
}
