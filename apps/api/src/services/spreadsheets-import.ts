/**
 * Importing returns from a grid read out of a CSV/XLSX upload: every row is checked (the header, the
 * authority, the period, each figure at the draft stage), then, in one transaction, against what is
 * stored (the period exists and is open, the exported version is still current). All or nothing: if
 * any row has an error, every error is listed (row and column named) and nothing is written;
 * otherwise each changed row becomes a new draft revision of its return.
 */
import { FIGURE_FIELDS, isPeriodId, periodLabel, previousPeriod } from '@csc-workforce/metrics-core';
import {
  columnForField,
  fieldForColumn,
  type ImportedReturn,
  type ImportOutcome,
  type ImportSummary,
  type Issue,
  issuesToProblemErrors,
  type ParsedReturnFigures,
  PROBLEM_TYPES,
  type ProblemError,
  type ReturnFieldName,
  type ReturnFigures,
  type ReturnStatus,
  readReturnFigures,
  type ValidateOptions,
  type ValidationResult,
  validateReturn,
} from '@csc-workforce/schemas';
import type { Db } from '../db/client.js';
import { HttpProblem } from '../lib/problem.js';
import { type BulkWrite, writeBulkRevisions } from './bulk-revisions.js';
import {
  fromStored,
  type StoredFigures,
  type StoredReturn,
  storedReturns,
  toStored,
  whyNotWritten,
} from './returns.js';
import { assertNotRetired, type RoundStatus, roundStatuses } from './round-gate.js';
import {
  AUTHORITY_COLUMN,
  importProblem,
  PERIOD_COLUMN,
  quote,
  STATUS_COLUMN,
  TEMPLATE_COLUMNS,
  VERSION_COLUMN,
} from './spreadsheets.js';
import { type CellInput, type Grid, type GridRow, isBlank } from './spreadsheets-read.js';

/** A row that passed every check that needs nothing stored. */
export interface CheckedRow {
  readonly row: number;
  readonly authorityCode: string;
  readonly period: string;
  /** The version the row was exported at, when the file has a version column and it is filled in. */
  readonly version: number | undefined;
  readonly figures: StoredFigures;
  readonly comment: string | null;
  /**
   * The warnings the row's validation found, without the rules that compare with the quarter before
   * (none from an authority's import, which leaves them to the report of each saved return).
   */
  readonly warnings: number;
}

/** A file after the checks that need nothing stored. */
export interface CheckedFile {
  /** The rows without errors that hold a return. */
  readonly rows: readonly CheckedRow[];
  /** Rows skipped because they hold no figure and no comment. */
  readonly skipped: number;
  readonly errors: readonly ProblemError[];
  /** The position of each column in the file, to list errors in the file's order. */
  readonly columnOrder: ReadonlyMap<string, number>;
}

/** Who imports, and when. */
export interface ImportContext {
  readonly authorityCode: string;
  readonly userId: string;
  readonly at: Date;
  /** Most errors listed in a refusal. */
  readonly maxErrors: number;
}

// ---------------------------------------------------------------------------------------------
// The header

const KEY_COLUMNS = new Map<string, string>([
  ['authoritycode', AUTHORITY_COLUMN],
  ['authority', AUTHORITY_COLUMN],
  ['period', PERIOD_COLUMN],
  ['periodid', PERIOD_COLUMN],
  ['status', STATUS_COLUMN],
  ['version', VERSION_COLUMN],
]);

/** The column a header names (`Leavers FTE`, `leaversFte` and `leavers_fte` all name `leavers_fte`), if any. */
export function canonicalColumn(header: string): string | undefined {
  const key = KEY_COLUMNS.get(header.toLowerCase().replace(/[^a-z0-9]/g, ''));
  if (key) return key;
  const field = fieldForColumn(header);
  return field ? columnForField(field) : undefined;
}

export function cellText(cell: CellInput): string {
  if (cell === undefined) return '';
  if (typeof cell === 'object') return `=${cell.formula}`;
  return String(cell);
}

/** The header read: the column at each position (`''` under a blank header, undefined for an unknown one). */
interface Header {
  readonly columns: readonly (string | undefined)[];
  readonly order: ReadonlyMap<string, number>;
  readonly errors: readonly ProblemError[];
}

