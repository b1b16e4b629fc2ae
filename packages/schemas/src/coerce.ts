/**
 * Reading one figure as it arrives from a form, a CSV/XLSX cell or a JSON body.
 *
 * @module
 */

/**
 * One raw figure, read:
 * - `empty`: not given (`undefined`, `null`, or a string of only white space). Never read as 0.
 * - `number`: a finite number, or a string that is one.
 * - `invalid`: anything else (`"twelve"`, `"12abc"`, `"NaN"`, `"Infinity"`, `"1e400"`, `true`, …).
 */
export type ParsedFigure =
  | { readonly status: 'empty' }
  | { readonly status: 'number'; readonly value: number }
  | { readonly status: 'invalid'; readonly input: unknown };

/** A plain decimal: `12`, `-3`, `+4`, `12.5`, `.5`, `12.`, with an optional exponent (`1.2E+03`). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A decimal with thousands separators, as spreadsheets export them: `1,234`, `12,345.6`. */
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

const EMPTY: ParsedFigure = { status: 'empty' };

function fromNumber(value: number, input: unknown): ParsedFigure {
  if (!Number.isFinite(value)) return { status: 'invalid', input };
  return { status: 'number', value: value === 0 ? 0 : value };
}

function fromString(input: string): ParsedFigure {
  // A Unicode minus sign (U+2212), as word processors and some spreadsheets write it, is a minus.
  const text = input.trim().replace(/^\u2212/, '-');
  if (text === '') return EMPTY;
  if (DECIMAL.test(text)) return fromNumber(Number(text), input);
  if (GROUPED.test(text)) return fromNumber(Number(text.replaceAll(',', '')), input);
  return { status: 'invalid', input };
}

/**
 * Reads one raw figure. Numbers pass through when finite; strings are trimmed and read as decimals
 * (thousands separators allowed); a blank string is `empty`, not 0.
 *
 * @example
 * parseFigure(' 12.5 '); // { status: 'number', value: 12.5 }
 * parseFigure('1,234'); // { status: 'number', value: 1234 }
 * parseFigure(''); // { status: 'empty' }
 * parseFigure('twelve'); // { status: 'invalid', input: 'twelve' }
 * parseFigure('1e400'); // { status: 'invalid', input: '1e400' } (not a finite number)
 * @throws never
 */
export function parseFigure(input: unknown): ParsedFigure {
  if (input === undefined || input === null) return EMPTY;
  if (typeof input === 'number') return fromNumber(input, input);
  if (typeof input === 'string') return fromString(input);
  return { status: 'invalid', input };
}
