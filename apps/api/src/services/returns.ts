/**
 * The returns store: reading returns and their revisions, saving a new revision with optimistic
 * concurrency, and changing status. Every write is one transaction: the return's row is updated only
 * if its version is the one the caller read (so concurrent edits are refused, never merged), the
 * revision is appended (never overwritten) and the audit log written.
 */
import { FIGURE_FIELDS, PeriodError, periodLabel, previousPeriod } from '@csc-workforce/metrics-core';
import { PROBLEM_TYPES, type ReturnFigures, type ReturnStatus, type ReturnSummary } from '@csc-workforce/schemas';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, executePrepared, rowsOf } from '../db/client.js';
import { authorities, returnRevisions, returns, users } from '../db/schema.js';
import { HttpProblem } from '../lib/problem.js';
import { assertNotRetired, assertRoundOpen, roundOpenCondition } from './round-gate.js';

/** The figures as stored in a revision: every figure, null when empty (the comment is stored apart). */
export type StoredFigures = Record<string, number | null>;

/** A return with the figures of its latest revision: the wire's return, before the rules have looked at it. */
export type ReturnRecord = ReturnSummary & { figures: ReturnFigures };

/** Splits wire figures into the stored figures and the comment. */
export function toStored(figures: ReturnFigures): { stored: StoredFigures; comment: string | null } {
  const stored: StoredFigures = {};
  const source = figures as Record<string, unknown>;
  for (const field of FIGURE_FIELDS) {
    const value = source[field];
    stored[field] = typeof value === 'number' ? value : null;
  }
  const comment = typeof figures.comment === 'string' && figures.comment.length > 0 ? figures.comment : null;
  return { stored, comment };
}

/** Joins stored figures and comment back into wire figures (empty figures left out). */
export function fromStored(stored: StoredFigures, comment: string | null): ReturnFigures {
  const out: Record<string, number | string> = {};
  for (const field of FIGURE_FIELDS) {
    const value = stored[field];
    if (typeof value === 'number') out[field] = value;
  }
  if (comment) out.comment = comment;
  return out as ReturnFigures;
}

/**
 * The revision that last saved a return's figures: its latest draft (a save or an import writes one;
 * a submission and a lead's decision write theirs in other statuses, with the figures unchanged), or
 * its first revision when it has no draft (a return written otherwise, as the demo's).
 */
const SAVED_REVISION = (authorityCode: typeof returns.authorityCode, periodId: typeof returns.periodId) => sql<number>`(
  SELECT max(rr.revision) FROM return_revisions rr
  WHERE rr.authority_code = ${authorityCode} AND rr.period_id = ${periodId} AND (rr.status = 'draft' OR rr.revision = 1))`;

const savedRevisions = alias(returnRevisions, 'saved_revisions');
const savers = alias(users, 'savers');

const latest = (db: Db) =>
  db
    .select({
      authorityCode: returns.authorityCode,
      authorityName: authorities.name,
      period: returns.periodId,
      status: returns.status,
      version: returns.version,
      returnedReason: returns.returnedReason,
      demo: returns.demo,
      updatedAt: returns.updatedAt,
      updatedBy: returns.updatedBy,
      updatedByName: users.name,
      savedAt: savedRevisions.createdAt,
      savedBy: savedRevisions.createdBy,
      savedByName: savers.name,
      figures: returnRevisions.figures,
      comment: returnRevisions.comment,
    })
    .from(returns)
    .innerJoin(authorities, eq(authorities.code, returns.authorityCode))
    .innerJoin(
      returnRevisions,
      and(
        eq(returnRevisions.authorityCode, returns.authorityCode),
        eq(returnRevisions.periodId, returns.periodId),
        eq(returnRevisions.revision, returns.version),
      ),
    )
    .leftJoin(users, eq(users.id, returns.updatedBy))
    .leftJoin(
      savedRevisions,
      and(
        eq(savedRevisions.authorityCode, returns.authorityCode),
        eq(savedRevisions.periodId, returns.periodId),
        eq(savedRevisions.revision, SAVED_REVISION(returns.authorityCode, returns.periodId)),
      ),
    )
    .leftJoin(savers, eq(savers.id, savedRevisions.createdBy));

type LatestRow = Awaited<ReturnType<ReturnType<typeof latest>['execute']>>[number];

