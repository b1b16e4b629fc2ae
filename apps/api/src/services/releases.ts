/**
 * Comparison releases (DESIGN section 6, "Releases, not live figures").
 *
 * A release is an immutable, dated snapshot of a period's counted returns (submitted or accepted, of
 * an authority not retired): for the period and the 4 quarters before it that its annual metrics read,
 * the revision of each return and the authority's region. Every figure of a group that holds
 * authorities the viewer may not see by name is computed from the period's latest release, so answers
 * change only when a release is made, never when one authority saves.
 *
 * The rule, and why:
 * - **First release, once per period, of every group at once.** A period is first released when its
 *   collection closes: when every region's round is closed, or `RELEASE_AFTER_DUE_DAYS` after the
 *   latest due date of its rounds, whichever comes first (so one region left open cannot hold
 *   England back for ever). Regions and England are released together, from one snapshot: were a
 *   region released before England, England's later release would differ from what was already seen
 *   by that region's late returns alone. A period with no counted return is not released.
 * - **Re-releases carry revisions** (sent back, saved after submitting, resubmitted, accepted later,
 *   an authority retired or moved, a late return, a quarter before it re-released). They are made on a
 *   schedule (`RELEASE_INTERVAL_DAYS` after the previous release, weekly by default) or at once by an
 *   admin, and each one takes only changes that are safe: for every group (England and each region)
 *   and every metric, the authorities whose result changed must number 0 or at least `MIN_GROUP_SIZE`,
 *   since the latest release and since every earlier release of the period (a change undone must not
 *   leave two releases that differ by fewer).
 *   Changes that would break this wait (the authorities concerned keep their previous contribution),
 *   and the selection is repeated until it holds; when nothing is left, no release is made.
 * - **Overlapping groups.** A re-release's change to England is the union of its changes to the
 *   regions, so subtracting a region's change from England's leaves other regions' changes, each of at
 *   least k authorities or none. Every group of a release comes from the same snapshot, so no two
 *   groups a viewer sees at one time mix two states of one authority.
 */
import {
  computeMetrics,
  METRIC_IDS,
  type MetricId,
  type MetricResult,
  type MetricResults,
  type PeriodId,
  periodLabel,
  periodWindow,
  type QuarterlyFigures,
} from '@csc-workforce/metrics-core';
import type { ComparisonRelease, ReleaseReason } from '@csc-workforce/schemas';
import { sql } from 'drizzle-orm';
import { type Db, executePrepared, rowsOf } from '../db/client.js';
import { comparisonReleases } from '../db/schema.js';
import { audit } from '../lib/audit.js';
import { londonDate } from '../lib/dates.js';
import type { StoredFigures } from './returns.js';

/** Quarters a release holds: the period and the 4 before it (annual metrics read 4, ASYE retention 5). */
export const RELEASE_QUARTERS = 5;

/** One counted return in a release. */
export interface ReleaseRow {
  readonly authorityCode: string;
  readonly periodId: string;
  readonly revision: number;
  readonly regionCode: string;
}

/** A release, without its contents. */
export interface ReleaseMeta {
  readonly id: number;
  readonly period: PeriodId;
  readonly sequence: number;
  readonly releasedAt: Date;
  readonly firstReleasedAt: Date;
  readonly reason: ReleaseReason;
  readonly releasedBy: string | null;
  readonly releasedByName: string | null;
  readonly returns: number;
  readonly changed: number | null;
}

/** What a release rule needs to know. */
export interface ReleaseSettings {
  readonly MIN_GROUP_SIZE: number;
  readonly RELEASE_INTERVAL_DAYS: number;
  readonly RELEASE_AFTER_DUE_DAYS: number;
}

const DAY_MS = 86_400_000;

const dateOf = (value: string | Date): Date => (value instanceof Date ? value : new Date(value));

