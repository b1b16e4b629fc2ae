import { describe, expect, test } from 'vitest';
import { acceptedCodings } from './store.js';

describe('acceptedCodings', () => {
  test.each([
    [undefined, false, false],
    ['', false, false],
    ['gzip', false, true],
    ['gzip, deflate, br', true, true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true, true],
    ['gzip;q=0', false, false],
    ['GZIP;Q=0.5, BR;q=0', false, true],
    ['*', true, true],
    ['*;q=0, gzip', false, true],
    ['identity', false, false],
    ['x-gzip', false, true],
    ['br;q=nonsense', false, false],
    ['brotli, gzipped', false, false],
  ])('%j: br %s, gzip %s', (header, br, gzip) => {
    expect(acceptedCodings(header)).toEqual({ br, gzip });
    // The remembered answer is the same.
    expect(acceptedCodings(header)).toEqual({ br, gzip });
  });
});