/** The field of the return each column of a header names (undefined for authority, period, status, version), looked up once per file. */
type FieldsByColumn = ReadonlyMap<string, ReturnFieldName | undefined>;

function fieldsOf(header: Header): FieldsByColumn {
  const fields = new Map<string, ReturnFieldName | undefined>();
  for (const column of header.columns) {
    if (column && !fields.has(column)) fields.set(column, fieldForColumn(column));
  }
  return fields;
}

const EXPECTED = `${TEMPLATE_COLUMNS.slice(0, 3).join(', ')}, …`;

function headerError(message: string, column?: string): ProblemError {
  return { row: 1, ...(column ? { column } : {}), message };
}

/** The error of one header cell: an unknown column, or one already named by an earlier cell. */
function headerCellError(
  grid: Grid,
  order: ReadonlyMap<string, number>,
  text: string,
  column: string | undefined,
  index: number,
): ProblemError | undefined {
  if (column === undefined) {
    return headerError(`Unknown column ${quote(text)}: remove it, or name it as the template does.`, text.slice(0, 40));
  }
  const first = order.get(column);
  if (first === undefined) return undefined;
  const where = `${grid.columnName(first)} and ${grid.columnName(index)}`;
  return headerError(`The column ${column} appears twice (${where}): keep one.`, column);
}

function readHeader(grid: Grid): Header {
  if (!grid.header) {
    return {
      columns: [],
      order: new Map(),
      errors: [headerError(`Row 1 is blank: it must be the header row (${EXPECTED}).`)],
    };
  }
  const columns: (string | undefined)[] = [];
  const order = new Map<string, number>();
  const errors: ProblemError[] = [];
  grid.header.forEach((cell, index) => {
    const text = cellText(cell).trim();
    const column = text === '' ? '' : canonicalColumn(text);
    columns[index] = column;
    const error = headerCellError(grid, order, text, column, index);
    if (error) errors.push(error);
    else if (column) order.set(column, index);
  });
  if (order.size === 0) {
    return {
      columns,
      order,
      errors: [
        headerError(`Row 1 must be the header row (${EXPECTED}): none of its cells names a column of the return.`),
      ],
    };
  }
  for (const column of TEMPLATE_COLUMNS) {
    if (!order.has(column))
      errors.push(headerError(`The header has no column ${column}: add it, as in the template.`, column));
  }
  return { columns, order, errors };
}

// ---------------------------------------------------------------------------------------------
// One row

/** The errors of a row's shape: a CSV line with the wrong number of values, or a value under no header. */
function shapeErrors(grid: Grid, header: Header, row: GridRow): ProblemError[] {
  const width = header.columns.length;
  if (row.width !== undefined && row.width !== width) {
    const extraBlank = row.width > width && row.cells.slice(width).every(isBlank);
    if (!extraBlank) {
      return [
        {
          row: row.row,
          message: `Row ${row.row} has ${row.width} values, but the header has ${width} columns: a comma may be missing, or a value that holds a comma needs double quotes around it.`,
        },
      ];
    }
  }
  const orphan = row.cells.findIndex(
    (cell, index) => !isBlank(cell) && (index >= width || header.columns[index] === ''),
  );
  if (orphan === -1) return [];
  const name = grid.columnName(orphan);
  return [
    {
      row: row.row,
      column: name,
      message: `${name} has a value but no header in row 1: remove the value, or name the column.`,
    },
  ];
}

/** The row's cells by column. */
function valuesByColumn(header: Header, row: GridRow): Map<string, CellInput> {
  const values = new Map<string, CellInput>();
  header.columns.forEach((column, index) => {
    if (column) values.set(column, row.cells[index]);
  });
  return values;
}

/** A period the way people write it, made an id: `2024-25 Q2` and `2024/25 q2` are `2024-25-Q2`. */
function normalisePeriod(text: string): string {
  return text
    .toUpperCase()
    .replace(/[\s/_]+/g, '-')
    .replace(/-+/g, '-');
}

export interface Where {
  readonly row: number;
}

/**
 * The importer's authority: its key (what its returns are stored by), the code it shows now, and every
 * code of its, current or former, that a row may name it by (services/authority-codes.ts).
 */
export interface OwnAuthority {
  readonly key: string;
  readonly shown: string;
  readonly codes: readonly string[];
}

