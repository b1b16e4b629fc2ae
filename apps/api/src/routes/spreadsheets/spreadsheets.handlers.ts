import type { Context } from 'hono';
import { requireUser } from '../../lib/auth.js';
import { forbidden, HttpProblem } from '../../lib/problem.js';
import type { AppBindings, AppRouteHandler, CurrentUser } from '../../lib/types.js';
import { listReturns } from '../../services/returns.js';
import { newestOpenPeriodFor } from '../../services/round-gate.js';
import {
  COLUMN_GUIDE,
  CSV_MEDIA_TYPE,
  EXPORT_GUIDE,
  IMPORT_LIMITS,
  type ImportLimits,
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
  return { table: templateTable(user.authorityCode, period), suffix: `-${user.authorityCode}` };
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
export function importLimits(c: Context<AppBindings>): ImportLimits {
  const { MAX_BODY_BYTES } = c.get('deps').env;
  return { ...IMPORT_LIMITS, maxFileBytes: Math.min(IMPORT_LIMITS.maxFileBytes, MAX_BODY_BYTES) };
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
  const file = checkGrid(grid, user.authorityCode);
  const summary = await applyImport(database.db, file, {
    authorityCode: user.authorityCode,
    userId: user.id,
    at: now(),
    maxErrors: limits.maxErrors,
  });
  return c.json(summary, 200);
};

/** The returns the user may export: their authority's, or their region's as a regional lead. */
function exportScope(user: CurrentUser): { filter: { authorityCodes?: string[]; regionCode?: string }; name: string } {
  if (user.role === 'regional_lead') {
    return user.regionCode
      ? { filter: { regionCode: user.regionCode }, name: user.regionCode }
      : { filter: { authorityCodes: [] }, name: 'region' };
  }
  const code = user.authorityCode;
  return { filter: { authorityCodes: code ? [code] : [] }, name: code ?? 'authority' };
}

async function exportedReturns(c: Context<AppBindings>, period: string | undefined) {
  const user = requireUser(c);
  const { filter, name } = exportScope(user);
  const records = await listReturns(c.get('deps').database.db, { ...filter, ...(period ? { period } : {}) });
  return { table: exportTable(records), filename: `workforce-returns-${name}${period ? `-${period}` : ''}` };
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
