import {
  agencyAnnexRevisionSchema,
  agencyAnnexSchema,
  agencyAnnexUpdateSchema,
  agencyCapInputSchema,
  agencyCapSchema,
  agencyComparisonSchema,
  agencyComplianceSchema,
  regionAgencyComplianceSchema,
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
  regionParam,
} from '../../lib/openapi.js';
import { CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE } from '../../services/spreadsheets.js';

const tags = ['Agency annex'];
const params = z.object({ authority: authorityCodeParam, period: periodParam });
const binary = { type: 'string', format: 'binary' } as const;
const changeConflicts = problemResponseDoc(
  'A newer version exists (someone else saved), the return is submitted or accepted (the annex follows it), the period is closed, or the authority is retired',
);

export const get = createRoute({
  method: 'get',
  path: '/api/agency/{authority}/{period}',
  ...requires({ roles: RETURN_READERS, scope: 'authority' }),
  tags,
  summary:
    'An authority’s agency annex for a quarter: its assignments open at quarter end (registration numbers for its own users only)',
  request: { params },
  responses: {
    200: jsonResponse(agencyAnnexSchema, 'The annex (version 0 and no assignments when not saved yet)'),
    ...commonErrors,
  },
});

export const save = createRoute({
  method: 'put',
  path: '/api/agency/{authority}/{period}',
  ...requires({ roles: ['authority_submitter'], scope: 'authority' }),
  tags,
  summary:
    'Save the whole list of assignments as a new revision, if nobody saved since the version you read (0 for a new annex)',
  description:
    'The annex follows the quarter’s return: it can be changed while the return is a draft, sent back, or not started, and the period is open. Every assignment is checked by the annex rules (A001–A011); any error refuses the whole list (422, each error naming `assignments.N.field`) and nothing is saved. A missing registration number is allowed and counted.',
  request: { params, body: jsonBody(agencyAnnexUpdateSchema) },
  responses: { 200: jsonResponse(agencyAnnexSchema, 'Saved as a new revision'), ...commonErrors, 409: changeConflicts },
});

export const revisions = createRoute({
  method: 'get',
  path: '/api/agency/{authority}/{period}/revisions',
  ...requires({ roles: RETURN_READERS, scope: 'authority' }),
  tags,
  summary: 'Every revision of an annex, oldest first',
  request: { params },
  responses: { 200: jsonResponse(z.array(agencyAnnexRevisionSchema), 'The revisions'), ...commonErrors },
});

export const importAnnex = createRoute({
  method: 'post',
  path: '/api/agency/{authority}/{period}/import',
  ...requires({ roles: ['authority_submitter'], scope: 'authority' }),
  tags,
  summary: 'Replace the annex with the assignments of a CSV or XLSX file: all or nothing, a new revision',
  description:
    'One row per assignment; the header names the columns role_type, hourly_rate, start_date, end_date, registration_number (optional), pqe_years, references, project_team, project_team_approved (optional), cool_off. Dates YYYY-MM-DD (or DD/MM/YYYY); yes/no for the flags; the role type by its id or its name. The body is the file itself, or a multipart/form-data form with the file in the field `file`. With `version`, the import is refused if someone saved since. Any error refuses the whole file: the 422 lists each error with its row and column.',
  request: {
    params,
    query: z.object({
      version: z.coerce
        .number()
        .int()
        .min(0)
        .optional()
        .openapi({ param: { name: 'version', in: 'query' }, description: 'The version you read (optional)' }),
    }),
    body: {
      required: true,
      content: {
        [CSV_MEDIA_TYPE]: { schema: binary },
        [XLSX_MEDIA_TYPE]: { schema: binary },
        'multipart/form-data': { schema: { type: 'object', properties: { file: binary }, required: ['file'] } },
      },
    },
  },
  responses: {
    200: jsonResponse(agencyAnnexSchema, 'Imported as a new revision'),
    ...commonErrors,
    409: changeConflicts,
    413: problemResponseDoc('The file, or the workbook once uncompressed, is over the limit'),
    415: problemResponseDoc('Not a CSV file or an Excel workbook'),
    422: problemResponseDoc(
      'The file is not a readable spreadsheet, or has errors: see errors, each with its row and column',
    ),
  },
});

