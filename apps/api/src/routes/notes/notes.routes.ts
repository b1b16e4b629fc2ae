import { METRIC_IDS } from '@csc-workforce/metrics-core';
import {
  AUTHORITY_ROLES,
  NOTE_STATUSES,
  noteArchiveSchema,
  noteContentSchema,
  noteEvidenceSchema,
  notePageSchema,
  noteRevisionSchema,
  noteRevisionSummarySchema,
  noteSchema,
  noteUpdateSchema,
  noteVersionSchema,
  PRACTICE_THEME_IDS,
  regionCodeSchema,
  safeText,
} from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../../lib/access.js';
import {
  authorityCodeParam,
  commonErrors,
  jsonBody,
  jsonResponse,
  problemResponseDoc,
  revisionParam,
} from '../../lib/openapi.js';

const tags = ['Practice notes'];

const idParam = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a note id, such as demo-asye-academy')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'demo-asye-academy' });

const params = z.object({ id: idParam });

const isoDay = (name: string) =>
  z.iso
    .date({ error: 'must be a date as YYYY-MM-DD' })
    .optional()
    .openapi({ param: { name, in: 'query' }, example: '2024-01-31' });

export const listQuery = z.strictObject({
  q: z
    .string()
    .max(200, 'must be 200 characters or fewer')
    .refine(safeText.check, safeText.message('The search'))
    .optional()
    .describe('Words to search for in the title, summary and body: "quoted phrases", or, -excluded words'),
  status: z
    .enum(NOTE_STATUSES)
    .default('published')
    .describe(
      'published (default); draft: your authority’s drafts; archived: your authority’s, or your region’s as a lead',
    ),
  theme: z.enum(PRACTICE_THEME_IDS).optional(),
  region: regionCodeSchema.optional(),
  authority: authorityCodeParam.optional().openapi({ param: { name: 'authority', in: 'query' } }),
  metric: z.enum(METRIC_IDS).optional().describe('Notes that link this metric as evidence'),
  from: isoDay('from').describe('Published (or last changed, when not published) on or after this day'),
  to: isoDay('to').describe('… and on or before this day'),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

const who =
  'Published notes: everyone signed in. Drafts: the users of the note’s authority. Archived notes: the users of its authority and the lead of its region. Anything else answers 404.';

export const list = createRoute({
  method: 'get',
  path: '/api/notes',
  ...requires(),
  tags,
  summary: 'Search and list practice notes: ranked by relevance when searching, newest first otherwise',
  description: who,
  request: { query: listQuery },
  responses: {
    200: jsonResponse(notePageSchema, 'A page of notes'),
    400: commonErrors[400],
    401: commonErrors[401],
  },
});

export const create = createRoute({
  method: 'post',
  path: '/api/notes',
  ...requires({ roles: ['authority_submitter'] }),
  tags,
  summary: 'Write a practice note of your authority (a draft): authority submitters',
  request: { body: jsonBody(noteContentSchema) },
  responses: {
    201: jsonResponse(noteSchema, 'Created as a draft; Location is its address'),
    ...commonErrors,
  },
});

export const get = createRoute({
  method: 'get',
  path: '/api/notes/{id}',
  ...requires(),
  tags,
  summary: 'One practice note, with what you may do with it',
  description: who,
  request: { params },
  responses: { 200: jsonResponse(noteSchema, 'The note; the ETag header is its version'), ...commonErrors },
});

const conflict = problemResponseDoc(
  'A newer version exists (someone else saved), or the note’s status does not allow it',
);

export const update = createRoute({
  method: 'put',
  path: '/api/notes/{id}',
  ...requires({ roles: ['authority_submitter'] }),
  tags,
  summary: 'Change a draft or published note (a new revision), if nobody changed it since the version you read',
  request: { params, body: jsonBody(noteUpdateSchema) },
  responses: { 200: jsonResponse(noteSchema, 'Saved'), ...commonErrors, 409: conflict },
});

export const publish = createRoute({
  method: 'post',
  path: '/api/notes/{id}/publish',
  ...requires({ roles: ['authority_submitter'] }),
  tags,
  summary: 'Publish a draft: every signed-in user can then read it, its evidence and its contact',
  request: { params, body: jsonBody(noteVersionSchema) },
  responses: { 200: jsonResponse(noteSchema, 'Published'), ...commonErrors, 409: conflict },
});

export const archive = createRoute({
  method: 'post',
  path: '/api/notes/{id}/archive',
  ...requires({ roles: ['authority_submitter', 'regional_lead'] }),
  tags,
  summary:
    'Archive a note with a reason: its authority’s submitters (withdrawing it), or the lead of its region (moderating a published note)',
  request: { params, body: jsonBody(noteArchiveSchema) },
  responses: { 200: jsonResponse(noteSchema, 'Archived'), ...commonErrors, 409: conflict },
});

export const restore = createRoute({
  method: 'post',
  path: '/api/notes/{id}/restore',
  ...requires({ roles: ['authority_submitter'] }),
  tags,
  summary: 'Bring an archived note back as a draft, to correct and publish again: its authority’s submitters',
  request: { params, body: jsonBody(noteVersionSchema) },
  responses: { 200: jsonResponse(noteSchema, 'Restored as a draft'), ...commonErrors, 409: conflict },
});

export const evidence = createRoute({
  method: 'get',
  path: '/api/notes/{id}/evidence',
  ...requires(),
  tags,
  summary:
    'The note’s evidence: each linked metric of its authority by quarter, against its region and England (pooled), worked out from the returns now',
  description: `${who} Only submitted and accepted returns count; a group line is withheld below MIN_GROUP_SIZE authorities.`,
  request: { params },
  responses: { 200: jsonResponse(noteEvidenceSchema, 'The evidence'), ...commonErrors },
});

export const revisions = createRoute({
  method: 'get',
  path: '/api/notes/{id}/revisions',
  ...requires({ roles: AUTHORITY_ROLES }),
  tags,
  summary: 'Every revision of a note, oldest first: the users of its authority',
  request: { params },
  responses: { 200: jsonResponse(z.array(noteRevisionSummarySchema), 'The revisions'), ...commonErrors },
});

export const revision = createRoute({
  method: 'get',
  path: '/api/notes/{id}/revisions/{revision}',
  ...requires({ roles: AUTHORITY_ROLES }),
  tags,
  summary: 'One revision of a note, with its content: the users of its authority',
  request: {
    params: params.extend({
      revision: revisionParam,
    }),
  },
  responses: { 200: jsonResponse(noteRevisionSchema, 'The revision'), ...commonErrors },
});
