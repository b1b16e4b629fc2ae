import {
  adminUserSchema,
  inviteUserSchema,
  regionCodeSchema,
  roleSchema,
  safeText,
  userChangeSchema,
  userPageSchema,
  userStatusSchema,
} from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../../lib/access.js';
import {
  authorityCodeParam,
  commonErrors,
  jsonBody,
  jsonResponse,
  pageQuery,
  problemResponseDoc,
} from '../../lib/openapi.js';

const tags = ['Users'];
const who = 'For admins only: other roles are refused (403).';

export const userIdParam = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, 'must be a user id')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'u-admin' });

const params = z.object({ id: userIdParam });

export const list = createRoute({
  method: 'get',
  path: '/api/users',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'The users, by name, with their role, scope and standing; filtered, and a page at a time',
  description: who,
  request: {
    query: z.strictObject({
      role: roleSchema.optional().openapi({ param: { name: 'role', in: 'query' } }),
      authority: authorityCodeParam.optional().openapi({ param: { name: 'authority', in: 'query' } }),
      region: regionCodeSchema.optional().openapi({ param: { name: 'region', in: 'query' } }),
      status: userStatusSchema.optional().openapi({ param: { name: 'status', in: 'query' } }),
      q: z
        .string()
        .max(200, 'must be 200 characters or fewer')
        .refine(safeText.check, safeText.message('The search'))
        .optional()
        .openapi({ param: { name: 'q', in: 'query', description: 'Part of the name or e-mail address' } }),
      ...pageQuery,
    }),
  },
  responses: { 200: jsonResponse(userPageSchema, 'A page of users'), ...commonErrors },
});

export const get = createRoute({
  method: 'get',
  path: '/api/users/{id}',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'One user',
  description: who,
  request: { params },
  responses: { 200: jsonResponse(adminUserSchema, 'The user'), ...commonErrors },
});

export const invite = createRoute({
  method: 'post',
  path: '/api/users',
  ...requires({ roles: ['admin'] }),
  tags,
  summary:
    'Invite a user: they get an e-mail with a one-time link (valid 7 days) to set a password, and cannot sign in before',
  description: `${who} Authority submitters and viewers need an authorityCode, regional leads a regionCode, admins neither.`,
  request: { body: jsonBody(inviteUserSchema) },
  responses: {
    201: jsonResponse(adminUserSchema, 'Invited'),
    ...commonErrors,
    409: problemResponseDoc('A user has this e-mail address already'),
  },
});

export const update = createRoute({
  method: 'patch',
  path: '/api/users/{id}',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: "Change a user's name, role or scope; it applies from their next request",
  description: `${who} A new role drops the scope it does not use and needs the one it does. You cannot change your own role.`,
  request: { params, body: jsonBody(userChangeSchema) },
  responses: {
    200: jsonResponse(adminUserSchema, 'The user as changed'),
    ...commonErrors,
    409: problemResponseDoc('Your own role, or the last administrator'),
  },
});

export const deactivate = createRoute({
  method: 'post',
  path: '/api/users/{id}/deactivate',
  ...requires({ roles: ['admin'] }),
  tags,
  summary:
    'Deactivate a user: their sessions end at once, their API tokens are revoked, their invitation link stops working',
  description: `${who} You cannot deactivate yourself.`,
  request: { params },
  responses: {
    200: jsonResponse(adminUserSchema, 'Deactivated'),
    ...commonErrors,
    409: problemResponseDoc('Yourself, or the last administrator'),
  },
});

export const reactivate = createRoute({
  method: 'post',
  path: '/api/users/{id}/reactivate',
  ...requires({ roles: ['admin'] }),
  tags,
  summary:
    'Reactivate a user: one who had set a password may sign in again; one who had not is invited again (send a new link)',
  description: who,
  request: { params },
  responses: { 200: jsonResponse(adminUserSchema, 'Reactivated'), ...commonErrors },
});

export const resendInvitation = createRoute({
  method: 'post',
  path: '/api/users/{id}/invitation',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'Send an invited user a new link; the earlier one stops working',
  description: who,
  request: { params },
  responses: {
    200: jsonResponse(adminUserSchema, 'Sent'),
    ...commonErrors,
    409: problemResponseDoc('The user is not waiting for an invitation (active, or deactivated)'),
  },
});
