/**
 * Validating a quarterly return: the same function runs in the portal as the user types, on a
 * CSV/XLSX upload row by row, and in the API.
 *
 * @module
 */
import {
  computeMetrics,
  type FigureField,
  isPeriodId,
  type MetricResults,
  parsePeriod,
  previousPeriod,
} from '@csc-workforce/metrics-core';
import { type CheckContext, CROSS_FIELD_CHECKS, type FigureValues } from './checks.js';
import { parseFigure } from './coerce.js';
import {
  COMMENT_MAX_LENGTH,
  commentTooLongMessage,
  FORM_ORDER,
  isWholeNumberKind,
  MAXIMUM_BY_KIND,
  missingMessage,
  negativeMessage,
  notANumberMessage,
  notWholeMessage,
  RETURN_FIELDS,
  type ReturnField,
  type ReturnFieldName,
  tooLargeMessage,
} from './return.js';
import { getRule, type Issue, type RuleCode, type ValidationStage } from './rules.js';
import { hasText, unsafeTextProblem } from './text.js';

/** Options of {@link validateReturn}. */
export interface ValidateOptions {
  /** `draft` while editing (missing figures are fine); `submit` to check that the return can be submitted. */
  readonly stage: ValidationStage;
  /**
   * The same authority's return for the previous quarter (stored figures, or raw), for the warnings
   * that compare with it (W001, W002). Without it those warnings are not checked.
   */
  readonly previous?: unknown;
  /**
   * The return's period, such as `2024-25-Q2`; it sets the working days of the sickness absence rate.
   * Defaults to the input's own `period` when that is a period id, otherwise a year of 253 working days.
   */
  readonly period?: string;
}

/** The figures of a return read as numbers: every value that is a number (valid or not), and the comment trimmed. */
export type ParsedReturnFigures = { [K in FigureField]?: number } & { comment?: string };

/** The outcome of {@link validateReturn}. */
export interface ValidationResult {
  /** The stage validated for: only a `submit` result can allow submission. */
  readonly stage: ValidationStage;
  /** Issues that block submission, in form order. */
  readonly errors: readonly Issue[];
  /** Issues that need a comment to submit, in form order. */
  readonly warnings: readonly Issue[];
  /** The input read as numbers: what the portal sends and the API stores once there are no errors on single figures. */
  readonly figures: ParsedReturnFigures;
}

/** A 12 months with 253 working days, for the absence rate when the period is not known. */
const DEFAULT_PERIOD = '2023-24-Q1';

function issue(code: RuleCode, message: string, field?: ReturnFieldName): Issue {
  const rule = getRule(code);
  const target = field ?? rule.field;
  if (target === '*') throw new Error(`Rule ${code} applies to each figure: name the field of the issue`);
  return rule.fields.length > 1
    ? { code, severity: rule.severity, field: target, fields: rule.fields, message }
    : { code, severity: rule.severity, field: target, message };
}

