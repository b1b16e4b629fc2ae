import { describe, expect, test } from 'vitest';
import type { AgencyAssignmentFacts } from './agency-breaches.js';
import type { AgencyCap } from './agency-cap.js';
import { chargeRatesAgainstCap } from './agency-rate.js';

const CAPS: AgencyCap[] = [
  { roleType: 'social-worker', hourlyCap: 40, effectiveFrom: '2024-10-31' },
  { roleType: 'social-worker', hourlyCap: 36, effectiveFrom: '2025-04-01' },
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

describe('chargeRatesAgainstCap', () => {
  test('against figures worked by hand: each rate beside the cap in force at its start', () => {
    // SW: £38 (cap £40), £39 (cap £36, from April), £50 (no cap: June 2024). TM: £60, no cap.
    const rows = chargeRatesAgainstCap(
      [
        A,
        { ...A, hourlyRate: 39, startDate: '2025-05-01' },
        { ...A, hourlyRate: 50, startDate: '2024-06-01' },
        { ...A, roleType: 'team-manager', hourlyRate: 60 },
      ],
      CAPS,
      ['social-worker', 'senior-social-worker', 'team-manager'],
    );
    expect(rows).toEqual([
      {
        roleType: 'social-worker',
        assignments: 3,
        averageRate: (38 + 39 + 50) / 3,
        capped: 2,
        numerator: 77,
        denominator: 76,
        averageCap: 38,
        percentOfCap: (77 / 76) * 100,
      },
      {
        roleType: 'team-manager',
        assignments: 1,
        averageRate: 60,
        capped: 0,
        numerator: 0,
        denominator: 0,
        averageCap: null,
        percentOfCap: null,
      },
    ]);
  });

  test('no assignments: no rows', () => {
    expect(chargeRatesAgainstCap([], CAPS, ['social-worker'])).toEqual([]);
  });
});
