/**
 * Collection periods: the list as each user sees it (their region's status and due date, where its lead
 * set them), and an admin adding a period, opening or closing it for every region at once, and setting
 * its due date, audited.
 */
import { periodLabel, quarterEndDate } from '@csc-workforce/metrics-core';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { collectionRounds, periods } from '../db/schema.js';
import { audit } from '../lib/audit.js';
import { regionOfAuthority } from '../lib/auth.js';
import { HttpProblem, notFound } from '../lib/problem.js';
import type { CurrentUser } from '../lib/types.js';
import { regionRounds } from './rounds.js';

type Row = typeof periods.$inferSelect;

/** A period as the API answers it. */
const present = (row: Row) => ({
  id: row.id,
  label: periodLabel(row.id),
  status: row.status,
  dueDate: row.dueDate,
  quarterEnd: quarterEndDate(row.id),
});

/**
 * The periods, newest first. For a user of an authority or a region, each period's status and due
 * date are their region's (its collection round, when its lead opened, closed or dated it); for an
 * admin, the period's own, which applies to every region without a round of its own.
 */
export async function listPeriods(db: Db, user: CurrentUser) {
  const rows = await db.select().from(periods).orderBy(desc(periods.id));
  const region = user.regionCode ?? (user.authorityCode ? await regionOfAuthority(db, user.authorityCode) : null);
  const rounds = region ? await regionRounds(db, region) : new Map();
  return rows.map((row) => present({ ...row, ...(rounds.get(row.id) ?? {}) }));
}

/** A new period. */
export type NewPeriod = {
  readonly id: string;
  readonly status: Row['status'];
  readonly dueDate?: string | null | undefined;
};

/**
 * Adds a period, audited.
 * @throws {HttpProblem} 409 when it exists already.
 */
export async function createPeriod(db: Db, now: () => Date, userId: string, body: NewPeriod) {
  const [row] = await db
    .insert(periods)
    .values({ id: body.id, status: body.status, dueDate: body.dueDate ?? null, updatedAt: now() })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new HttpProblem(409, { detail: `The period ${body.id} exists already.` });
  await audit(db, { userId, action: 'create-period', entity: 'period', entityId: row.id, detail: body });
  return present(row);
}

/** A change of a period's status or due date. */
export type PeriodChange = {
  readonly status?: Row['status'] | undefined;
  readonly dueDate?: string | null | undefined;
};

/**
 * Changes a period's status or due date, audited. Opening or closing a period does it for every
 * region, whatever their leads set before (one transaction).
 * @throws {HttpProblem} 404 when there is no such period.
 */
export async function updatePeriod(db: Db, now: () => Date, userId: string, period: string, body: PeriodChange) {
  const [row] = await db.transaction(async (tx) => {
    const changed = await tx
      .update(periods)
      .set({
        ...(body.status ? { status: body.status } : {}),
        ...(body.dueDate !== undefined ? { dueDate: body.dueDate } : {}),
        updatedAt: now(),
      })
      .where(eq(periods.id, period))
      .returning();
    if (body.status && changed.length > 0) {
      await tx.update(collectionRounds).set({ status: body.status }).where(eq(collectionRounds.periodId, period));
    }
    return changed;
  });
  if (!row) throw notFound(`There is no collection period ${period}.`);
  const action = body.status === 'open' ? 'open-period' : body.status === 'closed' ? 'close-period' : 'update-period';
  await audit(db, { userId, action, entity: 'period', entityId: period, detail: body });
  return present(row);
}
