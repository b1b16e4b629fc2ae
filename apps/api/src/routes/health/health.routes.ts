import { healthSchema } from '@csc-workforce/schemas';
import { createRoute } from '@hono/zod-openapi';
import { anyone } from '../../lib/access.js';
import { jsonResponse, problemResponseDoc } from '../../lib/openapi.js';

export const health = createRoute({
  method: 'get',
  path: '/api/health',
  ...anyone(),
  tags: ['Health'],
  summary: 'Whether the API and its database answer',
  responses: {
    200: jsonResponse(healthSchema, 'The API and its database answer'),
    503: problemResponseDoc('The database does not answer'),
  },
});
