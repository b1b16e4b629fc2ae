/**
 * What the CSV/XLSX template, import and export of the quarterly return share: the columns (DESIGN
 * section 4: the API's field names in snake_case), the guidance that explains each column, the limits
 * of an upload, the neutralising of spreadsheet formulas in text cells, and the problems an upload
 * is refused with.
 */
import {
  COMMENT_COLUMN,
  COMMENT_MAX_LENGTH,
  type FieldKind,
  PROBLEM_TYPES,
  type ProblemError,
  RETURN_CSV_COLUMNS,
  RETURN_FIELDS,
} from '@csc-workforce/schemas';
import { HttpProblem } from '../lib/problem.js';

/** The column naming the authority of a row (its ONS code). */
export const AUTHORITY_COLUMN = 'authority_code';
/** The column naming the period of a row, such as `2024-25-Q2`. */
export const PERIOD_COLUMN = 'period';
/** Exports only: the return's status. The importer reads past it (an import always saves a draft). */
export const STATUS_COLUMN = 'status';
/** Exports only: the return's version. The importer checks it, so that a stale export cannot overwrite newer work. */
export const VERSION_COLUMN = 'version';

/** The template's columns: authority and period, every figure in form order, then the comment. */
export const TEMPLATE_COLUMNS: readonly string[] = [AUTHORITY_COLUMN, PERIOD_COLUMN, ...RETURN_CSV_COLUMNS];

/** The export's columns: the template's, then status and version, so that an export can be edited and imported. */
export const EXPORT_COLUMNS: readonly string[] = [...TEMPLATE_COLUMNS, STATUS_COLUMN, VERSION_COLUMN];

/** The media type of CSV downloads. */
export const CSV_MEDIA_TYPE = 'text/csv';
/** The media type of an Excel workbook (.xlsx). */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One line of the guidance: what a column holds and whether it is needed. */
export interface ColumnGuide {
  readonly column: string;
  readonly label: string;
  /** What to count, or what to write. */
  readonly hint: string;
  /** What kind of value the column takes, for people. */
  readonly kind: string;
  /** Whether the return can be submitted with the column blank. */
  readonly required: string;
}

const KIND_TEXT: { readonly [K in FieldKind]: string } = {
  headcount: 'Whole number (people)',
  cases: 'Whole number (cases)',
  fte: 'Number, decimals allowed (full-time equivalent)',
  days: 'Number, decimals allowed (FTE working days)',
  money: 'Number, decimals allowed (pounds)',
};

/** The guidance of every template column, in column order. */
export const COLUMN_GUIDE: readonly ColumnGuide[] = [
  {
    column: AUTHORITY_COLUMN,
    label: 'Authority code',
    hint: "Your local authority's ONS code: the letter E and 8 digits, as the template's first row has it. You can import your own authority's returns only.",
    kind: 'Text',
    required: 'Yes',
  },
  {
    column: PERIOD_COLUMN,
    label: 'Period',
    hint: 'The financial year and quarter the return is for, such as 2024-25-Q2 (Q1 ends 30 June, Q2 30 September, Q3 31 December, Q4 31 March). The period must be open for returns.',
    kind: 'Text, like 2024-25-Q2',
    required: 'Yes',
  },
  ...RETURN_FIELDS.map((field) => ({
    column: field.column,
    label: field.label,
    hint: field.hint,
    kind: KIND_TEXT[field.kind],
    required: field.required ? 'Yes' : 'No (optional)',
  })),
  {
    column: COMMENT_COLUMN,
    label: 'Comment',
    hint: `Free text of at most ${COMMENT_MAX_LENGTH.toLocaleString('en-GB')} characters. Needed to submit a return that has warnings: explain them here.`,
    kind: 'Text',
    required: 'Only to explain warnings',
  },
];

/** The guidance of every export column: the template's, and the two columns an export adds. */
export const EXPORT_GUIDE: readonly ColumnGuide[] = [
  ...COLUMN_GUIDE,
  {
    column: STATUS_COLUMN,
    label: 'Status',
    hint: 'The status of the return when it was exported: draft, submitted, accepted or returned. An import does not change it from here: every imported row is saved as a draft.',
    kind: 'Text (read only)',
    required: 'No',
  },
  {
    column: VERSION_COLUMN,
    label: 'Version',
    hint: 'The version of the return when it was exported. An import refuses a row whose return has been saved since (someone else may have changed it): export again, or clear the version to save over it.',
    kind: 'Whole number (read only)',
    required: 'No',
  },
];

