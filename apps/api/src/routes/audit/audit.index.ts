import { createRouter } from '../../lib/create-app.js';
import * as handlers from './audit.handlers.js';
import * as routes from './audit.routes.js';

export const auditRouter = createRouter().openapi(routes.list, handlers.list);
