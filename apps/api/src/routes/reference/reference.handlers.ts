import { asc, eq } from 'drizzle-orm';
import { authorities as authoritiesTable, regions as regionsTable } from '../../db/schema.js';
import { requireUser } from '../../lib/auth.js';
import type { AppRouteHandler } from '../../lib/types.js';
import type * as routes from './reference.routes.js';

export const regions: AppRouteHandler<typeof routes.regions> = async (c) => {
  requireUser(c);
  const rows = await c.get('deps').database.db.select().from(regionsTable).orderBy(asc(regionsTable.code));
  return c.json(rows, 200);
};

export const authorities: AppRouteHandler<typeof routes.authorities> = async (c) => {
  const user = requireUser(c);
  const { db } = c.get('deps').database;
  const base = db.select().from(authoritiesTable);
  const rows =
    user.role === 'admin'
      ? await base.orderBy(asc(authoritiesTable.name))
      : user.role === 'regional_lead'
        ? await base.where(eq(authoritiesTable.regionCode, user.regionCode ?? '')).orderBy(asc(authoritiesTable.name))
        : await base.where(eq(authoritiesTable.code, user.authorityCode ?? ''));
  return c.json(
    rows.map((r) => ({ code: r.code, name: r.name, regionCode: r.regionCode, retired: r.retiredAt !== null })),
    200,
  );
};
