import { describe, expect, test } from 'vitest';
import { parseFigure } from './index.js';

describe('parseFigure', () => {
  test.each([
    [12, 12],
    [0, 0],
    [-0, 0],
    [-3, -3],
    [12.5, 12.5],
    ['12', 12],
    [' 12.5 ', 12.5],
    ['\t7\n', 7],
    ['+4', 4],
    ['-3', -3],
    ['\u22125', -5],
    ['.5', 0.5],
    ['12.', 12],
    ['1e3', 1000],
    ['1.2E+03', 1200],
    ['1,234', 1234],
    ['12,345.6', 12345.6],
    ['\u00a0260\u00a0', 260],
  ])('reads %j as the number %d', (input, value) => {
    expect(parseFigure(input)).toEqual({ status: 'number', value });
  });

  test.each([undefined, null, '', '   ', '\t'])('reads %j as empty, never as 0', (input) => {
    expect(parseFigure(input)).toEqual({ status: 'empty' });
  });

  test.each([
    'twelve',
    '12abc',
    'abc12',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e400',
    '0x10',
    '1,23',
    '12,34.5',
    '1 234',
    '12..5',
    '£100',
    '50%',
    '--1',
    '.',
  ])('refuses the string %j', (input) => {
    expect(parseFigure(input)).toEqual({ status: 'invalid', input });
  });

  test.each([
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    true,
    false,
    {},
    [],
    [12],
    12n,
  ])('refuses the value %s', (input) => {
    expect(parseFigure(input).status).toBe('invalid');
  });
});
