import type { Context } from 'hono';
import { requireUser } from '../../lib/auth.js';
import { notFound } from '../../lib/problem.js';
import type { AppBindings, AppRouteHandler } from '../../lib/types.js';
import { authorityKey } from '../../services/authority-codes.js';
import { mailDeliveryFor } from '../../services/mail/index.js';
import {
  deactivateUser,
  inviteUser,
  reactivateUser,
  resendInvitation as resendInvitationTo,
  updateUser,
} from '../../services/user-changes.js';
import { getUser, listUsers } from '../../services/users.js';
import type * as routes from './users.routes.js';

/** A body's authority by its key: the admin may name it by any of its codes, current or former. */
async function withAuthorityKey<T extends { authorityCode?: string | null | undefined }>(
  c: Context<AppBindings>,
  body: T,
): Promise<T> {
  const code = body.authorityCode;
  return typeof code === 'string' ? { ...body, authorityCode: await authorityKey(c, code) } : body;
}

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const query = c.req.valid('query');
  const { database, now } = c.get('deps');
  const authority = query.authority === undefined ? undefined : await authorityKey(c, query.authority);
  return c.json(await listUsers(database.db, { ...query, authority }, now()), 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid('param');
  const { database, now } = c.get('deps');
  const user = await getUser(database.db, id, now());
  if (!user) throw notFound(`There is no user ${id}.`);
  return c.json(user, 200);
};

export const invite: AppRouteHandler<typeof routes.invite> = async (c) => {
  const admin = requireUser(c);
  const deps = c.get('deps');
  const created = await inviteUser(deps.database.db, deps, admin, await withAuthorityKey(c, c.req.valid('json')));
  mailDeliveryFor(deps)?.kick();
  return c.json(created, 201);
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const admin = requireUser(c);
  const { id } = c.req.valid('param');
  const { database, now } = c.get('deps');
  return c.json(await updateUser(database.db, now, admin, id, await withAuthorityKey(c, c.req.valid('json'))), 200);
};

export const deactivate: AppRouteHandler<typeof routes.deactivate> = async (c) => {
  const admin = requireUser(c);
  const { id } = c.req.valid('param');
  const { database, now } = c.get('deps');
  return c.json(await deactivateUser(database.db, now, admin, id), 200);
};

export const reactivate: AppRouteHandler<typeof routes.reactivate> = async (c) => {
  const admin = requireUser(c);
  const { id } = c.req.valid('param');
  const { database, now } = c.get('deps');
  return c.json(await reactivateUser(database.db, now, admin, id), 200);
};

export const resendInvitation: AppRouteHandler<typeof routes.resendInvitation> = async (c) => {
  const admin = requireUser(c);
  const { id } = c.req.valid('param');
  const deps = c.get('deps');
  const sent = await resendInvitationTo(deps.database.db, deps, admin, id);
  mailDeliveryFor(deps)?.kick();
  return c.json(sent, 200);
};