function asRecord(input: unknown): Readonly<Record<string, unknown>> {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

/** The error on a single figure that is a number, if any (E003, E004, E005, in that order). */
function valueIssue(field: ReturnField, value: number): Issue | undefined {
  if (value < 0) return issue('E003', negativeMessage(field, value), field.name);
  if (isWholeNumberKind(field.kind) && !Number.isInteger(value)) {
    return issue('E004', notWholeMessage(field, value), field.name);
  }
  if (value > MAXIMUM_BY_KIND[field.kind]) return issue('E005', tooLargeMessage(field, value), field.name);
  return undefined;
}

interface ReadFigures {
  /** Every value that is a number. */
  readonly numbers: { [K in FigureField]?: number };
  /** The numbers with no error of their own: what the rules between figures read. */
  readonly values: FigureValues;
  readonly issues: readonly Issue[];
}

function readFigures(record: Readonly<Record<string, unknown>>, stage: ValidationStage): ReadFigures {
  const numbers: { [K in FigureField]?: number } = {};
  const values: { [K in FigureField]?: number } = {};
  const issues: Issue[] = [];
  for (const field of RETURN_FIELDS) {
    const parsed = parseFigure(record[field.name]);
    if (parsed.status === 'empty') {
      if (stage === 'submit' && field.required) issues.push(issue('E001', missingMessage(field), field.name));
    } else if (parsed.status === 'invalid') {
      issues.push(issue('E002', notANumberMessage(field, parsed.input), field.name));
    } else {
      numbers[field.name] = parsed.value;
      const problem = valueIssue(field, parsed.value);
      if (problem) issues.push(problem);
      else values[field.name] = parsed.value;
    }
  }
  return { numbers, values, issues };
}

function commentIssues(comment: unknown): Issue[] {
  if (comment === undefined || comment === null) return [];
  if (
    typeof comment === 'string' &&
    comment.trim().length <= COMMENT_MAX_LENGTH &&
    unsafeTextProblem(comment) === null
  ) {
    return [];
  }
  return [issue('E021', commentTooLongMessage(comment))];
}

function resolvePeriod(option: string | undefined, own: unknown): string {
  if (option !== undefined) {
    parsePeriod(option);
    return option;
  }
  return isPeriodId(own) ? own : DEFAULT_PERIOD;
}

function metricsOf(values: FigureValues, period: string): MetricResults {
  return computeMetrics([{ period, ...values }], period);
}

function checkContext(values: FigureValues, previous: unknown, period: string): CheckContext {
  const metrics = metricsOf(values, period);
  if (previous === undefined || previous === null) return { values, metrics };
  const before = readFigures(asRecord(previous), 'draft').values;
  return { values, metrics, previous: { values: before, metrics: metricsOf(before, previousPeriod(period)) } };
}

const ORDER = new Map<string, number>(FORM_ORDER.map((field, index) => [field, index]));

function byFormOrder(a: Issue, b: Issue): number {
  return (ORDER.get(a.field) ?? 0) - (ORDER.get(b.field) ?? 0) || a.code.localeCompare(b.code);
}

function parsedFigures(numbers: ReadFigures['numbers'], comment: unknown): ParsedReturnFigures {
  return hasText(comment) ? { ...numbers, comment: comment.trim() } : { ...numbers };
}

/**
 * Validates a quarterly return against every rule of {@link RULES}.
 *
 * `input` is the figures as they arrive, keyed by field name: numbers, or strings from a form or a
 * CSV/XLSX cell (`"12"`, `" 12.5 "`, `"1,234"`; a blank is a missing figure, never 0), plus the
 * `comment`. Keys that are not fields of the return are ignored (the wire schema refuses them).
 * Anything that is not an object reads as an empty return.
 *
 * At the `draft` stage missing figures are fine; at `submit` they are errors (E001), and warnings
 * without a comment are an error too (E022). Rules between figures read only figures that are valid on
 * their own, so one bad value gives one error, not a cascade.
 *
 * @example
 * const result = validateReturn({ permanentHeadcount: '100', permanentFte: '105.5' }, { stage: 'draft' });
 * result.errors[0];
 * // { code: 'E006', severity: 'error', field: 'permanentFte', fields: ['permanentFte', 'permanentHeadcount'],
 * //   message: 'Permanent FTE (105.5) is more than permanent headcount (100)' }
 * @throws {PeriodError} when `options.period` is given and is not a period id.
 */
export function validateReturn(input: unknown, options: ValidateOptions): ValidationResult {
  const record = asRecord(input);
  const read = readFigures(record, options.stage);
  const context = checkContext(read.values, options.previous, resolvePeriod(options.period, record.period));
  const issues = [...read.issues, ...commentIssues(record.comment)];
  for (const [code, check] of CROSS_FIELD_CHECKS) {
    const message = check(context);
    if (message !== undefined) issues.push(issue(code, message));
  }
  const warnings = issues.filter((i) => i.severity === 'warning');
  if (options.stage === 'submit' && warnings.length > 0 && !hasText(record.comment)) {
    const what = warnings.length === 1 ? 'the warning' : `the ${warnings.length} warnings`;
    issues.push(issue('E022', `Explain ${what} in the comment to submit the return`));
  }
  return {
    stage: options.stage,
    errors: issues.filter((i) => i.severity === 'error').sort(byFormOrder),
    warnings: warnings.sort(byFormOrder),
    figures: parsedFigures(read.numbers, record.comment),
  };
}

/** The outcome of {@link readReturnFigures}. */
export interface ReadReturnResult {
  /** Errors of single values (E002–E005, E021), in form order: what even a draft may not hold. */
  readonly errors: readonly Issue[];
  /** The input read as numbers, as {@link ValidationResult.figures}. */
  readonly figures: ParsedReturnFigures;
}

/**
 * Reads a return's figures one by one, without the rules between figures: each value's own errors
 * (not a number, negative, not whole, too large; a comment too long or unsafe) and the figures read
 * as numbers. Exactly the single-value errors and the figures {@link validateReturn} gives at any
 * stage, for a caller that validates the whole return later, as an import does once it knows the
 * quarter before (validating it twice would compute the metrics twice).
 *
 * @example
 * readReturnFigures({ permanentHeadcount: '100', permanentFte: '-1' }).errors[0]?.code; // 'E003'
 * @throws never
 */
export function readReturnFigures(input: unknown): ReadReturnResult {
  const record = asRecord(input);
  const read = readFigures(record, 'draft');
  return {
    errors: [...read.issues, ...commentIssues(record.comment)].sort(byFormOrder),
    figures: parsedFigures(read.numbers, record.comment),
  };
}

/**
 * Whether a return can be submitted: it was validated at the `submit` stage, has no errors, and every
 * warning is explained by a non-blank comment of at most 2,000 characters. `comment` is the comment as
 * it is now (the user may have typed it after validating), so the comment rules (E021, E022) of
 * `result` are decided again from it.
 *
 * @example
 * const result = validateReturn(figures, { stage: 'submit', previous });
 * canSubmit(result, figures.comment); // false while a warning has no comment
 * @throws never
 */
export function canSubmit(result: ValidationResult, comment: string | null | undefined): boolean {
  if (result.stage !== 'submit') return false;
  if (result.errors.some((e) => e.code !== 'E021' && e.code !== 'E022')) return false;
  if (typeof comment === 'string' && comment.trim().length > COMMENT_MAX_LENGTH) return false;
  return result.warnings.length === 0 || hasText(comment);
}
