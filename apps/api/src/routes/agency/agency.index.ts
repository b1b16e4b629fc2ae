import { createRouter } from '../../lib/create-app.js';
import * as handlers from './agency.handlers.js';
import * as routes from './agency.routes.js';

export const agencyRouter = createRouter()
  .openapi(routes.get, handlers.get)
  .openapi(routes.save, handlers.save)
  .openapi(routes.revisions, handlers.revisions)
  .openapi(routes.importAnnex, handlers.importAnnex)
  .openapi(routes.compliance, handlers.compliance)
  .openapi(routes.comparison, handlers.comparison)
  .openapi(routes.dfeExport, handlers.dfeExport)
  .openapi(routes.authorityCaps, handlers.authorityCaps)
  .openapi(routes.regionCaps, handlers.regionCaps)
  .openapi(routes.setCap, handlers.setCap)
  .openapi(routes.regionCompliance, handlers.regionCompliance);
