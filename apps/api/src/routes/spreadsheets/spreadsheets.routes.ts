import { importSummarySchema } from '@csc-workforce/schemas';
import { createRoute, z } from '@hono/zod-openapi';
import { RETURN_READERS, requires } from '../../lib/access.js';
import { commonErrors, jsonResponse, periodParam, problemResponseDoc } from '../../lib/openapi.js';
import { CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE } from '../../services/spreadsheets.js';

const tags = ['Spreadsheets'];

const csvContent = (description: string) => ({
  description,
  content: { [CSV_MEDIA_TYPE]: { schema: z.string().openapi({ description: 'CSV, UTF-8 with a byte order mark' }) } },
});

const xlsxContent = (description: string) => ({
  description,
  content: { [XLSX_MEDIA_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } },
});

const downloadErrors = { 401: commonErrors[401] } as const;

export const templateCsv = createRoute({
  method: 'get',
  path: '/api/returns/template.csv',
  ...requires(),
  tags,
  summary: 'The CSV template of the return: the header, and a row for your authority and the open period',
  description:
    'Columns: authority_code, period, every figure in snake_case, comment. The explanation of each column is in template-guide.csv and in the Guidance sheet of template.xlsx.',
  responses: { 200: csvContent('The template, as an attachment'), ...downloadErrors },
});

export const templateXlsx = createRoute({
  method: 'get',
  path: '/api/returns/template.xlsx',
  ...requires(),
  tags,
  summary:
    'The Excel template of the return: a Return sheet (with a note and data validation on each column) and a Guidance sheet',
  responses: { 200: xlsxContent('The template, as an attachment'), ...downloadErrors },
});

export const templateGuideCsv = createRoute({
  method: 'get',
  path: '/api/returns/template-guide.csv',
  ...requires(),
  tags,
  summary: 'What each column of the template holds, as CSV: column, label, what to count, kind, required to submit',
  responses: { 200: csvContent('The guidance, as an attachment'), ...downloadErrors },
});

const binary = { type: 'string', format: 'binary' } as const;

export const importReturns = createRoute({
  method: 'post',
  path: '/api/returns/import',
  ...requires({ roles: ['authority_submitter'] }),
  tags,
  summary: 'Import returns from a CSV or XLSX file: all or nothing, each changed row a new draft revision',
  description:
    'For authority submitters, rows of their own authority only. The body is the file itself (text/csv, or the .xlsx media type; an .xlsx is also recognised by its zip signature), or a multipart/form-data form with the file in the field `file`. Limits: 5 MB (and the server’s MAX_BODY_BYTES), 10,000 rows, 50 MB uncompressed for a workbook. If any row has an error, nothing is imported and the 422 problem lists every error (up to 200, with `errorCount`) with its row and column.',
  request: {
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
    200: jsonResponse(importSummarySchema, 'Imported: what happened to each return'),
    400: problemResponseDoc('The multipart form is malformed, or has no file'),
    401: commonErrors[401],
    403: problemResponseDoc('Not an authority submitter (or a missing CSRF token)'),
    409: problemResponseDoc('Another save of one of the returns happened during the import: nothing was imported'),
    413: problemResponseDoc('The file, the workbook once uncompressed, or the number of rows is over the limit'),
    415: problemResponseDoc('Not a CSV file or an Excel workbook'),
    422: problemResponseDoc(
      'The file is not a readable spreadsheet (or is a zip bomb), or has errors: see errors, each with its row and column',
    ),
  },
});

const exportQuery = z.object({
  period: periodParam.optional().openapi({ param: { name: 'period', in: 'query' } }),
});

const exportErrors = { 400: commonErrors[400], 401: commonErrors[401], 403: commonErrors[403] } as const;

export const exportCsv = createRoute({
  method: 'get',
  path: '/api/returns/export.csv',
  ...requires({ roles: RETURN_READERS }),
  tags,
  summary:
    'Your returns as CSV (your authority’s, or your region’s as a regional lead): the template’s columns, then status and version',
  request: { query: exportQuery },
  responses: { 200: csvContent('The returns, as an attachment'), ...exportErrors },
});

export const exportXlsx = createRoute({
  method: 'get',
  path: '/api/returns/export.xlsx',
  ...requires({ roles: RETURN_READERS }),
  tags,
  summary: 'Your returns as an Excel workbook: a Returns sheet and a Guidance sheet',
  request: { query: exportQuery },
  responses: { 200: xlsxContent('The returns, as an attachment'), ...exportErrors },
});
