import { authoritySchema, regionSchema } from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../../lib/access.js';
import { commonErrors, jsonResponse } from '../../lib/openapi.js';

const tags = ['Reference data'];

export const regions = createRoute({
  method: 'get',
  path: '/api/regions',
  ...requires(),
  tags,
  summary: "England's 9 regions",
  responses: { 200: jsonResponse(z.array(regionSchema), 'Regions'), 401: commonErrors[401] },
});

export const authorities = createRoute({
  method: 'get',
  path: '/api/authorities',
  ...requires(),
  tags,
  summary: 'The local authorities in your scope: your own, your region’s as a lead, all as an admin',
  responses: { 200: jsonResponse(z.array(authoritySchema), 'Authorities by name'), 401: commonErrors[401] },
});
