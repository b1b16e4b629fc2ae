import { validateReturn } from '@csc-workforce/schemas';
import { describe, expect, test } from 'vitest';
import {
  blocksSaving,
  fieldOfProblemError,
  figuresToSend,
  firstIssueByField,
  isDirty,
  valuesFromFigures,
  visibleIssues,
} from './form';

describe('the return form’s values', () => {
  test('stored figures become plain text; missing ones are blank, never 0', () => {
    const values = valuesFromFigures({ permanentHeadcount: 1234, permanentFte: 243.1, agencyFte: null, comment: 'ok' });
    expect(values.permanentHeadcount).toBe('1234');
    expect(values.permanentFte).toBe('243.1');
    expect(values.agencyFte).toBe('');
    expect(values.casesHeld).toBe('');
    expect(values.comment).toBe('ok');
    expect(Object.keys(values)).toHaveLength(40);
  });

  test('a new return is all blank', () => {
    expect(Object.values(valuesFromFigures(null)).every((v) => v === '')).toBe(true);
  });

  test('dirty ignores spaces around values', () => {
    const saved = valuesFromFigures({ casesHeld: 10 });
    expect(isDirty({ ...saved, casesHeld: ' 10 ' }, saved)).toBe(false);
    expect(isDirty({ ...saved, casesHeld: '11' }, saved)).toBe(true);
    expect(isDirty({ ...saved, comment: 'new' }, saved)).toBe(true);
  });

  test('figures to send: the numbers read, blanks absent, the comment trimmed', () => {
    const values = {
      ...valuesFromFigures(null),
      permanentHeadcount: '1,234',
      permanentFte: ' 12.5 ',
      comment: '  why  ',
    };
    const parsed = validateReturn(values, { stage: 'draft' }).figures;
    expect(figuresToSend(parsed)).toEqual({ permanentHeadcount: 1234, permanentFte: 12.5, comment: 'why' });
    expect(figuresToSend(validateReturn({ comment: '   ' }, { stage: 'draft' }).figures)).toEqual({});
  });
});

describe('which issues show', () => {
  const result = validateReturn(
    { permanentHeadcount: '100', permanentFte: '105', casesHeld: 'lots' },
    { stage: 'submit', period: '2024-25-Q1' },
  );

  test('while typing: errors in the figures given, not the missing ones', () => {
    const codes = visibleIssues(result.errors, false).map((i) => i.code);
    expect(codes).toContain('E006');
    expect(codes).toContain('E002');
    expect(codes).not.toContain('E001');
  });

  test('after trying to submit: every error', () => {
    expect(visibleIssues(result.errors, true).map((i) => i.code)).toContain('E001');
  });

  test('one message per field, the first', () => {
    const byField = firstIssueByField(result.errors);
    expect(byField.get('casesHeld')?.code).toBe('E002');
    expect(new Set(byField.keys()).size).toBe(byField.size);
  });

  test('only errors in a single value stop a draft being saved', () => {
    const blocking = result.errors.filter(blocksSaving).map((i) => i.code);
    expect(blocking).toEqual(['E002']);
  });

  test('problem error paths name the form field', () => {
    expect(fieldOfProblemError('figures.leaversFte')).toBe('leaversFte');
    expect(fieldOfProblemError('version')).toBe('version');
    expect(fieldOfProblemError(undefined)).toBeUndefined();
  });
});
