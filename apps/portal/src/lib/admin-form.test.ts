import { inviteUserSchema } from '@csc-workforce/schemas';
import { describe, expect, test } from 'vitest';
import { withQuery } from '../api/admin';
import { ApiProblem } from '../api/client';
import { dateErrorTarget, dateParts, readDate } from '../components/FormFields';
import { pageNumbers, showing } from '../components/Pagination';
import { issuesByField, problemByField } from './admin-form';
import { actionLabel, detailLines } from './audit';

describe('form errors', () => {
  test('the shared schema’s issues, one per field, the rest apart', () => {
    const result = inviteUserSchema.safeParse({ email: 'nope', name: '', role: 'admin', extra: 1 });
    expect(result.success).toBe(false);
    const found = issuesByField(result.error?.issues ?? [], ['email', 'name', 'role'] as const);
    expect(found.fields).toEqual({
      email: 'Enter an email address in the correct format, like name@example.gov.uk',
      name: 'Enter a name',
    });
    expect(found.other).toHaveLength(1);
  });

  test('a refused request: its field errors, else its detail', () => {
    const taken = new ApiProblem({
      type: '/problems/validation',
      title: 'The request has errors',
      status: 409,
      detail: 'A user with the e-mail address a@b.example exists already',
      errors: [{ field: 'email', message: 'A user with the e-mail address a@b.example exists already' }],
    });
    expect(problemByField(taken, ['email', 'name'] as const)).toEqual({
      fields: { email: 'A user with the e-mail address a@b.example exists already' },
    });
    const conflict = new ApiProblem({ type: 'about:blank', title: 'Conflict', status: 409, detail: 'It exists.' });
    expect(problemByField(conflict, ['email'] as const)).toEqual({ fields: {}, message: 'It exists.' });
    expect(problemByField(new Error('boom'), ['email'] as const).message).toBe('Something went wrong. Try again.');
  });
});

describe('date input', () => {
  test('reads a real date, an empty one as none, and says what is wrong in GOV.UK’s words', () => {
    expect(readDate({ day: '31', month: '7', year: '2025' }, 'The due date')).toEqual({ date: '2025-07-31' });
    expect(readDate({ day: ' ', month: '', year: '' }, 'The due date')).toEqual({ date: null });
    // Each error names the fields to mark, as GOV.UK's date input does: the summary links to the first.
    expect(readDate({ day: '31', month: '', year: '' }, 'The due date')).toEqual({
      error: 'The due date must include a month and year',
      parts: ['month', 'year'],
    });
    expect(readDate({ day: '30', month: '2', year: '2025' }, 'The due date')).toEqual({
      error: 'The due date must be a real date',
      parts: ['day'],
    });
    expect(readDate({ day: '1', month: '13', year: '2025' }, 'The due date')).toEqual({
      error: 'The due date must be a real date',
      parts: ['month'],
    });
    expect(readDate({ day: 'x', month: '1', year: '25' }, 'The due date')).toEqual({
      error: 'The due date must be a real date',
      parts: ['day', 'year'],
    });
    expect(dateErrorTarget('due', ['month', 'year'])).toBe('#due-month');
    expect(dateErrorTarget('due')).toBe('#due');
    expect(dateParts('2025-07-01')).toEqual({ day: '1', month: '7', year: '2025' });
    expect(dateParts(null)).toEqual({ day: '', month: '', year: '' });
  });
});

describe('lists', () => {
  test('page numbers: the first, the last and those around the current one, with gaps', () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(1, 3)).toEqual([1, 2, 3]);
    expect(pageNumbers(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    expect(pageNumbers(10, 10)).toEqual([1, null, 9, 10]);
    expect(pageNumbers(3, 10)).toEqual([1, 2, 3, 4, null, 10]);
  });

  test('what a page shows', () => {
    expect(showing(2, 25, 73, 'users')).toBe('Showing 26 to 50 of 73 users');
    expect(showing(1, 25, 0, 'users')).toBe('No users');
    expect(showing(9, 25, 73, 'users')).toBe('No users on this page (73 in all)');
  });

  test('a query string of the filter’s values, without empty ones', () => {
    expect(withQuery('/api/users', { role: 'admin', q: '', region: undefined, page: 2 })).toBe(
      '/api/users?role=admin&page=2',
    );
    expect(withQuery('/api/users', { q: 'a&b' })).toBe('/api/users?q=a%26b');
    expect(withQuery('/api/outbox', {})).toBe('/api/outbox');
  });

  test('audit actions and details for people', () => {
    expect(actionLabel('invite-user')).toBe('Invited a user');
    expect(actionLabel('send-reminder')).toBe('Send reminder');
    expect(detailLines({ role: 'admin', before: { name: 'A' }, n: 2 })).toEqual([
      'Role: admin',
      'Before: name A',
      'N: 2',
    ]);
    // Keys in words, times as dates, lists joined, nothing as "none": no raw keys or ISO times.
    const lines = detailLines({
      returnedReason: 'Check leavers',
      dueDate: null,
      years: [2017, 2024],
      at: '2024-08-11T09:30:00.000Z',
    });
    expect(lines.slice(0, 3)).toEqual(['Returned reason: Check leavers', 'Due date: none', 'Years: 2017, 2024']);
    expect(lines[3]).toMatch(/^At: 11 August 2024 at \d{1,2}:30(am|pm)$/);
  });
});