/** General notes shown under the guidance table. */
export const GUIDANCE_NOTES: readonly string[] = [
  'One row per authority and period. Row 1 is the header: keep the column names as they are.',
  'Leave a figure blank if you do not have it yet: a blank is never read as 0. A draft may be incomplete; every required figure is needed to submit.',
  'An import saves each row as a new draft revision of its return, and nothing is saved if any row has an error: the errors name their row and column.',
  'Rows with no figures and no comment are skipped, and rows that match the stored return exactly are left as they are.',
];

/** The limits of an import. */
export interface ImportLimits {
  /** Largest file, in bytes (also capped by the API's MAX_BODY_BYTES). */
  readonly maxFileBytes: number;
  /** Most rows of returns in one file (the header and blank rows not counted). */
  readonly maxRows: number;
  /** Most errors listed in a refusal (all are counted). */
  readonly maxErrors: number;
  /** Most entries in an .xlsx zip archive. */
  readonly maxZipEntries: number;
  /** Most bytes an .xlsx may hold once uncompressed, all entries together. */
  readonly maxUncompressedBytes: number;
  /** Highest compression ratio of one entry of an .xlsx (checked on entries over `ratioCheckFromBytes`). */
  readonly maxCompressionRatio: number;
  readonly ratioCheckFromBytes: number;
  /** Most cells in the worksheets of an .xlsx. */
  readonly maxCells: number;
  /** Most row elements in the worksheets of an .xlsx (blank formatted rows included). */
  readonly maxRowElements: number;
  /** Most cells named by the defined names of an .xlsx (the reader expands each into its cells). */
  readonly maxNamedCells: number;
}

const MB = 1024 * 1024;

/** The limits of {@link ImportLimits} the API uses. */
export const IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 5 * MB,
  maxRows: 10_000,
  maxErrors: 200,
  maxZipEntries: 200,
  maxUncompressedBytes: 50 * MB,
  maxCompressionRatio: 100,
  ratioCheckFromBytes: MB,
  maxCells: 600_000,
  maxRowElements: 50_000,
  maxNamedCells: 1_000_000,
};

/** A size in bytes for people: `5 MB`, `812 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Starts of a text cell that a spreadsheet would read as a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes a text cell safe to open in a spreadsheet: a value that starts like a formula (`=`, `+`, `-`,
 * `@`, tab or carriage return) gets a leading `'`, so that it is shown as text and never run.
 *
 * @example
 * neutraliseFormula('=HYPERLINK("http://evil.example")'); // `'=HYPERLINK("http://evil.example")`
 * neutraliseFormula('Two teams merged'); // 'Two teams merged'
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Undoes {@link neutraliseFormula} on an imported cell, so that an exported file imports unchanged.
 *
 * @example
 * restoreNeutralised("'=1+1"); // '=1+1'
 * restoreNeutralised("'quoted"); // "'quoted"
 */
export function restoreNeutralised(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** Shortens and quotes a value written by someone else, for a message. */
export function quote(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

/** Whether `n` of something takes the plural. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/**
 * A refusal of a whole file, before any row is read (not a spreadsheet, too large, a zip bomb…). A 422
 * is an import problem that lists the reason in `errors` as well, with the row and column when there
 * is one; other statuses (413, 415) are plain problems.
 */
export function fileProblem(status: 413 | 415 | 422, detail: string, where: Omit<ProblemError, 'message'> = {}) {
  if (status !== 422) return new HttpProblem(status, { title: 'The file cannot be imported', detail });
  return new HttpProblem(422, {
    type: PROBLEM_TYPES.import,
    title: 'The file cannot be imported',
    detail: `${detail} Nothing was imported.`,
    errors: [{ ...where, message: detail }],
  });
}

/**
 * The refusal of a file whose rows have errors: a 422 import problem listing the first `max` errors
 * (by row, then column), with `errorCount` giving them all.
 */
export function importProblem(errors: readonly ProblemError[], max: number): HttpProblem {
  const listed = errors.slice(0, max);
  const more = errors.length > max ? ` The first ${max} are listed.` : '';
  const refusal = new HttpProblem(422, {
    type: PROBLEM_TYPES.import,
    title: 'The file has errors: nothing was imported',
    detail: `The file has ${plural(errors.length, 'error')}.${more} Nothing was imported: correct the file and upload it again.`,
    errors: listed,
  });
  Object.assign(refusal.body, { errorCount: errors.length });
  return refusal;
}
