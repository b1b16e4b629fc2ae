import { describe, expect, test } from 'vitest';
import {
  type AgencyAssignment,
  agencyAnnexIssues,
  agencyAnnexUpdateSchema,
  agencyAssignmentIssues,
  agencyAssignmentSchema,
  agencyCapInputSchema,
  missingRegistrations,
} from './agency.js';

const P = '2024-25-Q4'; // quarter end 2025-03-31
const GOOD: AgencyAssignment = {
  roleType: 'social-worker',
  hourlyRate: 38.5,
  startDate: '2025-01-06',
  endDate: '2025-07-04',
  registrationNumber: 'SW123456',
  pqeYears: 4,
  references: 2,
  projectTeam: false,
  projectTeamApproved: false,
  coolOff: false,
};
const codes = (a: Partial<AgencyAssignment>) => agencyAssignmentIssues({ ...GOOD, ...a }, P, 0).map((i) => i.code);

describe('the agency assignment', () => {
  test('a good assignment has no issues', () => {
    expect(agencyAssignmentIssues(GOOD, P, 0)).toEqual([]);
  });

  test('each rule with its stable code, pointing at its field', () => {
    expect(codes({ hourlyRate: 0 })).toEqual(['A001']);
    expect(codes({ hourlyRate: -5 })).toEqual(['A001']);
    expect(codes({ hourlyRate: 320 })).toEqual(['A002']); // a day rate typed as hourly
    expect(codes({ hourlyRate: 9 })).toEqual(['A002']);
    expect(codes({ endDate: '2025-01-01' })).toEqual(['A003', 'A005']);
    expect(codes({ startDate: '2025-04-01' })).toEqual(['A004']);
    expect(codes({ endDate: '2025-03-30' })).toEqual(['A005']);
    expect(codes({ endDate: '2025-03-31' })).toEqual([]);
    expect(codes({ registrationNumber: '123456' })).toEqual(['A006']);
    expect(codes({ registrationNumber: null })).toEqual([]);
    expect(codes({ pqeYears: -1 })).toEqual(['A007']);
    expect(codes({ pqeYears: 51 })).toEqual(['A007']);
    expect(codes({ references: 1.5 })).toEqual(['A008']);
    expect(codes({ projectTeamApproved: true })).toEqual(['A009']);
    expect(codes({ projectTeam: true, projectTeamApproved: true })).toEqual([]);
    expect(codes({ startDate: '1999-12-31' })).toEqual(['A011']);
    const [rate] = agencyAssignmentIssues({ ...GOOD, hourlyRate: 320 }, P, 4);
    expect(rate).toMatchObject({ index: 4, field: 'hourlyRate' });
    expect(rate?.message).toMatch(/hourly charge rate of £320 is not plausible/);
  });

  test('the shape: each field named by its path', () => {
    const result = agencyAssignmentSchema.safeParse({
      ...GOOD,
      roleType: 'locum',
      startDate: '2025-02-30',
      coolOff: 'yes',
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['coolOff', 'roleType', 'startDate']);
    expect(result.error?.issues.find((i) => i.path[0] === 'startDate')?.message).toMatch(/start date/);
    // The registration number is tidied: spaces trimmed, letters in capitals.
    expect(agencyAssignmentSchema.parse({ ...GOOD, registrationNumber: ' sw98765 ' }).registrationNumber).toBe(
      'SW98765',
    );
    expect(agencyAnnexUpdateSchema.safeParse({ version: -1, assignments: [] }).success).toBe(false);
  });
});

describe('the annex', () => {
  test('the same registration number twice is refused at its second assignment', () => {
    const issues = agencyAnnexIssues(
      [GOOD, { ...GOOD, roleType: 'team-manager' }, { ...GOOD, registrationNumber: null }],
      P,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'A010',
        index: 1,
        field: 'registrationNumber',
        message: expect.stringMatching(/assignment 1/),
      }),
    ]);
  });

  test('missing registration numbers are counted, not refused', () => {
    expect(missingRegistrations([GOOD, { registrationNumber: null }, { registrationNumber: '' }, {}])).toBe(3);
    expect(agencyAnnexIssues([{ ...GOOD, registrationNumber: null }], P)).toEqual([]);
  });
});

describe('a price cap', () => {
  test('a cap outside the plausible range, or a date that is not one, is refused naming the field', () => {
    const bad = agencyCapInputSchema.safeParse({ roleType: 'team-manager', hourlyCap: 0, effectiveFrom: '2025-13-01' });
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(['effectiveFrom', 'hourlyCap']);
    expect(
      agencyCapInputSchema.parse({ roleType: 'team-manager', hourlyCap: 55, effectiveFrom: '2025-04-01' }),
    ).toEqual({
      roleType: 'team-manager',
      hourlyCap: 55,
      effectiveFrom: '2025-04-01',
    });
  });
});
