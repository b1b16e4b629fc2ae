import { adminUserSchema, userPageSchema } from '@csc-workforce/schemas';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminSnapshot, anonymous, invitationToken } from '../../../test/admin.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  PASSWORD,
  signIn,
  signInAll,
  TEST_USERS,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { auditLog, authorities, sessions, users } from '../../db/schema.js';

const COVENTRY = 'E08000026';
const MANCHESTER = 'E08000003';
const NORTH_WEST = 'E12000002';
const WEST_MIDLANDS = 'E12000005';
const NEW_PASSWORD = 'a long pass phrase of mine';

const USERS: TestUser[] = ['admin', 'coventrySubmitter', 'coventryViewer', 'westMidlandsLead'];

describe.each(DB_KINDS)('users on %s', (kind) => {
  let ctx: TestContext;
  const clients = {} as Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    Object.assign(clients, await signInAll(ctx, USERS));
  });
  afterAll(() => ctx.close());

  const login = (email: string, password: string) => anonymous(ctx, 'POST', '/api/auth/login', { email, password });
  const invite = (body: Record<string, unknown>) => clients.admin.request('POST', '/api/users', body);
  const accept = (token: string, password = NEW_PASSWORD) =>
    anonymous(ctx, 'POST', '/api/invitations/accept', { token, password });
  const problemFields = async (res: Response) =>
    ((await json(res)).errors ?? []).map((e: { field: string }) => e.field);

  test('only admins manage users: other roles 403 (even with a bad body), anonymous 401, nothing changes', async () => {
    const id = TEST_USERS.coventryViewer.id;
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/users'],
      ['GET', '/api/users?role=nobody'],
      ['GET', `/api/users/${id}`],
      ['POST', '/api/users', { email: 'x@test.example', name: 'X', role: 'admin' }],
      ['POST', '/api/users', { email: 'not an address' }],
      ['PATCH', `/api/users/${id}`, { name: 'Renamed' }],
      ['POST', `/api/users/${id}/deactivate`],
      ['POST', `/api/users/${id}/reactivate`],
      ['POST', `/api/users/${id}/invitation`],
    ];
    const before = await adminSnapshot(ctx);
    for (const [method, path, body] of routes) {
      for (const who of ['coventrySubmitter', 'coventryViewer', 'westMidlandsLead'] as TestUser[]) {
        const res = await clients[who].request(method, path, body);
        expect([who, method, path, res.status]).toEqual([who, method, path, 403]);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
      expect([method, path, (await anonymous(ctx, method, path, body)).status]).toEqual([method, path, 401]);
    }
    expect(await adminSnapshot(ctx)).toBe(before);
  });

  test('the list: by name, filtered by role, authority, region, status and a search, a page at a time', async () => {
    const list = async (query = '') => {
      const res = await clients.admin.request('GET', `/api/users${query}`);
      expect(res.status).toBe(200);
      return userPageSchema.parse(await json(res));
    };
    const all = await list();
    expect(all.total).toBe(Object.keys(TEST_USERS).length);
    expect(all.items.map((u) => u.name)).toEqual(
      Object.values(TEST_USERS)
        .map((u) => u.name)
        .sort(),
    );
    expect(all.items.find((u) => u.id === TEST_USERS.coventryViewer.id)).toMatchObject({
      email: TEST_USERS.coventryViewer.email,
      role: 'authority_viewer',
      authorityCode: COVENTRY,
      authorityName: 'Coventry',
      regionCode: WEST_MIDLANDS,
      regionName: 'West Midlands',
      status: 'active',
      invitation: null,
      activeTokens: 0,
    });
    // Signed in by beforeAll.
    expect(all.items.find((u) => u.id === TEST_USERS.admin.id)?.lastSignInAt).not.toBeNull();
    const ids = (page: { items: { id: string }[] }) => page.items.map((u) => u.id).sort();
    expect(ids(await list('?role=authority_submitter'))).toEqual(['u-cov-sub', 'u-man-sub', 'u-warks-sub']);
    expect(ids(await list(`?authority=${COVENTRY}`))).toEqual(['u-cov-sub', 'u-cov-view']);
    expect(ids(await list(`?region=${WEST_MIDLANDS}`))).toEqual([
      'u-cov-sub',
      'u-cov-view',
      'u-warks-sub',
      'u-wm-lead',
    ]);
    expect(ids(await list(`?region=${NORTH_WEST}&role=regional_lead`))).toEqual(['u-nw-lead']);
    expect((await list('?status=active')).total).toBe(all.total);
    expect((await list('?status=deactivated')).total).toBe(0);
    expect(ids(await list('?q=LEAD'))).toEqual(['u-nw-lead', 'u-wm-lead']);
    expect(ids(await list('?q=coventry.test'))).toEqual(['u-cov-sub', 'u-cov-view']);
    expect(ids(await list('?q=100%25'))).toEqual([]);
    const second = await list('?pageSize=2&page=2');
    expect(second).toMatchObject({ total: all.total, page: 2, pageSize: 2 });
    expect(second.items.map((u) => u.id)).toEqual(all.items.slice(2, 4).map((u) => u.id));
    expect(await list('?page=99')).toMatchObject({ items: [], total: all.total, page: 99 });
    for (const bad of [
      '?role=boss',
      '?status=gone',
      '?region=E12000099',
      '?pageSize=500',
      '?page=0',
      '?colour=red',
      '?q=%00',
    ]) {
      const res = await clients.admin.request('GET', `/api/users${bad}`);
      expect([bad, res.status]).toEqual([bad, 400]);
      expect((await problemFields(res))[0]).toMatch(/^query\./);
    }
    expect((await clients.admin.request('GET', '/api/users/nobody')).status).toBe(404);
  });

  test('an invitation: the mail holds a one-time link; the invitee sets a password and is signed in', async () => {
    const res = await invite({
      email: ' Nia.New@Coventry.Test.Example ',
      name: 'Nia New',
      role: 'authority_submitter',
      authorityCode: COVENTRY,
    });
    expect(res.status).toBe(201);
    const invited = adminUserSchema.parse(await json(res));
    expect(invited).toMatchObject({
      email: 'nia.new@coventry.test.example',
      status: 'invited',
      authorityName: 'Coventry',
      lastSignInAt: null,
      invitation: { state: 'pending' },
    });
    const expires = new Date(invited.invitation?.expiresAt ?? '').getTime();
    expect(expires - new Date(invited.invitation?.sentAt ?? '').getTime()).toBe(7 * 86_400_000);

    // The mail, kept in the outbox (no SMTP server): a link whose token is in the fragment.
    const token = await invitationToken(ctx, invited.email);
    expect(token).toMatch(/^[\w-]{43}$/);
    const [mail] = await ctx.database.db.query.outbox.findMany({ where: (t, { eq }) => eq(t.entityId, invited.id) });
    expect(mail).toMatchObject({ kind: 'invitation', status: 'kept', toAddress: invited.email });
    expect(mail?.body).toContain(`http://localhost:8080/invitation#${token}`);
    expect(mail?.body).toMatch(/Ada Admin has invited you .* as authority submitter for Coventry/);
    // Only the token's hash is stored; the audit log has neither.
    const stored = JSON.stringify(await ctx.database.db.query.invitations.findMany());
    expect(stored).not.toContain(token);
    const log = JSON.stringify(await ctx.database.db.select().from(auditLog));
    expect(log).not.toContain(token);
    expect(log).toContain('invite-user');

    // Not signed in before accepting.
    expect((await login(invited.email, NEW_PASSWORD)).status).toBe(401);
    const lookup = await anonymous(ctx, 'POST', '/api/invitations/lookup', { token });
    expect(lookup.status).toBe(200);
    expect(await json(lookup)).toEqual({
      name: 'Nia New',
      email: invited.email,
      role: 'authority_submitter',
      authorityName: 'Coventry',
      regionName: 'West Midlands',
      expiresAt: invited.invitation?.expiresAt,
    });

    // A password that breaks the rules is refused, naming the field; nothing changes.
    const before = await adminSnapshot(ctx);
    for (const password of ['short', '            x', '']) {
      const weak = await accept(token, password);
      expect(weak.status).toBe(422);
      expect(await problemFields(weak)).toEqual(['password']);
    }
    expect(await adminSnapshot(ctx)).toBe(before);

    const accepted = await accept(token);
    expect(accepted.status).toBe(200);
    const cookie = (accepted.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^csc_session=/);
    const session = await json(accepted);
    expect(session.user).toMatchObject({ id: invited.id, role: 'authority_submitter', authorityCode: COVENTRY });
    // Signed in: the session works for the new user's own authority.
    const own = await ctx.app.request(`/api/returns?authority=${COVENTRY}`, { headers: { cookie } });
    expect(own.status).toBe(200);
    const me = await ctx.app.request('/api/auth/session', { headers: { cookie } });
    expect((await json(me)).user.email).toBe(invited.email);

    // One time only, and the password works from now on.
    for (const again of [await accept(token), await anonymous(ctx, 'POST', '/api/invitations/lookup', { token })]) {
      expect(again.status).toBe(410);
      expect(await json(again)).toMatchObject({ type: '/problems/invitation-used' });
    }
    expect((await login(invited.email, NEW_PASSWORD)).status).toBe(200);
    const after = adminUserSchema.parse(await json(await clients.admin.request('GET', `/api/users/${invited.id}`)));
    expect(after).toMatchObject({ status: 'active', invitation: { state: 'used' } });
    expect(after.lastSignInAt).not.toBeNull();
    // No password or hash reaches the audit log.
    const [row] = await ctx.database.db.select().from(users).where(eq(users.id, invited.id));
    const logAfter = JSON.stringify(await ctx.database.db.select().from(auditLog));
    expect(logAfter).toContain('accept-invitation');
    for (const secret of [NEW_PASSWORD, row?.passwordHash ?? 'no hash', token]) expect(logAfter).not.toContain(secret);
    // An accepted user cannot be sent another link.
    expect((await clients.admin.request('POST', `/api/users/${invited.id}/invitation`)).status).toBe(409);
  });

  test('a resent link replaces the old one; links expire after 7 days; a wrong token is refused', async () => {
    const res = await invite({
      email: 'lee.late@test.example',
      name: 'Lee Late',
      role: 'regional_lead',
      regionCode: NORTH_WEST,
    });
    expect(res.status).toBe(201);
    const { id } = await json(res);
    const first = await invitationToken(ctx, 'lee.late@test.example');
    const resent = await clients.admin.request('POST', `/api/users/${id}/invitation`);
    expect(resent.status).toBe(200);
    expect((await json(resent)).invitation.state).toBe('pending');
    const second = await invitationToken(ctx, 'lee.late@test.example');
    expect(second).not.toBe(first);

    const before = await adminSnapshot(ctx);
    const superseded = await accept(first);
    expect(superseded.status).toBe(410);
    const problem = await json(superseded);
    expect(problem).toMatchObject({ type: '/problems/invitation-superseded' });
    expect(problem.detail).toMatch(/replaced by a newer one/);
    const wrong = await accept('A'.repeat(43));
    expect(wrong.status).toBe(404);
    expect(await json(wrong)).toMatchObject({ type: '/problems/invitation-unknown' });
    const malformed = await accept('abc');
    expect(malformed.status).toBe(422);
    expect(await problemFields(malformed)).toEqual(['token']);
    expect(await adminSnapshot(ctx)).toBe(before);
    const lookup = await json(await anonymous(ctx, 'POST', '/api/invitations/lookup', { token: second }));
    expect(lookup).toMatchObject({
      name: 'Lee Late',
      role: 'regional_lead',
      authorityName: null,
      regionName: 'North West',
    });

    // Seven days on, the link has expired (and every session has ended).
    ctx.advance(7 * 86_400_000 + 60_000);
    const expired = await accept(second);
    expect(expired.status).toBe(410);
    expect(await json(expired)).toMatchObject({ type: '/problems/invitation-expired' });
    Object.assign(clients, await signInAll(ctx, USERS));
    const user = await json(await clients.admin.request('GET', `/api/users/${id}`));
    expect(user).toMatchObject({ status: 'invited', invitation: { state: 'expired' } });
    // A new link works.
    expect((await clients.admin.request('POST', `/api/users/${id}/invitation`)).status).toBe(200);
    const accepted = await accept(await invitationToken(ctx, 'lee.late@test.example'));
    expect(accepted.status).toBe(200);
    expect((await json(accepted)).user).toMatchObject({ role: 'regional_lead', regionCode: NORTH_WEST });
  });

  test('bad invitations are refused naming the field, and nothing is stored', async () => {
    await ctx.database.db
      .update(authorities)
      .set({ retiredAt: new Date('2024-04-01T00:00:00Z') })
      .where(eq(authorities.code, MANCHESTER));
    const before = await adminSnapshot(ctx);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ email: TEST_USERS.coventryViewer.email.toUpperCase(), name: 'Twin', role: 'admin' }, 409, 'email'],
      [{ email: 'a@test.example', name: 'A', role: 'regional_lead' }, 422, 'regionCode'],
      [{ email: 'a@test.example', name: 'A', role: 'authority_viewer' }, 422, 'authorityCode'],
      [{ email: 'a@test.example', name: 'A', role: 'admin', authorityCode: COVENTRY }, 422, 'authorityCode'],
      [
        { email: 'a@test.example', name: 'A', role: 'authority_viewer', authorityCode: 'E06999999' },
        422,
        'authorityCode',
      ],
      [
        { email: 'a@test.example', name: 'A', role: 'authority_viewer', authorityCode: MANCHESTER },
        422,
        'authorityCode',
      ],
      [
        { email: 'a@test.example', name: 'A', role: 'authority_viewer', authorityCode: 'Coventry' },
        422,
        'authorityCode',
      ],
      [{ email: 'a@test.example', name: '   ', role: 'admin' }, 422, 'name'],
      [{ email: 'nope', name: 'A', role: 'admin' }, 422, 'email'],
      [{ email: 'a@test.example', name: 'A', role: 'owner' }, 422, 'role'],
      [{ email: 'a@test.example', name: 'A', role: 'admin', password: 'x' }, 422, ''],
    ];
    for (const [body, status, field] of cases) {
      const res = await invite(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
      if (field) expect(await problemFields(res)).toContain(field);
    }
    expect(await adminSnapshot(ctx)).toBe(before);
    await ctx.database.db.update(authorities).set({ retiredAt: null }).where(eq(authorities.code, MANCHESTER));
  });

  test('deactivation ends the user’s session and API tokens at once; reactivation lets them sign in again', async () => {
    const viewer = clients.coventryViewer;
    const id = TEST_USERS.coventryViewer.id;
    expect((await json(await viewer.request('GET', '/api/auth/session'))).user).not.toBeNull();
    const created = await viewer.request('POST', '/api/auth/tokens', { name: 'scripts' });
    const { token } = await json(created);
    const bearer = () => ctx.app.request('/api/periods', { headers: { authorization: `Bearer ${token}` } });
    expect((await bearer()).status).toBe(200);
    // Read twice more, so the session is in the embedded database's cache.
    expect((await viewer.request('GET', '/api/periods')).status).toBe(200);
    expect((await viewer.request('GET', '/api/periods')).status).toBe(200);

    const res = await clients.admin.request('POST', `/api/users/${id}/deactivate`);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: 'deactivated', activeTokens: 0 });
    expect((await viewer.request('GET', '/api/periods')).status).toBe(401);
    expect((await json(await viewer.request('GET', '/api/auth/session'))).user).toBeNull();
    expect((await bearer()).status).toBe(401);
    expect((await login(TEST_USERS.coventryViewer.email, PASSWORD)).status).toBe(401);
    const [entry] = await ctx.database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(entry).toMatchObject({
      action: 'deactivate-user',
      entityId: id,
      userId: TEST_USERS.admin.id,
      detail: { tokensRevoked: 1 },
    });
    expect(entry?.detail.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(await ctx.database.db.$count(sessions, eq(sessions.userId, id))).toBe(0);
    const listed = await json(await clients.admin.request('GET', '/api/users?status=deactivated'));
    expect(listed.items.map((u: { id: string }) => u.id)).toEqual([id]);
    // Deactivating again changes nothing.
    const before = await adminSnapshot(ctx);
    expect((await clients.admin.request('POST', `/api/users/${id}/deactivate`)).status).toBe(200);
    expect(await adminSnapshot(ctx)).toBe(before);

    const back = await clients.admin.request('POST', `/api/users/${id}/reactivate`);
    expect(await json(back)).toMatchObject({ status: 'active', deactivatedAt: null });
    expect((await login(TEST_USERS.coventryViewer.email, PASSWORD)).status).toBe(200);
    // The revoked token stays revoked.
    expect((await bearer()).status).toBe(401);
    clients.coventryViewer = await signIn(ctx, 'coventryViewer');
  });

  test('an invited user who is deactivated loses the link; reactivated, they are invited again', async () => {
    const res = await invite({
      email: 'ivy@test.example',
      name: 'Ivy Invited',
      role: 'authority_viewer',
      authorityCode: COVENTRY,
    });
    const { id } = await json(res);
    const token = await invitationToken(ctx, 'ivy@test.example');
    expect(await json(await clients.admin.request('POST', `/api/users/${id}/deactivate`))).toMatchObject({
      status: 'deactivated',
      invitation: { state: 'withdrawn' },
    });
    const withdrawn = await accept(token);
    expect(withdrawn.status).toBe(410);
    expect(await json(withdrawn)).toMatchObject({ type: '/problems/invitation-withdrawn' });
    expect((await clients.admin.request('POST', `/api/users/${id}/invitation`)).status).toBe(409);
    expect(await json(await clients.admin.request('POST', `/api/users/${id}/reactivate`))).toMatchObject({
      status: 'invited',
    });
    expect((await accept(token)).status).toBe(410);
    expect((await clients.admin.request('POST', `/api/users/${id}/invitation`)).status).toBe(200);
    expect((await accept(await invitationToken(ctx, 'ivy@test.example'))).status).toBe(200);
  });

  test('a change of role or scope applies from the user’s next request', async () => {
    const submitter = clients.coventrySubmitter;
    const id = TEST_USERS.coventrySubmitter.id;
    const codes = async () =>
      (await json(await submitter.request('GET', '/api/authorities'))).map((a: { code: string }) => a.code);
    expect(await codes()).toEqual([COVENTRY]);

    const before = await adminSnapshot(ctx);
    const refused: [Record<string, unknown>, string][] = [
      [{ role: 'regional_lead' }, 'regionCode'],
      [{ role: 'admin', authorityCode: COVENTRY }, 'authorityCode'],
      [{ authorityCode: 'E06999999' }, 'authorityCode'],
      [{ regionCode: NORTH_WEST }, 'regionCode'],
      [{ role: 'authority_viewer', authorityCode: null }, 'authorityCode'],
      [{}, ''],
      [{ email: 'new@test.example' }, ''],
    ];
    for (const [body, field] of refused) {
      const res = await clients.admin.request('PATCH', `/api/users/${id}`, body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 422]);
      if (field) expect(await problemFields(res)).toContain(field);
    }
    expect(await adminSnapshot(ctx)).toBe(before);

    const lead = await clients.admin.request('PATCH', `/api/users/${id}`, {
      role: 'regional_lead',
      regionCode: NORTH_WEST,
    });
    expect(lead.status).toBe(200);
    expect(await json(lead)).toMatchObject({ role: 'regional_lead', authorityCode: null, regionCode: NORTH_WEST });
    // The same session, on its next request.
    expect((await json(await submitter.request('GET', '/api/auth/session'))).user).toMatchObject({
      role: 'regional_lead',
      regionName: 'North West',
    });
    const northWest = await codes();
    expect(northWest.length).toBeGreaterThan(20);
    expect(northWest).toContain(MANCHESTER);

    const back = await clients.admin.request('PATCH', `/api/users/${id}`, {
      role: 'authority_submitter',
      authorityCode: MANCHESTER,
      name: 'Cory Moved',
    });
    expect(await json(back)).toMatchObject({
      role: 'authority_submitter',
      authorityCode: MANCHESTER,
      regionCode: NORTH_WEST,
    });
    expect(await codes()).toEqual([MANCHESTER]);
    // A new authority for the same role keeps the role; the name alone is a change too.
    await clients.admin.request('PATCH', `/api/users/${id}`, { authorityCode: COVENTRY, name: 'Cory Submitter' });
    expect(await codes()).toEqual([COVENTRY]);
    const log = await ctx.database.db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.id);
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['change-user-role', 'change-user']));
    expect(log.find((e) => e.action === 'change-user-role')?.detail).toEqual({
      before: { name: 'Cory Submitter', role: 'authority_submitter', authorityCode: COVENTRY, regionCode: null },
      after: { name: 'Cory Submitter', role: 'regional_lead', authorityCode: null, regionCode: NORTH_WEST },
    });
  });

  test('an admin cannot deactivate or demote themselves, so an admin always remains', async () => {
    const own = TEST_USERS.admin.id;
    const before = await adminSnapshot(ctx);
    const deactivate = await clients.admin.request('POST', `/api/users/${own}/deactivate`);
    expect(deactivate.status).toBe(409);
    const demote = await clients.admin.request('PATCH', `/api/users/${own}`, {
      role: 'authority_viewer',
      authorityCode: COVENTRY,
    });
    expect(demote.status).toBe(409);
    expect(await problemFields(demote)).toEqual(['role']);
    expect(await adminSnapshot(ctx)).toBe(before);
    // Renaming oneself is fine.
    expect((await clients.admin.request('PATCH', `/api/users/${own}`, { name: 'Ada Admin' })).status).toBe(200);

    // A second admin, invited and signed in, can be demoted by the first; the first remains.
    const second = await json(await invite({ email: 'second.admin@test.example', name: 'Sam Second', role: 'admin' }));
    const accepted = await accept(await invitationToken(ctx, 'second.admin@test.example'));
    const cookie = (accepted.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const { csrfToken } = await json(accepted);
    // Demoted, the second is no longer an admin from their next request.
    const demoted = await clients.admin.request('PATCH', `/api/users/${second.id}`, {
      role: 'authority_viewer',
      authorityCode: COVENTRY,
    });
    expect(await json(demoted)).toMatchObject({ role: 'authority_viewer' });
    const attempt = await ctx.app.request(`/api/users/${own}/deactivate`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(attempt.status).toBe(403);
    const admins = await ctx.database.db.select().from(users).where(eq(users.role, 'admin'));
    expect(admins.map((u) => [u.id, u.active])).toEqual([[own, true]]);
  });
});