function toRecord(row: LatestRow): ReturnRecord {
  return {
    authorityCode: row.authorityCode,
    authorityName: row.authorityName,
    period: row.period,
    periodLabel: periodLabel(row.period),
    status: row.status,
    version: row.version,
    figures: fromStored(row.figures, row.comment),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    updatedByName: row.updatedByName,
    savedAt: (row.savedAt ?? row.updatedAt).toISOString(),
    savedBy: row.savedAt ? row.savedBy : row.updatedBy,
    savedByName: row.savedAt ? row.savedByName : row.updatedByName,
    returnedReason: row.returnedReason,
    demo: row.demo,
  };
}

/** The return of an authority for a period, or null. */
export async function getReturn(db: Db, authorityCode: string, period: string): Promise<ReturnRecord | null> {
  const [row] = await latest(db).where(and(eq(returns.authorityCode, authorityCode), eq(returns.periodId, period)));
  return row ? toRecord(row) : null;
}

/** The returns of some authorities, optionally of one period, newest period first. */
export async function listReturns(
  db: Db,
  filter: { authorityCodes?: string[]; regionCode?: string; period?: string; status?: ReturnStatus },
): Promise<ReturnRecord[]> {
  const conditions = [];
  if (filter.authorityCodes) {
    if (filter.authorityCodes.length === 0) return [];
    conditions.push(inArray(returns.authorityCode, filter.authorityCodes));
  }
  if (filter.regionCode) conditions.push(eq(authorities.regionCode, filter.regionCode));
  if (filter.period) conditions.push(eq(returns.periodId, filter.period));
  if (filter.status) conditions.push(eq(returns.status, filter.status));
  const rows = await latest(db)
    .where(and(...conditions))
    .orderBy(desc(returns.periodId), asc(authorities.name));
  return rows.map(toRecord);
}

/** A stored return as an import compares a row of its file with it: its status and version, its figures. */
export type StoredReturn = Pick<ReturnRecord, 'authorityCode' | 'period' | 'status' | 'version' | 'figures'>;

/**
 * The returns of some authorities (or of a region's), optionally of some periods only, with the
 * figures of their latest revision: what an import plans its writes by, without what
 * {@link listReturns} adds for people (names, who saved the figures last), which costs a lookup of
 * every return's revisions.
 */
export async function storedReturns(
  db: Db,
  filter: { authorityCodes?: readonly string[]; regionCode?: string; periods?: readonly string[] },
): Promise<StoredReturn[]> {
  const conditions = [];
  if (filter.authorityCodes) {
    if (filter.authorityCodes.length === 0) return [];
    conditions.push(sql`r.authority_code = ANY(${sql.param([...filter.authorityCodes])}::text[])`);
  }
  if (filter.regionCode) {
    conditions.push(sql`r.authority_code IN (SELECT code FROM authorities WHERE region_code = ${filter.regionCode})`);
  }
  if (filter.periods) conditions.push(sql`r.period_id = ANY(${sql.param([...filter.periods])}::text[])`);
  const rows = rowsOf<{
    authority_code: string;
    period_id: string;
    status: ReturnStatus;
    version: number;
    figures: StoredFigures;
    comment: string | null;
  }>(
    await db.execute(sql`
      SELECT r.authority_code, r.period_id, r.status, r.version, v.figures, v.comment
      FROM returns r
      JOIN return_revisions v ON v.authority_code = r.authority_code AND v.period_id = r.period_id AND v.revision = r.version
      ${conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``}`),
  );
  return rows.map((r) => ({
    authorityCode: r.authority_code,
    period: r.period_id,
    status: r.status,
    version: Number(r.version),
    figures: fromStored(r.figures, r.comment),
  }));
}

/** The quarter before `period`; null for the first quarter a period id can name (1900-01-Q1). */
function quarterBefore(period: string): string | null {
  try {
    return previousPeriod(period);
  } catch (error) {
    if (error instanceof PeriodError) return null;
    throw error;
  }
}

/** The authority's return for the quarter before `period`, with that quarter's id; null when it has none. */
export async function previousReturn(
  db: Db,
  authorityCode: string,
  period: string,
): Promise<{ period: string; figures: ReturnFigures } | null> {
  const before = quarterBefore(period);
  if (before === null) return null;
  // Asked on every save and every open of a return: prepared (see executePrepared).
  const [row] = rowsOf<{ figures: StoredFigures; comment: string | null }>(
    await executePrepared(
      db,
      'csc_previous_return',
      sql`SELECT v.figures, v.comment FROM returns r
          JOIN return_revisions v ON v.authority_code = r.authority_code AND v.period_id = r.period_id AND v.revision = r.version
          WHERE r.authority_code = ${authorityCode} AND r.period_id = ${before}`,
    ),
  );
  return row ? { period: before, figures: fromStored(row.figures, row.comment) } : null;
}

