/**
 * Working days in a year, as DfE counts them for the sickness absence rate.
 *
 * @module
 */
import { parsePeriod, quarterEndDate } from './periods.js';

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
  parsePeriod(period);
  const end = quarterEndDate(period);
  const endYear = Number(end.slice(0, 4));
  const endMonth = Number(end.slice(5, 7));
  // The 12 months (end - 1 year, end] contain 29 Feb of endYear when the quarter ends in March or
  // later, and 29 Feb of endYear - 1 when it ends before (a quarter ending 31 March includes February).
  const leapYearInWindow = endMonth >= 3 ? endYear : endYear - 1;
  return isLeapYear(leapYearInWindow) ? WORKING_DAYS_LEAP : WORKING_DAYS;
}
