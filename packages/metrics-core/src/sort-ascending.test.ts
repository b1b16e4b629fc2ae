import { describe, expect, test } from 'vitest';
import { random } from '../test/random.mjs';
import { sortAscending } from './sort-ascending.js';

/** The two arrays hold the same values in the same order, telling −0 from +0 and NaN from NaN. */
function expectSameOrder(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`index ${i}: ${actual[i]} instead of ${expected[i]} (of ${expected.length})`);
    }
  }
}

describe('sortAscending', () => {
  test('sorts in place and returns the same array', () => {
    const values = Float64Array.of(3, 1, 2);
    expect(sortAscending(values)).toBe(values);
    expect(Array.from(values)).toEqual([1, 2, 3]);
  });

  test('sorts empty and one-value arrays', () => {
    expect(Array.from(sortAscending(new Float64Array(0)))).toEqual([]);
    expect(Array.from(sortAscending(Float64Array.of(5)))).toEqual([5]);
  });

  test('gives exactly what the native sort gives, for every length to 300 (insertion and quicksort)', () => {
    const rnd = random(1);
    for (let n = 0; n <= 300; n++) {
      for (const kind of ['spread', 'ties', 'sorted', 'reversed', 'equal']) {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          if (kind === 'spread') values[i] = (rnd() - 0.3) * 10 ** Math.floor(rnd() * 6);
          else if (kind === 'ties') values[i] = Math.floor(rnd() * 5) / 2;
          else if (kind === 'sorted') values[i] = i / 3;
          else if (kind === 'reversed') values[i] = (n - i) / 3;
          else values[i] = 42;
        }
        expectSameOrder(sortAscending(values.slice()), values.slice().sort());
      }
    }
  });

  test('with +0, infinities and the extreme numbers, as the native sort', () => {
    const special = [0, 0, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1, -1, 0.1];
    const rnd = random(2);
    for (let trial = 0; trial < 200; trial++) {
      const values = Float64Array.from({ length: 1 + Math.floor(rnd() * 60) }, () =>
        rnd() < 0.5 ? (special[Math.floor(rnd() * special.length)] as number) : rnd() * 100 - 50,
      );
      expectSameOrder(sortAscending(values.slice()), values.slice().sort());
    }
  });

  test('puts −0 before +0 and NaN last, as the native sort', () => {
    const rnd = random(3);
    for (let trial = 0; trial < 200; trial++) {
      const values = Float64Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => {
        const r = rnd();
        return r < 0.2 ? -0 : r < 0.4 ? 0 : r < 0.5 ? Number.NaN : Math.round(rnd() * 10) - 5;
      });
      expectSameOrder(sortAscending(values.slice()), values.slice().sort());
    }
    expectSameOrder(sortAscending(Float64Array.of(0, -0, Number.NaN, -1)), Float64Array.of(-1, -0, 0, Number.NaN));
  });

  test('sorts a view in place, leaving the rest of its buffer alone', () => {
    const values = Float64Array.of(9, 3, 1, 2, 8);
    sortAscending(values.subarray(1, 4));
    expect(Array.from(values)).toEqual([9, 1, 2, 3, 8]);
  });
});
