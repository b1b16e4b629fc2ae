import { createRouter } from '../../lib/create-app.js';
import * as handlers from './users.handlers.js';
import * as routes from './users.routes.js';

export const usersRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.invite, handlers.invite)
  .openapi(routes.update, handlers.update)
  .openapi(routes.deactivate, handlers.deactivate)
  .openapi(routes.reactivate, handlers.reactivate)
  .openapi(routes.resendInvitation, handlers.resendInvitation);
