import { type AgencyAssignmentFacts, agencyCompliance } from '@csc-workforce/metrics-core';
import { describe, expect, test } from 'vitest';
import { agencyAssignment } from '../../test/fixtures.js';
import { type Contribution, differsSafely } from './agency.js';

const fact = (over: Partial<AgencyAssignmentFacts> = {}): AgencyAssignmentFacts => agencyAssignment(over);
const of = (region: string, over: Partial<AgencyAssignmentFacts> = {}): Contribution => ({
  region,
  compliance: agencyCompliance([fact(over)], []),
});
/** Authorities 0..n-1 of region W and m of region N, all compliant. */
const release = (w: number, n: number) =>
  new Map<string, Contribution>([
    ...Array.from({ length: w }, (_, i) => [`W${i}`, of('W')] as const),
    ...Array.from({ length: n }, (_, i) => [`N${i}`, of('N')] as const),
  ]);

describe('which re-releases the agency groups may move to (k = 3)', () => {
  test('none changed, or at least k in England and in each region that changed: safe', () => {
    const before = release(4, 3);
    expect(differsSafely(before, release(4, 3), 3)).toBe(true);
    const after = release(4, 3);
    for (const code of ['W0', 'W1', 'W2']) after.set(code, of('W', { coolOff: true }));
    expect(differsSafely(before, after, 3)).toBe(true);
  });

  test('one changed annex, one authority added or gone, is unsafe', () => {
    const before = release(4, 3);
    const changed = release(4, 3);
    changed.set('W0', of('W', { hourlyRate: 60, references: 1 }));
    expect(differsSafely(before, changed, 3)).toBe(false);
    expect(differsSafely(before, release(5, 3), 3)).toBe(false);
    expect(differsSafely(release(5, 3), before, 3)).toBe(false);
  });

  test("k changed in England but one of them alone in its region: unsafe (the region's groups differ by one)", () => {
    const before = release(4, 3);
    const after = release(4, 3);
    for (const code of ['W0', 'W1', 'N0']) after.set(code, of(code.slice(0, 1), { coolOff: true }));
    expect(differsSafely(before, after, 3)).toBe(false);
  });

  test('an authority that moved region counts in both', () => {
    const before = release(4, 3);
    const after = release(4, 3);
    for (const code of ['W0', 'W1']) after.set(code, of('W', { coolOff: true }));
    after.set('W2', of('N'));
    // England 3 changed; W 3 changed; N 1 changed (W2 arrived): unsafe.
    expect(differsSafely(before, after, 3)).toBe(false);
  });
});
