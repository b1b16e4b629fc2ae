/**
 * Reading an uploaded CSV or XLSX file into a grid of raw cells, row numbers as a spreadsheet shows
 * them (the header is row 1). CSV is parsed by csv-parse, XLSX by exceljs after the zip has passed
 * {@link inspectZip} and a count of what the worksheets would make the reader build. Anything that is
 * not a readable spreadsheet within the limits is refused here with a problem that says why.
 */
import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import {
  fileProblem,
  formatBytes,
  type ImportLimits,
  plural,
  restoreNeutralised,
  XLSX_MEDIA_TYPE,
} from './spreadsheets.js';
import { inspectZip } from './spreadsheets-zip.js';

/** A formula cell of a workbook saved without its calculated value (by a program other than Excel). */
export interface UncalculatedFormula {
  readonly formula: string;
}

/** One raw cell: text as written (CSV, or an XLSX text cell), a number, a true/false, or blank. */
export type CellInput = string | number | boolean | undefined | UncalculatedFormula;

/** A row of the file that is not blank. */
export interface GridRow {
  /** The row number as a spreadsheet shows it: the header is row 1. */
  readonly row: number;
  /** The cells by column position (0 is the first column). */
  readonly cells: readonly CellInput[];
  /** CSV only: how many values the line has, to find ragged rows. */
  readonly width?: number;
}

/** A file read into rows. */
export interface Grid {
  readonly format: 'csv' | 'xlsx';
  /** The cells of row 1, or undefined when row 1 is blank. */
  readonly header: readonly CellInput[] | undefined;
  /** The rows after the header that are not blank, in order. */
  readonly rows: readonly GridRow[];
  /** How people name the column at a position: `column 45` in a CSV file, `AS` in a workbook. */
  columnName(index: number): string;
}

/** An uploaded file: its bytes, and what the client said it is. */
export interface Upload {
  readonly bytes: Uint8Array;
  /** The media type the client sent, if any. */
  readonly mediaType?: string | undefined;
  /** The file's name, when it came from a form. */
  readonly fileName?: string | undefined;
}

