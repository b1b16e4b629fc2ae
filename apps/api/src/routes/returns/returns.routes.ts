import {
  returnAcceptSchema,
  returnListSchema,
  returnSchema,
  returnSendBackSchema,
  returnStatusSchema,
  returnSubmitSchema,
  returnUpdateSchema,
  revisionSchema,
  revisionSummarySchema,
} from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { RETURN_READERS, requires } from '../../lib/access.js';
import {
  authorityCodeParam,
  commonErrors,
  jsonBody,
  jsonResponse,
  periodParam,
  problemResponseDoc,
  revisionParam,
} from '../../lib/openapi.js';

const params = z.object({ authority: authorityCodeParam, period: periodParam });
const tags = ['Returns'];

export const list = createRoute({
  method: 'get',
  path: '/api/returns',
  ...requires({ roles: RETURN_READERS }),
  tags,
  summary: 'The returns you can see: your authority’s, or your region’s as a regional lead',
  request: {
    query: z.object({
      period: periodParam.optional().openapi({ param: { name: 'period', in: 'query' } }),
      status: returnStatusSchema.optional(),
      authority: authorityCodeParam.optional().openapi({ param: { name: 'authority', in: 'query' } }),
      figures: z.enum(['true', 'false']).optional().describe('Include each return’s figures (for charts and metrics)'),
    }),
  },
  responses: {
    200: jsonResponse(returnListSchema, 'Returns, newest period first'),
    400: commonErrors[400],
    401: commonErrors[401],
    403: commonErrors[403],
  },
});

export const get = createRoute({
  method: 'get',
  path: '/api/returns/{authority}/{period}',
  ...requires({ roles: RETURN_READERS, scope: 'authority' }),
  tags,
  summary: 'One return: its latest revision and what the validation rules say of it',
  request: { params },
  responses: {
    200: jsonResponse(returnSchema, 'The return; the ETag header is its version'),
    ...commonErrors,
  },
});

export const save = createRoute({
  method: 'put',
  path: '/api/returns/{authority}/{period}',
  ...requires({ roles: ['authority_submitter'], scope: 'authority' }),
  tags,
  summary: 'Save a draft: a new revision, if nobody saved since the version you read (0 for a new return)',
  request: { params, body: jsonBody(returnUpdateSchema) },
  responses: {
    200: jsonResponse(returnSchema, 'Saved as a new revision'),
    201: jsonResponse(returnSchema, 'Created (first revision)'),
    ...commonErrors,
    409: problemResponseDoc('A newer version exists (someone else saved), or the period is closed'),
  },
});

export const submit = createRoute({
  method: 'post',
  path: '/api/returns/{authority}/{period}/submit',
  ...requires({ roles: ['authority_submitter'], scope: 'authority' }),
  tags,
  summary: 'Submit the return to the regional lead: refused while errors remain or warnings lack a comment',
  request: { params, body: jsonBody(returnSubmitSchema) },
  responses: {
    200: jsonResponse(returnSchema, 'Submitted'),
    ...commonErrors,
    409: problemResponseDoc(
      'A newer version exists, the return is already submitted or accepted, or the period is closed',
    ),
    422: problemResponseDoc('The return has errors, or warnings without a comment: see errors and warnings'),
  },
});

export const revisions = createRoute({
  method: 'get',
  path: '/api/returns/{authority}/{period}/revisions',
  ...requires({ roles: RETURN_READERS, scope: 'authority' }),
  tags,
  summary: 'Every revision of a return, oldest first',
  request: { params },
  responses: { 200: jsonResponse(z.array(revisionSummarySchema), 'The revisions'), ...commonErrors },
});

export const revision = createRoute({
  method: 'get',
  path: '/api/returns/{authority}/{period}/revisions/{revision}',
  ...requires({ roles: RETURN_READERS, scope: 'authority' }),
  tags,
  summary: 'One revision of a return, with its figures',
  request: {
    params: params.extend({
      revision: revisionParam,
    }),
  },
  responses: { 200: jsonResponse(revisionSchema, 'The revision'), ...commonErrors },
});

const reviewConflicts = problemResponseDoc(
  'A newer version exists (the authority saved since you read it), or the return is not in a status this applies to',
);

export const accept = createRoute({
  method: 'post',
  path: '/api/returns/{authority}/{period}/accept',
  ...requires({ roles: ['regional_lead'], scope: 'authority' }),
  tags,
  summary: 'Accept a submitted return (the regional lead of its region): it is locked until sent back',
  request: { params, body: jsonBody(returnAcceptSchema) },
  responses: { 200: jsonResponse(returnSchema, 'Accepted'), ...commonErrors, 409: reviewConflicts },
});

export const sendBack = createRoute({
  method: 'post',
  path: '/api/returns/{authority}/{period}/send-back',
  ...requires({ roles: ['regional_lead'], scope: 'authority' }),
  tags,
  summary:
    'Send a submitted or accepted return back to the authority with a reason (the regional lead of its region); its submitters are e-mailed',
  request: { params, body: jsonBody(returnSendBackSchema) },
  responses: { 200: jsonResponse(returnSchema, 'Sent back'), ...commonErrors, 409: reviewConflicts },
});
