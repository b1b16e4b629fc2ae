import { periodLabel, quarterEndDate } from '@csc-workforce/metrics-core';
import { desc, eq } from 'drizzle-orm';
import { periods } from '../../db/schema.js';
import { audit } from '../../lib/audit.js';
import { requireRole, requireUser } from '../../lib/auth.js';
import { HttpProblem, notFound } from '../../lib/problem.js';
import type { AppRouteHandler } from '../../lib/types.js';
import type * as routes from './periods.routes.js';

type Row = typeof periods.$inferSelect;
const present = (row: Row) => ({
  id: row.id,
  label: periodLabel(row.id),
  status: row.status,
  dueDate: row.dueDate,
  quarterEnd: quarterEndDate(row.id),
});

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  requireUser(c);
  const rows = await c.get('deps').database.db.select().from(periods).orderBy(desc(periods.id));
  return c.json(rows.map(present), 200);
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const user = requireRole(c, 'admin');
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
  const user = requireRole(c, 'admin');
  const { period } = c.req.valid('param');
  const body = c.req.valid('json');
  const { database, now } = c.get('deps');
  const [row] = await database.db
    .update(periods)
    .set({
      ...(body.status ? { status: body.status } : {}),
      ...(body.dueDate !== undefined ? { dueDate: body.dueDate } : {}),
      updatedAt: now(),
    })
    .where(eq(periods.id, period))
    .returning();
  if (!row) throw notFound(`There is no collection period ${period}.`);
  const action = body.status === 'open' ? 'open-period' : body.status === 'closed' ? 'close-period' : 'update-period';
  await audit(database.db, { userId: user.id, action, entity: 'period', entityId: period, detail: body });
  return c.json(present(row), 200);
};
