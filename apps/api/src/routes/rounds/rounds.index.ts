import { createRouter } from '../../lib/create-app.js';
import * as handlers from './rounds.handlers.js';
import * as routes from './rounds.routes.js';

export const roundsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.update, handlers.update)
  .openapi(routes.remind, handlers.remind)
  .openapi(routes.pack, handlers.pack);
