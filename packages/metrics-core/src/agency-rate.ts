/**
 * The average hourly charge rate of agency assignments against the regional price cap, per role type.
 *
 * @module
 */
import type { AgencyAssignmentFacts } from './agency-breaches.js';
import { type AgencyCap, capInForce } from './agency-cap.js';

/** One role type's rates against its caps. */
export interface AgencyRateAgainstCap {
  readonly roleType: string;
  /** Assignments of the role. */
  readonly assignments: number;
  /** Mean hourly charge rate of the role's assignments, in pounds. */
  readonly averageRate: number;
  /** Assignments of the role with a cap in force at their start: the rest are not compared. */
  readonly capped: number;
  /** Σ rates of the capped assignments (the numerator of `percentOfCap`). */
  readonly numerator: number;
  /** Σ of the caps in force at their starts (the denominator). */
  readonly denominator: number;
  /** Mean of the caps in force at the capped assignments' starts; null when none was capped. */
  readonly averageCap: number | null;
  /** Σ rates ÷ Σ caps × 100 over the capped assignments (100 = charged at the cap on average); null when none. */
  readonly percentOfCap: number | null;
}

/**
 * Per role type (in the order of `roles`, then any other in the order first met): the mean charge
 * rate, and the capped assignments' rates against the caps in force at their starts as Σ rate ÷ Σ cap,
 * so that authorities pool by adding numerators and denominators. Roles without assignments are left out.
 *
 * @param roles - the order of the role types.
 * @example
 * const caps = [{ roleType: 'social-worker', hourlyCap: 40, effectiveFrom: '2024-10-31' }];
 * const a = { roleType: 'social-worker', hourlyRate: 38, startDate: '2025-01-06', pqeYears: 4,
 *   references: 2, projectTeam: false, projectTeamApproved: false, coolOff: false };
 * chargeRatesAgainstCap([a, { ...a, hourlyRate: 44 }], caps, ['social-worker'])[0];
 * // { roleType: 'social-worker', assignments: 2, averageRate: 41, capped: 2, numerator: 82,
 * //   denominator: 80, averageCap: 40, percentOfCap: 102.5 }
 * @throws {RangeError} when a start date is not `YYYY-MM-DD`.
 */
export function chargeRatesAgainstCap(
  assignments: readonly AgencyAssignmentFacts[],
  caps: readonly AgencyCap[],
  roles: readonly string[] = [],
): AgencyRateAgainstCap[] {
  const by = new Map<string, { n: number; total: number; capped: number; rates: number; caps: number }>();
  for (const role of roles) by.set(role, { n: 0, total: 0, capped: 0, rates: 0, caps: 0 });
  for (const a of assignments) {
    const entry = by.get(a.roleType) ?? { n: 0, total: 0, capped: 0, rates: 0, caps: 0 };
    entry.n++;
    entry.total += a.hourlyRate;
    const cap = capInForce(caps, a.roleType, a.startDate);
    if (cap) {
      entry.capped++;
      entry.rates += a.hourlyRate;
      entry.caps += cap.hourlyCap;
    }
    by.set(a.roleType, entry);
  }
  return [...by.entries()]
    .filter(([, e]) => e.n > 0)
    .map(([roleType, e]) => ({
      roleType,
      assignments: e.n,
      averageRate: e.total / e.n,
      capped: e.capped,
      numerator: e.rates,
      denominator: e.caps,
      averageCap: e.capped > 0 ? e.caps / e.capped : null,
      percentOfCap: e.capped > 0 ? (e.rates / e.caps) * 100 : null,
    }));
}
