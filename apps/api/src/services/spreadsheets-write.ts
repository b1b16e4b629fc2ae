/**
 * Writing the template, the guidance and exports as CSV (csv-stringify) and XLSX (exceljs). Every
 * text cell is neutralised against formula injection, so that a comment such as `=HYPERLINK(…)` is
 * shown as text in any spreadsheet.
 */
import { FIGURE_FIELDS } from '@csc-workforce/metrics-core';
import { COMMENT_MAX_LENGTH, isWholeNumberKind, MAXIMUM_BY_KIND, RETURN_FIELDS } from '@csc-workforce/schemas';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { type ReturnRecord, toStored } from './returns.js';
import {
  type ColumnGuide,
  EXPORT_COLUMNS,
  GUIDANCE_NOTES,
  neutraliseFormula,
  TEMPLATE_COLUMNS,
} from './spreadsheets.js';

/** One cell written: text, a number, or blank. */
export type SheetValue = string | number | null;

/** A table to write: its header and rows. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SheetValue[])[];
}

const safe = (value: SheetValue): SheetValue => (typeof value === 'string' ? neutraliseFormula(value) : value);

/**
 * A table as CSV: UTF-8 with a byte order mark (so that Excel reads accents and £ correctly), CRLF line
 * ends (RFC 4180), text cells neutralised.
 */
export function tableToCsv(table: Table): Buffer {
  const records = [table.columns, ...table.rows.map((row) => row.map(safe))];
  return Buffer.from(stringify(records, { bom: true, record_delimiter: 'windows' }), 'utf8');
}

/** The guidance as CSV: one row per column of the template. */
export function guideToCsv(guide: readonly ColumnGuide[]): Buffer {
  return tableToCsv({
    columns: ['column', 'label', 'what_to_count', 'kind', 'required_to_submit'],
    rows: guide.map((g) => [g.column, g.label, g.hint, g.kind, g.required]),
  });
}

/** The template: the header, and a row for the authority and period when they are known (figures blank). */
export function templateTable(authorityCode: string | null, period: string | null): Table {
  const blank = TEMPLATE_COLUMNS.slice(2).map((): SheetValue => null);
  return { columns: TEMPLATE_COLUMNS, rows: authorityCode ? [[authorityCode, period ?? '', ...blank]] : [] };
}

/** Returns as a table of {@link EXPORT_COLUMNS}: the latest revision of each. */
export function exportTable(records: readonly ReturnRecord[]): Table {
  return {
    columns: EXPORT_COLUMNS,
    rows: records.map((record) => {
      const { stored, comment } = toStored(record.figures);
      const figures = FIGURE_FIELDS.map((field): SheetValue => stored[field] ?? null);
      return [record.authorityCode, record.period, ...figures, comment, record.status, record.version];
    }),
  };
}

/** The data validation of a figure's column: a number from 0 to the most any authority could have. */
function figureValidation(name: string): ExcelJS.DataValidation | undefined {
  const field = RETURN_FIELDS.find((f) => f.column === name);
  if (!field) return undefined;
  const whole = isWholeNumberKind(field.kind);
  const max = MAXIMUM_BY_KIND[field.kind];
  return {
    type: whole ? 'whole' : 'decimal',
    operator: 'between',
    formulae: [0, max],
    allowBlank: true,
    showErrorMessage: true,
    errorTitle: field.label,
    error: `${field.label}: enter ${whole ? 'a whole number' : 'a number'} from 0 to ${max.toLocaleString('en-GB')}, or leave it blank.`,
  };
}

const COMMENT_VALIDATION: ExcelJS.DataValidation = {
  type: 'textLength',
  operator: 'lessThanOrEqual',
  formulae: [COMMENT_MAX_LENGTH],
  allowBlank: true,
  showErrorMessage: true,
  errorTitle: 'Comment',
  error: `The comment can have at most ${COMMENT_MAX_LENGTH.toLocaleString('en-GB')} characters.`,
};