function conflict(current: number | null, expected: number): HttpProblem {
  return new HttpProblem(409, {
    type: PROBLEM_TYPES.conflict,
    title: 'Someone else changed this return',
    detail:
      current === null
        ? `You are editing version ${expected}, but the return has not been saved yet: reload it.`
        : `You are editing version ${expected}, but version ${current} has been saved since (by someone else, or in another window). Reload the return to see their changes; nothing of yours was saved.`,
  });
}

export interface WriteRevision {
  readonly authorityCode: string;
  readonly period: string;
  /** The version the change is based on: 0 for a return not saved before. */
  readonly expectedVersion: number;
  readonly status: ReturnStatus;
  readonly figures: StoredFigures;
  readonly comment: string | null;
  readonly userId: string;
  readonly at: Date;
  readonly action: string;
  /** Kept when undefined; cleared with `''`. */
  readonly returnedReason?: string | null;
  readonly demo?: boolean;
  /**
   * The submitter's declaration that the figures are correct, recorded in the audit entry's detail
   * as `declaration: { statement, by, at }` (the user's id and the time of the write).
   */
  readonly declaration?: string;
  /**
   * Refuse the write unless the period is open for the authority's region (its collection round, else
   * the period), checked in the same statement as the write.
   */
  readonly requireOpenPeriod?: boolean;
  /**
   * The statuses the return may be in for the write to happen (checked in the same statement), and
   * the problem to report when it is in another: an accepted return is locked, only a submitted one
   * can be accepted. Any status when undefined (a new return has none).
   */
  readonly fromStatuses?: readonly ReturnStatus[];
  readonly wrongStatus?: (current: ReturnStatus) => HttpProblem;
}

/** The return's row as a write leaves it. */
interface WrittenRow {
  authority_code: string;
  period_id: string;
  version: number;
  status: ReturnStatus;
  returned_reason: string | null;
  demo: boolean;
  updated_at: string | Date;
  authority_name: string;
  /** The revision that last saved the figures, when the write did not (see {@link SAVED_REVISION}). */
  saved_at: string | Date | null;
  saved_by: string | null;
  saved_by_name: string | null;
  /** The authority's return for the quarter before, when the write asked for it (`withPrevious`). */
  previous_figures: StoredFigures | null;
  previous_comment: string | null;
}

/** What `returned_reason` becomes: kept, cleared, or set. */
function reasonOf(write: WriteRevision): { keep: boolean; value: string | null } {
  if (write.returnedReason === undefined) return { keep: true, value: null };
  return { keep: false, value: write.returnedReason === '' ? null : write.returnedReason };
}

/**
 * Appends one revision to the return and moves the return to it, if the return is still at the
 * write's `expectedVersion` (and, with `requireOpenPeriod`, its period is open), in ONE statement:
 * the insert or update of the return, the revision and the audit entry are data-modifying parts of
 * one query (over the write as a one-row JSON record set), so they are atomic without a transaction
 * and cost one round trip. A write that finds a newer version (or a closed period) changes nothing
 * and returns no row. With `withPrevious`, the same statement reads the quarter before. Many writes
 * (an import) go through services/bulk-revisions.ts.
 */
