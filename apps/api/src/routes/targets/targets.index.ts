import { createRouter } from '../../lib/create-app.js';
import * as handlers from './targets.handlers.js';
import * as routes from './targets.routes.js';

export const targetsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.set, handlers.set)
  .openapi(routes.remove, handlers.remove);
