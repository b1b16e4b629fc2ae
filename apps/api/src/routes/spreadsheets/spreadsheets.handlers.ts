import { EXAMPLE_RETURN, fieldForColumn } from '@csc-workforce/schemas';
import type { Context } from 'hono';
import { requireUser } from '../../lib/auth.js';
import { describeError } from '../../lib/create-app.js';
import { forbidden, HttpProblem } from '../../lib/problem.js';
import type { AppBindings, AppRouteHandler, CurrentUser } from '../../lib/types.js';
import { type CodeBook, codeBook } from '../../services/authority-codes.js';
import {
  applyHistory,
  checkHistoryGrid,
  HISTORY_LIMITS,
  historyAuthorities,
  releaseAfterHistory,
} from '../../services/history-import.js';
import { listReturns, toStored } from '../../services/returns.js';
import { newestOpenPeriodFor } from '../../services/round-gate.js';
import {
  COLUMN_GUIDE,
  CSV_MEDIA_TYPE,
  EXPORT_GUIDE,
  IMPORT_LIMITS,
  type ImportLimits,
  TEMPLATE_COLUMNS,
  XLSX_MEDIA_TYPE,
} from '../../services/spreadsheets.js';
import { applyImport, checkGrid } from '../../services/spreadsheets-import.js';
import { readUpload, type Upload } from '../../services/spreadsheets-read.js';
import {
  exportTable,
  guideToCsv,
  type Table,
  tableToCsv,
  tableToXlsx,
  templateTable,
} from '../../services/spreadsheets-write.js';
import type * as routes from './spreadsheets.routes.js';

/** Rows of the template's Return sheet that get data validation: 250 years of quarters. */
const VALIDATED_TEMPLATE_ROWS = 1000;

/** A download: an attachment that no cache keeps (it may hold an authority's identified figures). */
export function attachment(c: Context<AppBindings>, bytes: Buffer, mediaType: string, filename: string) {
  const type = mediaType === CSV_MEDIA_TYPE ? `${CSV_MEDIA_TYPE}; charset=utf-8` : mediaType;
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': type,
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'private, no-store',
  });
}

/** The template for the user: a row for their authority and the newest open period, if they have an authority. */
async function userTemplate(c: Context<AppBindings>): Promise<{ table: Table; suffix: string }> {
  const user = requireUser(c);
  if (!user.authorityCode) return { table: templateTable(null, null), suffix: '' };
  const period = await newestOpenPeriodFor(c.get('deps').database.db, user.authorityCode);
  const shown = (await codeBook(c)).current(user.authorityCode);
  return { table: templateTable(shown, period), suffix: `-${shown}` };
}

export const templateCsv: AppRouteHandler<typeof routes.templateCsv> = async (c) => {
  const { table, suffix } = await userTemplate(c);
  return attachment(c, tableToCsv(table), CSV_MEDIA_TYPE, `workforce-return-template${suffix}.csv`);
};

export const templateXlsx: AppRouteHandler<typeof routes.templateXlsx> = async (c) => {
  const { table, suffix } = await userTemplate(c);
  const bytes = await tableToXlsx(table, {
    sheetName: 'Return',
    guide: COLUMN_GUIDE,
    validatedRows: VALIDATED_TEMPLATE_ROWS,
  });
  return attachment(c, bytes, XLSX_MEDIA_TYPE, `workforce-return-template${suffix}.xlsx`);
};

export const templateGuideCsv: AppRouteHandler<typeof routes.templateGuideCsv> = async (c) => {
  requireUser(c);
  return attachment(c, guideToCsv(COLUMN_GUIDE), CSV_MEDIA_TYPE, 'workforce-return-guidance.csv');
};

/** The limits of an import on this server: the file also within MAX_BODY_BYTES. */
export function importLimits(c: Context<AppBindings>, limits: ImportLimits = IMPORT_LIMITS): ImportLimits {
  const { MAX_BODY_BYTES } = c.get('deps').env;
  return { ...limits, maxFileBytes: Math.min(limits.maxFileBytes, MAX_BODY_BYTES) };
}

/** The file of a multipart/form-data body: its `file` field. */
async function formUpload(c: Context<AppBindings>): Promise<Upload> {
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody();
  } catch {
    throw new HttpProblem(400, { detail: 'The body is not a readable multipart/form-data form.' });
  }
  const file = form.file;
  if (file instanceof File) {
    return { bytes: new Uint8Array(await file.arrayBuffer()), mediaType: file.type, fileName: file.name };
  }
  if (typeof file === 'string') return { bytes: new TextEncoder().encode(file) };
  throw new HttpProblem(400, { detail: 'The form has no file: send one file in the field "file".' });
}

/** The uploaded file: the body itself, or the `file` field of a multipart form. */
export async function requestUpload(c: Context<AppBindings>): Promise<Upload> {
  const mediaType = c.req.header('content-type');
  if (mediaType && /^multipart\/form-data/i.test(mediaType)) return formUpload(c);
  return { bytes: new Uint8Array(await c.req.arrayBuffer()), mediaType };
}