/** exceljs's range data validations (`worksheet.dataValidations`), which its type declarations leave out. */
interface RangeValidations {
  add(range: string, validation: ExcelJS.DataValidation): unknown;
}

function isRangeValidations(value: unknown): value is RangeValidations {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'add') === 'function';
}

/** Adds data validation to the first `rows` data rows of every figure column and the comment. */
function addValidations(sheet: ExcelJS.Worksheet, columns: readonly string[], rows: number): void {
  const validations: unknown = Reflect.get(sheet, 'dataValidations');
  if (rows <= 0 || !isRangeValidations(validations)) return;
  columns.forEach((name, index) => {
    const validation = name === 'comment' ? COMMENT_VALIDATION : figureValidation(name);
    const letter = sheet.getColumn(index + 1).letter;
    if (validation) validations.add(`${letter}2:${letter}${rows + 1}`, validation);
  });
}

const TEXT_COLUMNS = new Set(['authority_code', 'period', 'status', 'comment']);

function columnWidth(name: string): number {
  if (name === 'comment') return 60;
  return Math.max(12, name.length + 2);
}

/** The returns sheet: bold frozen header with a note on each column, the rows, text columns kept as text. */
function addTableSheet(workbook: ExcelJS.Workbook, name: string, table: Table, guide: readonly ColumnGuide[]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  sheet.columns = table.columns.map((column) => ({ header: column, key: column, width: columnWidth(column) }));
  const byColumn = new Map(guide.map((g) => [g.column, g]));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    const g = byColumn.get(String(cell.value));
    if (g) cell.note = `${g.label}\n\n${g.hint}\n\n${g.kind}. Required to submit: ${g.required}.`;
  });
  table.columns.forEach((column, index) => {
    if (TEXT_COLUMNS.has(column)) sheet.getColumn(index + 1).numFmt = '@';
  });
  for (const row of table.rows) sheet.addRow(row.map(safe));
  return sheet;
}

/** The Guidance sheet: one row per column (what it holds, its kind, whether it is needed), then notes. */
function addGuidanceSheet(workbook: ExcelJS.Workbook, guide: readonly ColumnGuide[]): void {
  const sheet = workbook.addWorksheet('Guidance', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'Column', key: 'column', width: 34 },
    { header: 'Label', key: 'label', width: 38 },
    { header: 'What to count', key: 'hint', width: 90 },
    { header: 'Kind', key: 'kind', width: 40 },
    { header: 'Required to submit', key: 'required', width: 24 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const g of guide) sheet.addRow([g.column, g.label, g.hint, g.kind, g.required]);
  sheet.getColumn('hint').alignment = { wrapText: true, vertical: 'top' };
  sheet.addRow([]);
  for (const note of GUIDANCE_NOTES) sheet.addRow([note]);
}

/** Options of {@link tableToXlsx}. */
export interface XlsxOptions {
  /** The name of the sheet of returns (the importer reads a sheet named Return or Returns, else the first). */
  readonly sheetName: string;
  readonly guide: readonly ColumnGuide[];
  /** How many data rows get data validation (0 for none). */
  readonly validatedRows: number;
}

/** A table as an .xlsx workbook: the sheet of returns, then the Guidance sheet. */
export async function tableToXlsx(table: Table, options: XlsxOptions): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Children's social care workforce exchange";
  const sheet = addTableSheet(workbook, options.sheetName, table, options.guide);
  addValidations(sheet, table.columns, options.validatedRows);
  addGuidanceSheet(workbook, options.guide);
  const written: unknown = await workbook.xlsx.writeBuffer();
  if (written instanceof Uint8Array) return Buffer.from(written.buffer, written.byteOffset, written.byteLength);
  if (written instanceof ArrayBuffer) return Buffer.from(written);
  throw new TypeError('exceljs wrote something other than bytes');
}