/** "released 14 August 2024; revised 21 August 2024" (the revision only for a re-release). */
export function releaseLabel(release: Pick<ReleaseMeta, 'sequence' | 'releasedAt' | 'firstReleasedAt'>): string {
  const first = `released ${londonDate(release.firstReleasedAt)}`;
  return release.sequence > 1 ? `${first}; revised ${londonDate(release.releasedAt)}` : first;
}

interface MetaRow {
  id: string | number;
  period_id: string;
  sequence: number;
  released_at: string | Date;
  first_released_at: string | Date;
  reason: ReleaseReason;
  released_by: string | null;
  released_by_name: string | null;
  returns: number;
  changed: number | null;
}

const toMeta = (r: MetaRow): ReleaseMeta => ({
  id: Number(r.id),
  period: r.period_id as PeriodId,
  sequence: Number(r.sequence),
  releasedAt: dateOf(r.released_at),
  firstReleasedAt: dateOf(r.first_released_at),
  reason: r.reason,
  releasedBy: r.released_by,
  releasedByName: r.released_by_name,
  returns: Number(r.returns),
  changed: r.changed === null ? null : Number(r.changed),
});

const META_COLUMNS = sql`
  c.id, c.period_id, c.sequence, c.released_at, c.reason, c.released_by, c.returns, c.changed,
  u.name AS released_by_name,
  (SELECT f.released_at FROM comparison_releases f WHERE f.period_id = c.period_id AND f.sequence = 1) AS first_released_at`;

/** The latest release of every released period. */
export async function latestReleases(db: Db): Promise<Map<string, ReleaseMeta>> {
  const rows = rowsOf<MetaRow>(
    await db.execute(sql`
      SELECT ${META_COLUMNS}
      FROM (SELECT DISTINCT ON (period_id) * FROM comparison_releases ORDER BY period_id, sequence DESC) c
      LEFT JOIN users u ON u.id = c.released_by`),
  );
  return new Map(rows.map((r) => [r.period_id, toMeta(r)]));
}

/** Every release of a period, newest first. */
export async function releasesOf(db: Db, period: string): Promise<ReleaseMeta[]> {
  const rows = rowsOf<MetaRow>(
    await db.execute(sql`
      SELECT ${META_COLUMNS} FROM comparison_releases c LEFT JOIN users u ON u.id = c.released_by
      WHERE c.period_id = ${period} ORDER BY c.sequence DESC`),
  );
  return rows.map(toMeta);
}

interface RowRecord {
  authority_code: string;
  period_id: string;
  revision: number;
  region_code: string;
}
const toRow = (r: RowRecord): ReleaseRow => ({
  authorityCode: r.authority_code,
  periodId: r.period_id,
  revision: Number(r.revision),
  regionCode: r.region_code,
});

/** The contents of a release. */
export async function releaseRows(db: Db, releaseId: number): Promise<ReleaseRow[]> {
  return rowsOf<RowRecord>(
    await db.execute(sql`
      SELECT authority_code, period_id, revision, region_code FROM comparison_release_returns
      WHERE release_id = ${releaseId} ORDER BY period_id, authority_code`),
  ).map(toRow);
}

/**
 * What a release of `period` made now would hold, before the k rule: the period's counted returns as
 * they are now, and the 4 quarters before it as their latest releases hold them (a quarter not
 * released contributes nothing: its revisions are not public yet).
 */
async function candidateRows(db: Db, period: PeriodId): Promise<ReleaseRow[]> {
  const live = rowsOf<RowRecord>(await db.execute(liveRows(period)));
  const earlier = rowsOf<RowRecord>(await db.execute(releasedRowsBefore(period)));
  return [...live, ...earlier].map(toRow);
}

/** The period's counted returns as they are now: each return's revision and its authority's region. */
const liveRows = (period: PeriodId) => sql`
  SELECT r.authority_code, r.period_id, r.version AS revision, a.region_code
  FROM returns r JOIN authorities a ON a.code = r.authority_code
  WHERE r.period_id = ${period} AND r.status IN ('submitted', 'accepted') AND a.retired_at IS NULL`;

