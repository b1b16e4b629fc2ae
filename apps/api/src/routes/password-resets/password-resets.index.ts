import { createRouter } from '../../lib/create-app.js';
import * as handlers from './password-resets.handlers.js';
import * as routes from './password-resets.routes.js';

export const passwordResetsRouter = createRouter()
  .openapi(routes.request, handlers.request)
  .openapi(routes.lookup, handlers.lookup)
  .openapi(routes.complete, handlers.complete);
