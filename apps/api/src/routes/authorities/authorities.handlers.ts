import { requireUser } from '../../lib/auth.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { createAuthority, describeAuthority, updateAuthority } from '../../services/authorities.js';
import { authorityKey } from '../../services/authority-codes.js';
import type * as routes from './authorities.routes.js';

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { authority } = c.req.valid('param');
  return c.json(await describeAuthority(c.get('deps').database.db, await authorityKey(c, authority)), 200);
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const admin = requireUser(c);
  const { database, now } = c.get('deps');
  return c.json(await createAuthority(database.db, now, admin.id, c.req.valid('json')), 201);
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const admin = requireUser(c);
  const { authority } = c.req.valid('param');
  const { database, now } = c.get('deps');
  const key = await authorityKey(c, authority);
  return c.json(await updateAuthority(database.db, now, admin.id, key, c.req.valid('json')), 200);
};
