import { describe, expect, test } from 'vitest';
import { type AgencyAssignmentFacts, agencyBreaches } from './agency-breaches.js';
import type { AgencyCap } from './agency-cap.js';

const CAPS: AgencyCap[] = [
  { roleType: 'social-worker', hourlyCap: 40, effectiveFrom: '2024-10-31' },
  { roleType: 'social-worker', hourlyCap: 36, effectiveFrom: '2025-04-01' },
];
const GOOD: AgencyAssignmentFacts = {
  roleType: 'social-worker',
  hourlyRate: 39,
  startDate: '2025-01-06',
  pqeYears: 3,
  references: 2,
  projectTeam: false,
  projectTeamApproved: false,
  coolOff: false,
};

describe('agencyBreaches', () => {
  test('an assignment within every rule breaks none', () => {
    expect(agencyBreaches(GOOD, CAPS)).toEqual([]);
  });

  test('judged by the cap in force at its start, not a later one', () => {
    // £39 is within the £40 cap of January 2025, though above the £36 cap from April 2025.
    expect(agencyBreaches(GOOD, CAPS)).toEqual([]);
    expect(agencyBreaches({ ...GOOD, startDate: '2025-04-01' }, CAPS)).toEqual(['over-cap']);
    // At the cap is within it; with no cap in force the rate breaks nothing.
    expect(agencyBreaches({ ...GOOD, hourlyRate: 40 }, CAPS)).toEqual([]);
    expect(agencyBreaches({ ...GOOD, hourlyRate: 90, startDate: '2024-06-01' }, CAPS)).toEqual([]);
  });

  test('each rule on its own, and all together in order', () => {
    expect(agencyBreaches({ ...GOOD, pqeYears: 2.9 }, CAPS)).toEqual(['pqe-under-3']);
    expect(agencyBreaches({ ...GOOD, references: 1 }, CAPS)).toEqual(['references-under-2']);
    expect(agencyBreaches({ ...GOOD, projectTeam: true, projectTeamApproved: true }, CAPS)).toEqual([]);
    expect(agencyBreaches({ ...GOOD, projectTeam: true }, CAPS)).toEqual(['project-team-not-approved']);
    expect(agencyBreaches({ ...GOOD, coolOff: true }, CAPS)).toEqual(['cool-off']);
    expect(
      agencyBreaches({ ...GOOD, hourlyRate: 41, pqeYears: 1, references: 0, projectTeam: true, coolOff: true }, CAPS),
    ).toEqual(['over-cap', 'pqe-under-3', 'references-under-2', 'project-team-not-approved', 'cool-off']);
  });
});
