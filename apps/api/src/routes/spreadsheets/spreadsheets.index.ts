import { createRouter } from '../../lib/create-app.js';
import * as handlers from './spreadsheets.handlers.js';
import * as routes from './spreadsheets.routes.js';

export const spreadsheetsRouter = createRouter()
  .openapi(routes.templateCsv, handlers.templateCsv)
  .openapi(routes.templateXlsx, handlers.templateXlsx)
  .openapi(routes.templateGuideCsv, handlers.templateGuideCsv)
  .openapi(routes.importReturns, handlers.importReturns)
  .openapi(routes.historyTemplateCsv, handlers.historyTemplateCsv)
  .openapi(routes.historyExampleCsv, handlers.historyExampleCsv)
  .openapi(routes.importHistory, handlers.importHistory)
  .openapi(routes.exportCsv, handlers.exportCsv)
  .openapi(routes.exportXlsx, handlers.exportXlsx);
