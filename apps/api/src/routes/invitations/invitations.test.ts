import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminSnapshot, anonymous, invitationToken } from '../../../test/admin.js';
import { type Client, createTestContext, DB_KINDS, json, signIn, type TestContext } from '../../../test/harness.js';
import { sessions } from '../../db/schema.js';
import { digest } from '../../lib/tokens.js';

const PASSWORD = 'my brand new pass phrase';

describe.each(DB_KINDS)('invitation links on %s', (kind) => {
  let ctx: TestContext;
  let admin: Client;

  beforeAll(async () => {
    // Ten wrong tokens from one address within 15 minutes, and it must wait.
    ctx = await createTestContext(kind, { LOGIN_MAX_ATTEMPTS: '1', LOGIN_WINDOW_MINUTES: '15' });
    admin = await signIn(ctx, 'admin');
  });
  afterAll(() => ctx.close());

  const invite = async (email: string) => {
    const res = await admin.request('POST', '/api/users', { email, name: 'Ina Vitee', role: 'admin' });
    expect(res.status).toBe(201);
    return invitationToken(ctx, email);
  };

  test('accepting in a browser signed in as someone else needs no CSRF token, and replaces that session', async () => {
    const token = await invite('ina@test.example');
    const adminCookie = (
      await ctx.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@test.example', password: 'correct horse battery staple' }),
      })
    ).headers
      .get('set-cookie')
      ?.split(';')[0] as string;
    const before = await ctx.database.db.$count(sessions);
    const res = await ctx.app.request('/api/invitations/accept', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: adminCookie },
      body: JSON.stringify({ token, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect((await json(res)).user.email).toBe('ina@test.example');
    // The admin's session of that browser ended; the invitee's began.
    const ended = adminCookie.slice('csc_session='.length);
    expect(await ctx.database.db.$count(sessions, eq(sessions.tokenHash, digest(ended)))).toBe(0);
    expect(await ctx.database.db.$count(sessions)).toBe(before);
  });

  test('guessing is stopped: after ten wrong tokens from an address, even a right one waits', async () => {
    const token = await invite('guess@test.example');
    const before = await adminSnapshot(ctx);
    for (let i = 0; i < 10; i++) {
      const wrong = await anonymous(ctx, 'POST', '/api/invitations/lookup', { token: `${'x'.repeat(42)}${i}` });
      expect(wrong.status).toBe(404);
    }
    for (const [path, body] of [
      ['/api/invitations/lookup', { token }],
      ['/api/invitations/accept', { token, password: PASSWORD }],
    ] as const) {
      const limited = await anonymous(ctx, 'POST', path, body);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBe(15 * 60);
    }
    expect(await adminSnapshot(ctx)).toBe(before);
    ctx.advance(16 * 60_000);
    expect((await anonymous(ctx, 'POST', '/api/invitations/accept', { token, password: PASSWORD })).status).toBe(200);
  });
});
