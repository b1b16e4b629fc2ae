/**
 * Working days in a year, as DfE counts them for the sickness absence rate.
 *
 * @module
 */
import { periodOrdinal } from './periods.js';

/** Working days in 12 months that do not contain 29 February. */
export const WORKING_DAYS = 253;
/** Working days in 12 months that contain 29 February. */
export const WORKING_DAYS_LEAP = 254;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Working days in the 12 months ending on the last day of the quarter `period`: 253, or 254 when
 * those 12 months contain a 29 February. This is DfE's practice for the absence rate (its 2020 and
 * 2024 figures, years to 30 September that contain 29 February, use 254).
 *
 * @example
 * workingDaysInYearEnding('2019-20-Q2'); // 253 (1 Oct 2018 to 30 Sep 2019)
 * workingDaysInYearEnding('2020-21-Q2'); // 254 (1 Oct 2019 to 30 Sep 2020 contains 29 Feb 2020)
 * @throws {PeriodError} for an invalid period id.
 */
export function workingDaysInYearEnding(period: string): number {
  return workingDaysOfOrdinal(periodOrdinal(period));
}

/**
 * {@link workingDaysInYearEnding} of a period given by its ordinal (see `periodOrdinal`), for the hot
 * loop that computes every metric of a series: no parsing, no strings.
 *
 * Every quarter ends in March, June, September or December, that is in or after March of the
 * calendar year `endYear` it ends in (the start year, or the year after for Q4). So the 12 months
 * to the quarter end contain 29 February of `endYear` exactly when `endYear` is a leap year (a
 * quarter ending 31 March includes February; one ending 30 June includes the February before it).
 *
 * @example
 * workingDaysOfOrdinal(periodOrdinal('2020-21-Q2')); // 254
 * @throws never; the ordinal must be that of a valid period.
 * @internal
 */
export function workingDaysOfOrdinal(ordinal: number): number {
  const startYear = Math.floor(ordinal / 4);
  const endYear = ordinal % 4 === 3 ? startYear + 1 : startYear;
  return isLeapYear(endYear) ? WORKING_DAYS_LEAP : WORKING_DAYS;
}
