import { periodLabel, quarterEndDate } from '@csc-workforce/metrics-core';
import { desc, eq } from 'drizzle-orm';
import { collectionRounds, periods } from '../../db/schema.js';
import { audit } from '../../lib/audit.js';
import { regionOfAuthority, requireUser } from '../../lib/auth.js';
import { describeError } from '../../lib/create-app.js';
import { HttpProblem, notFound } from '../../lib/problem.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { releaseClosedCollections } from '../../services/releases.js';
import { regionRounds } from '../../services/rounds.js';
import type * as routes from './periods.routes.js';

type Row = typeof periods.$inferSelect;
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
export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const user = requireUser(c);
  const { db } = c.get('deps').database;
  const rows = await db.select().from(periods).orderBy(desc(periods.id));
  const region = user.regionCode ?? (user.authorityCode ? await regionOfAuthority(db, user.authorityCode) : null);
  const rounds = region ? await regionRounds(db, region) : new Map();
  return c.json(
    rows.map((row) => present({ ...row, ...(rounds.get(row.id) ?? {}) })),
    200,
  );
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const user = requireUser(c);
  const body = c.req.valid('json');
  const { database, now } = c.get('deps');
  const [row] = await database.db
    .insert(periods)
    .values({ id: body.id, status: body.status, dueDate: body.dueDate ?? null, updatedAt: now() })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new HttpProblem(409, { detail: `The period ${body.id} exists already.` });
  await audit(database.db, {
    userId: user.id,
    action: 'create-period',
    entity: 'period',
    entityId: row.id,
    detail: body,
  });
  return c.json(present(row), 201);
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const user = requireUser(c);
  const { period } = c.req.valid('param');
  const body = c.req.valid('json');
  const { database, now } = c.get('deps');
  const [row] = await database.db.transaction(async (tx) => {
    const changed = await tx
      .update(periods)
      .set({
        ...(body.status ? { status: body.status } : {}),
        ...(body.dueDate !== undefined ? { dueDate: body.dueDate } : {}),
        updatedAt: now(),
      })
      .where(eq(periods.id, period))
      .returning();
    // Opening or closing a period does it for every region, whatever their leads set before.
    if (body.status && changed.length > 0) {
      await tx.update(collectionRounds).set({ status: body.status }).where(eq(collectionRounds.periodId, period));
    }
    return changed;
  });
  if (!row) throw notFound(`There is no collection period ${period}.`);
  const action = body.status === 'open' ? 'open-period' : body.status === 'closed' ? 'close-period' : 'update-period';
  await audit(database.db, { userId: user.id, action, entity: 'period', entityId: period, detail: body });
  // Closing a period closes every region's round: its first release is then due.
  if (row.status === 'closed') await releaseClosedCollections({ ...c.get('deps'), describeError });
  return c.json(present(row), 200);
};