/** An authority whose code never changed. */
export const ownAuthority = (code: string): OwnAuthority => ({ key: code, shown: code, codes: [code] });

/** The row's authority, which must be the importer's own (by any of its codes, written in any case); else an error. */
function checkAuthority(cell: CellInput, own: OwnAuthority, at: Where, errors: ProblemError[]): string | undefined {
  const text = cellText(cell).trim();
  if (own.codes.includes(text.toUpperCase())) return own.key;
  const message =
    text === ''
      ? `Enter the authority's ONS code: yours is ${own.shown}.`
      : `${quote(text)} is not your authority: you can import only your own authority's returns (${own.shown}).`;
  errors.push({ row: at.row, column: AUTHORITY_COLUMN, message });
  return undefined;
}

/** The row's period id; else an error. */
function checkPeriod(cell: CellInput, at: Where, errors: ProblemError[]): string | undefined {
  const text = cellText(cell).trim();
  const period = normalisePeriod(text);
  if (isPeriodId(period)) return period;
  const message =
    text === ''
      ? 'Enter the period: the financial year and quarter, such as 2024-25-Q2.'
      : `${quote(text)} is not a period: write the financial year and quarter, such as 2024-25-Q2.`;
  errors.push({ row: at.row, column: PERIOD_COLUMN, message });
  return undefined;
}

function checkVersion(cell: CellInput, at: Where, errors: ProblemError[]): number | undefined {
  if (isBlank(cell)) return undefined;
  const text = cellText(cell).trim();
  if (/^\d{1,9}$/.test(text)) return Number(text);
  errors.push({
    row: at.row,
    column: VERSION_COLUMN,
    message: `The version must be a whole number, as exported (it is ${quote(text)}).`,
  });
  return undefined;
}

/** The first control character of a text (tab and line breaks allowed), as its code point. */
function controlCharacter(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127) return code;
  }
  return undefined;
}

function formulaError(column: string, cell: { formula: string }, at: Where): ProblemError {
  return {
    row: at.row,
    column,
    message: `The cell holds a formula (=${cell.formula.slice(0, 40)}) but no calculated value: type the value, or open the file in Excel and save it again.`,
  };
}

function commentInput(cell: CellInput, at: Where, errors: ProblemError[]): unknown {
  if (cell === undefined || typeof cell === 'string') {
    const control = cell === undefined ? undefined : controlCharacter(cell);
    if (control === undefined) return cell;
    const hex = control.toString(16).toUpperCase().padStart(4, '0');
    errors.push({
      row: at.row,
      column: 'comment',
      message: `The comment holds a control character (U+${hex}), which cannot be stored: remove it.`,
    });
    return undefined;
  }
  if (typeof cell === 'object') {
    errors.push(formulaError('comment', cell, at));
    return undefined;
  }
  return String(cell);
}

/** The raw figures and comment of a row, keyed by field, for `validateReturn`. */
function rawFigures(values: ReadonlyMap<string, CellInput>, fields: FieldsByColumn, at: Where, errors: ProblemError[]) {
  const raw: Partial<Record<ReturnFieldName, unknown>> = {};
  for (const [column, cell] of values) {
    const field = fields.get(column);
    if (!field) continue;
    if (field === 'comment') raw.comment = commentInput(cell, at, errors);
    else if (typeof cell === 'object') errors.push(formulaError(column, cell, at));
    else raw[field] = cell;
  }
  return raw;
}

/**
 * `validateReturn`, and again without the period (and so without the rules that compare with the
 * previous quarter) for a period whose year of working days the metrics cannot work out (1900-01).
 */
function validate(raw: unknown, options: ValidateOptions): ValidationResult {
  try {
    return validateReturn(raw, options);
  } catch (error) {
    if (error instanceof RangeError) return validateReturn(raw, { stage: options.stage });
    throw error;
  }
}

/** A row's figures as the rules of its import read them. */
export interface RowFigures {
  /** The issues that refuse the row. */
  readonly refused: readonly Issue[];
  /** How many warnings the row's validation found (none where the import leaves the rules between figures for later). */
  readonly warnings: number;
  readonly figures: ParsedReturnFigures;
}

/**
 * Each value on its own only (not a number, negative, not whole, too large, a comment too long): what a
 * draft cannot be saved with. The rules between figures are left to the report of each saved return
 * ({@link summarise}), which validates it once, knowing the quarter before.
 */
