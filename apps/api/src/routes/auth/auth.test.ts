import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createTestContext,
  DB_KINDS,
  json,
  PASSWORD,
  signIn,
  TEST_USERS,
  type TestContext,
} from '../../../test/harness.js';
import { auditLog, loginFailures, outbox, sessions, users } from '../../db/schema.js';

describe.each(DB_KINDS)('auth on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind, {
      LOGIN_MAX_ATTEMPTS: '3',
      SESSION_IDLE_MINUTES: '30',
      SESSION_ABSOLUTE_HOURS: '2',
    });
  });
  afterAll(() => ctx.close());

  /** The session's user as GET /api/auth/session answers it (200 either way): null when signed out. */
  const sessionUser = async (client: { request: (method: string, path: string) => Promise<Response> }) => {
    const res = await client.request('GET', '/api/auth/session');
    expect(res.status).toBe(200);
    return (await json(res)).user;
  };

  const login = (email: string, password: string) =>
    ctx.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  test('signs in with email and password: httpOnly SameSite cookie, the user and a CSRF token', async () => {
    const res = await login('  Submitter@Coventry.Test.Example ', PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^csc_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const body = await json(res);
    expect(body.user).toMatchObject({
      email: 'submitter@coventry.test.example',
      role: 'authority_submitter',
      authorityCode: 'E08000026',
      authorityName: 'Coventry',
      authorityRetired: false,
      regionCode: 'E12000005',
      regionName: 'West Midlands',
    });
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
  });

  test('a wrong password or unknown email is a 401 problem that does not say which', async () => {
    for (const res of [await login(TEST_USERS.admin.email, 'wrong'), await login('nobody@test.example', 'wrong')]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await json(res)).detail).toBe('The email address or password is not right.');
    }
  });

  test('bad bodies are problems naming the field, never 500', async () => {
    const malformed = await ctx.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).detail).toMatch(/not valid JSON/);
    const bad = await login('not-an-email', '');
    expect(bad.status).toBe(422);
    const problem = await json(bad);
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });

  test('repeated failures for one email are rate limited with 429 and Retry-After', async () => {
    const email = TEST_USERS.northWestLead.email;
    for (let i = 0; i < 3; i++) expect((await login(email, 'nope')).status).toBe(401);
    const limited = await login(email, PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    ctx.advance(16 * 60_000);
    expect((await login(email, PASSWORD)).status).toBe(200);
  });

  test('session: read it, changes need the CSRF token, logout ends it', async () => {
    const client = await signIn(ctx, 'coventryViewer');
    const me = await client.request('GET', '/api/auth/session');
    expect(me.status).toBe(200);
    expect((await json(me)).user.name).toBe('Vi Viewer');
    const noCsrf = await client.request('POST', '/api/auth/tokens', { name: 'x' }, { 'x-csrf-token': 'wrong' });
    expect(noCsrf.status).toBe(403);
    expect((await client.request('POST', '/api/auth/logout')).status).toBe(204);
    expect(await sessionUser(client)).toBeNull();
    // Signed out is an answer, not an error (no failed request on the sign-in page): no user, no token.
    const anonymous = await ctx.app.request('/api/auth/session');
    expect(anonymous.status).toBe(200);
    expect(await json(anonymous)).toEqual({ user: null, csrfToken: null });
  });

  test('a change to the user or the session in the database counts at the next request, cached or not', async () => {
    const { db } = ctx.database;
    const client = await signIn(ctx, 'manchesterSubmitter');
    // Read twice: the second answer may come from the embedded database's session cache.
    for (let i = 0; i < 2; i++) expect(await sessionUser(client)).not.toBeNull();
    await db.update(users).set({ role: 'authority_viewer' }).where(eq(users.id, TEST_USERS.manchesterSubmitter.id));
    expect((await json(await client.request('GET', '/api/auth/session'))).user.role).toBe('authority_viewer');
    await db.update(users).set({ active: false }).where(eq(users.id, TEST_USERS.manchesterSubmitter.id));
    expect(await sessionUser(client)).toBeNull();
    await db
      .update(users)
      .set({ active: true, role: 'authority_submitter' })
      .where(eq(users.id, TEST_USERS.manchesterSubmitter.id));
    const again = await signIn(ctx, 'manchesterSubmitter');
    expect(await sessionUser(again)).not.toBeNull();
    await db.delete(sessions).where(eq(sessions.userId, TEST_USERS.manchesterSubmitter.id));
    expect(await sessionUser(again)).toBeNull();
  });

  test('sessions expire after the idle time and after the absolute time', async () => {
    const idle = await signIn(ctx, 'westMidlandsLead');
    ctx.advance(31 * 60_000);
    expect(await sessionUser(idle)).toBeNull();
    const busy = await signIn(ctx, 'westMidlandsLead');
    for (let i = 0; i < 5; i++) {
      ctx.advance(25 * 60_000);
      expect((await sessionUser(busy)) !== null, `after ${(i + 1) * 25} minutes`).toBe(i < 4);
    }
  });

  test('API tokens: shown once, stored hashed, work as Bearer, revocable, only the owner’s', async () => {
    const client = await signIn(ctx, 'coventrySubmitter');
    const created = await client.request('POST', '/api/auth/tokens', { name: 'nightly upload' });
    expect(created.status).toBe(201);
    const { id, token } = await json(created);
    expect(token).toMatch(/^csc_pat_/);
    const stored = await ctx.database.db.query.apiTokens.findFirst({ where: (t, { eq }) => eq(t.id, id) });
    expect(stored?.tokenHash).not.toContain(token);
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const list = await json(await client.request('GET', '/api/auth/tokens'));
    expect(JSON.stringify(list)).not.toContain(token);

    const bearer = (path: string, init: RequestInit = {}) =>
      ctx.app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
    const listed = await bearer('/api/auth/tokens');
    expect(listed.status).toBe(200);
    // A token cannot mint another token: a leaked one must not outlive its revocation.
    const minted = await bearer('/api/auth/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"second"}',
    });
    expect(minted.status).toBe(403);
    // Nor read the session (the portal's, with its CSRF token): refused, not answered as signed out.
    expect((await bearer('/api/auth/session')).status).toBe(403);

    const other = await signIn(ctx, 'warwickshireSubmitter');
    expect((await other.request('DELETE', `/api/auth/tokens/${id}`)).status).toBe(404);
    expect((await client.request('DELETE', `/api/auth/tokens/${id}`)).status).toBe(204);
    const revoked = await bearer('/api/auth/tokens');
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  test('a signed-in user changes their password: every session ends, this browser goes on in a new one, reset links are withdrawn, the owner is mailed', async () => {
    const who = TEST_USERS.westMidlandsLead;
    const here = await signIn(ctx, 'westMidlandsLead');
    const elsewhere = await signIn(ctx, 'westMidlandsLead');
    // Both sessions in use (and so in the session cache) before the change.
    expect(await sessionUser(elsewhere)).not.toBeNull();
    const change = (body: unknown) => here.request('POST', '/api/auth/password', body);
    const NEW = 'a new pass phrase of my own';
    const stored = async () =>
      JSON.stringify([
        await ctx.database.db.select().from(users).where(eq(users.id, who.id)),
        await ctx.database.db.select().from(outbox),
      ]);
    const before = await stored();
    // Refused, naming the field, with nothing changed.
    for (const [body, field] of [
      [{ currentPassword: 'not my password', newPassword: NEW }, 'currentPassword'],
      [{ currentPassword: PASSWORD, newPassword: 'short' }, 'newPassword'],
      [{ currentPassword: '', newPassword: NEW }, 'currentPassword'],
      [{ newPassword: NEW }, 'currentPassword'],
    ] as const) {
      const res = await change(body);
      expect(res.status).toBe(422);
      expect((await json(res)).errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // Not without the session's CSRF token, nor with an API token: neither may take the account over.
    const noCsrf = await ctx.app.request('/api/auth/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: here.headers.cookie },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: NEW }),
    });
    expect(noCsrf.status).toBe(403);
    expect(await stored()).toBe(before);
    const { token } = await json(await here.request('POST', '/api/auth/tokens', { name: 'script' }));
    const withToken = await ctx.app.request('/api/auth/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ currentPassword: PASSWORD, newPassword: NEW }),
    });
    expect(withToken.status).toBe(403);
    // A password-reset link asked for before the change.
    expect(
      (
        await ctx.app.request('/api/password-resets', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: who.email }),
        })
      ).status,
    ).toBe(202);
    const [resetMail] = await ctx.database.db.select().from(outbox).where(eq(outbox.kind, 'password-reset'));
    const resetToken = /#([\w-]{43})/.exec(resetMail?.body ?? '')?.[1];

    const res = await change({ currentPassword: PASSWORD, newPassword: NEW });
    expect(res.status).toBe(200);
    const { csrfToken, user } = await json(res);
    expect(user).toMatchObject({ id: who.id, email: who.email });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).not.toBe(here.headers.cookie);
    // Every earlier session ended, this browser's too; its new one works.
    expect(await sessionUser(here)).toBeNull();
    expect(await sessionUser(elsewhere)).toBeNull();
    const renewed = await ctx.app.request('/api/auth/session', { headers: { cookie } });
    expect((await json(renewed)).csrfToken).toBe(csrfToken);
    expect((await login(who.email, PASSWORD)).status).toBe(401);
    expect((await login(who.email, NEW)).status).toBe(200);
    // The link asked for before no longer works.
    const lookup = await ctx.app.request('/api/password-resets/lookup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: resetToken }),
    });
    expect(await json(lookup)).toMatchObject({ status: 410, type: '/problems/password-reset-withdrawn' });
    const [mail] = await ctx.database.db.select().from(outbox).where(eq(outbox.kind, 'password-changed'));
    expect(mail).toMatchObject({ toAddress: who.email, entityId: who.id });
    expect(mail?.body).toContain('by someone signed in to your account');
    expect(mail?.body).toContain('Your API tokens, if you have any, still work');
    const [entry] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'change-password'));
    expect(entry).toMatchObject({ userId: who.id, entityId: who.id, detail: { sessionsEnded: 2 } });
  });

  test('guessing the current password counts as failed sign-ins: the limit applies, to guesses sent at once too', async () => {
    ctx.advance(16 * 60_000); // past the window of the sign-in limit test above, which used this user
    const client = await signIn(ctx, 'northWestLead');
    const wrong = { currentPassword: 'a guess', newPassword: 'what the guesser wants' };
    // Five guesses at once, then one at a time: three are checked in all, whatever the timing (each is
    // recorded before it is counted, so guesses sent at once cannot all pass); the rest are refused.
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => client.request('POST', '/api/auth/password', wrong)),
    );
    const statuses = burst.map((r) => r.status);
    for (let i = 0; i < 4; i++) statuses.push((await client.request('POST', '/api/auth/password', wrong)).status);
    expect(statuses.filter((s) => s === 422)).toHaveLength(3);
    expect(statuses.filter((s) => s !== 422).every((s) => s === 429)).toBe(true);
    const limited = await client.request('POST', '/api/auth/password', { ...wrong, currentPassword: PASSWORD });
    expect(limited.status).toBe(429);
    expect((await login(TEST_USERS.northWestLead.email, PASSWORD)).status).toBe(429);
  });

  test('failed attempts past the window are not kept: the next attempt of any kind forgets them', async () => {
    expect((await login('someone.else@test.example', 'wrong password')).status).toBe(401);
    const kept = () => ctx.database.db.$count(loginFailures, eq(loginFailures.key, 'email:someone.else@test.example'));
    expect(await kept()).toBe(1);
    ctx.advance(16 * 60_000);
    expect((await login('another.one@test.example', 'wrong password')).status).toBe(401);
    expect(await kept()).toBe(0);
  });

  test('a token id that cannot be one (a NUL byte, found by the fuzz test) is a 400 problem, not a database error', async () => {
    const client = await signIn(ctx, 'coventryViewer');
    for (const id of ['%00', 'a%00b', '%F0%9F%98%80', 'x'.repeat(65)]) {
      const res = await client.request('DELETE', `/api/auth/tokens/${id}`);
      expect(res.status, id).toBe(400);
      expect((await json(res)).errors[0].field).toBe('path.id');
    }
  });

  test('anonymous requests get 401 problems', async () => {
    const res = await ctx.app.request('/api/auth/tokens');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  test('a tab with a stale CSRF token can still sign out, and sign in again, which ends the old session', async () => {
    const client = await signIn(ctx, 'warwickshireSubmitter');
    const out = await client.request('POST', '/api/auth/logout', undefined, { 'x-csrf-token': 'stale' });
    expect(out.status).toBe(204);
    expect(await sessionUser(client)).toBeNull();
    const again = await signIn(ctx, 'warwickshireSubmitter');
    const res = await again.request(
      'POST',
      '/api/auth/login',
      { email: TEST_USERS.warwickshireSubmitter.email, password: PASSWORD },
      { 'x-csrf-token': 'stale' },
    );
    expect(res.status).toBe(200);
    // The session the tab had is gone; only the new one works.
    expect(await sessionUser(again)).toBeNull();
  });
});

