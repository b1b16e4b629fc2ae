/**
 * Rounding and formatting for people. The library never rounds the values it computes; these helpers
 * are for presentation.
 *
 * @module
 */
import { getMetric } from './catalogue.js';

/**
 * Rounds half away from zero (2.25 → 2.3, −2.25 → −2.3), as DfE rounds its published statistics, at
 * the decimal the number prints as (so 1.005 rounds to 1.01, not to 1.00 as `toFixed` gives).
 *
 * @example
 * roundHalfAwayFromZero(17.85, 1); // 17.9
 * roundHalfAwayFromZero(-0.25, 1); // -0.3
 * @throws {RangeError} when `decimals` is not a whole number from 0 to 10.
 */
export function roundHalfAwayFromZero(value: number, decimals = 1): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) {
    throw new RangeError(`decimals must be a whole number from 0 to 10, got ${decimals}`);
  }
  return roundHalfAwayFromZeroUnchecked(value, decimals);
}

/**
 * `10 ** d` for d from 0 to 10, exactly (each is a whole number below 2^53): a table, as a power
 * costs a call to `Math.pow` per value rounded.
 * @internal
 */
export const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10] as const;

/**
 * {@link roundHalfAwayFromZero} without the check of `decimals`, for the library's hot loops, which
 * round to a constant 1 decimal place.
 *
 * @param decimals - a whole number from 0 to 10 (not checked).
 * @example
 * roundHalfAwayFromZeroUnchecked(17.85, 1); // 17.9
 * @throws never
 * @internal
 */
export function roundHalfAwayFromZeroUnchecked(value: number, decimals: number): number {
  const factor = POWERS_OF_TEN[decimals] as number;
  // Past 2^53 (and at Infinity) there is no fraction left to round.
  if (!Number.isFinite(value) || Math.abs(value) * factor >= 1e15) return value;
  // Fast path: away from a tie, binary error cannot change the result. Only below 1e9, where that
  // error (about 1e-7 at most) is well inside the 1e-6 margin: 134249695.855 × 100 is
  // 13424969585.499998, which the margin would wrongly take for a value below the tie.
  const scaled = Math.abs(value) * factor;
  const fraction = scaled - Math.floor(scaled);
  if (scaled < 1e9 && Math.abs(fraction - 0.5) > 1e-6) {
    const fast = ((value < 0 ? -1 : 1) * Math.round(scaled)) / factor;
    return fast === 0 ? 0 : fast;
  }
  return roundNearTie(value, decimals);
}

/**
 * Whether {@link roundHalfAwayFromZeroUnchecked} rounds `value` to 0 at `decimals` places, without
 * rounding it when it is clear of the tie at half a unit (binary error is far below the 0.0001 unit
 * margin there): whether a change is "no change" when shown, the hot path of describing changes.
 *
 * @param decimals - a whole number from 0 to 10 (not checked).
 * @example
 * roundsToZero(0.049, 1); // true
 * roundsToZero(-0.05, 1); // false (−0.1)
 * @throws never
 * @internal
 */
export function roundsToZero(value: number, decimals: number): boolean {
  const scaled = Math.abs(value) * (POWERS_OF_TEN[decimals] as number);
  if (scaled < 0.4999) return true;
  if (scaled > 0.5001) return false;
  // At or near the tie, and NaN: as the rounding decides.
  return roundHalfAwayFromZeroUnchecked(value, decimals) === 0;
}

/**
 * The slow path of {@link roundHalfAwayFromZeroUnchecked}, at or near a tie (and from 1e9): apart,
 * so that the fast path is small enough for the compiler to inline where it is called.
 */
function roundNearTie(value: number, decimals: number): number {
  const sign = value < 0 ? -1 : 1;
  // Shift the decimal point in the decimal representation, not by multiplying, to avoid binary
  // error (1.005 * 100 = 100.49999999999999). Tiny values print as `5e-324`: shift the exponent.
  const [mantissa, exponent = '0'] = String(Math.abs(value)).split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
  const result = sign * Number(`${shifted}e-${decimals}`);
  return Object.is(result, -0) ? 0 : result;
}

function fixed(value: number, decimals: number): string {
  return roundHalfAwayFromZero(value, decimals).toFixed(decimals);
}

/**
 * Formats a percentage (0 to 100) for people.
 *
 * @example
 * formatPercent(17.849); // '17.8%'
 * formatPercent(9.25); // '9.3%'
 * @throws {RangeError} when `decimals` is not a whole number from 0 to 10.
 */
export function formatPercent(value: number, decimals = 1): string {
  return `${fixed(value, decimals)}%`;
}

/**
 * Formats a number for people, with thousands separators.
 *
 * @example
 * formatNumber(15.94); // '15.9'
 * formatNumber(33119.1); // '33,119.1'
 * @throws {RangeError} when `decimals` is not a whole number from 0 to 10.
 */
export function formatNumber(value: number, decimals = 1): string {
  const [whole = '0', fraction] = fixed(value, decimals).split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * Formats a metric's value as people read it: percentages with `%`, caseloads as a number, FTE
 * changes with a sign. `null` gives `missing` (default `'n/a'`).
 *
 * @example
 * formatMetricValue('turnoverRate', 17.8049); // '17.8%'
 * formatMetricValue('averageCaseload', 15.94); // '15.9'
 * formatMetricValue('netChangeFte', 2.5); // '+2.5'
 * formatMetricValue('vacancyRate', null); // 'n/a'
 * @throws {RangeError} for an unknown metric id.
 */
export function formatMetricValue(
  metric: string,
  value: number | null,
  options: { decimals?: number; missing?: string } = {},
): string {
  const definition = getMetric(metric);
  if (value === null || !Number.isFinite(value)) return options.missing ?? 'n/a';
  const decimals = options.decimals ?? 1;
  switch (definition.unit) {
    case 'percent':
      return formatPercent(value, decimals);
    case 'fte': {
      const text = formatNumber(value, decimals);
      return roundHalfAwayFromZero(value, decimals) > 0 ? `+${text}` : text;
    }
    default:
      return formatNumber(value, decimals);
  }
}
