import { historyImportSummarySchema, importSummarySchema } from '@csc-workforce/schemas';
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

const HISTORY_ROLES = ['regional_lead', 'admin'] as const;

export const historyTemplateCsv = createRoute({
  method: 'get',
  path: '/api/returns/history-template.csv',
  ...requires({ roles: HISTORY_ROLES }),
  tags,
  summary: 'The CSV template of a region’s history: the return’s columns, and a row for each authority of your region',
  description:
    'For regional leads (their region’s authorities) and admins (every authority). Copy each authority’s row for each quarter, and fill in the period and the figures.',
  responses: { 200: csvContent('The template, as an attachment'), ...downloadErrors, 403: commonErrors[403] },
});

export const historyExampleCsv = createRoute({
  method: 'get',
  path: '/api/returns/history-example.csv',
  ...requires({ roles: HISTORY_ROLES }),
  tags,
  summary: 'An example of a region’s history, filled in: two authorities of your region, two quarters each',
  responses: { 200: csvContent('The example, as an attachment'), ...downloadErrors, 403: commonErrors[403] },
});

const flag = (description: string) => z.enum(['true', 'false']).optional().describe(description);

export const importHistory = createRoute({
  method: 'post',
  path: '/api/returns/history-import',
  ...requires({ roles: HISTORY_ROLES }),
  tags,
  summary:
    'Import a region’s history from a CSV or XLSX file: many authorities × quarters, all or nothing, each return accepted on the authority’s behalf',
  description:
    'For regional leads (their own region’s authorities) and admins (any region). The file has the template’s columns (authority_code, period, the figures, comment), one row per authority and quarter. Each row must be for a quarter that has ended and whose collection is not open in the authority’s region; a quarter the exchange has no period for gets a closed period. Each return is checked as a submitted one is (warnings are recorded, not refused), and written as a new revision, accepted, by the importer on the authority’s behalf, with its own audit entry. A return the authority saved itself is kept as it is unless `replace=true`. With `dryRun=true` nothing is saved: the answer says what the import would do. After an import, the periods it filled whose collection is closed everywhere and that were never released are released; periods released before take the changes at their next re-release. Limits: 20 MB (and the server’s MAX_BODY_BYTES), 20,000 rows. If any row has an error, nothing is imported and the 422 problem lists every error (up to 200, with `errorCount`) with its row and column.',
  request: {
    query: z.object({
      replace: flag('Replace the returns the authorities saved themselves (kept otherwise)'),
      dryRun: flag('Check the file and say what the import would do, saving nothing'),
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
    200: jsonResponse(historyImportSummarySchema, 'Imported (or, with dryRun, checked): what happened, by authority'),
    400: problemResponseDoc('The multipart form is malformed, or has no file, or a flag is not true or false'),
    401: commonErrors[401],
    403: problemResponseDoc('Not a regional lead or an admin (or a missing CSRF token)'),
    409: problemResponseDoc('Another save of one of the returns happened during the import: nothing was imported'),
    413: problemResponseDoc('The file, the workbook once uncompressed, or the number of rows is over the limit'),
    415: problemResponseDoc('Not a CSV file or an Excel workbook'),
    422: problemResponseDoc(
      'The file is not a readable spreadsheet, or has errors (an authority outside your region, an open or future period, a figure a submitted return may not have…): see errors, each with its row and column',
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
