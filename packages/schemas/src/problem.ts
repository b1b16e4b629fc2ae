/**
 * API error bodies: RFC 9457 problem details (`application/problem+json`), with an `errors` extension
 * that names each bad field, or the CSV/XLSX row and column.
 *
 * @module
 */
import { z } from 'zod';
import { PROBLEM_TYPES, type ProblemType } from './constants.js';
import { columnForField, fieldForColumn, isFigureField } from './return.js';
import type { Issue } from './rules.js';

/** One error of a problem: what is wrong and where (a field path, or a row and column of an upload). */
export const problemErrorSchema = z.object({
  /** A rule code (`E012`) when a validation rule found it. */
  code: z.string().optional(),
  /** The field path, joined by `.`: `figures.permanentFte`, `users.0.email`. */
  field: z.string().optional(),
  /** The row of a CSV/XLSX upload, counting the header as row 1 (as spreadsheets number rows). */
  row: z.int().min(1).optional(),
  /** The column of a CSV/XLSX upload: its header, such as `leavers_fte`. */
  column: z.string().optional(),
  /** Plain English, shown to people as it is. */
  message: z.string(),
});

/** One error of a problem. */
export type ProblemError = z.infer<typeof problemErrorSchema>;

/** An RFC 9457 problem-details body. Other extension members are allowed and kept. */
export const problemSchema = z.looseObject({
  type: z.string().default('about:blank'),
  /** Short summary of the problem type, the same for every occurrence. */
  title: z.string(),
  status: z.int().min(400).max(599),
  /** Explanation of this occurrence, for people. */
  detail: z.string().optional(),
  /** The URI of the request or resource it happened to. */
  instance: z.string().optional(),
  /** Extension: what is wrong, field by field. */
  errors: z.array(problemErrorSchema).optional(),
  /** Extension: warnings that need a comment, when a submission is refused. */
  warnings: z.array(problemErrorSchema).optional(),
});

/** An RFC 9457 problem-details body. */
export type Problem = z.infer<typeof problemSchema>;

const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The parts of a problem other than its status. */
export interface ProblemOptions {
  /** One of {@link PROBLEM_TYPES}: every problem type the API answers with is listed there. */
  readonly type?: ProblemType;
  readonly title?: string;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly ProblemError[];
  readonly warnings?: readonly ProblemError[];
}

/**
 * Builds a problem-details body. The title defaults to the HTTP status phrase, as RFC 9457 asks for
 * `about:blank`.
 *
 * @example
 * problem(404, { detail: 'No return for E08000026 in 2024-25-Q1' });
 * // { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No return for E08000026 in 2024-25-Q1' }
 * @throws {RangeError} when `status` is not an HTTP error status (400 to 599).
 */
export function problem(status: number, options: ProblemOptions = {}): Problem {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`A problem's status is an HTTP error status from 400 to 599, got ${status}`);
  }
  const { type = PROBLEM_TYPES.blank, title, errors, warnings, ...rest } = options;
  return {
    type,
    title: title ?? STATUS_TITLES[status] ?? (status < 500 ? 'Client Error' : 'Server Error'),
    status,
    ...rest,
    ...(errors ? { errors: [...errors] } : {}),
    ...(warnings ? { warnings: [...warnings] } : {}),
  };
}

/**
 * A 422 problem for input that breaks rules, listing every error.
 *
 * @example
 * validationProblem(formatZodIssues(result.error), { detail: 'The user has 2 errors' });
 * @throws never
 */
export function validationProblem(
  errors: readonly ProblemError[],
  options: Omit<ProblemOptions, 'errors'> & { readonly status?: 400 | 422 } = {},
): Problem {
  const { status = 422, ...rest } = options;
  return problem(status, {
    type: PROBLEM_TYPES.validation,
    title: 'The request has errors',
    detail: `There ${errors.length === 1 ? 'is 1 error' : `are ${errors.length} errors`}: see errors.`,
    ...rest,
    errors,
  });
}

