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
    // Behind one proxy: a test names the client's address with X-Forwarded-For (none: 'unknown').
    ctx = await createTestContext(kind, { LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_MINUTES: '15', TRUST_PROXY_HOPS: '1' });
    admin = await signIn(ctx, 'admin');
  });
  afterAll(() => ctx.close());

  /** Asks for a link for an address, from a client address of the test's choosing. */
  const ask = (email: string, client = '192.0.2.1') =>
    ctx.app.request('/api/password-resets', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ email }),
    });
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
    // No SMTP server here: the admin passes a kept link on. The outbox withholds it; the admin reveals
    // it, and the log records who did.
    const token = await linkOf(VIEWER.email);
    const outboxPage = await json(await admin.request('GET', '/api/outbox?kind=password-reset'));
    const one = await json(await admin.request('GET', `/api/outbox/${outboxPage.items[0].id}`));
    for (const shown of [outboxPage.items[0].body, one.body]) {
      expect(shown).toContain('/reset-password#(withheld: reveal it on the mail’s page to pass it on)');
      expect(shown).not.toContain(token);
    }
    const revealed = await admin.request('POST', `/api/outbox/${one.id}/link`);
    expect(await json(revealed)).toEqual({ link: `http://localhost:8080/reset-password#${token}` });
    const [read] = await ctx.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'read-password-reset-link'))
      .orderBy(desc(auditLog.id));
    expect(read).toMatchObject({ userId: TEST_USERS.admin.id, entity: 'user', entityId: VIEWER.id });
    // Not with an API token: a leaked admin token must not be able to take accounts over.
    const { token: adminToken } = await json(await admin.request('POST', '/api/auth/tokens', { name: 'admin script' }));
    const byToken = await ctx.app.request(`/api/outbox/${one.id}/link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(byToken.status).toBe(403);
    // Other mails have no link to reveal.
    const other = await json(await admin.request('GET', '/api/outbox?kind=invitation'));
    expect((await admin.request('POST', `/api/outbox/${other.items[0].id}/link`)).status).toBe(409);
  });

  test('a link: whose it is, then a new password; other sessions end, the old password stops, the link works once', async () => {
    const before = await signIn(ctx, 'westMidlandsLead');
    expect((await json(await before.request('GET', '/api/auth/session'))).user).not.toBeNull();
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
    expect((await json(await ctx.app.request('/api/auth/session', { headers: { cookie } }))).user).not.toBeNull();
    // The earlier session is signed out: the session's answer has no user.
    expect((await json(await before.request('GET', '/api/auth/session'))).user).toBeNull();
    expect(await ctx.database.db.$count(sessions, eq(sessions.userId, LEAD.id))).toBe(1);
    // The old password no longer works, the new one does: the lock-out was lifted.
    expect((await signInWith(LEAD.email, PASSWORD)).status).toBe(401);
    expect((await signInWith(LEAD.email, NEW_PASSWORD)).status).toBe(200);
    // Once only.
    const again = await anonymous(ctx, 'POST', '/api/password-resets/complete', { token, password: PASSWORD });
    expect(again.status).toBe(410);
    expect(await json(again)).toMatchObject({ type: '/problems/password-reset-used' });
    expect((await signInWith(LEAD.email, NEW_PASSWORD)).status).toBe(200);
    // A used link is not worth revealing to pass on.
    const [used] = (await mails(LEAD.email)).filter((m) => m.kind === 'password-reset');
    const dead = await admin.request('POST', `/api/outbox/${used?.id}/link`);
    expect(dead.status).toBe(410);
    expect(await json(dead)).toMatchObject({ type: '/problems/password-reset-dead' });
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

  test('asking again leaves earlier links working until one is used; a link stops after an hour, and for good on deactivation', async () => {
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
    const newLink = async () => {
      expect((await ask(user.email)).status).toBe(202);
      return linkOf(user.email);
    };

    // Someone else asking cannot spoil a link: both work, until one is used.
    const first = await newLink();
    const second = await newLink();
    expect([await outcome(first), await outcome(second)]).toEqual([200, 200]);
    expect(
      (await anonymous(ctx, 'POST', '/api/password-resets/complete', { token: second, password: NEW_PASSWORD })).status,
    ).toBe(200);
    expect([await outcome(first), await outcome(second)]).toEqual([
      '/problems/password-reset-withdrawn',
      '/problems/password-reset-used',
    ]);

    const third = await newLink();
    ctx.advance(61 * 60_000);
    expect(await outcome(third)).toBe('/problems/password-reset-expired');
    admin = await signIn(ctx, 'admin'); // the admin's session was idle for the hour

    // Deactivated: the link stops, and does not come back with the account.
    const fourth = await newLink();
    expect(await outcome(fourth)).toBe(200);
    expect((await admin.request('POST', `/api/users/${user.id}/deactivate`)).status).toBe(200);
    const stored = await everything();
    const refused = await anonymous(ctx, 'POST', '/api/password-resets/complete', {
      token: fourth,
      password: PASSWORD,
    });
    expect(refused.status).toBe(410);
    expect(await json(refused)).toMatchObject({ type: '/problems/password-reset-account-deactivated' });
    expect(await everything()).toBe(stored);
    expect((await admin.request('POST', `/api/users/${user.id}/reactivate`)).status).toBe(200);
    expect(await outcome(fourth)).toBe('/problems/password-reset-withdrawn');
    expect((await signInWith(user.email, NEW_PASSWORD)).status).toBe(200);
  });

  test('one link used twice at once: exactly one new password, the other answer a 410', async () => {
    expect((await ask(VIEWER.email, '192.0.2.9')).status).toBe(202);
    const token = await linkOf(VIEWER.email);
    const answers = await Promise.all(
      ['the first of two pass phrases', 'the second of two pass phrases'].map((password) =>
        anonymous(ctx, 'POST', '/api/password-resets/complete', { token, password }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
    const winner = answers[0]?.status === 200 ? 'the first of two pass phrases' : 'the second of two pass phrases';
    const loser = winner.startsWith('the first') ? 'the second of two pass phrases' : 'the first of two pass phrases';
    expect((await signInWith(VIEWER.email, winner)).status).toBe(200);
    expect((await signInWith(VIEWER.email, loser)).status).toBe(401);
    const resets = await ctx.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'reset-password'), eq(auditLog.entityId, VIEWER.id)));
    expect(resets).toHaveLength(1);
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

  test('asking is limited per address from one client, per address, and per client, whether or not an account uses it', async () => {
    ctx.advance(16 * 60_000);
    const statuses = async (email: string, client: string, times: number) => {
      const out: number[] = [];
      for (let i = 0; i < times; i++) out.push((await ask(email, client)).status);
      return out;
    };
    for (const email of ['limited@test.example', VIEWER.email]) {
      // Three from one client, and that client waits...
      expect(await statuses(email, '198.51.100.1', 4)).toEqual([202, 202, 202, 429]);
      const limited = await ask(email, '198.51.100.1');
      expect(Number(limited.headers.get('retry-after'))).toBe(15 * 60);
      // ...not another, until the address has had twelve from anywhere.
      // (Refused requests do not count: only the three above do.)
      expect(await statuses(email, '198.51.100.2', 3)).toEqual([202, 202, 202]);
      expect(await statuses(email, '198.51.100.3', 3)).toEqual([202, 202, 202]);
      expect(await statuses(email, '198.51.100.4', 3)).toEqual([202, 202, 202]);
      expect(await statuses(email, '198.51.100.5', 1)).toEqual([429]);
    }
    ctx.advance(16 * 60_000);
    // Thirty from one client, whatever the addresses, and it waits.
    const many = [];
    for (let i = 0; i < 31; i++) many.push((await ask(`someone.${i}@test.example`, '203.0.113.7')).status);
    expect(many.slice(0, 30).every((status) => status === 202)).toBe(true);
    expect(many[30]).toBe(429);
  });

  test('guessing tokens is stopped: after thirty wrong ones from a client, even a right one waits', async () => {
    ctx.advance(16 * 60_000);
    expect((await ask(VIEWER.email, '192.0.2.50')).status).toBe(202);
    const token = await linkOf(VIEWER.email);
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
