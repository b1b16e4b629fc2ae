/**
 * A regional lead's import of the region's history (an admin's, of any region): one CSV/XLSX of many
 * authorities × quarters, the template's columns (authority_code, period, the figures, comment). All
 * or nothing, in one transaction, every row checked in one pass before anything is written:
 * - each row's authority must be of the lead's region (any, for an admin) and not retired; its quarter
 *   must have ended, and its collection must not be open for the region (an open round's returns come
 *   from the authorities); a quarter the exchange has no period for gets a closed period;
 * - the figures are checked as a submitted return's are (every error refuses the row; warnings are
 *   recorded, not refused: the history is as it was);
 * - each return is written as a new revision, accepted, by the lead on the authority's behalf, with its
 *   own audit entry (`import-return-on-behalf`), in one statement for the whole file;
 * - a return the authority saved itself (any revision that is not an accepted one written on its
 *   behalf) is kept as it is, unless the import is asked to replace it (`replace`).
 * What follows for the comparisons: see {@link releaseAfterHistory}.
 */
import { FIGURE_FIELDS, periodLabel, quarterEndDate } from '@csc-workforce/metrics-core';
import {
  type HistoryImportSummary,
  type Issue,
  PROBLEM_TYPES,
  type ProblemError,
  type ReturnStatus,
} from '@csc-workforce/schemas';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { auditLog, authorities, periods } from '../db/schema.js';
import { audit } from '../lib/audit.js';
import { londonToday } from '../lib/dates.js';
import { HttpProblem } from '../lib/problem.js';
import { writeBulkRevisions } from './bulk-revisions.js';
import { firstReleasesDue, latestReleases, makeRelease, type ReleaseSettings } from './releases.js';
import { type StoredReturn, storedReturns, toStored } from './returns.js';
import { IMPORT_LIMITS, type ImportLimits, importProblem, PERIOD_COLUMN, quote } from './spreadsheets.js';
import {
  type CheckedFile,
  type CheckedRow,
  cellText,
  checkGridWith,
  sortErrors,
  validatedFigures,
  type Where,
} from './spreadsheets-import.js';
import type { CellInput, Grid } from './spreadsheets-read.js';

/** The audit action of each return a history import writes. */
export const ON_BEHALF_ACTION = 'import-return-on-behalf';

/**
 * The limits of a history import: a region's years of quarters (153 authorities × 80 quarters is
 * 12,240 rows), otherwise those of an authority's import.
 */
export const HISTORY_LIMITS: ImportLimits = {
  ...IMPORT_LIMITS,
  maxFileBytes: 20 * 1024 * 1024,
  maxRows: 20_000,
  maxCells: 1_200_000,
  maxRowElements: 60_000,
};

/** An authority as the import checks it. */
interface AuthorityRef {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly retired: boolean;
}

/** Who imports: a lead's region, or null for an admin (any region). */
export interface HistoryContext {
  readonly regionCode: string | null;
  readonly userId: string;
  readonly at: Date;
  readonly maxErrors: number;
  /** Replace the returns the authorities saved themselves. */
  readonly replace: boolean;
  /** Check only: the summary of what the import would do, nothing saved. */
  readonly dryRun: boolean;
}

/** Every authority, by code (read once per import). */
async function authoritiesByCode(db: Db): Promise<Map<string, AuthorityRef>> {
  const rows = rowsOf<{ code: string; name: string; region_code: string; region_name: string; retired: boolean }>(
    await db.execute(sql`
      SELECT a.code, a.name, a.region_code, g.name AS region_name, a.retired_at IS NOT NULL AS retired
      FROM authorities a JOIN regions g ON g.code = a.region_code`),
  );
  return new Map(
    rows.map((r) => [
      r.code,
      { code: r.code, name: r.name, regionCode: r.region_code, regionName: r.region_name, retired: r.retired },
    ]),
  );
}

/** The authorities of a region not retired (of every region for null), by name: the template's rows. */
export async function historyAuthorities(db: Db, regionCode: string | null): Promise<{ code: string; name: string }[]> {
  return db
    .select({ code: authorities.code, name: authorities.name })
    .from(authorities)
    .where(
      regionCode === null
        ? isNull(authorities.retiredAt)
        : and(eq(authorities.regionCode, regionCode), isNull(authorities.retiredAt)),
    )
    .orderBy(asc(authorities.name));
}

