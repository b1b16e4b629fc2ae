/**
 * Small helpers for writing messages people read. Internal to the package.
 *
 * @module
 */

const FIGURE_FORMAT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

/**
 * Formats a figure as people wrote it: thousands separators, up to 3 decimals, no trailing zeros.
 *
 * @example
 * formatFigure(2890); // '2,890'
 * formatFigure(243.1); // '243.1'
 * formatFigure(0.1 + 0.2); // '0.3'
 */
export function formatFigure(value: number): string {
  return FIGURE_FORMAT.format(value === 0 ? 0 : value);
}

/**
 * Lower-cases the first letter of a label for use inside a sentence, unless it starts an acronym.
 *
 * @example
 * lowerFirst('Permanent FTE'); // 'permanent FTE'
 * lowerFirst('ASYE headcount'); // 'ASYE headcount'
 */
export function lowerFirst(label: string): string {
  const second = label.charAt(1);
  if (second !== '' && second === second.toUpperCase() && second !== second.toLowerCase()) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

const MAX_QUOTED = 24;

/**
 * Describes a raw input that is not a number, for a message: strings quoted (and shortened), other
 * values by what they are.
 *
 * @example
 * describeInput('twelve'); // '"twelve"'
 * describeInput(true); // 'true'
 * describeInput({}); // 'an object'
 */
export function describeInput(input: unknown): string {
  if (typeof input === 'string') {
    const text = input.length > MAX_QUOTED ? `${input.slice(0, MAX_QUOTED - 1)}…` : input;
    return JSON.stringify(text);
  }
  if (typeof input === 'number' || typeof input === 'boolean' || typeof input === 'bigint') return String(input);
  if (Array.isArray(input)) return 'a list';
  if (input === null) return 'null';
  return typeof input === 'object' ? 'an object' : `a ${typeof input}`;
}

/** Whether a value is a string with something other than white space in it. */
export function hasText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Control characters other than tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this is the check for them
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * What makes a text unfit to store, or null when it is fine: a control character (other than tab and
 * line breaks), or a broken character (an unpaired UTF-16 surrogate), which PostgreSQL refuses.
 *
 * @example
 * unsafeTextProblem('a\u0000b'); // 'a control character'
 * unsafeTextProblem('Fine, thanks.'); // null
 */
export function unsafeTextProblem(value: string): string | null {
  if (CONTROL.test(value)) return 'a control character';
  if (!isWellFormed(value)) return 'a broken character';
  return null;
}

/** Whether every UTF-16 surrogate is paired (String.prototype.isWellFormed, typed here for ES2022). */
function isWellFormed(value: string): boolean {
  return (value as string & { isWellFormed(): boolean }).isWellFormed();
}

/** A zod refinement for free text: no control characters, no broken characters. */
export const safeText = {
  check: (value: string) => unsafeTextProblem(value) === null,
  message: (label: string) => `${label} must not contain control or broken characters`,
};
