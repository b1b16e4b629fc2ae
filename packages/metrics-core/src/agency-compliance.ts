/**
 * An authority's compliance with the statutory agency rules in a quarter, as proportions with their
 * numerators and denominators, so that authorities pool and compare like every other metric.
 *
 * @module
 */
import { type AgencyAssignmentFacts, MIN_PQE_YEARS, MIN_REFERENCES } from './agency-breaches.js';
import { type AgencyCap, capInForce } from './agency-cap.js';

/** The compliance measures, in the order they are shown. */
export const AGENCY_COMPLIANCE_IDS = [
  'withinCap',
  'experienced',
  'twoReferences',
  'inProjectTeams',
  'insideCoolOff',
] as const;

/** A compliance measure. */
export type AgencyComplianceId = (typeof AGENCY_COMPLIANCE_IDS)[number];

/** What each measure is, for people, and which way is better. */
export const AGENCY_COMPLIANCE: {
  readonly [K in AgencyComplianceId]: {
    readonly label: string;
    readonly formula: string;
    readonly polarity: 'higher' | 'lower' | 'neither';
  };
} = {
  withinCap: {
    label: 'Assignments within the price cap',
    formula:
      'assignments charged at or below the cap in force at their start ÷ assignments with a cap in force at their start × 100',
    polarity: 'higher',
  },
  experienced: {
    label: `Assignments with ${MIN_PQE_YEARS}+ years’ post-qualifying experience`,
    formula: `assignments whose worker has ${MIN_PQE_YEARS} or more years’ post-qualifying experience in local authority employment ÷ assignments × 100`,
    polarity: 'higher',
  },
  twoReferences: {
    label: `Assignments with ${MIN_REFERENCES} references`,
    formula: `assignments with ${MIN_REFERENCES} or more practice references ÷ assignments × 100`,
    polarity: 'higher',
  },
  inProjectTeams: {
    label: 'Assignments in project teams',
    formula: 'assignments in a project team (packaged model) ÷ assignments × 100',
    polarity: 'neither',
  },
  insideCoolOff: {
    label: 'Assignments inside the cool-off',
    formula:
      'assignments of workers who left a permanent post in the region within the cool-off period ÷ assignments × 100',
    polarity: 'lower',
  },
};

/** One measure: a percentage with what it was computed from. */
export interface AgencyProportion {
  readonly id: AgencyComplianceId;
  /** `numerator ÷ denominator × 100`, unrounded; null when the denominator is 0. */
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
  readonly reason?: 'zero-denominator';
}

/** Every measure, keyed by id. */
export type AgencyCompliance = { readonly [K in AgencyComplianceId]: AgencyProportion & { readonly id: K } };

const proportion = <K extends AgencyComplianceId>(id: K, numerator: number, denominator: number) =>
  (denominator === 0
    ? { id, value: null, numerator, denominator, reason: 'zero-denominator' }
    : { id, value: (numerator / denominator) * 100, numerator, denominator }) as AgencyProportion & { id: K };

/**
 * The compliance measures of a list of assignments (an authority's in a quarter, or a group's pooled:
 * the counts add up). Within the cap counts only assignments with a cap in force at their start for
 * their role: one with no cap is neither within nor over it.
 *
 * @param caps - the region's caps, history included.
 * @example
 * const caps = [{ roleType: 'social-worker', hourlyCap: 40, effectiveFrom: '2024-10-31' }];
 * const a = { roleType: 'social-worker', hourlyRate: 38, startDate: '2025-01-06', pqeYears: 4,
 *   references: 2, projectTeam: false, projectTeamApproved: false, coolOff: false };
 * const c = agencyCompliance([a, { ...a, hourlyRate: 45, references: 1 }], caps);
 * c.withinCap; // { id: 'withinCap', value: 50, numerator: 1, denominator: 2 }
 * c.twoReferences.value; // 50
 * @throws {RangeError} when a start date is not `YYYY-MM-DD`.
 */
export function agencyCompliance(
  assignments: readonly AgencyAssignmentFacts[],
  caps: readonly AgencyCap[],
): AgencyCompliance {
  let capped = 0;
  let within = 0;
  let experienced = 0;
  let referenced = 0;
  let inProjectTeams = 0;
  let insideCoolOff = 0;
  for (const a of assignments) {
    const cap = capInForce(caps, a.roleType, a.startDate);
    if (cap) {
      capped++;
      if (a.hourlyRate <= cap.hourlyCap) within++;
    }
    if (a.pqeYears >= MIN_PQE_YEARS) experienced++;
    if (a.references >= MIN_REFERENCES) referenced++;
    if (a.projectTeam) inProjectTeams++;
    if (a.coolOff) insideCoolOff++;
  }
  const n = assignments.length;
  return {
    withinCap: proportion('withinCap', within, capped),
    experienced: proportion('experienced', experienced, n),
    twoReferences: proportion('twoReferences', referenced, n),
    inProjectTeams: proportion('inProjectTeams', inProjectTeams, n),
    insideCoolOff: proportion('insideCoolOff', insideCoolOff, n),
  };
}
