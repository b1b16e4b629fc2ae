import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  ApiProblem,
  apiRequest,
  isProblem,
  PROBLEM,
  retryAfterSeconds,
  setCsrfTokenSource,
  setSessionRefresher,
  toProblemBody,
} from './client';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfTokenSource(() => undefined);
  setSessionRefresher(async () => undefined);
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

  const csrfRefused = () =>
    new Response(JSON.stringify({ type: PROBLEM.csrf, title: 'No', status: 403 }), {
      status: 403,
      headers: { 'content-type': 'application/problem+json' },
    });

  test('a change refused for a stale CSRF token reads the session again and is sent once more, with the new token', async () => {
    let token = 'old-token';
    setCsrfTokenSource(() => token);
    const refresh = vi.fn(async () => {
      token = 'new-token';
    });
    setSessionRefresher(refresh);
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(csrfRefused())
      .mockResolvedValueOnce(
        new Response(JSON.stringify({ ok: true }), { headers: { 'content-type': 'application/json' } }),
      );
    vi.stubGlobal('fetch', fetchMock);
    await expect(apiRequest('/api/notes', { method: 'POST', json: {} })).resolves.toEqual({ ok: true });
    expect(refresh).toHaveBeenCalledTimes(1);
    const sent = fetchMock.mock.calls.map(([, init]) => new Headers((init as RequestInit).headers).get('x-csrf-token'));
    expect(sent).toEqual(['old-token', 'new-token']);
  });

  test('when the session read again has no other token, the refusal stands: no second request', async () => {
    setCsrfTokenSource(() => 'same-token');
    setSessionRefresher(async () => undefined);
    const fetchMock = vi.fn(async () => csrfRefused());
    vi.stubGlobal('fetch', fetchMock);
    const error = await apiRequest('/api/notes', { method: 'POST', json: {} }).catch((e: unknown) => e);
    expect(isProblem(error, PROBLEM.csrf)).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
