import { adminAuthoritySchema, authorityChangeSchema, newAuthoritySchema } from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../../lib/access.js';
import { authorityCodeParam, commonErrors, jsonBody, jsonResponse, problemResponseDoc } from '../../lib/openapi.js';

const tags = ['Reference data'];
const who = 'For admins only: other roles are refused (403).';
const params = z.object({ authority: authorityCodeParam });

export const get = createRoute({
  method: 'get',
  path: '/api/authorities/{authority}',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'One local authority, with how many returns and users it has',
  description: who,
  request: { params },
  responses: { 200: jsonResponse(adminAuthoritySchema, 'The authority'), ...commonErrors },
});

export const create = createRoute({
  method: 'post',
  path: '/api/authorities',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'Add a local authority (a new ONS code, such as a new unitary authority)',
  description: who,
  request: { body: jsonBody(newAuthoritySchema) },
  responses: {
    201: jsonResponse(adminAuthoritySchema, 'Added'),
    ...commonErrors,
    409: problemResponseDoc('An authority has this code already'),
  },
});

export const update = createRoute({
  method: 'patch',
  path: '/api/authorities/{authority}',
  ...requires({ roles: ['admin'] }),
  tags,
  summary:
    'Rename a local authority, or retire it (or bring it back): a retired authority keeps its returns (which can then no longer be changed), leaves comparisons and collections, and cannot be given new users',
  description: who,
  request: { params, body: jsonBody(authorityChangeSchema) },
  responses: { 200: jsonResponse(adminAuthoritySchema, 'The authority as changed'), ...commonErrors },
});
