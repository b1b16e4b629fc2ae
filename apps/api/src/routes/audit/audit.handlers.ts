import type { AppRouteHandler } from '../../lib/types.js';
import { listAuditLog } from '../../services/audit-log.js';
import type * as routes from './audit.routes.js';

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  return c.json(await listAuditLog(c.get('deps').database.db, c.req.valid('query')), 200);
};
