import type { AdminAuthority } from '@csc-workforce/schemas';
import { eq, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { authorities, regions } from '../../db/schema.js';
import { audit } from '../../lib/audit.js';
import { requireUser } from '../../lib/auth.js';
import { fieldProblem, notFound } from '../../lib/problem.js';
import type { AppRouteHandler } from '../../lib/types.js';
import type * as routes from './authorities.routes.js';

/** An authority as an admin sees it, or a 404. */
async function describe(db: Pick<Db, 'execute'>, code: string): Promise<AdminAuthority> {
  const [row] = rowsOf<{
    code: string;
    name: string;
    region_code: string;
    region_name: string;
    old_la_code: string | null;
    retired_at: string | Date | null;
    returns: number;
    users: number;
  }>(
    await db.execute(sql`
      SELECT a.code, a.name, a.region_code, r.name AS region_name, a.old_la_code, a.retired_at,
        (SELECT count(*)::int FROM returns x WHERE x.authority_code = a.code) AS returns,
        (SELECT count(*)::int FROM users u WHERE u.authority_code = a.code AND u.deactivated_at IS NULL) AS users
      FROM authorities a JOIN regions r ON r.code = a.region_code
      WHERE a.code = ${code}`),
  );
  if (!row) throw notFound(`There is no local authority ${code}.`);
  return {
    code: row.code,
    name: row.name,
    regionCode: row.region_code,
    regionName: row.region_name,
    oldLaCode: row.old_la_code,
    retired: row.retired_at !== null,
    retiredAt: row.retired_at === null ? null : new Date(row.retired_at).toISOString(),
    returns: Number(row.returns),
    users: Number(row.users),
  };
}

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { authority } = c.req.valid('param');
  return c.json(await describe(c.get('deps').database.db, authority), 200);
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const admin = requireUser(c);
  const body = c.req.valid('json');
  const { database, now } = c.get('deps');
  const created = await database.db.transaction(async (tx) => {
    const [region] = await tx.select().from(regions).where(eq(regions.code, body.regionCode));
    if (!region) throw fieldProblem(422, 'regionCode', `There is no region ${body.regionCode}`);
    const [row] = await tx
      .insert(authorities)
      .values({
        code: body.code,
        name: body.name,
        regionCode: body.regionCode,
        oldLaCode: body.oldLaCode ?? null,
        createdAt: now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw fieldProblem(409, 'code', `There is an authority with the code ${body.code} already`);
    await audit(tx, {
      userId: admin.id,
      action: 'create-authority',
      entity: 'authority',
      entityId: row.code,
      detail: { name: row.name, regionCode: row.regionCode, oldLaCode: row.oldLaCode },
    });
    return describe(tx, row.code);
  });
  return c.json(created, 201);
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const admin = requireUser(c);
  const { authority } = c.req.valid('param');
  const body = c.req.valid('json');
  const { database, now } = c.get('deps');
  const changed = await database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(authorities).where(eq(authorities.code, authority)).for('update');
    if (!before) throw notFound(`There is no local authority ${authority}.`);
    const entry = { userId: admin.id, entity: 'authority', entityId: authority } as const;
    if (body.name !== undefined && body.name !== before.name) {
      await tx.update(authorities).set({ name: body.name }).where(eq(authorities.code, authority));
      await audit(tx, { ...entry, action: 'rename-authority', detail: { before: before.name, after: body.name } });
    }
    if (body.retired !== undefined && body.retired !== (before.retiredAt !== null)) {
      await tx
        .update(authorities)
        .set({ retiredAt: body.retired ? now() : null })
        .where(eq(authorities.code, authority));
      await audit(tx, { ...entry, action: body.retired ? 'retire-authority' : 'reinstate-authority' });
    }
    return describe(tx, authority);
  });
  return c.json(changed, 200);
};