/** The rows of each of the 4 quarters before `period` in that quarter's latest release (none if never released). */
function releasedRowsBefore(period: PeriodId) {
  const before = periodWindow(period, RELEASE_QUARTERS).filter((p) => p !== period);
  return sql`
    SELECT rr.authority_code, rr.period_id, rr.revision, rr.region_code
    FROM (SELECT DISTINCT ON (period_id) id, period_id FROM comparison_releases
          WHERE period_id IN (${sql.join(
            before.map((p) => sql`${p}`),
            sql`, `,
          )})
          ORDER BY period_id, sequence DESC) l
    JOIN comparison_release_returns rr ON rr.release_id = l.id AND rr.period_id = l.period_id`;
}

const rowKey = (r: ReleaseRow) => `${r.periodId}|${r.revision}|${r.regionCode}`;

/** Each authority's rows, as one comparable key. */
function byAuthority(rows: readonly ReleaseRow[]): Map<string, ReleaseRow[]> {
  const out = new Map<string, ReleaseRow[]>();
  for (const row of rows) {
    const list = out.get(row.authorityCode) ?? [];
    list.push(row);
    out.set(row.authorityCode, list);
  }
  return out;
}

const signature = (rows: readonly ReleaseRow[] | undefined) => (rows ?? []).map(rowKey).sort().join(',');

/** Authorities whose rows differ between two snapshots. */
export function changedAuthorities(before: readonly ReleaseRow[], after: readonly ReleaseRow[]): Set<string> {
  const a = byAuthority(before);
  const b = byAuthority(after);
  const out = new Set<string>();
  for (const code of new Set([...a.keys(), ...b.keys()])) {
    if (signature(a.get(code)) !== signature(b.get(code))) out.add(code);
  }
  return out;
}

/** The stored figures of the revisions that rows name. */
async function figuresOf(db: Db, named: readonly ReleaseRow[]): Promise<Map<string, StoredFigures>> {
  const out = new Map<string, StoredFigures>();
  const rows = [...new Map(named.map((r) => [`${r.authorityCode}|${r.periodId}|${r.revision}`, r])).values()];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const found = rowsOf<{ authority_code: string; period_id: string; revision: number; figures: unknown }>(
      await db.execute(sql`
        SELECT v.authority_code, v.period_id, v.revision, v.figures
        FROM return_revisions v
        JOIN (VALUES ${sql.join(
          chunk.map((r) => sql`(${r.authorityCode}, ${r.periodId}, ${r.revision}::int)`),
          sql`, `,
        )}) AS t(a, p, n) ON v.authority_code = t.a AND v.period_id = t.p AND v.revision = t.n`),
    );
    for (const f of found) {
      const figures = typeof f.figures === 'string' ? (JSON.parse(f.figures) as StoredFigures) : f.figures;
      out.set(`${f.authority_code}|${f.period_id}|${Number(f.revision)}`, figures as StoredFigures);
    }
  }
  return out;
}

/** Figures as metrics-core reads them: the stored figures of one return, with its period. */
export function toQuarterly(period: string, figures: StoredFigures): QuarterlyFigures {
  const out: Record<string, unknown> = { period };
  for (const [field, value] of Object.entries(figures)) if (typeof value === 'number') out[field] = value;
  return out as unknown as QuarterlyFigures;
}

/** Every authority's results at `period` from a snapshot's rows (authorities with a return at the period). */
function resultsAt(
  rows: readonly ReleaseRow[],
  figures: ReadonlyMap<string, StoredFigures>,
  period: PeriodId,
): Map<string, { region: string; results: MetricResults }> {
  const out = new Map<string, { region: string; results: MetricResults }>();
  for (const [code, list] of byAuthority(rows)) {
    const own = list.find((r) => r.periodId === period);
    if (!own) continue;
    const history: QuarterlyFigures[] = [];
    for (const r of list) {
      const f = figures.get(`${r.authorityCode}|${r.periodId}|${r.revision}`);
      if (f) history.push(toQuarterly(r.periodId, f));
    }
    out.set(code, { region: own.regionCode, results: computeMetrics(history, period) });
  }
  return out;
}

