import { describe, expect, test } from 'vitest';
import { type AgencyCap, capInForce } from './agency-cap.js';

const CAPS: AgencyCap[] = [
  { roleType: 'social-worker', hourlyCap: 42, effectiveFrom: '2025-04-01', setAt: '2025-03-01T10:00:00Z' },
  { roleType: 'social-worker', hourlyCap: 40, effectiveFrom: '2024-10-31', setAt: '2024-10-01T10:00:00Z' },
  { roleType: 'team-manager', hourlyCap: 55, effectiveFrom: '2024-10-31', setAt: '2024-10-01T10:00:00Z' },
];

describe('capInForce', () => {
  test('the cap that took effect latest on or before the date, of the role', () => {
    expect(capInForce(CAPS, 'social-worker', '2024-10-30')).toBeNull();
    expect(capInForce(CAPS, 'social-worker', '2024-10-31')?.hourlyCap).toBe(40);
    expect(capInForce(CAPS, 'social-worker', '2025-03-31')?.hourlyCap).toBe(40);
    expect(capInForce(CAPS, 'social-worker', '2025-04-01')?.hourlyCap).toBe(42);
    expect(capInForce(CAPS, 'team-manager', '2026-01-01')?.hourlyCap).toBe(55);
    expect(capInForce(CAPS, 'advanced-practitioner', '2026-01-01')).toBeNull();
  });

  test('of two caps from the same day, the one set later (a correction)', () => {
    const corrected = [
      ...CAPS,
      { roleType: 'team-manager', hourlyCap: 52, effectiveFrom: '2024-10-31', setAt: '2024-11-02T09:00:00Z' },
    ];
    expect(capInForce(corrected, 'team-manager', '2025-01-01')?.hourlyCap).toBe(52);
    expect(capInForce([...corrected].reverse(), 'team-manager', '2025-01-01')?.hourlyCap).toBe(52);
  });

  test('a date that is not YYYY-MM-DD is refused', () => {
    expect(() => capInForce(CAPS, 'social-worker', '31/10/2024')).toThrow(RangeError);
  });
});
