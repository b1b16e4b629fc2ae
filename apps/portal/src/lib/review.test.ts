import { EXAMPLE_RETURN } from '@csc-workforce/schemas';
import { describe, expect, test } from 'vitest';
import { changeLabel, commentChanged, figureChanges } from './review';

describe('figureChanges', () => {
  test('lists every field in the form’s order with both values and the change', () => {
    const rows = figureChanges(EXAMPLE_RETURN, { ...EXAMPLE_RETURN, permanentHeadcount: 273, casesHeld: 2800 });
    expect(rows[0]).toMatchObject({ field: 'permanentHeadcount', before: 260, after: 273, difference: 13, percent: 5 });
    const cases = rows.find((r) => r.field === 'casesHeld');
    expect(cases?.difference).toBe(-90);
    expect(rows.find((r) => r.field === 'agencySpend')).toMatchObject({ before: null, after: null, difference: null });
  });

  test('keeps only the fields that changed when asked, including a figure removed or added', () => {
    const { asyeLeft: _dropped, ...without } = EXAMPLE_RETURN;
    const rows = figureChanges(EXAMPLE_RETURN, { ...without, agencySpend: 1000 }, true);
    expect(rows.map((r) => [r.field, r.before, r.after])).toEqual([
      ['asyeLeft', 1, null],
      ['agencySpend', null, 1000],
    ]);
    expect(figureChanges(EXAMPLE_RETURN, EXAMPLE_RETURN, true)).toEqual([]);
  });

  test('against nothing (no previous quarter) every value is new', () => {
    const rows = figureChanges(null, EXAMPLE_RETURN);
    expect(rows.find((r) => r.field === 'permanentFte')).toMatchObject({
      before: null,
      after: 243.1,
      difference: null,
    });
  });
});

test('changeLabel signs the change and adds the percentage of the earlier value', () => {
  expect(changeLabel({ difference: 13, percent: 5 })).toBe('+13 (+5%)');
  expect(changeLabel({ difference: -3.5, percent: -10.2 })).toBe('−3.5 (−10%)');
  expect(changeLabel({ difference: 0, percent: 0 })).toBe('0');
  expect(changeLabel({ difference: 4, percent: null })).toBe('+4');
  expect(changeLabel({ difference: null, percent: null })).toBe('');
});

test('commentChanged compares the comments, a missing one as empty', () => {
  expect(commentChanged({ ...EXAMPLE_RETURN, comment: 'a' }, { ...EXAMPLE_RETURN, comment: 'b' })).toBe(true);
  expect(commentChanged(EXAMPLE_RETURN, { ...EXAMPLE_RETURN, comment: '' })).toBe(false);
});
