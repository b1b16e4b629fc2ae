import { createRouter } from '../../lib/create-app.js';
import * as handlers from './reference.handlers.js';
import * as routes from './reference.routes.js';

export const referenceRouter = createRouter()
  .openapi(routes.regions, handlers.regions)
  .openapi(routes.authorities, handlers.authorities);
