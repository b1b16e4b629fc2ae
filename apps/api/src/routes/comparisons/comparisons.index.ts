import { createRouter } from '../../lib/create-app.js';
import * as handlers from './comparisons.handlers.js';
import * as routes from './comparisons.routes.js';

export const comparisonsRouter = createRouter()
  .openapi(routes.periods, handlers.periods)
  .openapi(routes.exportTable, handlers.exportTable)
  .openapi(routes.all, handlers.all)
  .openapi(routes.one, handlers.one);
