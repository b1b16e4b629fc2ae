import type { MiddlewareHandler } from 'hono';
import { requireUser } from '../../lib/auth.js';
import { createRouter } from '../../lib/create-app.js';
import type { AppBindings } from '../../lib/types.js';
import * as handlers from './notes.handlers.js';
import * as routes from './notes.routes.js';

/** Every notes route is for signed-in users: an anonymous request is answered 401 before its input is read. */
const signedIn: MiddlewareHandler<AppBindings> = async (c, next) => {
  requireUser(c);
  await next();
};

const router = createRouter();
router.use('/api/notes', signedIn);
router.use('/api/notes/*', signedIn);

export const notesRouter = router
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