describe('behind a load balancer (TRUST_PROXY_HOPS)', () => {
  const login = (ctx: TestContext, email: string, password: string, forwardedFor?: string) =>
    ctx.app.request('/api/auth/login', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
      },
      body: JSON.stringify({ email, password }),
    });
  /** Ten failed sign-ins (ten emails, so only the address limit counts) from `from`. */
  const fail = async (ctx: TestContext, from: string) => {
    for (let i = 0; i < 10; i++) expect((await login(ctx, `nobody${i}@test.example`, 'x', from)).status).toBe(401);
  };

  test('the sign-in limit per address counts the address the proxy saw, not the proxy, nor what the client wrote', async () => {
    const ctx = await createTestContext('pglite', { LOGIN_MAX_ATTEMPTS: '1', TRUST_PROXY_HOPS: '1' });
    try {
      await fail(ctx, '198.51.100.7');
      const admin = TEST_USERS.admin.email;
      expect((await login(ctx, admin, PASSWORD, '198.51.100.7')).status).toBe(429);
      // A client cannot escape its address by writing another in front of it.
      expect((await login(ctx, admin, PASSWORD, '203.0.113.1, 198.51.100.7')).status).toBe(429);
      // Other clients of the same proxy are not locked out.
      expect((await login(ctx, admin, PASSWORD, '203.0.113.9')).status).toBe(200);
      expect((await login(ctx, admin, PASSWORD, '198.51.100.7, 203.0.113.9')).status).toBe(200);
    } finally {
      await ctx.close();
    }
  });

  test('without it, X-Forwarded-For is ignored: the client cannot choose its address', async () => {
    const ctx = await createTestContext('pglite', { LOGIN_MAX_ATTEMPTS: '1' });
    try {
      await fail(ctx, '198.51.100.7');
      expect((await login(ctx, TEST_USERS.admin.email, PASSWORD, '203.0.113.9')).status).toBe(429);
    } finally {
      await ctx.close();
    }
  });
});
