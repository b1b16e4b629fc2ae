import { adminOnly } from '../../lib/auth.js';
import { createRouter } from '../../lib/create-app.js';
import * as handlers from './audit.handlers.js';
import * as routes from './audit.routes.js';

export const auditRouter = createRouter();
auditRouter.use('/api/audit/*', adminOnly());
auditRouter.openapi(routes.list, handlers.list);
