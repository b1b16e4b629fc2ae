import {
  AREA_CODE_PATTERN,
  GEOGRAPHIC_LEVELS,
  MAX_PUBLISHED_FIGURES,
  ONS_CODE_PAIR_PATTERN,
  ONS_CODE_PATTERN,
  publishedFigureSetSchema,
  publishedReleasePreviewSchema,
  publishedReleaseSchema,
} from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../../lib/access.js';
import { commonErrors, jsonResponse, problemResponseDoc } from '../../lib/openapi.js';
import { FIRST_YEAR, LAST_YEAR, MEASURES } from '../../services/published.js';

const tags = ['Published statistics'];

const list = (what: string, pattern: RegExp, message: string) =>
  z
    .string()
    .transform((text) => text.split(',').map((part) => part.trim()))
    .pipe(z.array(z.string().regex(pattern, message)).max(200, `at most 200 ${what}`));

const measurePattern = new RegExp(`^(${MEASURES.join('|')})$`);

export const figuresQuery = z.strictObject({
  year: z.coerce
    .number()
    .int('must be a year such as 2023')
    .min(FIRST_YEAR, `must be from ${FIRST_YEAR} to ${LAST_YEAR}`)
    .max(LAST_YEAR, `must be from ${FIRST_YEAR} to ${LAST_YEAR}`)
    .optional()
    .openapi({ param: { name: 'year', in: 'query' }, example: 2023 }),
  level: z
    .enum(GEOGRAPHIC_LEVELS)
    .optional()
    .openapi({ param: { name: 'level', in: 'query' }, example: 'Local authority' }),
  area: list('areas', AREA_CODE_PATTERN, 'must be area codes separated by commas, such as E92000001,E08000026')
    .optional()
    .openapi({
      param: { name: 'area', in: 'query', description: 'Area codes, separated by commas' },
      example: 'E92000001,E08000026',
    }),
  measure: list('measures', measurePattern, `must be measures separated by commas, from: ${MEASURES.join(', ')}`)
    .optional()
    .openapi({
      param: {
        name: 'measure',
        in: 'query',
        description: 'Measures (column names of the DfE file), separated by commas',
      },
      example: 'turnover_rate_fte,agency_rate_fte',
    }),
});

export const listReleases = createRoute({
  method: 'get',
  path: '/api/published/releases',
  ...requires(),
  tags,
  summary: 'The releases of published statistics loaded, newest first',
  responses: { 200: jsonResponse(z.array(publishedReleaseSchema), 'Releases'), 401: commonErrors[401] },
});

const binary = { type: 'string', format: 'binary' } as const;

const fileBody = {
  required: true,
  content: {
    'text/csv': { schema: binary },
    'multipart/form-data': { schema: { type: 'object' as const, properties: { file: binary }, required: ['file'] } },
  },
};

export const loadQuery = z.strictObject({
  confirm: z
    .string()
    .transform((text) => text.split(',').map((part) => part.trim()))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(
              ONS_CODE_PAIR_PATTERN,
              "must be pairs of DfE's code and the authority's, such as E08000038:E08000016",
            )
            .transform((pair) => {
              const [code, authorityCode] = pair.split(':') as [string, string];
              return { code, authorityCode };
            })
            .refine((pair) => ONS_CODE_PATTERN.test(pair.code) && ONS_CODE_PATTERN.test(pair.authorityCode)),
        )
        .max(400, 'at most 400 code changes'),
    )
    .optional()
    .openapi({
      param: {
        name: 'confirm',
        in: 'query',
        description:
          "The changes of code the preview proposes that the admin confirms, as DfE's code and the authority's, separated by commas: DfE's figures under the code become the authority's own",
      },
      example: 'E08000038:E08000016,E08000039:E08000019',
    }),
});

export const previewRelease = createRoute({
  method: 'post',
  path: '/api/published/releases/preview',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'What loading a file of DfE’s would do, before it is loaded (admin)',
  description:
    'The same body as loading it. Answers the years and rows it holds, the figures in force it would revise, the authorities whose code changed (to confirm when loading) and the authorities it lacks. Nothing is written.',
  request: { body: fileBody },
  responses: {
    200: jsonResponse(publishedReleasePreviewSchema, 'What loading it would do'),
    400: problemResponseDoc('The multipart form is malformed, or has no file'),
    401: commonErrors[401],
    403: problemResponseDoc('Not an admin (or a missing CSRF token)'),
    413: problemResponseDoc('The file is over 5 MB'),
    422: problemResponseDoc('Not DfE’s indicators file, or it has errors: see errors, each with its row and column'),
  },
});

export const loadRelease = createRoute({
  method: 'post',
  path: '/api/published/releases',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'Load a release of DfE’s children’s social work workforce indicators (admin)',
  description:
    'The body is the CSV file as DfE publishes it (text/csv), or a multipart/form-data form with the file in the field `file`. The file is checked strictly and loaded all or nothing; a file loaded before is not loaded again (200 with its release; put back in force if it was withdrawn). The release is named from the years it holds ("Children\'s social work workforce, 2017 to 2025"), or by the `X-Release-Name` header (or a form field `name`). `confirm` names the changes of code (from the preview) whose figures become the authority\'s own. Limit: 5 MB.',
  request: { query: loadQuery, body: fileBody },
  responses: {
    201: jsonResponse(publishedReleaseSchema, 'Loaded'),
    200: jsonResponse(publishedReleaseSchema, 'The same file was loaded before: its release'),
    400: problemResponseDoc('The multipart form is malformed, or has no file; or `confirm` is malformed'),
    401: commonErrors[401],
    403: problemResponseDoc('Not an admin (or a missing CSRF token)'),
    413: problemResponseDoc('The file is over 5 MB'),
    422: problemResponseDoc(
      'Not DfE’s indicators file, or it has errors (each with its row and column), or a confirmed code change is not the file’s',
    ),
  },
});

export const withdrawRelease = createRoute({
  method: 'post',
  path: '/api/published/releases/{id}/withdraw',
  ...requires({ roles: ['admin'] }),
  tags,
  summary: 'Withdraw a release: its figures stop being used, and what was in force before returns (admin)',
  request: {
    params: z.object({
      id: z
        .string()
        .regex(/^csww-[0-9a-f]{64}$/, 'must be a release id: csww- and 64 hex digits')
        .openapi({ param: { name: 'id', in: 'path' }, example: `csww-${'0'.repeat(64)}` }),
    }),
  },
  responses: {
    200: jsonResponse(publishedReleaseSchema, 'Withdrawn'),
    400: commonErrors[400],
    401: commonErrors[401],
    403: problemResponseDoc('Not an admin (or a missing CSRF token)'),
    404: problemResponseDoc('No such release'),
    409: problemResponseDoc('Withdrawn already'),
  },
});

export const figures = createRoute({
  method: 'get',
  path: '/api/published/figures',
  ...requires(),
  tags,
  summary: 'Figures of the newest release, by year, level, area and measure',
  description: `Public statistics: every signed-in user sees every area. At most ${MAX_PUBLISHED_FIGURES} figures are answered.`,
  request: { query: figuresQuery },
  responses: { 200: jsonResponse(publishedFigureSetSchema, 'Figures'), 400: commonErrors[400], 401: commonErrors[401] },
});
