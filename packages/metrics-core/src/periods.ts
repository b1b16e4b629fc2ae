/**
 * Financial-year quarters, the collection periods of the quarterly return.
 *
 * A period id is `YYYY-YY-Qn`: the financial year that starts on 1 April of `YYYY`, and its quarter
 * `n` (1 to 4). Quarter ends: Q1 30 June, Q2 30 September (the DfE census date), Q3 31 December,
 * Q4 31 March of the following calendar year.
 *
 * @module
 */

/** A financial-year quarter id such as `2024-25-Q1`. */
export type PeriodId = `${number}-${number}-Q${1 | 2 | 3 | 4}`;

/** The parts of a period id. */
export interface Period {
  /** Calendar year in which the financial year starts (1 April). */
  readonly startYear: number;
  /** Quarter of the financial year, 1 (April to June) to 4 (January to March). */
  readonly quarter: 1 | 2 | 3 | 4;
}

/** Thrown for a string that is not a valid period id; `message` says what is wrong with it. */
export class PeriodError extends RangeError {
  override readonly name = 'PeriodError';
  /** The value that was rejected. */
  readonly input: unknown;
  constructor(input: unknown, problem: string) {
    super(`Invalid period id ${JSON.stringify(input)}: ${problem}. Expected the form 2024-25-Q1.`);
    this.input = input;
  }
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

/** The digit at `index` of `id` (0 to 9), or −1 when it is not an ASCII digit. */
function digitAt(id: string, index: number): number {
  const d = id.charCodeAt(index) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/**
 * The ordinal of a period id (quarters since Q1 of year 0: `startYear × 4 + quarter − 1`), a total
 * order on periods in which the next quarter is the next whole number. Validates exactly as
 * {@link parsePeriod}, with the same errors, without a regular expression or an allocation: the
 * form of the hot loops that index quarters as integers.
 *
 * @example
 * periodOrdinal('2024-25-Q1'); // 8096
 * periodOrdinal('2024-25-Q2') - periodOrdinal('2023-24-Q2'); // 4
 * @throws {PeriodError} as {@link parsePeriod}.
 * @internal
 */
export function periodOrdinal(id: string): number {
  if (typeof id !== 'string') throw new PeriodError(id, 'not a string');
  // The form YYYY-YY-Qn, ASCII digits only.
  const y0 = digitAt(id, 0);
  const y1 = digitAt(id, 1);
  const y2 = digitAt(id, 2);
  const y3 = digitAt(id, 3);
  const e0 = digitAt(id, 5);
  const e1 = digitAt(id, 6);
  const quarter = digitAt(id, 9);
  if (
    id.length !== 10 ||
    y0 < 0 ||
    y1 < 0 ||
    y2 < 0 ||
    y3 < 0 ||
    e0 < 0 ||
    e1 < 0 ||
    quarter < 0 ||
    id.charCodeAt(4) !== 45 || // '-'
    id.charCodeAt(7) !== 45 ||
    id.charCodeAt(8) !== 81 // 'Q'
  ) {
    throw new PeriodError(id, 'not of the form YYYY-YY-Qn');
  }
  const startYear = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const endYY = e0 * 10 + e1;
  if (startYear < MIN_YEAR || startYear > MAX_YEAR) {
    throw new PeriodError(id, `the year must be between ${MIN_YEAR} and ${MAX_YEAR}`);
  }
  if ((startYear + 1) % 100 !== endYY) {
    const expected = String((startYear + 1) % 100).padStart(2, '0');
    throw new PeriodError(
      id,
      `a financial year spans two consecutive years, so ${startYear} must be followed by ${expected}`,
    );
  }
  if (quarter < 1 || quarter > 4) throw new PeriodError(id, 'the quarter must be Q1, Q2, Q3 or Q4');
  return startYear * 4 + (quarter - 1);
}

/**
 * The period id of an ordinal from {@link periodOrdinal}; `null` when it is outside the years 1900
 * to 2999 (or not a whole number), where no period id exists.
 *
 * @example
 * periodOfOrdinal(8096); // '2024-25-Q1'
 * periodOfOrdinal(periodOrdinal('2024-25-Q1') - 1); // '2023-24-Q4'
 * @throws never
 * @internal
 */
export function periodOfOrdinal(ordinal: number): PeriodId | null {
  if (!Number.isInteger(ordinal) || ordinal < MIN_YEAR * 4 || ordinal > MAX_YEAR * 4 + 3) return null;
  const startYear = Math.floor(ordinal / 4);
  const endYY = (startYear + 1) % 100;
  return `${startYear}-${endYY < 10 ? '0' : ''}${endYY}-Q${(ordinal % 4) + 1}` as PeriodId;
}

/**
 * Parses a period id into its financial year and quarter.
 *
 * @example
 * parsePeriod('2024-25-Q1'); // { startYear: 2024, quarter: 1 }
 * @throws {PeriodError} when `id` is not of the form `YYYY-YY-Qn`, the two years are not consecutive
 *   (`2024-26-Q1`) or the quarter is not 1 to 4 (`2024-25-Q5`).
 */
export function parsePeriod(id: string): Period {
  const ordinal = periodOrdinal(id);
  return { startYear: Math.floor(ordinal / 4), quarter: ((ordinal % 4) + 1) as Period['quarter'] };
}

/**
 * Formats a financial year and quarter as a period id.
 *
 * @example
 * formatPeriod({ startYear: 2024, quarter: 1 }); // '2024-25-Q1'
 * @throws {PeriodError} when the year or quarter is out of range.
 */
export function formatPeriod(period: Period): PeriodId {
  const { startYear, quarter } = period;
  if (!Number.isInteger(startYear) || startYear < MIN_YEAR || startYear > MAX_YEAR) {
    throw new PeriodError(period, `the year must be a whole number between ${MIN_YEAR} and ${MAX_YEAR}`);
  }
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
    throw new PeriodError(period, 'the quarter must be 1, 2, 3 or 4');
  }
  const endYY = String((startYear + 1) % 100).padStart(2, '0');
  return `${startYear}-${endYY}-Q${quarter}` as PeriodId;
}

/**
 * Whether a value is a valid period id.
 *
 * @example
 * isPeriodId('2024-25-Q1'); // true
 * isPeriodId('2024-26-Q1'); // false
 * @throws never
 */
export function isPeriodId(value: unknown): value is PeriodId {
  if (typeof value !== 'string') return false;
  try {
    parsePeriod(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The label people read for a period: the financial year and quarter.
 *
 * @example
 * periodLabel('2024-25-Q1'); // '2024-25 Q1'
 * @throws {PeriodError} for an invalid id.
 */
export function periodLabel(id: string): string {
  const { startYear, quarter } = parsePeriod(id);
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')} Q${quarter}`;
}

function fromOrdinal(n: number): PeriodId {
  return formatPeriod({ startYear: Math.floor(n / 4), quarter: ((n % 4) + 1) as Period['quarter'] });
}

/**
 * The period `offset` quarters after `id` (before it when `offset` is negative).
 *
 * @example
 * shiftPeriod('2024-25-Q4', 1); // '2025-26-Q1'
 * shiftPeriod('2024-25-Q1', -4); // '2023-24-Q1'
 * @throws {PeriodError} for an invalid id, or a result outside the years 1900 to 2999.
 * @throws {RangeError} when `offset` is not a whole number.
 */
export function shiftPeriod(id: string, offset: number): PeriodId {
  if (!Number.isInteger(offset)) throw new RangeError(`offset must be a whole number, got ${offset}`);
  return fromOrdinal(periodOrdinal(id) + offset);
}

/**
 * The quarter before `id`.
 *
 * @example
 * previousPeriod('2024-25-Q1'); // '2023-24-Q4'
 * @throws {PeriodError} for an invalid id.
 */
export function previousPeriod(id: string): PeriodId {
  return shiftPeriod(id, -1);
}

/**
 * The quarter after `id`.
 *
 * @example
 * nextPeriod('2023-24-Q4'); // '2024-25-Q1'
 * @throws {PeriodError} for an invalid id.
 */
export function nextPeriod(id: string): PeriodId {
  return shiftPeriod(id, 1);
}

/**
 * Orders two period ids: negative when `a` is earlier, 0 when equal, positive when later.
 * Usable as an `Array.prototype.sort` comparator.
 *
 * @example
 * ['2024-25-Q2', '2023-24-Q4'].sort(comparePeriods); // ['2023-24-Q4', '2024-25-Q2']
 * @throws {PeriodError} for an invalid id.
 */
export function comparePeriods(a: string, b: string): number {
  return periodOrdinal(a) - periodOrdinal(b);
}

/**
 * The `length` consecutive quarters ending at `id`, oldest first. With the default length of 4 this
 * is the 12 months over which annual rates (turnover, absence) are counted.
 *
 * @example
 * periodWindow('2024-25-Q2'); // ['2023-24-Q3', '2023-24-Q4', '2024-25-Q1', '2024-25-Q2']
 * @throws {PeriodError} for an invalid id.
 * @throws {RangeError} when `length` is not a positive whole number.
 */
export function periodWindow(id: string, length = 4): PeriodId[] {
  if (!Number.isInteger(length) || length < 1) {
    throw new RangeError(`length must be a positive whole number, got ${length}`);
  }
  const end = periodOrdinal(id);
  const out: PeriodId[] = [];
  for (let n = end - length + 1; n <= end; n++) out.push(fromOrdinal(n));
  return out;
}

/**
 * The periods from `from` to `to` inclusive, oldest first.
 *
 * @example
 * periodRange('2023-24-Q4', '2024-25-Q2'); // ['2023-24-Q4', '2024-25-Q1', '2024-25-Q2']
 * @throws {PeriodError} for an invalid id.
 * @throws {RangeError} when `from` is after `to`.
 */
export function periodRange(from: string, to: string): PeriodId[] {
  const length = comparePeriods(to, from) + 1;
  if (length < 1) throw new RangeError(`${from} is after ${to}`);
  return periodWindow(to, length);
}

const QUARTER_END: Record<Period['quarter'], { month: number; day: number; yearOffset: number }> = {
  1: { month: 6, day: 30, yearOffset: 0 },
  2: { month: 9, day: 30, yearOffset: 0 },
  3: { month: 12, day: 31, yearOffset: 0 },
  4: { month: 3, day: 31, yearOffset: 1 },
};

/**
 * The last day of the quarter as an ISO date (`YYYY-MM-DD`), the date of the return's snapshot.
 *
 * @example
 * quarterEndDate('2024-25-Q2'); // '2024-09-30'
 * quarterEndDate('2024-25-Q4'); // '2025-03-31'
 * @throws {PeriodError} for an invalid id.
 */
export function quarterEndDate(id: string): string {
  const { startYear, quarter } = parsePeriod(id);
  const end = QUARTER_END[quarter];
  const year = startYear + end.yearOffset;
  return `${year}-${String(end.month).padStart(2, '0')}-${String(end.day).padStart(2, '0')}`;
}

/**
 * The period whose quarter contains the given date (an ISO `YYYY-MM-DD` string or a `Date`, read in UTC).
 *
 * @example
 * periodContaining('2024-09-30'); // '2024-25-Q2'
 * periodContaining('2025-01-15'); // '2024-25-Q4'
 * @throws {RangeError} when the date is invalid.
 */
export function periodContaining(date: string | Date): PeriodId {
  const d = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  // A string must name a real day: Date rolls 2024-02-30 over to 1 March instead of rejecting it.
  if (Number.isNaN(d.getTime()) || (typeof date === 'string' && d.toISOString().slice(0, 10) !== date.slice(0, 10))) {
    throw new RangeError(`Invalid date ${JSON.stringify(date)}`);
  }
  const month = d.getUTCMonth() + 1;
  const year = d.getUTCFullYear();
  const startYear = month >= 4 ? year : year - 1;
  const quarter = (Math.floor(((month + 8) % 12) / 3) + 1) as Period['quarter'];
  return formatPeriod({ startYear, quarter });
}