/** The row's authority: one of the importer's region (any for an admin), not retired; else an error. */
function checkRegionAuthority(
  cell: CellInput,
  at: Where,
  errors: ProblemError[],
  authorities: ReadonlyMap<string, AuthorityRef>,
  regionCode: string | null,
): string | undefined {
  const text = cellText(cell).trim();
  const code = text.toUpperCase();
  const authority = authorities.get(code);
  const error = (message: string) => {
    errors.push({ row: at.row, column: 'authority_code', message });
    return undefined;
  };
  if (text === '') return error("Enter the authority's ONS code, such as E08000026.");
  if (!authority) return error(`${quote(text)} is not the ONS code of an authority of the exchange.`);
  if (regionCode !== null && authority.regionCode !== regionCode) {
    return error(
      `${authority.name} (${code}) is not in your region: you can import the returns of your own region's authorities only.`,
    );
  }
  if (authority.retired) {
    return error(`${authority.name} is retired: its returns are kept as they are and cannot be changed.`);
  }
  return code;
}

/** A submitted return may have no error; a warning without its comment is recorded, not refused. */
const refusesHistory = (issue: Issue) => issue.code !== WARNING_WITHOUT_COMMENT;
const WARNING_WITHOUT_COMMENT = 'E022';

/**
 * Checks every row of a history file without writing anything: the header, each row's authority
 * (see {@link checkRegionAuthority}), period and figures at the submit stage.
 */
export async function checkHistoryGrid(db: Db, grid: Grid, regionCode: string | null): Promise<CheckedFile> {
  const authorities = await authoritiesByCode(db);
  return checkGridWith(grid, {
    authority: (cell, at, errors) => checkRegionAuthority(cell, at, errors, authorities, regionCode),
    figures: validatedFigures('submit', refusesHistory),
    manyAuthorities: true,
  });
}

interface PeriodStatusRow {
  period_id: string;
  region_code: string;
  status: 'open' | 'closed';
}

/** The status of each period of the file for each region (absent: no such period). */
async function periodStatuses(db: Db, periodIds: readonly string[]): Promise<Map<string, 'open' | 'closed'>> {
  const rows = rowsOf<PeriodStatusRow>(
    await db.execute(sql`
      SELECT p.id AS period_id, g.code AS region_code, coalesce(cr.status, p.status) AS status
      FROM periods p CROSS JOIN regions g
      LEFT JOIN collection_rounds cr ON cr.period_id = p.id AND cr.region_code = g.code
      WHERE p.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(periodIds)}::jsonb))`),
  );
  return new Map(rows.map((r) => [`${r.region_code}/${r.period_id}`, r.status]));
}

/** The returns (authority/period) of the file's periods that the authority saved itself: a revision not accepted. */
async function authoritysOwn(db: Db, codes: readonly string[], periodIds: readonly string[]): Promise<Set<string>> {
  const rows = rowsOf<{ key: string }>(
    await db.execute(sql`
      SELECT DISTINCT authority_code || '/' || period_id AS key FROM return_revisions
      WHERE status <> 'accepted'
        AND authority_code IN (SELECT jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))
        AND period_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(periodIds)}::jsonb))`),
  );
  return new Set(rows.map((r) => r.key));
}

function sameFigures(row: CheckedRow, record: StoredReturn): boolean {
  const { stored, comment } = toStored(record.figures);
  return (
    comment === row.comment && FIGURE_FIELDS.every((field) => (stored[field] ?? null) === (row.figures[field] ?? null))
  );
}

type Outcome = 'created' | 'updated' | 'unchanged' | 'kept';

interface Plan {
  readonly row: CheckedRow;
  readonly outcome: Outcome;
  readonly current: StoredReturn | undefined;
}

/** Another save of a return happened during the import: nothing is imported. */
function concurrentChange(): HttpProblem {
  return new HttpProblem(409, {
    type: PROBLEM_TYPES.conflict,
    title: 'Someone else changed a return during the import',
    detail:
      'A return of the file was saved by someone else while the file was being imported. Nothing was imported: upload the file again.',
  });
}

/**
 * Writes every return of the plan as a new revision, accepted, by the importer, with an audit entry
 * each (see {@link writeBulkRevisions}). An update applies only to the version read; a create only
 * where there is no return: any other outcome means a concurrent save, and the caller's transaction
 * is undone.
 * @throws {HttpProblem} 409 on a concurrent save.
 */
