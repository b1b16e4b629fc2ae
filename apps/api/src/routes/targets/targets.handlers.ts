import { requireUser } from '../../lib/auth.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { authorityKey } from '../../services/authority-codes.js';
import { deleteTarget, listTargets, setTarget } from '../../services/targets.js';
import type * as routes from './targets.routes.js';

// The path may name the authority by any of its codes, current or former: each is its key here.

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { authority } = c.req.valid('param');
  return c.json(await listTargets(c.get('deps').database.db, await authorityKey(c, authority)), 200);
};

export const set: AppRouteHandler<typeof routes.set> = async (c) => {
  const user = requireUser(c);
  const { authority, metric } = c.req.valid('param');
  const input = c.req.valid('json');
  const { database, now } = c.get('deps');
  const { target, created } = await setTarget(database.db, {
    authorityCode: await authorityKey(c, authority),
    metric,
    input,
    userId: user.id,
    at: now(),
  });
  return c.json(target, created ? 201 : 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const user = requireUser(c);
  const { authority, metric } = c.req.valid('param');
  await deleteTarget(c.get('deps').database.db, {
    authorityCode: await authorityKey(c, authority),
    metric,
    userId: user.id,
  });
  return c.body(null, 204);
};
