import { createRouter } from '../../lib/create-app.js';
import * as handlers from './outbox.handlers.js';
import * as routes from './outbox.routes.js';

export const outboxRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.revealLink, handlers.revealLink);
