import { expect, test } from 'vitest';
import { mulberry32, randomFrom } from './seeded-random.js';

test('the same seed gives the same sequence in [0, 1); another seed another', () => {
  const take = (next: () => number) => Array.from({ length: 5 }, next);
  const a = take(mulberry32(17_000));
  expect(take(mulberry32(17_000))).toEqual(a);
  expect(take(mulberry32(17_001))).not.toEqual(a);
  for (const x of [...a, ...take(randomFrom('E08000026:2023-24-Q4'))]) {
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThan(1);
  }
  expect(take(randomFrom('E08000026:2023-24-Q4'))).toEqual(take(randomFrom('E08000026:2023-24-Q4')));
  // Fixed values: the demo's figures depend on them.
  expect(mulberry32(1)()).toBeCloseTo(0.6270739405881613, 15);
});
