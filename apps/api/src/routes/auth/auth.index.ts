import { createRouter } from '../../lib/create-app.js';
import * as handlers from './auth.handlers.js';
import * as routes from './auth.routes.js';

export const authRouter = createRouter()
  .openapi(routes.login, handlers.login)
  .openapi(routes.logout, handlers.logout)
  .openapi(routes.session, handlers.session)
  .openapi(routes.listTokens, handlers.listTokens)
  .openapi(routes.createToken, handlers.createToken)
  .openapi(routes.revokeToken, handlers.revokeToken)
  .openapi(routes.changePassword, handlers.changePassword);
