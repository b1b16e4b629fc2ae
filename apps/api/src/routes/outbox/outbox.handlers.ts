import { requireUser } from '../../lib/auth.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { getOutboxMail, listOutbox, revealResetLink } from '../../services/mail/index.js';
import type * as routes from './outbox.routes.js';

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  return c.json(await listOutbox(c.get('deps').database.db, c.req.valid('query')), 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await getOutboxMail(c.get('deps').database.db, id), 200);
};

export const revealLink: AppRouteHandler<typeof routes.revealLink> = async (c) => {
  // Admins with the session cookie only (outbox.routes.ts): a leaked API token must not be able to take
  // an account over (ask for a link, then read it).
  const admin = requireUser(c);
  const { id } = c.req.valid('param');
  const { database, now } = c.get('deps');
  return c.json({ link: await revealResetLink(database.db, admin.id, id, now()) }, 200);
};
