import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  ApiProblem,
  apiRequest,
  isProblem,
  PROBLEM,
  retryAfterSeconds,
  setCsrfTokenSource,
  toProblemBody,
} from './client';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfTokenSource(() => undefined);
});

describe('problem details', () => {
  test('a problem body is read as it is, keeping errors and warnings', () => {
    const body = toProblemBody(422, 'Unprocessable Content', {
      type: '/problems/submission-blocked',
      title: 'The return cannot be submitted yet',
      status: 422,
      detail: 'The return has 1 error to correct.',
      errors: [{ code: 'E006', field: 'figures.permanentFte', message: 'Permanent FTE (300) is more…' }, { bad: 1 }],
      warnings: [],
    });
    expect(body).toEqual({
      type: '/problems/submission-blocked',
      title: 'The return cannot be submitted yet',
      status: 422,
      detail: 'The return has 1 error to correct.',
      errors: [{ code: 'E006', field: 'figures.permanentFte', message: 'Permanent FTE (300) is more…' }],
      warnings: [],
    });
  });

  test('anything else falls back to the status', () => {
    expect(toProblemBody(502, 'Bad Gateway', '<html>')).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
    });
    expect(toProblemBody(500, '', null).title).toBe('Error 500');
  });

  test('Retry-After in seconds or as a date', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds(new Date(61_000).toUTCString(), 0)).toBe(61);
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });
});

describe('requests', () => {
  test('a change sends JSON and the CSRF token; a problem answer throws ApiProblem', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(
          JSON.stringify({ type: PROBLEM.conflict, title: 'Someone else changed this return', status: 409 }),
          {
            status: 409,
            headers: { 'content-type': 'application/problem+json' },
          },
        ),
    );
    vi.stubGlobal('fetch', fetchMock);
    setCsrfTokenSource(() => 'token-1');
    const error = await apiRequest('/api/returns/E08000026/2024-25-Q1', { method: 'PUT', json: { version: 1 } }).catch(
      (e: unknown) => e,
    );
    expect(isProblem(error, PROBLEM.conflict)).toBe(true);
    expect(isProblem(error, 409)).toBe(true);
    expect(error).toBeInstanceOf(ApiProblem);
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    const headers = new Headers(init.headers);
    expect(headers.get('x-csrf-token')).toBe('token-1');
    expect(headers.get('content-type')).toBe('application/json');
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"version":1}');
  });

  test('a read sends no CSRF token; 204 resolves to undefined', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfTokenSource(() => 'token-1');
    await expect(apiRequest('/api/periods')).resolves.toBeUndefined();
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(new Headers(init.headers).has('x-csrf-token')).toBe(false);
  });

  test('a network failure is a problem too', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await apiRequest('/api/periods').catch((e: unknown) => e);
    expect(isProblem(error, PROBLEM.network)).toBe(true);
  });
});