/** Whether a cell holds nothing. */
export function isBlank(cell: CellInput): boolean {
  return cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((byte, i) => bytes[i] === byte);

/** `PK\x03\x04`, or `PK\x05\x06` for an empty archive. */
const isZip = (bytes: Uint8Array) =>
  startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
/** An OLE2 compound document: an Excel 97-2003 .xls, or a password-protected workbook. */
const isOle = (bytes: Uint8Array) => startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const essence = (mediaType: string | undefined) => (mediaType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

function declaredXlsx(upload: Upload): boolean {
  return essence(upload.mediaType) === XLSX_MEDIA_TYPE || /\.xlsx$/i.test(upload.fileName ?? '');
}

/** Media types that are certainly not a spreadsheet of returns. */
function declaredOther(upload: Upload): boolean {
  return /^(application\/(json|pdf|xml|gzip|x-gzip)|image\/|audio\/|video\/)/.test(essence(upload.mediaType));
}

const BOM = '\uFEFF';

/** Decodes CSV bytes: UTF-8 (with or without a byte order mark), else Windows-1252 as older Excel saves "CSV". */
function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw fileProblem(
      422,
      'The file is UTF-16 text ("Unicode Text"), not CSV: save it as "CSV UTF-8 (Comma delimited)" and upload it again.',
    );
  }
  if (bytes.includes(0)) {
    throw fileProblem(422, 'The file is not a CSV file or an Excel workbook (.xlsx): it holds binary data.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** The delimiter of the header line: a comma, or the semicolon or tab some spreadsheets write instead. */
function detectDelimiter(text: string): string {
  const newline = text.search(/[\r\n]/);
  const first = newline === -1 ? text : text.slice(0, newline);
  if (first.includes(',')) return ',';
  if (first.includes(';')) return ';';
  return first.includes('\t') ? '\t' : ',';
}

const tooManyRows = (limits: Pick<ImportLimits, 'maxRows'>) =>
  fileProblem(
    413,
    `The file has more than ${plural(limits.maxRows, 'row')} of returns; at most ${limits.maxRows.toLocaleString('en-GB')} can be imported at once. Split it into smaller files.`,
  );

/** What the CSV parser says of a broken file, in words for people. */
function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a value opens with a double quote (") that is never closed: close it, and double any quote inside a value ("")';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted value has more text after its closing quote: put the whole value in quotes, and double any quote inside it ("")';
    case 'INVALID_OPENING_QUOTE':
      return 'a double quote (") is inside a value that does not start with one: put the whole value in quotes, and double the quote inside it ("")';
    default:
      return `the CSV file is not well formed (${error.message.slice(0, 200)})`;
  }
}

/** A number from the context a CsvError carries, if it has one. */
function contextNumber(error: CsvError, key: 'records' | 'column'): number | undefined {
  const value: unknown = Reflect.get(error, key);
  return typeof value === 'number' ? value : undefined;
}

function csvProblem(error: CsvError, header: readonly string[] | undefined) {
  const row = (contextNumber(error, 'records') ?? 0) + 1;
  const index = contextNumber(error, 'column');
  const column = index === undefined ? undefined : (header?.[index]?.trim() ?? `column ${index + 1}`);
  const message = describeCsvError(error);
  return fileProblem(422, `Row ${row}${column ? `, column ${column}` : ''}: ${message}.`, {
    row,
    ...(column ? { column } : {}),
  });
}

/** How csv-parse reads an upload's records, whatever its delimiter. */
export const CSV_RECORD_OPTIONS = {
  // Any mix of line endings: a template saved on Windows (CRLF) with rows added elsewhere (LF).
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
  skip_empty_lines: false,
};

/**
 * The records of a CSV text with no double quote in it, as csv-parse reads them with
 * {@link CSV_RECORD_OPTIONS} (any of CRLF, LF and CR ends a record; an empty line is a record of one empty value; the
 * last line break ends the last record): nothing to unquote, so each line is split at the delimiter,
 * several times faster than the general parser (a region's history is 12,000 lines).
 */
export function plainCsvRecords(text: string, delimiter: string): string[][] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.split(delimiter));
}

/** Reads CSV bytes into a grid. */
export function readCsv(bytes: Uint8Array, limits: Pick<ImportLimits, 'maxRows'>): Grid {
  const text = decodeText(bytes);
  if (text.trim() === '') throw fileProblem(422, 'The file is empty: it needs the header row and a row per return.');
  let header: string[] | undefined;
  const rows: GridRow[] = [];
  const onRecord = (record: string[], row: number) => {
    if (row === 1) header = record;
    else if (!record.every((cell) => cell.trim() === '')) {
      if (rows.length >= limits.maxRows) throw tooManyRows(limits);
      rows.push({ row, cells: record.map(restoreNeutralised), width: record.length });
    }
  };
  const delimiter = detectDelimiter(text);
  if (!text.includes('"')) {
    for (const [index, record] of plainCsvRecords(text, delimiter).entries()) onRecord(record, index + 1);
  } else {
    try {
      parse(text, {
        ...CSV_RECORD_OPTIONS,
        delimiter,
        on_record: (record: string[], context) => {
          onRecord(record, context.records);
          return null;
        },
      });
    } catch (error) {
      if (error instanceof CsvError) throw csvProblem(error, header);
      throw error;
    }
  }
  const blankHeader = !header || header.every((cell) => cell.trim() === '');
  return { format: 'csv', header: blankHeader ? undefined : header, rows, columnName: (i) => `column ${i + 1}` };
}

/** The parts of an .xlsx that are read to count what they would make the reader build. */
const COUNTED_PART = /^xl\/(workbook\.xml|worksheets\/[^/]+\.xml|comments[^/]*\.xml)$/;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

const A1_RANGE = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/i;

