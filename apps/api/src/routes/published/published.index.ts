import { createRouter } from '../../lib/create-app.js';
import * as handlers from './published.handlers.js';
import * as routes from './published.routes.js';

export const publishedRouter = createRouter()
  .openapi(routes.listReleases, handlers.listReleases)
  .openapi(routes.previewRelease, handlers.previewRelease)
  .openapi(routes.loadRelease, handlers.loadRelease)
  .openapi(routes.withdrawRelease, handlers.withdrawRelease)
  .openapi(routes.figures, handlers.figures);