export const importReturns: AppRouteHandler<typeof routes.importReturns> = async (c) => {
  const user = requireUser(c);
  if (!user.authorityCode) throw forbidden('Your account has no authority to import returns for.');
  const { database, now } = c.get('deps');
  const limits = importLimits(c);
  const grid = await readUpload(await requestUpload(c), limits);
  // A row may name the authority by any of its codes, current or former.
  const codes = await codeBook(c);
  const file = checkGrid(grid, {
    key: user.authorityCode,
    shown: codes.current(user.authorityCode),
    codes: codes.history(user.authorityCode).map((span) => span.code),
  });
  const summary = await applyImport(database.db, file, {
    authorityCode: user.authorityCode,
    userId: user.id,
    at: now(),
    maxErrors: limits.maxErrors,
  });
  const shown = codes.current(user.authorityCode);
  return c.json({ ...summary, returns: summary.returns.map((r) => ({ ...r, authorityCode: shown })) }, 200);
};

/** The authorities whose history the user may import: the lead's region's, or every one for an admin. */
async function importableAuthorities(c: Context<AppBindings>): Promise<{ code: string; name: string }[]> {
  const user = requireUser(c);
  if (user.role === 'regional_lead' && !user.regionCode) return [];
  const region = user.role === 'regional_lead' ? (user.regionCode ?? null) : null;
  return historyAuthorities(c.get('deps').database.db, region);
}

const blankFigures = () => TEMPLATE_COLUMNS.slice(2).map(() => null);

export const historyTemplateCsv: AppRouteHandler<typeof routes.historyTemplateCsv> = async (c) => {
  const rows = (await importableAuthorities(c)).map((a) => [a.code, '', ...blankFigures()]);
  return attachment(c, tableToCsv({ columns: TEMPLATE_COLUMNS, rows }), CSV_MEDIA_TYPE, 'region-history-template.csv');
};

/** The example's quarters: two that ended long ago. */
const EXAMPLE_PERIODS = ['2019-20-Q3', '2019-20-Q4'] as const;

export const historyExampleCsv: AppRouteHandler<typeof routes.historyExampleCsv> = async (c) => {
  const { stored, comment } = toStored(EXAMPLE_RETURN);
  const values = TEMPLATE_COLUMNS.slice(2).map((column) => {
    const field = fieldForColumn(column);
    if (field === 'comment') return comment;
    return field ? (stored[field] ?? null) : null;
  });
  const rows = (await importableAuthorities(c))
    .slice(0, 2)
    .flatMap((a) => EXAMPLE_PERIODS.map((period) => [a.code, period, ...values]));
  return attachment(c, tableToCsv({ columns: TEMPLATE_COLUMNS, rows }), CSV_MEDIA_TYPE, 'region-history-example.csv');
};

export const importHistory: AppRouteHandler<typeof routes.importHistory> = async (c) => {
  const user = requireUser(c);
  const query = c.req.valid('query');
  const deps = c.get('deps');
  const limits = importLimits(c, HISTORY_LIMITS);
  const regionCode = user.role === 'admin' ? null : (user.regionCode ?? '');
  const grid = await readUpload(await requestUpload(c), limits);
  const file = await checkHistoryGrid(deps.database.db, grid, regionCode);
  const summary = await applyHistory(deps.database.db, file, {
    regionCode,
    userId: user.id,
    at: deps.now(),
    maxErrors: limits.maxErrors,
    replace: query.replace === 'true',
    dryRun: query.dryRun === 'true',
  });
  const periods = file.rows.map((row) => row.period);
  return c.json(await releaseAfterHistory(deps, summary, periods, describeError), 200);
};

/** The returns the user may export: their authority's, or their region's as a regional lead. */
function exportScope(
  user: CurrentUser,
  codes: CodeBook,
): { filter: { authorityCodes?: string[]; regionCode?: string }; name: string } {
  if (user.role === 'regional_lead') {
    return user.regionCode
      ? { filter: { regionCode: user.regionCode }, name: user.regionCode }
      : { filter: { authorityCodes: [] }, name: 'region' };
  }
  const code = user.authorityCode;
  return { filter: { authorityCodes: code ? [code] : [] }, name: code ? codes.current(code) : 'authority' };
}

async function exportedReturns(c: Context<AppBindings>, period: string | undefined) {
  const user = requireUser(c);
  const codes = await codeBook(c);
  const { filter, name } = exportScope(user, codes);
  const records = await listReturns(c.get('deps').database.db, { ...filter, ...(period ? { period } : {}) });
  // Each return's authority by its current code.
  const shown = records.map((r) => ({ ...r, authorityCode: codes.current(r.authorityCode) }));
  return { table: exportTable(shown), filename: `workforce-returns-${name}${period ? `-${period}` : ''}` };
}

export const exportCsv: AppRouteHandler<typeof routes.exportCsv> = async (c) => {
  const { table, filename } = await exportedReturns(c, c.req.valid('query').period);
  return attachment(c, tableToCsv(table), CSV_MEDIA_TYPE, `${filename}.csv`);
};

export const exportXlsx: AppRouteHandler<typeof routes.exportXlsx> = async (c) => {
  const { table, filename } = await exportedReturns(c, c.req.valid('query').period);
  const bytes = await tableToXlsx(table, { sheetName: 'Returns', guide: EXPORT_GUIDE, validatedRows: 0 });
  return attachment(c, bytes, XLSX_MEDIA_TYPE, `${filename}.xlsx`);
};
