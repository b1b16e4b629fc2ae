import { createRouter } from '../../lib/create-app.js';
import * as handlers from './notes.handlers.js';
import * as routes from './notes.routes.js';

export const notesRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.get, handlers.get)
  .openapi(routes.update, handlers.update)
  .openapi(routes.publish, handlers.publish)
  .openapi(routes.archive, handlers.archive)
  .openapi(routes.restore, handlers.restore)
  .openapi(routes.evidence, handlers.evidence)
  .openapi(routes.revisions, handlers.revisions)
  .openapi(routes.revision, handlers.revision);