/** Options of {@link issuesToProblemErrors}. */
export interface IssueFormatOptions {
  /** The upload row the figures came from: adds `row` and the `column` of each field. */
  readonly row?: number;
  /** Prefixed to each field path, such as `figures` for a return envelope. */
  readonly pathPrefix?: string;
}

/**
 * The `errors` (or `warnings`) of a problem from the rules' issues, keeping their codes. With a `row`,
 * each error also names the upload's row and column.
 *
 * @example
 * issuesToProblemErrors(result.errors, { row: 3 });
 * // [{ code: 'E006', field: 'permanentFte', row: 3, column: 'permanent_fte', message: 'Permanent FTE (105.5) is …' }]
 * @throws never
 */
export function issuesToProblemErrors(issues: readonly Issue[], options: IssueFormatOptions = {}): ProblemError[] {
  return issues.map((issue) => ({
    code: issue.code,
    field: options.pathPrefix ? `${options.pathPrefix}.${issue.field}` : issue.field,
    ...(options.row === undefined ? {} : { row: options.row, column: columnForField(issue.field) }),
    message: issue.message,
  }));
}

/** A zod issue, as much of it as the formatting reads. */
interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: unknown;
  readonly keys?: readonly string[];
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => (typeof segment === 'symbol' ? (segment.description ?? '') : String(segment))).join('.');
}

/** The rule code of a zod issue about one figure of the return, so that the wire and the rules agree. */
function figureCode(issue: ZodIssueLike): string | undefined {
  const last = issue.path.at(-1);
  if (!isFigureField(last)) return undefined;
  if (issue.code === 'invalid_type') return issue.expected === 'int' ? 'E004' : 'E002';
  if (issue.code === 'too_small') return 'E003';
  if (issue.code === 'too_big') return 'E005';
  return undefined;
}

function codeOf(issue: ZodIssueLike): string | undefined {
  if (issue.path.at(-1) === 'comment' && ['too_big', 'invalid_type', 'custom'].includes(issue.code)) return 'E021';
  return figureCode(issue);
}

function unknownKeyMessage(key: string): string {
  const field = fieldForColumn(key);
  return field && field !== key ? `Unknown field "${key}": did you mean "${field}"?` : `Unknown field "${key}"`;
}

function formatIssue(issue: ZodIssueLike, prefix: readonly PropertyKey[]): ProblemError[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return issue.keys.map((key) => ({ field: joinPath([...path, key]), message: unknownKeyMessage(key) }));
  }
  const field = joinPath(path);
  const code = codeOf(issue);
  return [{ ...(code ? { code } : {}), ...(field ? { field } : {}), message: issue.message }];
}

/**
 * The `errors` of a problem from a zod error: one per issue, with the field path joined by `.`
 * (`figures.permanentFte`, `users.0.email`), one per unknown key, and the rule code (E002 to E005,
 * E021) for a figure of the return or its comment.
 *
 * @example
 * const parsed = returnUpdateSchema.safeParse(body);
 * if (!parsed.success) return c.json(validationProblem(formatZodIssues(parsed.error)), 422);
 * @throws never
 */
export function formatZodIssues(
  error: { readonly issues: readonly ZodIssueLike[] },
  options: { readonly pathPrefix?: readonly PropertyKey[] } = {},
): ProblemError[] {
  return error.issues.flatMap((issue) => formatIssue(issue, options.pathPrefix ?? []));
}

/**
 * The message of a figure's rule for people reading an upload: "Row 3, column leavers_fte: …".
 *
 * @example
 * describeProblemError({ row: 3, column: 'leavers_fte', message: 'Leavers FTE must be 0 or more (it is -1)' });
 * // 'Row 3, column leavers_fte: Leavers FTE must be 0 or more (it is -1)'
 * @throws never
 */
export function describeProblemError(error: ProblemError): string {
  const where = [
    error.row === undefined ? undefined : `Row ${error.row}`,
    error.column === undefined ? undefined : `column ${error.column}`,
  ].filter((part) => part !== undefined);
  return where.length === 0 ? error.message : `${where.join(', ')}: ${error.message}`;
}
