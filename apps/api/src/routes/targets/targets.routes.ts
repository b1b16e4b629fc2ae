import { targetInputSchema, targetSchema } from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { RETURN_READERS, requires } from '../../lib/access.js';
import { authorityCodeParam, commonErrors, jsonBody, jsonResponse, problemResponseDoc } from '../../lib/openapi.js';
import { metricParam } from '../comparisons/comparisons.routes.js';

const tags = ['Targets'];

export const list = createRoute({
  method: 'get',
  path: '/api/targets/{authority}',
  ...requires({ roles: RETURN_READERS, scope: 'authority' }),
  tags,
  summary: 'An authority’s targets: its own users and its region’s lead',
  request: { params: z.object({ authority: authorityCodeParam }) },
  responses: { 200: jsonResponse(z.array(targetSchema), 'Its targets, by metric'), ...commonErrors },
});

const params = z.object({ authority: authorityCodeParam, metric: metricParam });

export const set = createRoute({
  method: 'put',
  path: '/api/targets/{authority}/{metric}',
  ...requires({ roles: ['authority_submitter'], scope: 'authority' }),
  tags,
  summary: 'Set the authority’s target for a metric (its submitters), replacing any it had; audited',
  request: { params, body: jsonBody(targetInputSchema) },
  responses: {
    200: jsonResponse(targetSchema, 'Replaced'),
    201: jsonResponse(targetSchema, 'Set'),
    ...commonErrors,
    409: problemResponseDoc('The authority is retired'),
  },
});

export const remove = createRoute({
  method: 'delete',
  path: '/api/targets/{authority}/{metric}',
  ...requires({ roles: ['authority_submitter'], scope: 'authority' }),
  tags,
  summary: 'Remove the authority’s target for a metric (its submitters); audited',
  request: { params },
  responses: {
    204: { description: 'Removed' },
    ...commonErrors,
    409: problemResponseDoc('The authority is retired'),
  },
});
