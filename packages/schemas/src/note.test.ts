import { describe, expect, test } from 'vitest';
import { PRACTICE_THEMES, themeLabel } from './constants.js';
import { NOTE_LIMITS, noteArchiveSchema, noteContentSchema } from './note.js';
import { formatZodIssues } from './problem.js';

const valid = {
  title: 'ASYE academy',
  summary: 'Newly qualified social workers in cohorts, with lower caseloads and coaching.',
  body: 'We **did** this.',
  themes: ['asye-early-career'],
  metrics: [{ metric: 'asyeRetention', from: '2022-23-Q1', to: null }],
  authorName: 'Pat Example',
  authorRole: 'Principal social worker',
  contactEmail: ' Pat.Example@Council.test ',
};

const errorsOf = (input: unknown) => {
  const result = noteContentSchema.safeParse(input);
  return result.success ? [] : formatZodIssues(result.error);
};

describe('practice note content', () => {
  test('the 14 themes of the design, each with a label', () => {
    expect(PRACTICE_THEMES).toHaveLength(14);
    expect(themeLabel('asye-early-career')).toBe('ASYE and early career');
  });

  test('a complete note is read trimmed, its contact lower-cased; metrics and contact are optional', () => {
    const note = noteContentSchema.parse({ ...valid, title: '  ASYE academy  ' });
    expect(note.title).toBe('ASYE academy');
    expect(note.contactEmail).toBe('pat.example@council.test');
    const bare = noteContentSchema.parse({ ...valid, metrics: undefined, contactEmail: undefined });
    expect(bare.metrics).toEqual([]);
    expect(bare.contactEmail).toBeNull();
  });

  test('every bad field is named', () => {
    const errors = errorsOf({
      ...valid,
      title: ' ',
      summary: 'x'.repeat(NOTE_LIMITS.summary + 1),
      body: 'a\u0000b',
      themes: [],
      contactEmail: 'not an email',
      extra: 1,
    });
    expect(errors.map((e) => e.field).sort()).toEqual(['body', 'contactEmail', 'extra', 'summary', 'themes', 'title']);
    expect(errors.find((e) => e.field === 'summary')?.message).toBe('A summary must be 280 characters or fewer');
  });

  test('themes come from the list, once each, 5 at most', () => {
    expect(errorsOf({ ...valid, themes: ['nonsense'] })[0]?.field).toBe('themes.0');
    expect(errorsOf({ ...valid, themes: ['wellbeing', 'wellbeing'] })[0]?.message).toBe('Choose each theme once');
    expect(errorsOf({ ...valid, themes: PRACTICE_THEMES.slice(0, 6).map((t) => t.id) })[0]?.field).toBe('themes');
  });

  test('a linked metric is a metric of the catalogue over a range of 20 quarters at most, each metric once', () => {
    const link = (l: object) =>
      errorsOf({ ...valid, metrics: [{ metric: 'asyeRetention', from: '2022-23-Q1', to: null, ...l }] });
    expect(link({ metric: 'nonsense' })[0]?.field).toBe('metrics.0.metric');
    expect(link({ to: '2021-22-Q4' })[0]).toMatchObject({
      field: 'metrics.0.to',
      message: 'The last quarter must be the same as or after the first',
    });
    expect(link({ to: '2027-28-Q1' })[0]?.message).toBe('A linked metric can cover 20 quarters at most');
    expect(link({ to: '2027-28-Q0' })[0]?.field).toBe('metrics.0.to');
    expect(link({ to: '2026-27-Q4' })).toEqual([]);
    expect(
      errorsOf({ ...valid, metrics: [valid.metrics[0], { metric: 'asyeRetention', from: '2023-24-Q1', to: null }] })[0]
        ?.message,
    ).toBe('Link each metric once');
  });

  test('archiving needs a reason', () => {
    expect(noteArchiveSchema.safeParse({ version: 1, reason: '  ' }).success).toBe(false);
    expect(noteArchiveSchema.parse({ version: 1, reason: ' Names a child ' }).reason).toBe('Names a child');
  });
});
