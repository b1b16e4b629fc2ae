/**
 * The statutory agency rules (in force since 31 October 2024) as they apply to one assignment: which
 * of them it breaks.
 *
 * @module
 */
import { type AgencyCap, capInForce } from './agency-cap.js';

/** Fewest years of post-qualifying experience in local authority employment an agency worker needs. */
export const MIN_PQE_YEARS = 3;

/** Fewest practice references an agency worker needs. */
export const MIN_REFERENCES = 2;

/** What the rules read of an agency assignment (no name, no registration number). */
export interface AgencyAssignmentFacts {
  readonly roleType: string;
  /** Hourly charge rate in pounds (pay + employer NI + apprenticeship levy, as caps are set). */
  readonly hourlyRate: number;
  /** `YYYY-MM-DD`: the cap in force on this day judges the rate. */
  readonly startDate: string;
  /** Years of post-qualifying experience in local authority employment. */
  readonly pqeYears: number;
  /** Practice references received. */
  readonly references: number;
  /** Placed in a project team (a packaged model). */
  readonly projectTeam: boolean;
  /** The project team placement was approved for this worker. */
  readonly projectTeamApproved: boolean;
  /** The worker left a permanent post in the region within the cool-off period before. */
  readonly coolOff: boolean;
}

/** The rules an assignment can break. */
export const AGENCY_BREACHES = [
  'over-cap',
  'pqe-under-3',
  'references-under-2',
  'project-team-not-approved',
  'cool-off',
] as const;

/** A rule an assignment breaks. */
export type AgencyBreach = (typeof AGENCY_BREACHES)[number];

/**
 * The rules one assignment breaks, in {@link AGENCY_BREACHES} order: a rate above the cap in force at
 * its start (none is broken when no cap was in force), under 3 years' post-qualifying experience,
 * fewer than 2 references, a project team not approved, a worker inside the cool-off.
 *
 * @param caps - the region's caps, history included.
 * @example
 * const caps = [{ roleType: 'social-worker', hourlyCap: 40, effectiveFrom: '2024-10-31' }];
 * agencyBreaches({ roleType: 'social-worker', hourlyRate: 45, startDate: '2025-01-06', pqeYears: 2,
 *   references: 2, projectTeam: false, projectTeamApproved: false, coolOff: false }, caps);
 * // ['over-cap', 'pqe-under-3']
 * @throws {RangeError} when the start date is not `YYYY-MM-DD`.
 */
export function agencyBreaches(assignment: AgencyAssignmentFacts, caps: readonly AgencyCap[]): AgencyBreach[] {
  const out: AgencyBreach[] = [];
  const cap = capInForce(caps, assignment.roleType, assignment.startDate);
  if (cap && assignment.hourlyRate > cap.hourlyCap) out.push('over-cap');
  if (assignment.pqeYears < MIN_PQE_YEARS) out.push('pqe-under-3');
  if (assignment.references < MIN_REFERENCES) out.push('references-under-2');
  if (assignment.projectTeam && !assignment.projectTeamApproved) out.push('project-team-not-approved');
  if (assignment.coolOff) out.push('cool-off');
  return out;
}