function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters.toUpperCase()) n = n * 26 + letter.charCodeAt(0) - 64;
  return n;
}

/** The number of cells a defined name's ranges cover (`Sheet1!$A$1:$C$10,Sheet1!$E$1` covers 31). */
export function namedCells(formula: string): number {
  let total = 0;
  for (const part of formula.split(',')) {
    const match = A1_RANGE.exec(part.slice(part.lastIndexOf('!') + 1).trim());
    if (!match?.[1] || !match[2]) continue;
    const [left, top] = [columnNumber(match[1]), Number(match[2])];
    const [right, bottom] = match[3] && match[4] ? [columnNumber(match[3]), Number(match[4])] : [left, top];
    total += (Math.abs(right - left) + 1) * (Math.abs(bottom - top) + 1);
  }
  return total;
}

/** Defined names the reader expands into each of their cells (print areas and titles it does not). */
function expandedNamedCells(workbookXml: string): number {
  let total = 0;
  for (const match of workbookXml.matchAll(/<definedName\b([^>]*)>([^<]*)</g)) {
    if (/name\s*=\s*["']_xlnm\.Print_(Area|Titles)["']/.test(match[1] ?? '')) continue;
    total += namedCells(match[2] ?? '');
  }
  return total;
}

/**
 * Refuses a workbook whose worksheets would make the reader build more than the limits allow: cells,
 * rows, notes, or cells named by defined names (which the reader expands one by one).
 */
function checkWorkbookParts(texts: ReadonlyMap<string, string>, limits: ImportLimits): void {
  let cells = 0;
  let rows = 0;
  let named = 0;
  for (const [name, text] of texts) {
    if (name === 'xl/workbook.xml') named += expandedNamedCells(text);
    else if (name.startsWith('xl/comments')) cells += count(text, /<comment[\s>]/g);
    else {
      cells += count(text, /<c[\s>/]/g);
      rows += count(text, /<row[\s>/]/g);
    }
  }
  const tooLarge = (what: string) =>
    fileProblem(
      413,
      `The workbook has ${what}; a workbook of at most ${limits.maxRows.toLocaleString('en-GB')} returns needs far fewer. Copy the returns into the template, or upload them as CSV.`,
    );
  if (cells > limits.maxCells) throw tooLarge(`${plural(cells, 'cell')} (at most ${plural(limits.maxCells, 'cell')})`);
  if (rows > limits.maxRowElements)
    throw tooLarge(`${plural(rows, 'row')} (at most ${plural(limits.maxRowElements, 'row')})`);
  if (named > limits.maxNamedCells) {
    throw tooLarge(`named ranges covering ${plural(named, 'cell')} (at most ${plural(limits.maxNamedCells, 'cell')})`);
  }
}

/** Everything of a worksheet but its cells is skipped: merged ranges and data validations would be expanded cell by cell. */
const IGNORED_NODES = [
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'autoFilter',
  'mergeCells',
  'rowBreaks',
  'hyperlinks',
  'pageMargins',
  'dataValidations',
  'pageSetup',
  'headerFooter',
  'printOptions',
  'picture',
  'drawing',
  'sheetProtection',
  'tableParts',
  'conditionalFormatting',
  'extLst',
];

async function loadWorkbook(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  try {
    // A copy in an ArrayBuffer of its own, which is what exceljs's declared Buffer type is.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer, { ignoreNodes: IGNORED_NODES });
  } catch {
    throw fileProblem(422, 'The file is not a readable Excel workbook (.xlsx): its contents are damaged.');
  }
  return workbook;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function richText(parts: unknown): string {
  if (!Array.isArray(parts)) return '';
  return parts.map((part: unknown) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function dateText(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'an invalid date' : date.toISOString().slice(0, 10);
}

/**
 * A workbook cell's value as a raw cell: text and numbers as they are, a formula by its calculated
 * value, rich text and hyperlinks by their text, a date as `YYYY-MM-DD`, an error value as its code.
 */
export function cellInput(value: unknown): CellInput {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return restoreNeutralised(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return dateText(value);
  if (!isRecord(value)) return String(value);
  if ('formula' in value || 'sharedFormula' in value) {
    if (value.result === undefined || value.result === null) {
      const formula = typeof value.formula === 'string' ? value.formula : String(value.sharedFormula ?? '');
      return { formula };
    }
    return cellInput(value.result);
  }
  if ('richText' in value) return richText(value.richText);
  if ('error' in value) return String(value.error);
  if ('text' in value) return cellInput(value.text);
  return undefined;
}

function rowCells(row: ExcelJS.Row): CellInput[] {
  const cells: CellInput[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    cells[column - 1] = cellInput(cell.value);
  });
  return Array.from(cells);
}

function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** The sheet of returns: the one named Return or Returns, else the first. */
function returnsSheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet | undefined {
  const named = workbook.worksheets.find((sheet) => /^returns?$/i.test(sheet.name.trim()));
  return named ?? workbook.worksheets[0];
}

/** Reads .xlsx bytes into a grid, after the zip and the worksheets have passed the checks. */
export async function readXlsx(bytes: Uint8Array, limits: ImportLimits): Promise<Grid> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await inspectZip(buffer, limits, (name) => COUNTED_PART.test(name));
  if (!zip.names.includes('[Content_Types].xml') || !zip.texts.has('xl/workbook.xml')) {
    throw fileProblem(422, 'The file is a zip archive but not an Excel workbook (.xlsx).');
  }
  checkWorkbookParts(zip.texts, limits);
  const sheet = returnsSheet(await loadWorkbook(bytes));
  if (!sheet) throw fileProblem(422, 'The workbook has no worksheet.');
  let header: CellInput[] | undefined;
  const rows: GridRow[] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (tooMany) return;
    const cells = rowCells(row);
    if (number === 1) header = cells;
    else if (!cells.every(isBlank)) {
      if (rows.length >= limits.maxRows) tooMany = true;
      else rows.push({ row: number, cells });
    }
  });
  if (tooMany) throw tooManyRows(limits);
  const blankHeader = !header || header.every(isBlank);
  return { format: 'xlsx', header: blankHeader ? undefined : header, rows, columnName: columnLetters };
}

/**
 * Reads an upload into a grid: an .xlsx by its zip signature (whatever the client called it), else CSV.
 *
 * @throws {HttpProblem} 413 for a file, workbook or row count over the limits; 415 for a media type that
 *   is not a spreadsheet; 422 for a file that is empty, binary, a legacy .xls, not a zip though called
 *   .xlsx, a zip that is not a workbook, a zip bomb, or a CSV file that is not well formed.
 */
export async function readUpload(upload: Upload, limits: ImportLimits): Promise<Grid> {
  const { bytes } = upload;
  if (bytes.byteLength === 0) {
    throw fileProblem(422, 'The file is empty: it needs the header row and a row per return.');
  }
  if (bytes.byteLength > limits.maxFileBytes) {
    throw fileProblem(
      413,
      `The file is ${formatBytes(bytes.byteLength)}; the largest file that can be imported is ${formatBytes(limits.maxFileBytes)}. Split it into smaller files.`,
    );
  }
  if (isZip(bytes)) return readXlsx(bytes, limits);
  if (isOle(bytes)) {
    throw fileProblem(
      422,
      'The file is an Excel 97-2003 workbook (.xls) or a password-protected workbook: save it as an Excel Workbook (.xlsx) without a password, or as CSV UTF-8, and upload it again.',
    );
  }
  if (declaredXlsx(upload)) {
    throw fileProblem(422, 'The file is called an Excel workbook (.xlsx) but is not one: it is not a zip archive.');
  }
  if (declaredOther(upload)) {
    throw fileProblem(415, 'Upload a CSV file (text/csv) or an Excel workbook (.xlsx).');
  }
  return readCsv(bytes, limits);
}
