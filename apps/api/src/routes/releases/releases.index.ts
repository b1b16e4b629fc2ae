import { createRouter } from '../../lib/create-app.js';
import * as handlers from './releases.handlers.js';
import * as routes from './releases.routes.js';

export const releasesRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.contents, handlers.contents);
