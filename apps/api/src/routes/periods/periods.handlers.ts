import { requireUser } from '../../lib/auth.js';
import { describeError } from '../../lib/create-app.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { createPeriod, listPeriods, updatePeriod } from '../../services/periods.js';
import { releaseClosedCollections } from '../../services/releases.js';
import type * as routes from './periods.routes.js';

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const user = requireUser(c);
  return c.json(await listPeriods(c.get('deps').database.db, user), 200);
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const user = requireUser(c);
  const { database, now } = c.get('deps');
  return c.json(await createPeriod(database.db, now, user.id, c.req.valid('json')), 201);
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const user = requireUser(c);
  const { period } = c.req.valid('param');
  const { database, now } = c.get('deps');
  const changed = await updatePeriod(database.db, now, user.id, period, c.req.valid('json'));
  // Closing a period closes every region's round: its first release is then due.
  if (changed.status === 'closed') await releaseClosedCollections({ ...c.get('deps'), describeError });
  return c.json(changed, 200);
};