const singleValues = (raw: unknown): RowFigures => {
  const read = readReturnFigures(raw);
  return { refused: read.errors, warnings: 0, figures: read.figures };
};

/** The whole return validated at `stage` (without the quarter before); `refuses` says which errors refuse the row. */
export const validatedFigures =
  (stage: ValidateOptions['stage'], refuses: (issue: Issue) => boolean) =>
  (raw: unknown, period: string | undefined): RowFigures => {
    const result = validate(raw, { stage, ...(period ? { period } : {}) });
    return { refused: result.errors.filter(refuses), warnings: result.warnings.length, figures: result.figures };
  };

/** Whether a row holds no figure and no comment (such as the template's own row, untouched). */
function holdsNoReturn(values: ReadonlyMap<string, CellInput>, fields: FieldsByColumn): boolean {
  for (const [column, cell] of values) {
    if (fields.get(column) && !isBlank(cell)) return false;
  }
  return true;
}

interface RowCheck {
  readonly row?: CheckedRow;
  readonly skipped?: boolean;
}

/**
 * What differs between the imports: whose rows a file may hold, and how its figures are checked. An
 * authority's import takes its own rows and refuses only errors on one value (a draft may be
 * incomplete); a regional lead's history import takes its region's rows and refuses every error a
 * submitted return may not have.
 */
export interface RowRules {
  /** The row's authority code, or undefined after adding the error that says why not. */
  readonly authority: (cell: CellInput, at: Where, errors: ProblemError[]) => string | undefined;
  /** The row's figures read and checked (`period` when the row's is valid). */
  readonly figures: (raw: unknown, period: string | undefined) => RowFigures;
  /** Whether the duplicate-row message names the authority (a file of many authorities). */
  readonly manyAuthorities?: boolean;
}

