import { describe, expect, test } from 'vitest';
import { FIGURE_FIELDS, type QuarterlyFigures } from './figures.js';

/** The numeric fields of the quarterly return, copied from DESIGN section 4 in its order. */
const DESIGN_FIELDS = [
  // Snapshot at quarter end.
  'permanentHeadcount',
  'permanentFte',
  'agencyHeadcount',
  'agencyFte',
  'vacanciesFte',
  'vacanciesCoveredByAgencyFte',
  'caseHoldingFte',
  'casesHeld',
  'serviceUnder2Years',
  'service2To5Years',
  'service5To10Years',
  'service10To20Years',
  'service20PlusYears',
  'asyeHeadcount',
  // In the quarter.
  'startersHeadcount',
  'startersFte',
  'startersNewlyQualified',
  'startersExperienced',
  'startersFromAgency',
  'startersInternational',
  'startersReturners',
  'leaversHeadcount',
  'leaversFte',
  'leaversResignation',
  'leaversRetirement',
  'leaversDismissal',
  'leaversEndOfContract',
  'leaversToAgency',
  'leaversOther',
  'leaversServiceUnder2Years',
  'leaversService2To5Years',
  'leaversService5To10Years',
  'leaversService10To20Years',
  'leaversService20PlusYears',
  'leaversToOtherAuthority',
  'sicknessAbsenceDays',
  'asyeStarted',
  'asyeLeft',
  'agencySpend',
];

describe('FIGURE_FIELDS', () => {
  test('is exactly the numeric fields of DESIGN section 4, in its order', () => {
    expect([...FIGURE_FIELDS]).toEqual(DESIGN_FIELDS);
  });

  test('has 39 fields and no duplicates', () => {
    // 14 snapshot + 7 starters + 8 leavers + 5 leavers' service bands + to other authority
    // + sickness + 2 ASYE flows + agency spend = 39.
    expect(FIGURE_FIELDS).toHaveLength(39);
    expect(new Set(FIGURE_FIELDS).size).toBe(39);
  });

  test('does not include the period or the free-text comment', () => {
    expect(FIGURE_FIELDS).not.toContain('period');
    expect(FIGURE_FIELDS).not.toContain('comment');
  });

  test('a return may hold every field (type check) or only the period', () => {
    const full: QuarterlyFigures = Object.fromEntries([
      ['period', '2024-25-Q2'],
      ...FIGURE_FIELDS.map((field, i) => [field, i]),
    ]) as QuarterlyFigures;
    expect(Object.keys(full)).toHaveLength(40);
    const empty: QuarterlyFigures = { period: '2024-25-Q2' };
    expect(empty.permanentFte).toBeUndefined();
  });
});
