/**
 * Regional price caps for agency social workers (the statutory guidance in force since 31 October
 * 2024, and the regional agreements before it): which cap judges an assignment.
 *
 * @module
 */

/** A cap on the hourly charge rate of one role type, in force from a date until a later cap replaces it. */
export interface AgencyCap {
  /** The role type it caps, as the annex names it (`social-worker`, `team-manager`, …). */
  readonly roleType: string;
  /** The most an hour may be charged (pay + employer NI + apprenticeship levy), in pounds. */
  readonly hourlyCap: number;
  /** The first day it is in force, `YYYY-MM-DD`. */
  readonly effectiveFrom: string;
  /** When it was set (ISO 8601); of two caps from the same day, the one set later is in force. */
  readonly setAt?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The cap in force for a role type on a date: of the caps of that role that take effect on or before
 * the date, the one that takes effect latest (of two from the same day, the one set later, else the
 * later in the list). An assignment is judged by the cap in force at its start, so a cap set later
 * does not turn an assignment that began within the old one into a breach.
 *
 * @param caps - the region's caps, history included, in any order.
 * @returns the cap, or null when none of that role had taken effect by the date.
 * @example
 * const caps = [
 *   { roleType: 'social-worker', hourlyCap: 40, effectiveFrom: '2024-10-31' },
 *   { roleType: 'social-worker', hourlyCap: 42, effectiveFrom: '2025-04-01' },
 * ];
 * capInForce(caps, 'social-worker', '2025-01-15')?.hourlyCap; // 40
 * capInForce(caps, 'social-worker', '2025-04-01')?.hourlyCap; // 42
 * capInForce(caps, 'social-worker', '2024-06-01'); // null
 * @throws {RangeError} when `date` is not a date `YYYY-MM-DD`.
 */
export function capInForce(caps: readonly AgencyCap[], roleType: string, date: string): AgencyCap | null {
  if (!DATE.test(date)) throw new RangeError(`Not a date YYYY-MM-DD: ${date}`);
  let best: AgencyCap | null = null;
  for (const cap of caps) {
    if (cap.roleType !== roleType || cap.effectiveFrom > date) continue;
    if (
      best === null ||
      cap.effectiveFrom > best.effectiveFrom ||
      (cap.effectiveFrom === best.effectiveFrom && (cap.setAt ?? '') >= (best.setAt ?? ''))
    ) {
      best = cap;
    }
  }
  return best;
}
