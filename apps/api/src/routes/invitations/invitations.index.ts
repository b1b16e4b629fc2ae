import { createRouter } from '../../lib/create-app.js';
import * as handlers from './invitations.handlers.js';
import * as routes from './invitations.routes.js';

export const invitationsRouter = createRouter()
  .openapi(routes.lookup, handlers.lookup)
  .openapi(routes.accept, handlers.accept);
