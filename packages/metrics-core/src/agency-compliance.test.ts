import { describe, expect, test } from 'vitest';
import type { AgencyAssignmentFacts } from './agency-breaches.js';
import type { AgencyCap } from './agency-cap.js';
import { AGENCY_COMPLIANCE_IDS, agencyCompliance } from './agency-compliance.js';

const CAPS: AgencyCap[] = [
  { roleType: 'social-worker', hourlyCap: 40, effectiveFrom: '2024-10-31' },
  { roleType: 'social-worker', hourlyCap: 36, effectiveFrom: '2025-04-01' },
  { roleType: 'team-manager', hourlyCap: 55, effectiveFrom: '2024-10-31' },
];
const A: AgencyAssignmentFacts = {
  roleType: 'social-worker',
  hourlyRate: 38,
  startDate: '2025-01-06',
  pqeYears: 5,
  references: 2,
  projectTeam: false,
  projectTeamApproved: false,
  coolOff: false,
};

describe('agencyCompliance', () => {
  test('against figures worked by hand', () => {
    // Six assignments:
    // 1. SW £38 from Jan 2025 (cap £40): within; 5 years; 2 refs.
    // 2. SW £38 from Apr 2025 (cap £36): over; 2 years; 2 refs.
    // 3. SW £50 from Jun 2024 (no cap yet): not judged; 3 years; 1 ref; project team, approved.
    // 4. TM £55 from Jan 2025 (cap £55): within (at the cap); 10 years; 3 refs; project team, not approved.
    // 5. TM £60 from Jan 2025 (cap £55): over; 1 year; 0 refs; cool-off.
    // 6. Advanced practitioner £70 (no cap for the role): not judged; 4 years; 2 refs.
    const list: AgencyAssignmentFacts[] = [
      A,
      { ...A, startDate: '2025-04-01', pqeYears: 2 },
      {
        ...A,
        hourlyRate: 50,
        startDate: '2024-06-01',
        pqeYears: 3,
        references: 1,
        projectTeam: true,
        projectTeamApproved: true,
      },
      { ...A, roleType: 'team-manager', hourlyRate: 55, pqeYears: 10, references: 3, projectTeam: true },
      { ...A, roleType: 'team-manager', hourlyRate: 60, pqeYears: 1, references: 0, coolOff: true },
      { ...A, roleType: 'advanced-practitioner', hourlyRate: 70, pqeYears: 4 },
    ];
    const c = agencyCompliance(list, CAPS);
    // Within the cap: 1 and 4 of the 4 with a cap in force (1, 2, 4, 5) = 50%.
    expect(c.withinCap).toEqual({ id: 'withinCap', value: 50, numerator: 2, denominator: 4 });
    // 3+ years: 1, 3, 4, 6 of 6.
    expect(c.experienced).toEqual({ id: 'experienced', value: (4 / 6) * 100, numerator: 4, denominator: 6 });
    // 2+ references: 1, 2, 4, 6 of 6.
    expect(c.twoReferences).toMatchObject({ numerator: 4, denominator: 6 });
    // In project teams: 3 and 4 of 6.
    expect(c.inProjectTeams).toMatchObject({ numerator: 2, denominator: 6 });
    expect(c.inProjectTeams.value).toBeCloseTo(33.3333, 4);
    // Inside the cool-off: 5 of 6.
    expect(c.insideCoolOff).toMatchObject({ numerator: 1, denominator: 6 });
  });

  test('pools: the counts of two lists add up to those of both together', () => {
    const one = [A, { ...A, hourlyRate: 45 }];
    const two = [{ ...A, references: 1 }];
    const both = agencyCompliance([...one, ...two], CAPS);
    for (const id of AGENCY_COMPLIANCE_IDS) {
      const [x, y] = [agencyCompliance(one, CAPS)[id], agencyCompliance(two, CAPS)[id]];
      expect(both[id].numerator, id).toBe(x.numerator + y.numerator);
      expect(both[id].denominator, id).toBe(x.denominator + y.denominator);
    }
  });

  test('no assignments, or none with a cap: no value, and why', () => {
    const none = agencyCompliance([], CAPS);
    for (const id of AGENCY_COMPLIANCE_IDS) {
      expect(none[id]).toEqual({ id, value: null, numerator: 0, denominator: 0, reason: 'zero-denominator' });
    }
    expect(agencyCompliance([A], []).withinCap.reason).toBe('zero-denominator');
    expect(agencyCompliance([A], []).experienced.value).toBe(100);
  });
});
