import { expect, test } from 'vitest';
import { withKeys } from './keys';

test('repeated items get distinct, stable keys', () => {
  expect(withKeys(['a', 'b', 'a', 'a'], (s) => s).map(([key]) => key)).toEqual(['a', 'b', 'a#2', 'a#3']);
});
