import {
  reminderResultSchema,
  reminderSchema,
  roundListSchema,
  roundSchema,
  roundUpdateSchema,
  trackerSchema,
} from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../../lib/access.js';
import {
  commonErrors,
  jsonBody,
  jsonResponse,
  periodParam,
  problemResponseDoc,
  regionParam,
} from '../../lib/openapi.js';

const tags = ['Collection rounds'];

const regionOnly = z.object({ region: regionParam });
const params = z.object({ region: regionParam, period: periodParam });
const who =
  'For the regional lead of the region only: other roles are refused (403), another region answers 404 as if it did not exist.';

export const list = createRoute({
  method: 'get',
  path: '/api/regions/{region}/rounds',
  ...requires({ roles: ['regional_lead'], scope: 'region' }),
  tags,
  summary: "The region's collection rounds, newest period first, with how many authorities submitted",
  description: who,
  request: { params: regionOnly },
  responses: { 200: jsonResponse(roundListSchema, 'Rounds'), ...commonErrors },
});

export const get = createRoute({
  method: 'get',
  path: '/api/regions/{region}/rounds/{period}',
  ...requires({ roles: ['regional_lead'], scope: 'region' }),
  tags,
  summary:
    'The submission tracker: every authority of the region with the status of its return, warnings, reminders and what is overdue',
  description: who,
  request: { params },
  responses: { 200: jsonResponse(trackerSchema, 'The tracker'), ...commonErrors },
});

export const update = createRoute({
  method: 'patch',
  path: '/api/regions/{region}/rounds/{period}',
  ...requires({ roles: ['regional_lead'], scope: 'region' }),
  tags,
  summary:
    "Open or close the region's round, or set its due date; opening it e-mails the submitters of the region's authorities unless `notify` is false",
  description: `${who} \`notify\` (default true, as before it existed) only matters when the round opens: false opens it without e-mailing anyone. The audit entry records the status and due date sent.`,
  request: { params, body: jsonBody(roundUpdateSchema) },
  responses: { 200: jsonResponse(roundSchema, 'The round as changed'), ...commonErrors },
});

export const remind = createRoute({
  method: 'post',
  path: '/api/regions/{region}/rounds/{period}/reminders',
  ...requires({ roles: ['regional_lead'], scope: 'region' }),
  tags,
  summary:
    'E-mail a reminder to the submitters of every authority of the region that has not submitted (recorded in the audit log)',
  description: who,
  request: { params, body: jsonBody(reminderSchema) },
  responses: {
    200: jsonResponse(reminderResultSchema, 'Who was reminded'),
    ...commonErrors,
    409: problemResponseDoc('The round is closed, or every authority has submitted'),
  },
});

export const pack = createRoute({
  method: 'get',
  path: '/api/regions/{region}/rounds/{period}/pack',
  ...requires({ roles: ['regional_lead'], scope: 'region' }),
  tags,
  summary:
    'The regional pack: an XLSX workbook (returns, a sheet per metric with the authorities named, region, England and DfE, definitions) or the same as CSV',
  description: `${who} Only submitted and accepted returns count.`,
  request: {
    params,
    query: z.strictObject({
      format: z
        .enum(['csv', 'xlsx'], { error: 'must be csv or xlsx' })
        .default('xlsx')
        .openapi({ param: { name: 'format', in: 'query' }, example: 'xlsx' }),
    }),
  },
  responses: {
    200: {
      description: 'The pack',
      content: {
        'text/csv': { schema: { type: 'string' } },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: { type: 'string', format: 'binary' },
        },
      },
    },
    ...commonErrors,
  },
});
