import { MAIL_KIND_VALUES, MAIL_STATUSES, outboxMailSchema, outboxPageSchema } from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { commonErrors, jsonResponse, pageQuery } from '../../lib/openapi.js';

const tags = ['Outbox'];
const who =
  'For admins only: other roles are refused (403). Without SMTP_URL every mail is kept here (status kept) for an admin to pass on.';

export const list = createRoute({
  method: 'get',
  path: '/api/outbox',
  tags,
  summary: 'The e-mails the exchange wrote, newest first, with their whole text and delivery status',
  description: who,
  request: {
    query: z.strictObject({
      kind: z
        .enum(MAIL_KIND_VALUES, { error: `must be one of ${MAIL_KIND_VALUES.join(', ')}` })
        .optional()
        .openapi({ param: { name: 'kind', in: 'query' } }),
      status: z
        .enum(MAIL_STATUSES, { error: `must be one of ${MAIL_STATUSES.join(', ')}` })
        .optional()
        .openapi({ param: { name: 'status', in: 'query' } }),
      ...pageQuery,
    }),
  },
  responses: { 200: jsonResponse(outboxPageSchema, 'A page of mails'), ...commonErrors },
});

export const get = createRoute({
  method: 'get',
  path: '/api/outbox/{id}',
  tags,
  summary: 'One e-mail',
  description: who,
  request: {
    params: z.object({
      id: z.coerce
        .number({ error: 'must be a mail id' })
        .int({ error: 'must be a mail id' })
        .min(1, { error: 'must be a mail id' })
        .max(Number.MAX_SAFE_INTEGER, { error: 'must be a mail id' })
        .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
    }),
  },
  responses: { 200: jsonResponse(outboxMailSchema, 'The mail'), ...commonErrors },
});
