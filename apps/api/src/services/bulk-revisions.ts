/**
 * A new revision of each of many returns (an authority's import, a region's history), in the caller's
 * transaction, with one audit entry each. Which returns are written, and at which version, goes to the
 * database once, into a temporary table of the transaction (see {@link fillTable}: COPY on PGlite), so
 * that the planner knows how many rows there are and joins them by hash; then one statement per table,
 * the revisions' figures straight into their table. (A write of a few rows as one statement over a
 * JSON record set, as a single save is, plans its joins as nested loops: thousands of rows then cost
 * seconds.)
 */
import type { ReturnStatus } from '@csc-workforce/schemas';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, fillTable, rowsOf } from '../db/client.js';
import type { StoredFigures } from './returns.js';
import { roundOpenCondition } from './round-gate.js';

/** One return's new revision. */
export interface BulkRevision {
  readonly authorityCode: string;
  readonly period: string;
  /** The version the write is based on: 0 for a return not saved before. */
  readonly expectedVersion: number;
  readonly figures: StoredFigures;
  readonly comment: string | null;
}

/** What every revision of the write shares. */
export interface BulkWrite {
  /** The status each return moves to, and its revision's. */
  readonly status: ReturnStatus;
  /** The audit action of each return. */
  readonly action: string;
  readonly userId: string;
  readonly at: Date;
  /** A return written over keeps its sent-back reason (false), or loses it (true). */
  readonly clearReason: boolean;
  /** Write only where the period is open for the authority's region (its round, else the period). */
  readonly requireOpenPeriod: boolean;
  /** Write over a return only in one of these statuses (any when undefined). */
  readonly fromStatuses?: readonly ReturnStatus[];
  /** Write nothing of a retired authority. */
  readonly refuseRetired: boolean;
}

const INPUT = 'bulk_revisions_input';

const countOf = (result: unknown) => Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);

/**
 * Writes every revision (see the module's comment): the return moves to it (a new return at version 1;
 * one saved before only if it is still at `expectedVersion`, and, by `write`, in one of `fromStatuses`
 * and in an open period, of an authority not retired). All or nothing is the caller's: when any return
 * is not written, the others are, and the caller must undo its transaction.
 * @returns -1 when every revision was written, else the index of the first one that was not.
 */
export async function writeBulkRevisions(
  db: Db,
  revisions: readonly BulkRevision[],
  write: BulkWrite,
): Promise<number> {
  if (revisions.length === 0) return -1;
  // One write per return: a second for the same return is refused (as a concurrent change would be).
  const seen = new Set<string>();
  for (const [index, r] of revisions.entries()) {
    const key = `${r.authorityCode}/${r.period}`;
    if (seen.has(key)) return index;
    seen.add(key);
  }
  const at = write.at.toISOString();
  const user = write.userId;
  // Left by an earlier refused write in the same transaction, if its caller went on.
  await db.execute(sql.raw(`DROP TABLE IF EXISTS ${INPUT}`));
  await db.execute(
    sql.raw(
      `CREATE TEMPORARY TABLE ${INPUT} (n integer, authority_code text, period_id text, expected integer) ON COMMIT DROP`,
    ),
  );
  await fillTable(
    db,
    INPUT,
    [
      { name: 'n', type: 'integer' },
      { name: 'authority_code', type: 'text' },
      { name: 'period_id', type: 'text' },
      { name: 'expected', type: 'integer' },
    ],
    revisions.map((r, n) => [n, r.authorityCode, r.period, r.expectedVersion]),
  );
  const conditions: SQL[] = [];
  if (write.requireOpenPeriod) conditions.push(roundOpenCondition(sql`i.authority_code`, sql`i.period_id`));
  if (write.refuseRetired) {
    conditions.push(
      sql`NOT EXISTS (SELECT 1 FROM authorities a WHERE a.code = i.authority_code AND a.retired_at IS NOT NULL)`,
    );
  }
  const allowed = conditions.length === 0 ? sql`` : sql` AND ${sql.join(conditions, sql` AND `)}`;
  const input = sql.raw(INPUT);
  const updates = revisions.filter((r) => r.expectedVersion > 0).length;
  let written = 0;
  if (updates > 0) {
    const fromStatuses =
      write.fromStatuses === undefined
        ? sql``
        : sql` AND r.status IN (${sql.join(
            write.fromStatuses.map((s) => sql`${s}`),
            sql`, `,
          )})`;
    written += countOf(
      await db.execute(sql`
        WITH moved AS (UPDATE returns r SET status = ${write.status}, version = r.version + 1,
          returned_reason = ${write.clearReason ? sql`NULL` : sql`r.returned_reason`}, updated_at = ${at}, updated_by = ${user}
        FROM ${input} i
        WHERE i.expected > 0 AND r.authority_code = i.authority_code AND r.period_id = i.period_id
          AND r.version = i.expected${fromStatuses}${allowed}
        RETURNING 1)
        SELECT count(*)::int AS n FROM moved`),
    );
  }
  if (updates < revisions.length) {
    written += countOf(
      await db.execute(sql`
        WITH created AS (INSERT INTO returns (authority_code, period_id, status, version, updated_at, updated_by)
        SELECT i.authority_code, i.period_id, ${write.status}, 1, ${at}, ${user} FROM ${input} i
        WHERE i.expected = 0${allowed}
        ON CONFLICT DO NOTHING RETURNING 1)
        SELECT count(*)::int AS n FROM created`),
    );
  }
  if (written !== revisions.length) return firstNotWritten(db, write);
  // The figures go straight into the revisions (the temporary table holds only what the joins need).
  await fillTable(
    db,
    'return_revisions',
    [
      { name: 'authority_code', type: 'text' },
      { name: 'period_id', type: 'text' },
      { name: 'revision', type: 'integer' },
      { name: 'status', type: 'text' },
      { name: 'figures', type: 'jsonb' },
      { name: 'comment', type: 'text' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'created_by', type: 'text' },
    ],
    revisions.map((r) => [
      r.authorityCode,
      r.period,
      r.expectedVersion + 1,
      write.status,
      r.figures,
      r.comment,
      at,
      user,
    ]),
  );
  await db.execute(sql`
    INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail)
    SELECT ${at}, ${user}, ${write.action}, 'return', authority_code || '/' || period_id,
      jsonb_build_object('version', expected + 1, 'status', ${write.status}::text)
    FROM ${input} ORDER BY n`);
  await db.execute(sql.raw(`DROP TABLE ${INPUT}`));
  return -1;
}

/**
 * The first revision (in the caller's order) that was not written: the return is not at the version
 * this write gave it, at its time and by its user (the rows it did write are, and nothing else can
 * have written them since: they are locked until the caller's transaction ends).
 */
async function firstNotWritten(db: Db, write: BulkWrite): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`
      SELECT i.n FROM ${sql.raw(INPUT)} i
      WHERE NOT EXISTS (SELECT 1 FROM returns r WHERE r.authority_code = i.authority_code AND r.period_id = i.period_id
        AND r.version = i.expected + 1 AND r.updated_at = ${write.at.toISOString()} AND r.updated_by = ${write.userId})
      ORDER BY i.n LIMIT 1`),
  );
  if (!row) throw new Error('A bulk write wrote fewer returns than asked, but none is missing');
  return Number(row.n);
}
