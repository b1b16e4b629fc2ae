import { createRouter } from '../../lib/create-app.js';
import * as handlers from './authorities.handlers.js';
import * as routes from './authorities.routes.js';

// GET /api/authorities (every role, in its scope) is the reference router's; the rest is for admins.
export const authoritiesRouter = createRouter()
  .openapi(routes.get, handlers.get)
  .openapi(routes.create, handlers.create)
  .openapi(routes.update, handlers.update);
