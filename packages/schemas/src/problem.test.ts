import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  describeProblemError,
  formatZodIssues,
  issuesToProblemErrors,
  PROBLEM_TYPES,
  problem,
  problemSchema,
  validateReturn,
  validationProblem,
} from './index.js';

describe('problem', () => {
  test('defaults to about:blank with the status phrase as title', () => {
    expect(problem(404, { detail: 'No return for E08000026 in 2024-25-Q1' })).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No return for E08000026 in 2024-25-Q1',
    });
    expect(problem(418).title).toBe('Client Error');
    expect(problem(599).title).toBe('Server Error');
  });

  test('keeps a type, title, instance and errors', () => {
    const body = problem(409, {
      type: PROBLEM_TYPES.conflict,
      title: 'The return has changed',
      instance: '/api/returns/E08000026/2024-25-Q2',
      errors: [{ message: 'Version 4 was saved by someone else.' }],
    });
    expect(problemSchema.parse(body)).toEqual(body);
  });

  test.each([200, 399, 600, 404.5])('refuses the status %d', (status) => {
    expect(() => problem(status)).toThrow(RangeError);
  });

  test('validationProblem is a 422 listing the errors', () => {
    const body = validationProblem([{ field: 'email', message: 'Enter an email address' }]);
    expect(body).toMatchObject({
      type: PROBLEM_TYPES.validation,
      status: 422,
      detail: 'There is 1 error: see errors.',
    });
    expect(validationProblem([], { status: 400 }).status).toBe(400);
  });

  test('the schema keeps extension members', () => {
    expect(problemSchema.parse({ title: 'Gone', status: 410, traceId: 'abc' })).toEqual({
      type: 'about:blank',
      title: 'Gone',
      status: 410,
      traceId: 'abc',
    });
  });
});

describe('issuesToProblemErrors', () => {
  const result = validateReturn({ permanentHeadcount: 100, permanentFte: 105.5, leaversFte: '-1' }, { stage: 'draft' });

  test('keeps the codes, fields and messages', () => {
    expect(issuesToProblemErrors(result.errors, { pathPrefix: 'figures' })).toEqual([
      {
        code: 'E006',
        field: 'figures.permanentFte',
        message: 'Permanent FTE (105.5) is more than permanent headcount (100)',
      },
      { code: 'E003', field: 'figures.leaversFte', message: 'Leavers FTE must be 0 or more (it is -1)' },
    ]);
  });

  test('names the row and column of an upload', () => {
    const errors = issuesToProblemErrors(result.errors, { row: 3 });
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'permanent_fte'],
      [3, 'leavers_fte'],
    ]);
    expect(errors.map(describeProblemError)).toEqual([
      'Row 3, column permanent_fte: Permanent FTE (105.5) is more than permanent headcount (100)',
      'Row 3, column leavers_fte: Leavers FTE must be 0 or more (it is -1)',
    ]);
    expect(describeProblemError({ message: 'Bad file' })).toBe('Bad file');
  });
});

describe('formatZodIssues', () => {
  const schema = z.strictObject({
    users: z.array(z.object({ email: z.email({ error: 'Enter an email address' }) })),
    name: z.string({ error: 'Enter a name' }),
  });

  test('joins field paths with dots', () => {
    const result = schema.safeParse({ users: [{ email: 'a@b.org' }, { email: 'nope' }], name: 1 });
    expect(formatZodIssues(result.error ?? { issues: [] })).toEqual([
      { field: 'users.1.email', message: 'Enter an email address' },
      { field: 'name', message: 'Enter a name' },
    ]);
  });

  test('lists each unknown key as a field', () => {
    const result = schema.safeParse({ users: [], name: 'x', extra: 1, more: 2 });
    expect(formatZodIssues(result.error ?? { issues: [] })).toEqual([
      { field: 'extra', message: 'Unknown field "extra"' },
      { field: 'more', message: 'Unknown field "more"' },
    ]);
  });

  test('prefixes paths, and leaves out the field of an error on the whole body', () => {
    const result = z.object({ a: z.string() }).safeParse('text');
    const errors = formatZodIssues(result.error ?? { issues: [] });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBeUndefined();
    const nested = z.object({ a: z.string() }).safeParse({ a: 1 });
    expect(formatZodIssues(nested.error ?? { issues: [] }, { pathPrefix: ['body'] })[0]?.field).toBe('body.a');
  });
});