/**
 * Whether a result contributes the same to its groups before and after: a result without a value
 * contributes nothing (groups summarise the members that have one), whatever its inputs.
 */
const sameResult = (a: MetricResult | undefined, b: MetricResult | undefined) => {
  const av = a?.value ?? null;
  const bv = b?.value ?? null;
  if (av === null || bv === null) return av === bv;
  return av === bv && a?.numerator === b?.numerator && a?.denominator === b?.denominator;
};

type Snapshot = ReadonlyMap<string, { region: string; results: MetricResults }>;

/**
 * The groups ('england', region codes) in which an authority's contribution to `metric` differs
 * between two snapshots: none when it keeps its result and its region (or has no value in either).
 * An authority that changes region changes both groups it was and is in (England only if its result
 * changed).
 */
function groupsChanged(
  b: { region: string; results: MetricResults } | undefined,
  a: { region: string; results: MetricResults } | undefined,
  metric: MetricId,
): string[] {
  const was = b?.results[metric];
  const is = a?.results[metric];
  const same = sameResult(was, is);
  // A result without a value is in no group; one that keeps its value and its region changes none.
  if (same && ((was?.value ?? null) === null || b?.region === a?.region)) return [];
  const regions = [...(was?.value != null && b ? [b.region] : []), ...(is?.value != null && a ? [a.region] : [])];
  return [...new Set([...(same ? [] : ['england']), ...regions])];
}

/** A release made before the latest: its results, for `codes` (the authorities whose rows differ from the latest's, or may). */
export interface EarlierSnapshot {
  readonly results: Snapshot;
  readonly codes: ReadonlySet<string>;
}

/**
 * The k rule: of the authorities in `changing`, those whose changes can be released together. For
 * every group (England, each region) and metric, the authorities whose result differs between the
 * new release and the latest (`before`) must number 0 or at least `k`, and so must those whose result
 * differs between the new release and each earlier release of the period (`earlier`): viewers keep
 * what they saw, so a change undone since must not leave fewer than k between any two releases. The
 * authorities of `changing` that take part in a group and metric with fewer are taken out (their
 * changes wait; against an earlier release, every chosen authority whose new or latest result
 * differs from it there, so that the group is left as the latest release had it), and the check is
 * repeated until it holds.
 *
 * `before` must hold the latest results of every authority in `changing` and in the `codes` of each
 * earlier snapshot; an authority outside them is the same in every snapshot.
 */
export function safeChanges(
  before: Snapshot,
  after: Snapshot,
  changing: ReadonlySet<string>,
  k: number,
  earlier: readonly EarlierSnapshot[] = [],
): Set<string> {
  const chosen = new Set(changing);
  const against: EarlierSnapshot[] = [{ results: before, codes: changing }, ...earlier];
  for (;;) {
    const out = new Set<string>();
    for (const metric of METRIC_IDS as readonly MetricId[]) {
      for (const then of against) {
        const differing = new Map<string, number>();
        const involved = new Map<string, string[]>();
        for (const code of new Set([...then.codes, ...chosen])) {
          const old = then.results.get(code);
          const latest = before.get(code);
          const now = chosen.has(code) ? after.get(code) : latest;
          const groups = groupsChanged(old, now, metric);
          for (const g of groups) differing.set(g, (differing.get(g) ?? 0) + 1);
          if (!chosen.has(code)) continue;
          for (const g of new Set([...groups, ...groupsChanged(old, latest, metric)])) {
            const list = involved.get(g) ?? [];
            list.push(code);
            involved.set(g, list);
          }
        }
        for (const [g, n] of differing) if (n < k) for (const code of involved.get(g) ?? []) out.add(code);
      }
    }
    if (out.size === 0) return chosen;
    for (const code of out) chosen.delete(code);
  }
}