async function writeOne(db: Db, w: WriteRevision, withPrevious = false): Promise<WrittenRow | undefined> {
  const { at, userId } = w;
  const reason = reasonOf(w);
  const input = [
    {
      authority_code: w.authorityCode,
      period_id: w.period,
      previous_period: quarterBefore(w.period),
      expected: w.expectedVersion,
      status: w.status,
      figures: w.figures,
      comment: w.comment,
      action: w.action,
      keep_reason: reason.keep,
      reason: reason.value,
      demo: w.demo ?? false,
      require_open: w.requireOpenPeriod ?? false,
      from_statuses: w.fromStatuses ?? null,
      declaration: w.declaration ? { statement: w.declaration, by: w.userId, at: at.toISOString() } : null,
    },
  ];
  const stamp = at.toISOString();
  const result = await executePrepared(
    db,
    'csc_write_revisions',
    sql`
    WITH input AS (
      SELECT x.* FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x(
        authority_code text, period_id text, previous_period text, expected int, status text, figures jsonb, comment text,
        action text, keep_reason boolean, reason text, demo boolean, require_open boolean, from_statuses jsonb,
        declaration jsonb)
      WHERE (NOT x.require_open OR ${roundOpenCondition(sql`x.authority_code`, sql`x.period_id`)})
        -- A retired authority's returns are kept as they are: no save, submission, import or review.
        AND NOT EXISTS (SELECT 1 FROM authorities a WHERE a.code = x.authority_code AND a.retired_at IS NOT NULL)
    ),
    created AS (
      INSERT INTO returns (authority_code, period_id, status, version, returned_reason, demo, updated_at, updated_by)
      SELECT authority_code, period_id, status, 1, CASE WHEN keep_reason THEN NULL ELSE reason END, demo, ${stamp}, ${userId}
      FROM input WHERE expected = 0
      ON CONFLICT DO NOTHING
      RETURNING authority_code, period_id, version, status, returned_reason, demo, updated_at
    ),
    moved AS (
      UPDATE returns r SET status = i.status, version = r.version + 1,
        returned_reason = CASE WHEN i.keep_reason THEN r.returned_reason ELSE i.reason END,
        updated_at = ${stamp}, updated_by = ${userId}
      FROM input i
      WHERE i.expected > 0 AND r.authority_code = i.authority_code AND r.period_id = i.period_id AND r.version = i.expected
        AND (i.from_statuses IS NULL OR i.from_statuses ? r.status)
      RETURNING r.authority_code, r.period_id, r.version, r.status, r.returned_reason, r.demo, r.updated_at
    ),
    done AS (SELECT * FROM created UNION ALL SELECT * FROM moved),
    revisions AS (
      INSERT INTO return_revisions (authority_code, period_id, revision, status, figures, comment, created_at, created_by)
      SELECT d.authority_code, d.period_id, d.version, d.status, i.figures, i.comment, ${stamp}, ${userId}
      FROM done d JOIN input i ON i.authority_code = d.authority_code AND i.period_id = d.period_id
      RETURNING revision
    ),
    logged AS (
      INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail)
      SELECT ${stamp}, ${userId}, i.action, 'return', d.authority_code || '/' || d.period_id,
        jsonb_build_object('version', d.version, 'status', d.status)
          || CASE WHEN i.declaration IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('declaration', i.declaration) END
      FROM done d JOIN input i ON i.authority_code = d.authority_code AND i.period_id = d.period_id
    )
    SELECT done.*, authorities.name AS authority_name, saved.created_at AS saved_at, saved.created_by AS saved_by,
      saved.name AS saved_by_name, previous.figures AS previous_figures, previous.comment AS previous_comment
    FROM done JOIN authorities ON authorities.code = done.authority_code
    JOIN input i ON i.authority_code = done.authority_code AND i.period_id = done.period_id
    -- The quarter before, for the rules that compare (one statement instead of a second round trip).
    LEFT JOIN LATERAL (
      SELECT v.figures, v.comment FROM returns pr
      JOIN return_revisions v ON v.authority_code = pr.authority_code AND v.period_id = pr.period_id AND v.revision = pr.version
      WHERE ${withPrevious}::boolean AND pr.authority_code = done.authority_code AND pr.period_id = i.previous_period
    ) previous ON true
    -- A write that is not a draft leaves the figures as they were: who saved them last is read from the
    -- revisions before it (this statement's own revision is not visible here).
    LEFT JOIN LATERAL (
      SELECT rr.created_at, rr.created_by, u.name FROM return_revisions rr LEFT JOIN users u ON u.id = rr.created_by
      WHERE done.status <> 'draft' AND rr.authority_code = done.authority_code AND rr.period_id = done.period_id
        AND (rr.status = 'draft' OR rr.revision = 1)
      ORDER BY rr.revision DESC LIMIT 1
    ) saved ON true`,
  );
  return rowsOf<WrittenRow>(result)[0];
}

function toWrittenRecord(write: WriteRevision, row: WrittenRow): ReturnRecord {
  return {
    authorityCode: write.authorityCode,
    authorityName: row.authority_name,
    period: write.period,
    periodLabel: periodLabel(write.period),
    status: row.status,
    version: row.version,
    figures: fromStored(write.figures, write.comment),
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedBy: write.userId,
    updatedByName: null,
    ...(row.saved_at === null
      ? { savedAt: new Date(row.updated_at).toISOString(), savedBy: write.userId, savedByName: null }
      : { savedAt: new Date(row.saved_at).toISOString(), savedBy: row.saved_by, savedByName: row.saved_by_name }),
    returnedReason: row.returned_reason,
    demo: row.demo,
  };
}