export const compliance = createRoute({
  method: 'get',
  path: '/api/agency/{authority}/{period}/compliance',
  ...requires({ roles: RETURN_READERS, scope: 'authority' }),
  tags,
  summary:
    'An authority’s compliance with the agency rules in a quarter, with its breaches (its own users and its lead)',
  request: { params },
  responses: { 200: jsonResponse(agencyComplianceSchema, 'Compliance and breaches'), ...commonErrors },
});

export const comparison = createRoute({
  method: 'get',
  path: '/api/agency/{authority}/{period}/comparison',
  ...requires({ roles: RETURN_READERS, scope: 'authority' }),
  tags,
  summary:
    'An authority’s compliance (live) beside its region and England, pooled rates from the period’s first release, withheld below k',
  request: { params },
  responses: { 200: jsonResponse(agencyComparisonSchema, 'The comparison'), ...commonErrors },
});

export const dfeExport = createRoute({
  method: 'get',
  path: '/api/agency/{authority}/{period}/dfe-export.csv',
  ...requires({ roles: ['authority_submitter', 'authority_viewer'], scope: 'authority' }),
  tags,
  summary: 'The authority’s quarterly agency data for DfE (CSV): its own users only, as it holds registration numbers',
  description:
    'One row per assignment open at quarter end with the items DfE’s list asks for: role type, hourly charge rate, start and end dates, Social Work England registration number, project team (and whether approved); then whether the assignment complies with the statutory rules and, if not, why. The layout follows DfE’s list of items: DfE has not published a template, and the columns will follow one when it does.',
  request: { params },
  responses: {
    200: {
      description: 'CSV, UTF-8 with a byte order mark',
      content: { [CSV_MEDIA_TYPE]: { schema: z.string() } },
    },
    ...commonErrors,
  },
});

export const authorityCaps = createRoute({
  method: 'get',
  path: '/api/agency-caps/{authority}',
  ...requires({ roles: RETURN_READERS, scope: 'authority' }),
  tags,
  summary: 'The price caps of the authority’s region, every one ever set (its users and its lead)',
  request: { params: z.object({ authority: authorityCodeParam }) },
  responses: { 200: jsonResponse(z.array(agencyCapSchema), 'The caps by role, newest first'), ...commonErrors },
});

const regionParams = z.object({ region: regionParam });

export const regionCaps = createRoute({
  method: 'get',
  path: '/api/regions/{region}/agency-caps',
  ...requires({ roles: ['regional_lead', 'admin'], scope: 'regionOrAdmin' }),
  tags,
  summary: 'The price caps of a region, every one ever set (its lead, and admins)',
  request: { params: regionParams },
  responses: { 200: jsonResponse(z.array(agencyCapSchema), 'The caps by role, newest first'), ...commonErrors },
});

export const setCap = createRoute({
  method: 'post',
  path: '/api/regions/{region}/agency-caps',
  ...requires({ roles: ['regional_lead', 'admin'], scope: 'regionOrAdmin' }),
  tags,
  summary:
    'Set a price cap for a role from the date it takes effect (its lead, and admins); earlier caps are kept; audited',
  request: { params: regionParams, body: jsonBody(agencyCapInputSchema) },
  responses: { 201: jsonResponse(agencyCapSchema, 'Set'), ...commonErrors },
});

export const regionCompliance = createRoute({
  method: 'get',
  path: '/api/regions/{region}/agency/{period}/compliance',
  ...requires({ roles: ['regional_lead'], scope: 'region' }),
  tags,
  summary:
    'Every authority of the region named, with its compliance and breaches in a quarter, and the region pooled (its lead)',
  request: { params: z.object({ region: regionParam, period: periodParam }) },
  responses: { 200: jsonResponse(regionAgencyComplianceSchema, 'The region’s compliance'), ...commonErrors },
});
