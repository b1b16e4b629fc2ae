import { createRouter } from '../../lib/create-app.js';
import * as handlers from './periods.handlers.js';
import * as routes from './periods.routes.js';

export const periodsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.update, handlers.update);
