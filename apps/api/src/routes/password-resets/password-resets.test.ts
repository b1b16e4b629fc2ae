/**
 * Forgotten passwords: asking for a link (the same answer whatever the address; limited), looking it
 * up, choosing a new password with it (signed in; every other session ends; the old password stops
 * working; the sign-in limit lifts; a notice is mailed), and every way a link stops working. Mail
 * delivery over SMTP is in services/mail.test.ts.
 */
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminSnapshot, anonymous } from '../../../test/admin.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  PASSWORD,
  signIn,
  TEST_USERS,
  type TestContext,
} from '../../../test/harness.js';
import { auditLog, outbox, passwordResets, sessions } from '../../db/schema.js';

const NEW_PASSWORD = 'a fresh pass phrase for the exchange';
const LEAD = TEST_USERS.westMidlandsLead;
const VIEWER = TEST_USERS.coventryViewer;

describe.each(DB_KINDS)('password resets on %s', (kind) => {
  let ctx: TestContext;
  let admin: Client;

  beforeAll(async () => {
    ctx = await createTestContext(kind, { LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_MINUTES: '15' });
    admin = await signIn(ctx, 'admin');
  });
  afterAll(() => ctx.close());

  /** A new client address for each test, so that the per-address limits of one test do not reach the next. */
  const ask = (email: string) => anonymous(ctx, 'POST', '/api/password-resets', { email });
  const mails = (to: string) =>
    ctx.database.db.select().from(outbox).where(eq(outbox.toAddress, to)).orderBy(desc(outbox.id));
  /** The token of the newest link mailed to an address. */
  const linkOf = async (to: string) => {
    const [mail] = (await mails(to)).filter((m) => m.kind === 'password-reset');
    const token = /\/reset-password#([\w-]+)/.exec(mail?.body ?? '')?.[1];
    expect(token, `a password-reset mail to ${to}`).toBeDefined();
    return token as string;
  };
  const signInWith = (email: string, password: string) =>
    anonymous(ctx, 'POST', '/api/auth/login', { email, password });
  const everything = async () =>
    JSON.stringify([await adminSnapshot(ctx), await ctx.database.db.select().from(passwordResets)]);

  test('the answer is the same for an active user, an unknown address, an invited and a deactivated user; only the first gets a link', async () => {
    const invited = await admin.request('POST', '/api/users', {
      email: 'not.yet@test.example',
      name: 'Not Yet',
      role: 'authority_viewer',
      authorityCode: 'E08000026',
    });
    expect(invited.status).toBe(201);
    const gone = await json(
      await admin.request('POST', '/api/users', { email: 'gone@test.example', name: 'Gone', role: 'admin' }),
    );
    expect((await admin.request('POST', `/api/users/${gone.id}/deactivate`)).status).toBe(200);
    const answers = [];
    for (const email of [VIEWER.email, 'nobody@test.example', 'not.yet@test.example', 'gone@test.example']) {
      const res = await ask(email);
      expect(res.status).toBe(202);
      answers.push(await res.text());
    }
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0] as string)).toEqual({ delivery: 'administrator', expiresInMinutes: 60 });
    const [mail] = await mails(VIEWER.email);
    expect(mail).toMatchObject({ kind: 'password-reset', status: 'kept', entityId: VIEWER.id });
    expect(mail?.body).toContain(`Dear ${VIEWER.name},`);
    expect(mail?.body).toMatch(/http:\/\/localhost:8080\/reset-password#[\w-]{43}\n/);
    for (const email of ['nobody@test.example', 'not.yet@test.example', 'gone@test.example']) {
      expect((await mails(email)).filter((m) => m.kind === 'password-reset')).toEqual([]);
    }
    // The admin reads a kept link to pass it on (as with invitations): no SMTP server here.
    const outboxPage = await json(await admin.request('GET', '/api/outbox?kind=password-reset'));
    expect(outboxPage.items[0].body).toContain(`/reset-password#${await linkOf(VIEWER.email)}`);
  });

  test('a link: whose it is, then a new password; other sessions end, the old password stops, the link works once', async () => {
    const before = await signIn(ctx, 'westMidlandsLead');
    expect((await before.request('GET', '/api/auth/session')).status).toBe(200);
    // Too many wrong passwords: the lead's address is locked out of sign-in...
    for (let i = 0; i < 3; i++) expect((await signInWith(LEAD.email, 'wrong password')).status).toBe(401);
    expect((await signInWith(LEAD.email, PASSWORD)).status).toBe(429);

    expect((await ask(LEAD.email)).status).toBe(202);
    const token = await linkOf(LEAD.email);
    const lookup = await anonymous(ctx, 'POST', '/api/password-resets/lookup', { token });
    expect(lookup.status).toBe(200);
    const link = await json(lookup);
    expect(link).toMatchObject({ name: LEAD.name, email: LEAD.email });
    expect(new Date(link.expiresAt).getTime() - Date.now()).toBeGreaterThan(59 * 60_000);

    const res = await anonymous(ctx, 'POST', '/api/password-resets/complete', { token, password: NEW_PASSWORD });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.user).toMatchObject({ email: LEAD.email, role: 'regional_lead', regionCode: 'E12000005' });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^csc_session=/);
    // Signed in here, and only here: the earlier session ended.
    expect((await ctx.app.request('/api/auth/session', { headers: { cookie } })).status).toBe(200);
    expect((await before.request('GET', '/api/auth/session')).status).toBe(401);
    expect(await ctx.database.db.$count(sessions, eq(sessions.userId, LEAD.id))).toBe(1);
    // The old password no longer works, the new one does: the lock-out was lifted.
    expect((await signInWith(LEAD.email, PASSWORD)).status).toBe(401);
    expect((await signInWith(LEAD.email, NEW_PASSWORD)).status).toBe(200);
    // Once only.
    const again = await anonymous(ctx, 'POST', '/api/password-resets/complete', { token, password: PASSWORD });
    expect(again.status).toBe(410);
    expect(await json(again)).toMatchObject({ type: '/problems/password-reset-used' });
    expect((await signInWith(LEAD.email, NEW_PASSWORD)).status).toBe(200);
    // The owner is told, and the log has both steps.
    const [notice] = await mails(LEAD.email);
    expect(notice).toMatchObject({ kind: 'password-changed', subject: expect.stringMatching(/was changed/) });
    expect(notice?.body).toContain('If you did not change it, tell your administrator at once.');
    const actions = await ctx.database.db
      .select({ action: auditLog.action, userId: auditLog.userId, detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'user'), eq(auditLog.entityId, LEAD.id)))
      .orderBy(auditLog.id);
    expect(actions.filter((a) => a.action.includes('password'))).toEqual([
      { action: 'request-password-reset', userId: null, detail: {} },
      { action: 'reset-password', userId: LEAD.id, detail: { sessionsEnded: 1 } },
    ]);
  });

  test('a link stops working when a newer one is asked for, after an hour, and when its user is deactivated', async () => {
    const user = await json(
      await admin.request('POST', '/api/users', {
        email: 'forgetful@test.example',
        name: 'Fay Forgetful',
        role: 'admin',
      }),
    );
    // Active: a password set through the invitation.
    const [invitation] = await ctx.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, 'forgetful@test.example'), eq(outbox.kind, 'invitation')));
    const invitationToken = /#([\w-]{43})/.exec(invitation?.body ?? '')?.[1];
    expect(
      (await anonymous(ctx, 'POST', '/api/invitations/accept', { token: invitationToken, password: PASSWORD })).status,
    ).toBe(200);
    const outcome = async (token: string) => {
      const res = await anonymous(ctx, 'POST', '/api/password-resets/lookup', { token });
      return res.status === 200 ? 200 : (await json(res)).type;
    };

    await ask(user.email);
    const first = await linkOf(user.email);
    await ask(user.email);
    const second = await linkOf(user.email);
    expect([await outcome(first), await outcome(second)]).toEqual(['/problems/password-reset-superseded', 200]);

    ctx.advance(61 * 60_000);
    expect(await outcome(second)).toBe('/problems/password-reset-expired');
    admin = await signIn(ctx, 'admin'); // the admin's session was idle for the hour
    const third = await (async () => {
      await ask(user.email);
      return linkOf(user.email);
    })();
    expect(await outcome(third)).toBe(200);
    expect((await admin.request('POST', `/api/users/${user.id}/deactivate`)).status).toBe(200);
    const stored = await everything();
    const refused = await anonymous(ctx, 'POST', '/api/password-resets/complete', {
      token: third,
      password: NEW_PASSWORD,
    });
    expect(refused.status).toBe(410);
    expect(await json(refused)).toMatchObject({ type: '/problems/password-reset-withdrawn' });
    expect(await everything()).toBe(stored);
  });

  test('bad bodies are refused naming the field, with nothing stored', async () => {
    const stored = await everything();
    const cases: [string, unknown, string][] = [
      ['/api/password-resets', { email: 'not an address' }, 'email'],
      ['/api/password-resets', { email: VIEWER.email, extra: 1 }, ''],
      ['/api/password-resets/lookup', { token: 'short' }, 'token'],
      ['/api/password-resets/complete', { token: 'x'.repeat(43), password: 'too short' }, 'password'],
      [
        '/api/password-resets/complete',
        { token: 'x'.repeat(43), password: 'a\u0000valid length password' },
        'password',
      ],
    ];
    for (const [path, body, field] of cases) {
      const res = await anonymous(ctx, 'POST', path, body);
      expect([path, res.status]).toEqual([path, 422]);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      if (field) expect((await json(res)).errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await everything()).toBe(stored);
  });

  test('asking is limited per address whether or not an account uses it; guessing tokens is stopped', async () => {
    for (const email of ['limited@test.example', VIEWER.email]) {
      ctx.advance(16 * 60_000);
      for (let i = 0; i < 3; i++) expect((await ask(email)).status).toBe(202);
      const limited = await ask(email);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBe(15 * 60);
    }
    ctx.advance(16 * 60_000);
    expect((await ask(VIEWER.email)).status).toBe(202);
    const token = await linkOf(VIEWER.email);
    // Thirty wrong tokens from one address (ten times the sign-in limit), and even a right one waits.
    for (let i = 0; i < 30; i++) {
      const wrong = await anonymous(ctx, 'POST', '/api/password-resets/lookup', {
        token: `${'y'.repeat(41)}${i}`.padEnd(43, 'z'),
      });
      expect(wrong.status).toBe(404);
    }
    expect((await anonymous(ctx, 'POST', '/api/password-resets/lookup', { token })).status).toBe(429);
    ctx.advance(16 * 60_000);
    expect((await anonymous(ctx, 'POST', '/api/password-resets/lookup', { token })).status).toBe(200);
  });
});