function checkRow(
  values: ReadonlyMap<string, CellInput>,
  fields: FieldsByColumn,
  at: Where,
  rules: RowRules,
  seen: Map<string, number>,
  errors: ProblemError[],
): RowCheck {
  if (holdsNoReturn(values, fields)) return { skipped: true };
  const before = errors.length;
  const authorityCode = rules.authority(values.get(AUTHORITY_COLUMN), at, errors);
  const period = checkPeriod(values.get(PERIOD_COLUMN), at, errors);
  const version = values.has(VERSION_COLUMN) ? checkVersion(values.get(VERSION_COLUMN), at, errors) : undefined;
  const raw = rawFigures(values, fields, at, errors);
  const result = rules.figures(raw, period);
  errors.push(...issuesToProblemErrors(result.refused, { row: at.row }));
  if (authorityCode && period) {
    const key = `${authorityCode}/${period}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, at.row);
    else {
      const whose = rules.manyAuthorities ? ` of ${authorityCode}` : '';
      errors.push({
        row: at.row,
        column: PERIOD_COLUMN,
        message: `Row ${first} is already the return${whose} for ${periodLabel(period)}: keep one row per ${rules.manyAuthorities ? 'authority and period' : 'period'}.`,
      });
    }
  }
  if (errors.length > before || !authorityCode || !period) return {};
  const { stored, comment } = toStored(result.figures);
  return {
    row: { row: at.row, authorityCode, period, version, figures: stored, comment, warnings: result.warnings },
  };
}

function nothingToImport(grid: Grid): ProblemError {
  return grid.rows.length === 0
    ? { row: 2, message: 'The file has a header but no row of returns: add a row per return under it.' }
    : {
        message: 'No row of the file holds a figure or a comment: fill in the figures of each return under the header.',
      };
}

/**
 * Checks every row of a grid by `rules`, without reading anything stored: the header, the shape of
 * each row, the authority and period, the version, and each figure at the rules' stage.
 */
export function checkGridWith(grid: Grid, rules: RowRules): CheckedFile {
  const header = readHeader(grid);
  const errors = [...header.errors];
  const rows: CheckedRow[] = [];
  let skipped = 0;
  const readable = header.order.has(AUTHORITY_COLUMN) && header.order.has(PERIOD_COLUMN);
  const seen = new Map<string, number>();
  const fields = fieldsOf(header);
  for (const gridRow of readable ? grid.rows : []) {
    const shape = shapeErrors(grid, header, gridRow);
    errors.push(...shape);
    const checked = checkRow(valuesByColumn(header, gridRow), fields, gridRow, rules, seen, errors);
    if (checked.skipped) skipped += 1;
    else if (checked.row && shape.length === 0) rows.push(checked.row);
  }
  if (readable && rows.length === 0 && errors.length === 0) errors.push(nothingToImport(grid));
  return { rows, skipped, errors, columnOrder: header.order };
}

/**
 * Checks every row of a grid for the authority `own`, without reading anything stored: the header,
 * the shape of each row, the authority and period, the version, and each figure on its own (errors on
 * one value refuse the file; the rules between figures are left to the return's validation, as for a
 * draft saved in the form, which the import's report gives for each saved return).
 */
export function checkGrid(grid: Grid, own: string | OwnAuthority): CheckedFile {
  const authority = typeof own === 'string' ? ownAuthority(own) : own;
  return checkGridWith(grid, {
    authority: (cell, at, errors) => checkAuthority(cell, authority, at, errors),
    figures: singleValues,
  });
}

// ---------------------------------------------------------------------------------------------
// Against what is stored, and the writes

function sameReturn(row: CheckedRow, record: StoredReturn): boolean {
  const { stored, comment } = toStored(record.figures);
  return (
    comment === row.comment && FIGURE_FIELDS.every((field) => (stored[field] ?? null) === (row.figures[field] ?? null))
  );
}

interface Plan {
  readonly row: CheckedRow;
  readonly outcome: ImportOutcome;
  /** The stored version the write is based on (0 for a new return). */
  readonly current: number;
  readonly status: ReturnStatus;
}

/** What to do with a row, or its error: an unknown or closed period, or a version that moved on. */
function planRow(
  row: CheckedRow,
  statuses: ReadonlyMap<string, RoundStatus>,
  record: StoredReturn | undefined,
): Plan | ProblemError {
  const label = periodLabel(row.period);
  const status = statuses.get(row.period);
  const error = (column: string, message: string): ProblemError => ({ row: row.row, column, message });
  if (status === undefined) return error(PERIOD_COLUMN, `There is no collection period ${label}: check the period.`);
  if (record && sameReturn(row, record)) {
    return { row, outcome: 'unchanged', current: record.version, status: record.status };
  }
  if (status !== 'open') {
    return error(
      PERIOD_COLUMN,
      `The collection of ${label} is closed: its returns cannot be changed. Ask your regional lead to open the round.`,
    );
  }
  if (record?.status === 'accepted') {
    return error(
      PERIOD_COLUMN,
      `The return for ${label} has been accepted by the regional lead, so it is locked: ask them to send it back if it needs a change.`,
    );
  }
  const current = record?.version ?? 0;
  if (row.version !== undefined && row.version !== current) {
    return error(
      VERSION_COLUMN,
      `This row is version ${row.version} of the return for ${label}, but version ${current} has been saved since: export the returns again, or clear the version to save over it.`,
    );
  }
  return { row, outcome: record ? 'updated' : 'created', current, status: 'draft' };
}

const isPlan = (value: Plan | ProblemError): value is Plan => 'outcome' in value;

/** Errors by row, then in the order of the file's columns (errors of the whole row first). */
export function sortErrors(errors: readonly ProblemError[], order: ReadonlyMap<string, number>): ProblemError[] {
  const position = (error: ProblemError) =>
    error.column === undefined ? -1 : (order.get(error.column) ?? Number.MAX_SAFE_INTEGER);
  return [...errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || position(a) - position(b));
}

function concurrentChange(row: CheckedRow): HttpProblem {
  return new HttpProblem(409, {
    type: PROBLEM_TYPES.conflict,
    title: 'Someone else changed a return during the import',
    detail: `The return for ${periodLabel(row.period)} (row ${row.row}) was saved by someone else while the file was being imported. Nothing was imported: upload the file again.`,
  });
}

/** Writes every changed row as a new draft revision; a concurrent save refuses them all. */
async function writeAllRows(db: Db, plans: readonly Plan[], context: ImportContext): Promise<Map<number, number>> {
  const changed = plans.filter((plan) => plan.outcome !== 'unchanged');
  const write = {
    status: 'draft',
    action: 'import-return',
    userId: context.userId,
    at: context.at,
    clearReason: false,
    // Checked again in the write itself: a period closed during the import refuses the file.
    requireOpenPeriod: true,
    fromStatuses: ['draft', 'submitted', 'returned'],
    refuseRetired: true,
  } satisfies BulkWrite;
  const refused = await writeBulkRevisions(
    db,
    changed.map((plan) => ({
      authorityCode: plan.row.authorityCode,
      period: plan.row.period,
      expectedVersion: plan.current,
      figures: plan.row.figures,
      comment: plan.row.comment,
    })),
    write,
  );
  if (refused >= 0) {
    const plan = changed[refused] as Plan;
    const problem = await whyNotWritten(db, {
      ...write,
      authorityCode: plan.row.authorityCode,
      period: plan.row.period,
      expectedVersion: plan.current,
      figures: plan.row.figures,
      comment: plan.row.comment,
    });
    throw problem.body.type === PROBLEM_TYPES.conflict ? concurrentChange(plan.row) : problem;
  }
  return new Map(changed.map((plan) => [plan.row.row, plan.current + 1]));
}

function previousOf(period: string): string | undefined {
  try {
    return previousPeriod(period);
  } catch {
    return undefined;
  }
}

/**
 * Each return after the import, with what its validation (at the submit stage, as the form shows it)
 * reports: how many errors and warnings, and each of them at the row and column of the file.
 */
function summarise(plans: readonly Plan[], versions: ReadonlyMap<number, number>, current: Map<string, StoredReturn>) {
  const after = new Map<string, ReturnFigures>();
  for (const [period, record] of current) after.set(period, record.figures);
  for (const plan of plans) after.set(plan.row.period, fromStored(plan.row.figures, plan.row.comment));
  return plans.map((plan): ImportedReturn => {
    const { period } = plan.row;
    const previousId = previousOf(period);
    const previous = previousId ? after.get(previousId) : undefined;
    const result = validate(after.get(period), { stage: 'submit', period, ...(previous ? { previous } : {}) });
    const at = { row: plan.row.row };
    return {
      row: plan.row.row,
      authorityCode: plan.row.authorityCode,
      period,
      periodLabel: periodLabel(period),
      outcome: plan.outcome,
      version: versions.get(plan.row.row) ?? plan.current,
      status: plan.status,
      errors: result.errors.length,
      warnings: result.warnings.length,
      problems: [
        ...issuesToProblemErrors(result.errors, at).map((e) => ({ ...e, severity: 'error' as const })),
        ...issuesToProblemErrors(result.warnings, at).map((e) => ({ ...e, severity: 'warning' as const })),
      ],
    };
  });
}

const countOf = (returns: readonly ImportedReturn[], outcome: ImportOutcome) =>
  returns.filter((r) => r.outcome === outcome).length;

/**
 * Imports a checked file in one transaction: checks each row against what is stored (the period
 * exists and is open unless the row changes nothing; an exported version is still current), then
 * writes every changed row as a new draft revision with `writeBulkRevisions` (one audit entry each).
 *
 * @throws {HttpProblem} 422 listing every error of the file (nothing written); 409 when another save
 *   of one of the returns happened during the import, or the authority is retired (nothing written).
 */
export async function applyImport(db: Db, file: CheckedFile, context: ImportContext): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    await assertNotRetired(tx, context.authorityCode);
    const statuses = await roundStatuses(
      tx,
      context.authorityCode,
      file.rows.map((row) => row.period),
    );
    const records = await storedReturns(tx, { authorityCodes: [context.authorityCode] });
    const current = new Map(records.map((record) => [record.period, record]));
    const planned = file.rows.map((row) => planRow(row, statuses, current.get(row.period)));
    const errors = [...file.errors, ...planned.filter((p): p is ProblemError => !isPlan(p))];
    if (errors.length > 0) throw importProblem(sortErrors(errors, file.columnOrder), context.maxErrors);
    const plans = planned.filter(isPlan);
    const versions = await writeAllRows(tx, plans, context);
    const returns = summarise(plans, versions, current);
    return {
      rows: file.rows.length + file.skipped,
      created: countOf(returns, 'created'),
      updated: countOf(returns, 'updated'),
      unchanged: countOf(returns, 'unchanged'),
      skipped: file.skipped,
      returns,
    };
  });
}