/**
 * Appends a revision to one return and moves the return to it (see {@link writeOne}: one statement).
 * @returns the return as written, with the name of its authority.
 * @throws {HttpProblem} 409 when the version moved on (a concurrent edit) or the period is closed,
 *   404 when the period does not exist.
 */
export async function commitRevision(db: Db, write: WriteRevision): Promise<ReturnRecord> {
  const row = await writeOne(db, write);
  if (!row) throw await whyNotWritten(db, write);
  return toWrittenRecord(write, row);
}

/**
 * {@link commitRevision}, also answering the authority's return for the quarter before (as
 * {@link previousReturn} does), read in the same statement: what a save answers with.
 * @throws {HttpProblem} as {@link commitRevision}.
 */
export async function commitRevisionWithPrevious(
  db: Db,
  write: WriteRevision,
): Promise<{ record: ReturnRecord; previous: { period: string; figures: ReturnFigures } | null }> {
  const row = await writeOne(db, write, true);
  if (!row) throw await whyNotWritten(db, write);
  return {
    record: toWrittenRecord(write, row),
    previous:
      row.previous_figures === null
        ? null
        : {
            period: quarterBefore(write.period) as string,
            figures: fromStored(row.previous_figures, row.previous_comment),
          },
  };
}

/**
 * Why a write changed nothing: the authority is retired, the period is missing or closed, a newer
 * version was saved, or the return's status does not allow it.
 */
export async function whyNotWritten(db: Db, write: WriteRevision): Promise<HttpProblem> {
  try {
    await assertNotRetired(db, write.authorityCode);
    if (write.requireOpenPeriod) await assertRoundOpen(db, write.authorityCode, write.period);
  } catch (problem) {
    if (problem instanceof HttpProblem) return problem;
    throw problem;
  }
  const [current] = await db
    .select({ version: returns.version, status: returns.status })
    .from(returns)
    .where(and(eq(returns.authorityCode, write.authorityCode), eq(returns.periodId, write.period)));
  if (current && current.version === write.expectedVersion && write.fromStatuses?.includes(current.status) === false) {
    return (write.wrongStatus ?? invalidStatus)(current.status);
  }
  return conflict(current?.version ?? null, write.expectedVersion);
}

/** The return is in a status the change cannot start from. */
export function invalidStatus(current: ReturnStatus, detail?: string): HttpProblem {
  return new HttpProblem(409, {
    type: PROBLEM_TYPES.invalidStatus,
    title: `The return is ${current === 'returned' ? 'sent back' : current}`,
    detail: detail ?? `This cannot be done to a return that is ${current}.`,
  });
}

/** An accepted return is locked: a change needs the lead to send it back first. */
export const LOCKED_DETAIL =
  'The regional lead has accepted this return, so it is locked. If it needs a change, ask your regional lead to send it back.';

/**
 * {@link commitRevision}, returning only the new version number.
 * @throws {HttpProblem} as {@link commitRevision}.
 */
export async function writeRevision(db: Db, write: WriteRevision): Promise<number> {
  return (await commitRevision(db, write)).version;
}

/** The revisions of a return, oldest first (without figures). */
export async function listRevisions(db: Db, authorityCode: string, period: string) {
  const rows = await db
    .select({
      revision: returnRevisions.revision,
      status: returnRevisions.status,
      createdAt: returnRevisions.createdAt,
      createdBy: returnRevisions.createdBy,
      createdByName: users.name,
    })
    .from(returnRevisions)
    .leftJoin(users, eq(users.id, returnRevisions.createdBy))
    .where(and(eq(returnRevisions.authorityCode, authorityCode), eq(returnRevisions.periodId, period)))
    .orderBy(asc(returnRevisions.revision));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** One revision of a return with its figures, or null. */
export async function getRevision(db: Db, authorityCode: string, period: string, revision: number) {
  const [row] = await db
    .select({
      revision: returnRevisions.revision,
      status: returnRevisions.status,
      figures: returnRevisions.figures,
      comment: returnRevisions.comment,
      createdAt: returnRevisions.createdAt,
      createdBy: returnRevisions.createdBy,
      createdByName: users.name,
    })
    .from(returnRevisions)
    .leftJoin(users, eq(users.id, returnRevisions.createdBy))
    .where(
      and(
        eq(returnRevisions.authorityCode, authorityCode),
        eq(returnRevisions.periodId, period),
        eq(returnRevisions.revision, revision),
      ),
    );
  if (!row) return null;
  return {
    revision: row.revision,
    status: row.status,
    figures: fromStored(row.figures, row.comment),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    createdByName: row.createdByName,
  };
}
