import { requireUser } from '../../lib/auth.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { authoritiesOf, listRegions } from '../../services/authorities.js';
import { codeBook } from '../../services/authority-codes.js';
import type * as routes from './reference.routes.js';

export const regions: AppRouteHandler<typeof routes.regions> = async (c) => {
  requireUser(c);
  return c.json(await listRegions(c.get('deps').database.db), 200);
};

export const authorities: AppRouteHandler<typeof routes.authorities> = async (c) => {
  const user = requireUser(c);
  return c.json(await authoritiesOf(c.get('deps').database.db, await codeBook(c), user), 200);
};
