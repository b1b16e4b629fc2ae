import { createRouter } from '../../lib/create-app.js';
import * as handlers from './neighbours.handlers.js';
import * as routes from './neighbours.routes.js';

export const neighboursRouter = createRouter()
  .openapi(routes.model, handlers.model)
  .openapi(routes.models, handlers.models)
  .openapi(routes.previewModel, handlers.previewModel)
  .openapi(routes.loadModel, handlers.loadModel)
  .openapi(routes.chooseModel, handlers.chooseModel)
  .openapi(routes.ofAuthority, handlers.ofAuthority);
