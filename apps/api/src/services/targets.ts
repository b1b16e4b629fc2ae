/**
 * An authority's targets (DESIGN section 4): per metric, a value to reach by a quarter, set by its
 * submitters (audited, with what it was before), read by its users and its region's lead, and shown
 * beside its comparisons.
 */
import { type MetricId, periodLabel } from '@csc-workforce/metrics-core';
import { PROBLEM_TYPES, type Target, type TargetInput, targetProblems } from '@csc-workforce/schemas';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { authorities, metricTargets, users } from '../db/schema.js';
import { audit } from '../lib/audit.js';
import { HttpProblem } from '../lib/problem.js';

/** A target as comparisons read it. */
export interface StoredTarget {
  readonly value: number;
  readonly by: string;
  readonly note: string | null;
}

type Row = typeof metricTargets.$inferSelect & { setByName: string | null };

const present = (row: Row): Target => ({
  authorityCode: row.authorityCode,
  metric: row.metric as MetricId,
  value: row.value,
  by: row.byPeriod,
  byLabel: periodLabel(row.byPeriod),
  note: row.note,
  setAt: row.setAt.toISOString(),
  setByName: row.setByName,
});

async function rowsOf(db: Db, authorityCode: string, metric?: MetricId): Promise<Row[]> {
  return db
    .select({
      // Shown by the authority's current code (services/authority-codes.ts).
      authorityCode: sql<string>`coalesce(${authorities.currentCode}, ${metricTargets.authorityCode})`,
      metric: metricTargets.metric,
      value: metricTargets.value,
      byPeriod: metricTargets.byPeriod,
      note: metricTargets.note,
      setAt: metricTargets.setAt,
      setBy: metricTargets.setBy,
      setByName: users.name,
    })
    .from(metricTargets)
    .leftJoin(users, eq(users.id, metricTargets.setBy))
    .leftJoin(authorities, eq(authorities.code, metricTargets.authorityCode))
    .where(
      metric === undefined
        ? eq(metricTargets.authorityCode, authorityCode)
        : and(eq(metricTargets.authorityCode, authorityCode), eq(metricTargets.metric, metric)),
    )
    .orderBy(metricTargets.metric);
}

/** @throws {HttpProblem} 409 for a retired authority: its targets are kept as they are. */
async function assertNotRetired(db: Db, authorityCode: string): Promise<void> {
  const [authority] = await db
    .select({ retiredAt: authorities.retiredAt })
    .from(authorities)
    .where(eq(authorities.code, authorityCode));
  if (authority?.retiredAt) {
    throw new HttpProblem(409, {
      type: PROBLEM_TYPES.authorityRetired,
      detail: 'The authority is retired: its targets are kept as they are and cannot be changed.',
    });
  }
}

/** An authority's targets, by metric id. */
export async function listTargets(db: Db, authorityCode: string): Promise<Target[]> {
  return (await rowsOf(db, authorityCode)).map(present);
}

/**
 * Sets an authority's target for a metric, replacing the one it had (audited with both).
 * @throws {HttpProblem} 422 for a value the metric cannot take; 409 for a retired authority.
 */
export async function setTarget(
  db: Db,
  options: { authorityCode: string; metric: MetricId; input: TargetInput; userId: string; at: Date },
): Promise<{ target: Target; created: boolean }> {
  const problems = targetProblems(options.metric, options.input);
  if (problems.length > 0) {
    throw new HttpProblem(422, {
      type: PROBLEM_TYPES.validation,
      title: 'The request has errors',
      detail: problems.map((p) => p.message).join('; '),
      errors: problems,
    });
  }
  const note = options.input.note?.trim() || null;
  return db.transaction(async (tx) => {
    await assertNotRetired(tx as unknown as Db, options.authorityCode);
    const [before] = await tx
      .select()
      .from(metricTargets)
      .where(and(eq(metricTargets.authorityCode, options.authorityCode), eq(metricTargets.metric, options.metric)));
    const values = {
      authorityCode: options.authorityCode,
      metric: options.metric,
      value: options.input.value,
      byPeriod: options.input.by,
      note,
      setAt: options.at,
      setBy: options.userId,
    };
    await tx
      .insert(metricTargets)
      .values(values)
      .onConflictDoUpdate({
        target: [metricTargets.authorityCode, metricTargets.metric],
        set: { value: values.value, byPeriod: values.byPeriod, note, setAt: values.setAt, setBy: values.setBy },
      });
    await audit(tx, {
      userId: options.userId,
      action: 'set-target',
      entity: 'target',
      entityId: `${options.authorityCode}/${options.metric}`,
      detail: {
        value: values.value,
        by: values.byPeriod,
        note,
        before: before ? { value: before.value, by: before.byPeriod, note: before.note } : null,
      },
    });
    const [row] = await rowsOf(tx as unknown as Db, options.authorityCode, options.metric);
    if (!row) throw new Error('The target was set but cannot be read back');
    return { target: present(row), created: before === undefined };
  });
}

/**
 * Removes an authority's target for a metric (audited).
 * @throws {HttpProblem} 404 when it has none; 409 for a retired authority.
 */
export async function deleteTarget(
  db: Db,
  options: { authorityCode: string; metric: MetricId; userId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await assertNotRetired(tx as unknown as Db, options.authorityCode);
    const [removed] = await tx
      .delete(metricTargets)
      .where(and(eq(metricTargets.authorityCode, options.authorityCode), eq(metricTargets.metric, options.metric)))
      .returning();
    if (!removed) throw new HttpProblem(404, { detail: `No target for ${options.metric} to remove.` });
    await audit(tx, {
      userId: options.userId,
      action: 'delete-target',
      entity: 'target',
      entityId: `${options.authorityCode}/${options.metric}`,
      detail: { value: removed.value, by: removed.byPeriod, note: removed.note },
    });
  });
}

/** The targets of some authorities, by authority and metric (for comparisons). */
export async function targetsOf(db: Db, codes: readonly string[]): Promise<Map<string, Map<MetricId, StoredTarget>>> {
  const out = new Map<string, Map<MetricId, StoredTarget>>();
  if (codes.length === 0) return out;
  const rows = await db
    .select()
    .from(metricTargets)
    .where(inArray(metricTargets.authorityCode, [...codes]));
  for (const row of rows) {
    const of = out.get(row.authorityCode) ?? new Map<MetricId, StoredTarget>();
    of.set(row.metric as MetricId, { value: row.value, by: row.byPeriod, note: row.note });
    out.set(row.authorityCode, of);
  }
  return out;
}
