import { auditPageSchema } from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../../lib/access.js';
import { commonErrors, jsonResponse, pageQuery } from '../../lib/openapi.js';

const word = (name: string, description: string) =>
  z
    .string()
    .min(1)
    .max(100, 'must be 100 characters or fewer')
    .regex(/^[\w./-]+$/, 'must be letters, digits, -, _, . or /')
    .optional()
    .openapi({ param: { name, in: 'query', description } });

export const list = createRoute({
  method: 'get',
  path: '/api/audit',
  ...requires({ roles: ['admin'] }),
  tags: ['Audit log'],
  summary: 'The audit log, newest first: who changed what, and when',
  description: 'For admins only: other roles are refused (403).',
  request: {
    query: z.strictObject({
      action: word('action', 'Such as invite-user or submit-return'),
      entity: word('entity', 'Such as user, authority, period or return'),
      entityId: word('entityId', 'The id of the user, authority, period or return (E08000026/2024-25-Q1)'),
      ...pageQuery,
    }),
  },
  responses: { 200: jsonResponse(auditPageSchema, 'A page of the log'), ...commonErrors },
});
