import { createRouter } from '../../lib/create-app.js';
import * as handlers from './returns.handlers.js';
import * as routes from './returns.routes.js';

export const returnsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.save, handlers.save)
  .openapi(routes.submit, handlers.submit)
  .openapi(routes.revisions, handlers.revisions)
  .openapi(routes.revision, handlers.revision)
  .openapi(routes.accept, handlers.accept)
  .openapi(routes.sendBack, handlers.sendBack);
