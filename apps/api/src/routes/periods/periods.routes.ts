import { newPeriodSchema, periodSchema, periodUpdateSchema } from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../../lib/access.js';
import { commonErrors, jsonBody, jsonResponse, periodParam, problemResponseDoc } from '../../lib/openapi.js';

const tags = ['Periods'];

export const list = createRoute({
  method: 'get',
  path: '/api/periods',
  ...requires(),
  tags,
  summary: 'The collection periods, newest first',
  responses: { 200: jsonResponse(z.array(periodSchema), 'Periods'), 401: commonErrors[401] },
});

export const create = createRoute({
  method: 'post',
  path: '/api/periods',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'Add a collection period (admin)',
  request: { body: jsonBody(newPeriodSchema) },
  responses: {
    201: jsonResponse(periodSchema, 'Added'),
    ...commonErrors,
    409: problemResponseDoc('The period exists already'),
  },
});

export const update = createRoute({
  method: 'patch',
  path: '/api/periods/{period}',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'Open or close a collection period, or change its due date (admin)',
  request: { params: z.object({ period: periodParam }), body: jsonBody(periodUpdateSchema) },
  responses: { 200: jsonResponse(periodSchema, 'Changed'), ...commonErrors },
});
