import {
  neighbourModelEntrySchema,
  neighbourModelPreviewSchema,
  neighbourModelSchema,
  neighboursSchema,
} from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { RETURN_READERS, requires } from '../../lib/access.js';
import { authorityCodeParam, commonErrors, jsonResponse, problemResponseDoc } from '../../lib/openapi.js';

const tags = ['Statistical neighbours'];

export const ofAuthority = createRoute({
  method: 'get',
  path: '/api/neighbours/{authority}',
  ...requires({ roles: RETURN_READERS, scope: 'authority' }),
  tags,
  summary: 'An authority’s statistical neighbours, named, with DfE’s published figures and their median',
  description:
    'The 10 authorities most like it in DfE’s model in force, nearest first, with closeness bands, and for each measure DfE publishes, by year: the authority’s own figure, each neighbour’s, and the median of the neighbours’ (the yardstick of DfE’s dashboards). Its own users and its region’s lead.',
  request: { params: z.object({ authority: authorityCodeParam }) },
  responses: {
    200: jsonResponse(neighboursSchema, 'Its neighbours'),
    ...commonErrors,
    404: problemResponseDoc('No such authority that you can see, or it is not in the model'),
  },
});

export const model = createRoute({
  method: 'get',
  path: '/api/neighbours',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'The statistical-neighbour model in force, and how it matches the exchange’s authorities (admin)',
  responses: {
    200: jsonResponse(neighbourModelSchema, 'The model in force'),
    401: commonErrors[401],
    403: commonErrors[403],
    404: problemResponseDoc('No model is loaded'),
  },
});

const binary = { type: 'string', format: 'binary' } as const;

/** A model's file: the CSV itself, or a multipart form with it in `file` (and a `name`). */
const fileBody = {
  required: true,
  content: {
    'text/csv': { schema: binary },
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        properties: { file: binary, name: { type: 'string' as const } },
        required: ['file'],
      },
    },
  },
};

export const models = createRoute({
  method: 'get',
  path: '/api/neighbours/models',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'The statistical-neighbour models loaded, newest first, the one in force marked (admin)',
  responses: {
    200: jsonResponse(z.array(neighbourModelEntrySchema), 'The models'),
    401: commonErrors[401],
    403: commonErrors[403],
  },
});

export const previewModel = createRoute({
  method: 'post',
  path: '/api/neighbours/models/preview',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'What putting a model of DfE’s in force would change, before it is loaded (admin)',
  description:
    'The same body as loading it. The file is read by its header (the LA number column, such as "LA num" or "old_la_code", and SN1 … SN10 or SN_1 … SN_10 with their closeness columns). Answers the authorities it matches and lacks, its LA numbers no authority has, and each authority whose neighbours would change against the model in force. Nothing is written.',
  request: { body: fileBody },
  responses: {
    200: jsonResponse(neighbourModelPreviewSchema, 'What it would change'),
    400: problemResponseDoc('The multipart form is malformed, or has no file'),
    401: commonErrors[401],
    403: problemResponseDoc('Not an admin (or a missing CSRF token)'),
    413: problemResponseDoc('The file is over 5 MB'),
    422: problemResponseDoc(
      'Not a statistical-neighbour file, or it has errors: see errors, each with its row and column',
    ),
  },
});

export const loadModel = createRoute({
  method: 'post',
  path: '/api/neighbours/models',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'Load a statistical-neighbour model of DfE’s, not yet in force (admin)',
  description:
    'The body is the CSV file (text/csv, named by the `X-Model-Name` header) or a multipart/form-data form with the file in `file` and its name in `name` (unnamed: "Statistical neighbours, loaded" and the date). Loaded all or nothing and audited; it comes into force when an admin chooses it. A file loaded before is not loaded again (200 with its model). Limit: 5 MB.',
  request: { body: fileBody },
  responses: {
    201: jsonResponse(neighbourModelEntrySchema, 'Loaded'),
    200: jsonResponse(neighbourModelEntrySchema, 'The same file was loaded before: its model'),
    400: problemResponseDoc('The multipart form is malformed, or has no file'),
    401: commonErrors[401],
    403: problemResponseDoc('Not an admin (or a missing CSRF token)'),
    413: problemResponseDoc('The file is over 5 MB'),
    422: problemResponseDoc(
      'Not a statistical-neighbour file, or it has errors: see errors, each with its row and column',
    ),
  },
});

export const chooseModel = createRoute({
  method: 'post',
  path: '/api/neighbours/models/{id}/choose',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'Put a loaded statistical-neighbour model in force (admin, audited)',
  request: {
    params: z.object({
      id: z
        .string()
        .regex(/^sn-[0-9a-f]{64}$/, 'must be a model id: sn- and 64 hex digits')
        .openapi({ param: { name: 'id', in: 'path' }, example: `sn-${'0'.repeat(64)}` }),
    }),
  },
  responses: {
    200: jsonResponse(neighbourModelEntrySchema, 'In force'),
    400: commonErrors[400],
    401: commonErrors[401],
    403: problemResponseDoc('Not an admin (or a missing CSRF token)'),
    404: problemResponseDoc('No such model'),
    409: problemResponseDoc('It is the model in force already'),
  },
});