async function writeOnBehalf(db: Db, plans: readonly Plan[], context: HistoryContext): Promise<void> {
  const refused = await writeBulkRevisions(
    db,
    plans.map((plan) => ({
      authorityCode: plan.row.authorityCode,
      period: plan.row.period,
      expectedVersion: plan.current?.version ?? 0,
      figures: plan.row.figures,
      comment: plan.row.comment,
    })),
    {
      status: 'accepted',
      action: ON_BEHALF_ACTION,
      userId: context.userId,
      at: context.at,
      clearReason: true,
      requireOpenPeriod: false,
      refuseRetired: false,
    },
  );
  if (refused >= 0) throw concurrentChange();
}

/** Thrown inside the transaction of a dry run, to undo it. */
class DryRun extends Error {
  constructor(readonly summary: HistoryImportSummary) {
    super('dry run');
  }
}

/**
 * Checks a history file against what is stored and writes it, in one transaction (rolled back for a
 * dry run): see the module's comment.
 * @returns what was (or would be) done; `released` and `awaitingRelease` are filled in by
 *   {@link releaseAfterHistory}.
 * @throws {HttpProblem} 422 listing every error of the file (nothing written); 409 when another save of
 *   one of the returns happened during the import (nothing written).
 */
export async function applyHistory(db: Db, file: CheckedFile, context: HistoryContext): Promise<HistoryImportSummary> {
  try {
    return await db.transaction(async (tx) => {
      const summary = await applyInTransaction(tx, file, context);
      if (context.dryRun) throw new DryRun(summary);
      return summary;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.summary;
    throw error;
  }
}

async function applyInTransaction(db: Db, file: CheckedFile, context: HistoryContext): Promise<HistoryImportSummary> {
  const authorities = await authoritiesByCode(db);
  const periodIds = [...new Set(file.rows.map((r) => r.period))].sort();
  const statuses = await periodStatuses(db, periodIds);
  const existing = new Set([...statuses.keys()].map((key) => key.slice(key.indexOf('/') + 1)));
  const today = londonToday(context.at);
  const errors: ProblemError[] = [...file.errors];
  const toCreate = new Set<string>();
  for (const row of file.rows) {
    const label = periodLabel(row.period);
    if (!existing.has(row.period)) {
      if (quarterEndDate(row.period) >= today) {
        errors.push({
          row: row.row,
          column: PERIOD_COLUMN,
          message: `${label} has not ended yet: a history import takes quarters that have ended (its returns come from the authority).`,
        });
      } else toCreate.add(row.period);
      continue;
    }
    const authority = authorities.get(row.authorityCode) as AuthorityRef;
    if (statuses.get(`${authority.regionCode}/${row.period}`) === 'open') {
      errors.push({
        row: row.row,
        column: PERIOD_COLUMN,
        message: `The collection of ${label} is open in ${authority.regionName}: its returns come from the authorities. Import closed periods only.`,
      });
    }
  }
  if (errors.length > 0) throw importProblem(sortErrors(errors, file.columnOrder), context.maxErrors);
  const codes = [...new Set(file.rows.map((r) => r.authorityCode))];
  const records =
    context.regionCode === null
      ? await storedReturns(db, { authorityCodes: codes, periods: periodIds })
      : await storedReturns(db, { regionCode: context.regionCode, periods: periodIds });
  const current = new Map(records.map((r) => [`${r.authorityCode}/${r.period}`, r]));
  const own = await authoritysOwn(db, codes, periodIds);
  const plans: Plan[] = file.rows.map((row) => {
    const key = `${row.authorityCode}/${row.period}`;
    const record = current.get(key);
    if (!record) return { row, outcome: 'created', current: undefined };
    if (own.has(key) && !context.replace) return { row, outcome: 'kept', current: record };
    if (record.status === 'accepted' && sameFigures(row, record)) return { row, outcome: 'unchanged', current: record };
    return { row, outcome: 'updated', current: record };
  });

  const periodsCreated = [...toCreate].sort();
  const summary = {
    ...summarise(plans, authorities, periodsCreated, context),
    rows: file.rows.length + file.skipped,
    skipped: file.skipped,
  };
  // A check writes nothing: the plan is the answer (and the transaction is undone all the same).
  if (context.dryRun) return summary;
  if (periodsCreated.length > 0) {
    await db
      .insert(periods)
      .values(periodsCreated.map((id) => ({ id, status: 'closed' as const, dueDate: null, updatedAt: context.at })));
    await db.insert(auditLog).values(
      periodsCreated.map((id) => ({
        userId: context.userId,
        action: 'create-period',
        entity: 'period',
        entityId: id,
        detail: { id, status: 'closed', dueDate: null, by: 'history-import' },
        at: context.at,
      })),
    );
  }
  const writes = plans.filter((p) => p.outcome === 'created' || p.outcome === 'updated');
  await writeOnBehalf(db, writes, context);
  await audit(db, {
    userId: context.userId,
    action: 'import-history',
    entity: 'region',
    entityId: context.regionCode ?? 'all',
    detail: {
      rows: file.rows.length,
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      kept: summary.kept,
      replace: context.replace,
      authorities: summary.authorities.length,
      periodsCreated: periodsCreated.length,
    },
    at: context.at,
  });
  return summary;
}

function summarise(
  plans: readonly Plan[],
  authorities: ReadonlyMap<string, AuthorityRef>,
  periodsCreated: string[],
  context: HistoryContext,
): HistoryImportSummary {
  const byAuthority = new Map<string, HistoryImportSummary['authorities'][number]>();
  const count = { created: 0, updated: 0, unchanged: 0, kept: 0 };
  const keptReturns: HistoryImportSummary['keptReturns'] = [];
  for (const plan of plans) {
    const code = plan.row.authorityCode;
    let entry = byAuthority.get(code);
    if (!entry) {
      const name = authorities.get(code)?.name ?? code;
      entry = { authorityCode: code, authorityName: name, created: 0, updated: 0, unchanged: 0, kept: 0 };
      byAuthority.set(code, entry);
    }
    entry[plan.outcome] += 1;
    count[plan.outcome] += 1;
    if (plan.outcome === 'kept' && plan.current) {
      keptReturns.push({
        row: plan.row.row,
        authorityCode: code,
        period: plan.row.period,
        periodLabel: periodLabel(plan.row.period),
        status: plan.current.status as ReturnStatus,
      });
    }
  }
  return {
    dryRun: context.dryRun,
    rows: plans.length,
    ...count,
    skipped: 0,
    warnings: plans.filter((p) => p.outcome !== 'kept' && p.row.warnings > 0).length,
    authorities: [...byAuthority.values()].sort((a, b) => a.authorityName.localeCompare(b.authorityName)),
    keptReturns,
    periodsCreated,
    released: [],
    awaitingRelease: [],
  };
}

/**
 * What follows an import for the comparisons (DESIGN section 6, services/releases.ts). The periods it
 * filled are mostly closed, so their releases follow the release rule as it stands:
 * - a period of the file not released yet whose first release is due (its collection closed in every
 *   region, as for every period the import created, or its due date long past) has it made now,
 *   oldest first, as after a round closes: a first release shows every group at once from one snapshot, so a whole region's
 *   history arriving together is what it is made for, and trends then start full;
 * - a period released before gets the imported returns as revisions, and those wait for the next
 *   re-release (scheduled every RELEASE_INTERVAL_DAYS, or an admin's "release now"), which takes them
 *   only when at least MIN_GROUP_SIZE authorities of each group changed: releasing them at once would
 *   let the import's changes be told apart from the previous answers by anyone who looked before and
 *   after, which is what the re-release rule exists to prevent.
 * A release that fails is logged and left to the next scheduled check; the import stands.
 */
export async function releaseAfterHistory(
  deps: {
    readonly database: { readonly db: Db };
    readonly env: ReleaseSettings;
    readonly now: () => Date;
    readonly logger: { log(level: 'error', message: string, fields?: Record<string, unknown>): void };
  },
  summary: HistoryImportSummary,
  filePeriods: readonly string[],
  describeError: (error: unknown) => Record<string, unknown>,
): Promise<HistoryImportSummary> {
  const db = deps.database.db;
  const periodsOfFile = new Set(filePeriods);
  const released: string[] = [];
  if (!summary.dryRun && summary.created + summary.updated > 0) {
    try {
      const settings = deps.env;
      const due = await firstReleasesDue(db, deps.now(), settings.RELEASE_AFTER_DUE_DAYS);
      for (const { period, reason } of due.filter((d) => periodsOfFile.has(d.period))) {
        const outcome = await makeRelease(db, period, {
          reason,
          by: null,
          now: deps.now(),
          k: settings.MIN_GROUP_SIZE,
        });
        if (outcome.made) released.push(period);
      }
    } catch (error) {
      deps.logger.log('error', 'release after a history import failed', describeError(error));
    }
  }
  const latest = await latestReleases(db);
  const justReleased = new Set(released);
  const awaitingRelease = [...periodsOfFile].filter((p) => latest.has(p) && !justReleased.has(p)).sort();
  return { ...summary, released: released.sort(), awaitingRelease };
}
