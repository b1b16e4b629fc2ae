import { MAIL_KIND_VALUES, MAIL_STATUSES, outboxMailSchema, outboxPageSchema } from '@csc-workforce/schemas';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminSnapshot, anonymous, invitationToken } from '../../../test/admin.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { outbox } from '../../db/schema.js';
import { enqueueMail } from '../../services/mail/index.js';

const USERS: TestUser[] = ['admin', 'coventrySubmitter', 'westMidlandsLead'];

test('the wire names the same kinds and statuses of mail as the database', () => {
  expect([...MAIL_KIND_VALUES].sort()).toEqual([...outbox.kind.enumValues].sort());
  expect([...MAIL_STATUSES].sort()).toEqual([...outbox.status.enumValues].sort());
});

describe.each(DB_KINDS)('the outbox on %s', (kind) => {
  let ctx: TestContext;
  const clients = {} as Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    Object.assign(clients, await signInAll(ctx, USERS));
    // Three reminders, then an invitation (through the API), the newest.
    await enqueueMail(
      ctx.database.db,
      ctx.deps.env,
      [1, 2, 3].map((n) => ({
        to: `person${n}@test.example`,
        subject: `Reminder ${n}`,
        text: `Dear person ${n},\n\nLine two.`,
        kind: 'reminder' as const,
        entityId: 'E12000005/2024-25-Q2',
      })),
    );
    const invited = await clients.admin.request('POST', '/api/users', {
      email: 'olive@test.example',
      name: 'Olive Outbox',
      role: 'admin',
    });
    expect(invited.status).toBe(201);
  });
  afterAll(() => ctx.close());

  const page = async (query = '') => {
    const res = await clients.admin.request('GET', `/api/outbox${query}`);
    expect(res.status).toBe(200);
    return outboxPageSchema.parse(await json(res));
  };

  test('only admins read the outbox: other roles 403, anonymous 401', async () => {
    const [first] = (await page()).items;
    for (const path of ['/api/outbox', '/api/outbox?kind=nothing', `/api/outbox/${first?.id}`]) {
      for (const who of ['coventrySubmitter', 'westMidlandsLead'] as TestUser[]) {
        expect([who, path, (await clients[who].request('GET', path)).status]).toEqual([who, path, 403]);
      }
      expect((await anonymous(ctx, 'GET', path)).status).toBe(401);
    }
  });

  test('newest first with the whole text, filtered by kind and status, a page at a time', async () => {
    const all = await page();
    expect(all.total).toBe(4);
    expect(all.items.map((m) => m.subject)).toEqual([
      "Your invitation to the children's social care workforce exchange",
      'Reminder 3',
      'Reminder 2',
      'Reminder 1',
    ]);
    expect(all.items[1]).toMatchObject({
      to: 'person3@test.example',
      body: 'Dear person 3,\n\nLine two.',
      kind: 'reminder',
      status: 'kept',
      entityId: 'E12000005/2024-25-Q2',
      attempts: 0,
      lastError: null,
      sentAt: null,
    });
    // A mail kept here (no SMTP server) shows its invitation link whole, for the admin to pass on.
    const token = await invitationToken(ctx, 'olive@test.example');
    expect(all.items[0]?.body).toContain(`/invitation#${token}`);
    expect((await page('?kind=reminder')).items.map((m) => m.subject)).toEqual([
      'Reminder 3',
      'Reminder 2',
      'Reminder 1',
    ]);
    expect((await page('?kind=invitation&status=kept')).total).toBe(1);
    expect((await page('?status=sent')).total).toBe(0);
    const second = await page('?pageSize=3&page=2');
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.items.map((m) => m.subject)).toEqual(['Reminder 1']);
    for (const bad of ['?kind=spam', '?status=lost', '?pageSize=0', '?page=x', '?to=someone']) {
      expect([bad, (await clients.admin.request('GET', `/api/outbox${bad}`)).status]).toEqual([bad, 400]);
    }
  });

  test('one mail by its id; the link of an invitation sent over SMTP is withheld', async () => {
    const [invitation] = (await page('?kind=invitation')).items;
    const id = invitation?.id ?? 0;
    const one = await clients.admin.request('GET', `/api/outbox/${id}`);
    expect(outboxMailSchema.parse(await json(one))).toEqual(invitation);
    const before = await adminSnapshot(ctx);
    expect((await clients.admin.request('GET', '/api/outbox/999999')).status).toBe(404);
    expect((await clients.admin.request('GET', '/api/outbox/abc')).status).toBe(400);
    expect(await adminSnapshot(ctx)).toBe(before);

    const token = await invitationToken(ctx, 'olive@test.example');
    await ctx.database.db.update(outbox).set({ status: 'sent', sentAt: new Date() }).where(eq(outbox.id, id));
    const sent = await json(await clients.admin.request('GET', `/api/outbox/${id}`));
    expect(sent.status).toBe('sent');
    expect(sent.body).not.toContain(token);
    expect(sent.body).toContain('/invitation#(withheld: sent to its recipient)');
  });
});
