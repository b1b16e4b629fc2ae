import {
  MAIL_KIND_VALUES,
  MAIL_STATUSES,
  mailLinkSchema,
  outboxMailSchema,
  outboxPageSchema,
} from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../../lib/access.js';
import { commonErrors, jsonResponse, pageQuery, problemResponseDoc } from '../../lib/openapi.js';

const tags = ['Outbox'];
const who =
  'For admins only: other roles are refused (403). Without SMTP_URL every mail is kept here (status kept) for an admin to pass on.';

export const list = createRoute({
  method: 'get',
  path: '/api/outbox',
  ...requires({ roles: ['admin'] }),
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

const params = {
  params: z.object({
    id: z.coerce
      .number({ error: 'must be a mail id' })
      .int({ error: 'must be a mail id' })
      .min(1, { error: 'must be a mail id' })
      .max(Number.MAX_SAFE_INTEGER, { error: 'must be a mail id' })
      .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
  }),
};

export const get = createRoute({
  method: 'get',
  path: '/api/outbox/{id}',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'One e-mail',
  description: `${who} A password-reset link is withheld here: reveal it with POST …/link.`,
  request: params,
  responses: { 200: jsonResponse(outboxMailSchema, 'The mail'), ...commonErrors },
});

export const revealLink = createRoute({
  method: 'post',
  path: '/api/outbox/{id}/link',
  ...requires({ roles: ['admin'], sessionOnly: true }),
  tags,
  summary:
    'The password-reset link of a mail kept here (no SMTP server), to pass on to its recipient; the audit log records who read it',
  description: `${who} With the session cookie only (not an API token). Whoever holds the link can choose the user's password until it is used or expires.`,
  request: params,
  responses: {
    200: jsonResponse(mailLinkSchema, 'The link'),
    ...commonErrors,
    409: problemResponseDoc('Not a password-reset mail kept here: sent mails’ links are their recipients’ alone'),
    410: problemResponseDoc('The link has been used, withdrawn or has expired'),
  },
});