/** A release made, or why none was. */
export type ReleaseOutcome =
  | { readonly made: true; readonly release: ReleaseMeta }
  | {
      readonly made: false;
      readonly reason: 'nothing-changed' | 'too-few-changes' | 'no-returns' | 'already-released' | 'not-due';
    };

/**
 * Stores what a release holds: one statement of five arrays (a release of 153 authorities holds 765
 * rows), which the database unnests; a multi-row VALUES of five parameters a row costs more to build,
 * send and plan than to store.
 */
async function insertReleaseRows(db: Db, releaseId: number, rows: readonly ReleaseRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    INSERT INTO comparison_release_returns (release_id, authority_code, period_id, revision, region_code)
    SELECT ${releaseId}, r.authority_code, r.period_id, r.revision, r.region_code
    FROM unnest(${sql.param(rows.map((r) => r.authorityCode))}::text[], ${sql.param(rows.map((r) => r.periodId))}::text[],
      ${sql.param(rows.map((r) => r.revision))}::integer[], ${sql.param(rows.map((r) => r.regionCode))}::text[])
      AS r(authority_code, period_id, revision, region_code)`);
}

/**
 * Makes a release of `period` now if the rule allows: a first release of whatever is counted, or a
 * re-release of the changes that are safe together (see {@link safeChanges}). Runs in one transaction
 * holding the period's row, so that two instances never release the same period twice; what the
 * reason claims is checked there too, against the releases as they are then (another instance may
 * have released the period since it was found due): a first release's reasons make none once the
 * period is released, and a scheduled one none before `intervalDays` after the latest.
 */
export async function makeRelease(
  db: Db,
  period: PeriodId,
  options: { reason: ReleaseReason; by: string | null; now: Date; k: number; intervalDays?: number },
): Promise<ReleaseOutcome> {
  return db.transaction(async (tx) => {
    // FOR NO KEY UPDATE: two releases of the period wait for each other, while saves of its returns
    // (whose foreign key takes a KEY SHARE lock on the period's row) go on meanwhile.
    await tx.execute(sql`SELECT id FROM periods WHERE id = ${period} FOR NO KEY UPDATE`);
    const [previous, ...older] = await releasesOf(tx, period);
    if (previous && (options.reason === 'collection-closed' || options.reason === 'due-date-passed'))
      return { made: false, reason: 'already-released' } as const;
    if (
      previous &&
      options.reason === 'scheduled' &&
      previous.releasedAt.getTime() + (options.intervalDays ?? 0) * DAY_MS > options.now.getTime()
    )
      return { made: false, reason: 'not-due' } as const;
    if (!previous) return firstRelease(tx, period, options);
    // A re-release: the changes that are safe to show (see the module's comment).
    const candidate = await candidateRows(tx, period);
    const before = await releaseRows(tx, previous.id);
    const changing = changedAuthorities(before, candidate);
    if (changing.size === 0) return { made: false, reason: 'nothing-changed' } as const;
    // Every earlier release, with the authorities whose rows differ between it and the latest.
    const earlierRows = [];
    for (const release of older) {
      const rows = await releaseRows(tx, release.id);
      earlierRows.push({ rows, codes: new Set([...changing, ...changedAuthorities(rows, before)]) });
    }
    const relevant = new Set([...changing, ...earlierRows.flatMap((e) => [...e.codes])]);
    const involved = [
      ...before,
      ...candidate.filter((r) => changing.has(r.authorityCode)),
      ...earlierRows.flatMap((e) => e.rows.filter((r) => e.codes.has(r.authorityCode))),
    ].filter((r) => relevant.has(r.authorityCode));
    const figures = await figuresOf(tx, involved);
    const was = resultsAt(
      before.filter((r) => relevant.has(r.authorityCode)),
      figures,
      period,
    );
    const will = resultsAt(
      candidate.filter((r) => changing.has(r.authorityCode)),
      figures,
      period,
    );
    const earlier = earlierRows.map((e) => ({
      results: resultsAt(
        e.rows.filter((r) => e.codes.has(r.authorityCode)),
        figures,
        period,
      ),
      codes: e.codes,
    }));
    const chosen = safeChanges(was, will, changing, options.k, earlier);
    if (chosen.size === 0) return { made: false, reason: 'too-few-changes' } as const;
    const rows = [
      ...before.filter((r) => !chosen.has(r.authorityCode)),
      ...candidate.filter((r) => chosen.has(r.authorityCode)),
    ];
    const changed = chosen.size;
    const returns = rows.filter((r) => r.periodId === period).length;
    const [release] = await tx
      .insert(comparisonReleases)
      .values({
        periodId: period,
        sequence: previous.sequence + 1,
        releasedAt: options.now,
        reason: options.reason,
        releasedBy: options.by,
        returns,
        changed,
      })
      .returning();
    if (!release) throw new Error('The release was not stored');
    await insertReleaseRows(tx, release.id, rows);
    await audit(tx, {
      userId: options.by,
      action: 're-release-comparison',
      entity: 'period',
      entityId: period,
      detail: { sequence: release.sequence, reason: options.reason, returns, changed },
      at: options.now,
    });
    const [meta] = await releasesOf(tx, period);
    return { made: true, release: meta as ReleaseMeta } as const;
  });
}

interface DueRow {
  id: string;
  all_closed: boolean;
  last_due: string | null;
}

/**
 * A period's first release, in one statement: the period's counted returns and the 4 quarters before
 * it as their latest releases hold them (what {@link candidateRows} reads), stored as they are read,
 * with its audit entry; none when the period has no counted return. The rows never leave the
 * database: a history import makes 80 first releases of 765 rows each in one request.
 */
async function firstRelease(
  tx: Db,
  period: PeriodId,
  options: { reason: ReleaseReason; by: string | null; now: Date },
): Promise<ReleaseOutcome> {
  const now = options.now.toISOString();
  const [row] = rowsOf<MetaRow>(
    await tx.execute(sql`
      WITH candidate AS (${liveRows(period)} UNION ALL ${releasedRowsBefore(period)}),
      release AS (
        INSERT INTO comparison_releases (period_id, sequence, released_at, reason, released_by, returns, changed)
        SELECT ${period}, 1, ${now}, ${options.reason}, ${options.by}, count(*), NULL
        FROM candidate WHERE period_id = ${period} HAVING count(*) > 0
        RETURNING *),
      stored AS (
        INSERT INTO comparison_release_returns (release_id, authority_code, period_id, revision, region_code)
        SELECT release.id, c.authority_code, c.period_id, c.revision, c.region_code FROM release, candidate c),
      logged AS (
        -- Logged when it is made (as a re-release is), whatever date the release carries.
        INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail)
        SELECT now(), ${options.by}, 'release-comparison', 'period', ${period},
          jsonb_build_object('sequence', 1, 'reason', ${options.reason}::text, 'returns', release.returns, 'changed', NULL)
        FROM release)
      SELECT c.id, c.period_id, c.sequence, c.released_at, c.reason, c.released_by, c.returns, c.changed,
        u.name AS released_by_name, c.released_at AS first_released_at
      FROM release c LEFT JOIN users u ON u.id = c.released_by`),
  );
  return row ? { made: true, release: toMeta(row) } : { made: false, reason: 'no-returns' };
}

/**
 * The periods whose first release is due: with a counted return, no release yet, and their collection
 * closed (every region's round) or their latest due date `afterDueDays` days or more in the past.
 * Oldest first, so that a period's release finds the quarters before it released.
 */
export async function firstReleasesDue(
  db: Db,
  now: Date,
  afterDueDays: number,
): Promise<{ period: PeriodId; reason: ReleaseReason }[]> {
  const rows = rowsOf<DueRow>(
    await db.execute(sql`
      SELECT p.id,
             bool_and(coalesce(cr.status, p.status) = 'closed') AS all_closed,
             max(coalesce(cr.due_date, p.due_date))::text AS last_due
      FROM periods p CROSS JOIN regions g
      LEFT JOIN collection_rounds cr ON cr.period_id = p.id AND cr.region_code = g.code
      WHERE NOT EXISTS (SELECT 1 FROM comparison_releases c WHERE c.period_id = p.id)
        AND EXISTS (SELECT 1 FROM returns r WHERE r.period_id = p.id AND r.status IN ('submitted', 'accepted'))
      GROUP BY p.id ORDER BY p.id`),
  );
  const out: { period: PeriodId; reason: ReleaseReason }[] = [];
  for (const r of rows) {
    if (r.all_closed) out.push({ period: r.id as PeriodId, reason: 'collection-closed' });
    else if (r.last_due && dateOf(`${r.last_due}T00:00:00Z`).getTime() + afterDueDays * DAY_MS <= now.getTime()) {
      out.push({ period: r.id as PeriodId, reason: 'due-date-passed' });
    }
  }
  return out;
}

/** The latest date by which a period not yet released will be: its latest due date plus the grace. */
export async function releaseExpectedBy(db: Db, period: string, afterDueDays: number): Promise<string | null> {
  const [row] = rowsOf<{ last_due: string | null }>(
    await executePrepared(
      db,
      'csc_release_expected_by',
      sql`
      SELECT max(coalesce(cr.due_date, p.due_date))::text AS last_due
      FROM periods p CROSS JOIN regions g
      LEFT JOIN collection_rounds cr ON cr.period_id = p.id AND cr.region_code = g.code
      WHERE p.id = ${period}`,
    ),
  );
  if (!row?.last_due) return null;
  return new Date(dateOf(`${row.last_due}T00:00:00Z`).getTime() + afterDueDays * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Makes every release that is due now: first releases of periods whose collection has closed, then
 * (unless `scheduled` is false: after a round closes) scheduled re-releases of periods released
 * `RELEASE_INTERVAL_DAYS` or more ago.
 * @returns the releases made.
 */
export async function makeDueReleases(
  db: Db,
  settings: ReleaseSettings,
  now: Date,
  options: { scheduled: boolean } = { scheduled: true },
): Promise<ReleaseMeta[]> {
  const made: ReleaseMeta[] = [];
  for (const due of await firstReleasesDue(db, now, settings.RELEASE_AFTER_DUE_DAYS)) {
    const outcome = await makeRelease(db, due.period, {
      reason: due.reason,
      by: null,
      now,
      k: settings.MIN_GROUP_SIZE,
    });
    if (outcome.made) made.push(outcome.release);
  }
  if (!options.scheduled) return made;
  const interval = settings.RELEASE_INTERVAL_DAYS * DAY_MS;
  for (const latest of [...(await latestReleases(db)).values()].sort((a, b) => a.period.localeCompare(b.period))) {
    if (latest.releasedAt.getTime() + interval > now.getTime()) continue;
    const outcome = await makeRelease(db, latest.period, {
      reason: 'scheduled',
      by: null,
      now,
      k: settings.MIN_GROUP_SIZE,
      intervalDays: settings.RELEASE_INTERVAL_DAYS,
    });
    if (outcome.made) made.push(outcome.release);
  }
  return made;
}

/** Changes waiting for the next release of a period: authorities whose contributions differ, per region. */
export async function pendingChanges(
  db: Db,
  period: PeriodId,
): Promise<{ changed: Set<string>; regionOf: Map<string, string> }> {
  const [latest] = await releasesOf(db, period);
  const candidate = await candidateRows(db, period);
  // Before the first release, what waits is the period's counted returns, not the quarters before it.
  const before = latest ? await releaseRows(db, latest.id) : [];
  const changed = latest
    ? changedAuthorities(before, candidate)
    : new Set(candidate.filter((r) => r.periodId === period).map((r) => r.authorityCode));
  const regionOf = new Map<string, string>();
  for (const r of [...before, ...candidate])
    if (changed.has(r.authorityCode)) regionOf.set(r.authorityCode, r.regionCode);
  return { changed, regionOf };
}

/** A release as the wire shows it; `regionCode` limits the regions listed to one (a lead's). */
export async function releaseOnWire(
  db: Db,
  release: ReleaseMeta,
  regions: readonly { code: string; name: string }[],
  previous: ReleaseMeta | undefined,
): Promise<ComparisonRelease> {
  const rows = await releaseRows(db, release.id);
  const before = previous ? await releaseRows(db, previous.id) : null;
  const changed = before ? changedAuthorities(before, rows) : null;
  const own = rows.filter((r) => r.periodId === release.period);
  const regionOfChanged = new Map<string, string>();
  for (const r of [...(before ?? []), ...rows])
    if (changed?.has(r.authorityCode)) regionOfChanged.set(r.authorityCode, r.regionCode);
  return {
    period: release.period,
    periodLabel: periodLabel(release.period),
    sequence: release.sequence,
    releasedAt: release.releasedAt.toISOString(),
    reason: release.reason,
    releasedByName: release.releasedByName,
    returns: release.returns,
    changed: release.changed,
    regions: regions.map((g) => ({
      code: g.code,
      name: g.name,
      returns: own.filter((r) => r.regionCode === g.code).length,
      changed: changed ? [...regionOfChanged.values()].filter((c) => c === g.code).length : null,
    })),
    label: releaseLabel(release),
  };
}

/**
 * The release loop of a server: checks for releases due every `RELEASE_CHECK_MINUTES`, and when asked
 * (after a round or period closes). Several instances may run it: a release is made in a transaction
 * holding its period's row, and the rule is checked again inside, so a period is never released twice.
 */
export class ReleaseScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly db: Db,
    private readonly settings: ReleaseSettings & { RELEASE_CHECK_MINUTES: number },
    private readonly now: () => Date,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): this {
    if (!this.timer) {
      this.timer = setInterval(() => void this.check(), this.settings.RELEASE_CHECK_MINUTES * 60_000);
      this.timer.unref();
      void this.check();
    }
    return this;
  }

  /** One pass; never throws (errors go to `onError`). */
  check(): Promise<unknown> {
    this.running ??= makeDueReleases(this.db, this.settings, this.now())
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Whether a collection period exists. */
export async function periodExists(db: Db, period: string): Promise<boolean> {
  const rows = rowsOf(await db.execute(sql`SELECT 1 FROM periods WHERE id = ${period}`));
  return rows.length > 0;
}

/** Every authority's name (retired ones included: a release may hold them), by code. */
export async function authorityNames(db: Db): Promise<Map<string, string>> {
  const rows = rowsOf<{ code: string; name: string }>(await db.execute(sql`SELECT code, name FROM authorities`));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/**
 * After a round or a period closes: makes the first releases that are now due. A failure is logged
 * (as errors are: never a query's values) and left to the next scheduled check; the close stands.
 */
export async function releaseClosedCollections(deps: {
  readonly database: { readonly db: Db };
  readonly env: ReleaseSettings;
  readonly now: () => Date;
  readonly logger: { log(level: 'error', message: string, fields?: Record<string, unknown>): void };
  readonly describeError: (error: unknown) => Record<string, unknown>;
}): Promise<void> {
  try {
    await makeDueReleases(deps.database.db, deps.env, deps.now(), { scheduled: false });
  } catch (error) {
    deps.logger.log('error', 'release after a close failed', deps.describeError(error));
  }
}
