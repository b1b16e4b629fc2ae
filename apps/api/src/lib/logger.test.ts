/**
 * Logs: one JSON object a line, each request's with its request id, and nothing personal or secret in
 * any of them: not the email or password of a sign-in (right or wrong), not the session cookie, the
 * CSRF token or an API token, whichever way they travel.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, PASSWORD, TEST_USERS, type TestContext } from '../../test/harness.js';
import { createLogger } from './logger.js';

describe('logs', () => {
  const lines: string[] = [];
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('pglite', {}, { log: (line) => lines.push(line) });
  });
  afterAll(() => ctx.close());

  test('levels: below the level nothing is written; silent writes nothing', () => {
    const written: string[] = [];
    const logger = createLogger('warn', (line) => written.push(line));
    logger.log('info', 'not this');
    logger.log('error', 'this', { requestId: 'r1' });
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0] as string)).toMatchObject({ level: 'error', message: 'this', requestId: 'r1' });
    createLogger('silent', (line) => written.push(line)).log('error', 'never');
    expect(written).toHaveLength(1);
  });

  test('sign-ins right and wrong, a session, a token: JSON lines with request ids, no email, password, cookie or token', async () => {
    lines.length = 0;
    const user = TEST_USERS.coventrySubmitter;
    const login = (email: string, password: string) =>
      ctx.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    const wrongPassword = 'Tr0ub4dor&3-wrong';
    expect((await login(user.email, wrongPassword)).status).toBe(401);
    expect((await login('someone.unknown@elsewhere.example', wrongPassword)).status).toBe(401);
    expect((await login(user.email.toUpperCase(), 'x')).status).toBe(401);
    const ok = await login(` ${user.email} `, PASSWORD);
    expect(ok.status).toBe(200);
    const session = (ok.headers.get('set-cookie') ?? '').split(';')[0]?.split('=')[1] as string;
    const { csrfToken } = (await ok.json()) as { csrfToken: string };
    const headers = { cookie: `csc_session=${session}`, 'x-csrf-token': csrfToken };
    const created = await ctx.app.request('/api/auth/tokens', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'nightly' }),
    });
    const { token } = (await created.json()) as { token: string };
    expect((await ctx.app.request('/api/returns', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // A wrong token and a wrong session are logged as refusals, not quoted.
    expect((await ctx.app.request('/api/returns', { headers: { authorization: `Bearer ${token}x` } })).status).toBe(
      401,
    );
    expect((await ctx.app.request('/api/returns', { headers: { cookie: `csc_session=${session}x` } })).status).toBe(
      401,
    );
    expect((await ctx.app.request('/api/auth/logout', { method: 'POST', headers })).status).toBe(204);

    expect(lines.length).toBeGreaterThanOrEqual(9);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = entries.filter((e) => e.message === 'request');
    expect(requests).toHaveLength(9);
    for (const entry of requests) {
      expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Object.keys(entry).sort()).toEqual(
        [
          'level',
          'message',
          'method',
          'ms',
          'path',
          'requestId',
          'status',
          'time',
          ...(entry.user ? ['user'] : []),
        ].sort(),
      );
    }
    expect(new Set(requests.map((e) => e.requestId)).size).toBe(requests.length);
    // Signed-in requests name the user by id only.
    expect(requests.filter((e) => e.user === user.id).length).toBeGreaterThanOrEqual(3);
    const all = lines.join('\n').toLowerCase();
    for (const secret of [
      user.email,
      'someone.unknown@elsewhere.example',
      PASSWORD,
      wrongPassword,
      session,
      csrfToken,
      token,
      token.slice('csc_pat_'.length),
    ]) {
      expect(all).not.toContain(secret.toLowerCase());
    }
    expect(all).not.toMatch(/password|cookie|authorization|@/);
  });
});
