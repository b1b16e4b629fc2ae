import { auditPageSchema } from '@csc-workforce/schemas';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { anonymous } from '../../../test/admin.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  signInAll,
  TEST_USERS,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';

const COVENTRY = 'E08000026';
const USERS: TestUser[] = ['admin', 'coventrySubmitter', 'westMidlandsLead'];

describe.each(DB_KINDS)('the audit log on %s', (kind) => {
  let ctx: TestContext;
  const clients = {} as Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    Object.assign(clients, await signInAll(ctx, USERS));
    await clients.admin.request('PATCH', `/api/authorities/${COVENTRY}`, { name: 'Coventry City' });
    await clients.admin.request('PATCH', `/api/users/${TEST_USERS.coventrySubmitter.id}`, { name: 'Cory Renamed' });
    await clients.admin.request('POST', '/api/periods', { id: '2024-25-Q3', status: 'open' });
  });
  afterAll(() => ctx.close());

  const page = async (query = '') => {
    const res = await clients.admin.request('GET', `/api/audit${query}`);
    expect(res.status).toBe(200);
    return auditPageSchema.parse(await json(res));
  };

  test('only admins read the log: other roles 403, anonymous 401', async () => {
    for (const path of ['/api/audit', '/api/audit?action=%00']) {
      for (const who of ['coventrySubmitter', 'westMidlandsLead'] as TestUser[]) {
        expect([who, path, (await clients[who].request('GET', path)).status]).toEqual([who, path, 403]);
      }
      expect((await anonymous(ctx, 'GET', path)).status).toBe(401);
    }
  });

  test('newest first, with who did it and to whom, filtered by action and entity, a page at a time', async () => {
    const all = await page();
    // DfE's release and statistical-neighbour model loaded on the first start (by nobody), three
    // sign-ins, then the three changes.
    expect(all.total).toBe(8);
    expect(all.items.map((e) => e.action)).toEqual([
      'create-period',
      'change-user',
      'rename-authority',
      'sign-in',
      'sign-in',
      'sign-in',
      'load-neighbour-model',
      'load-published-release',
    ]);
    expect(all.items[6]).toMatchObject({ userId: null, userName: null, entity: 'neighbour-model' });
    expect(all.items[7]).toMatchObject({ userId: null, userName: null, entity: 'published-release' });
    expect(all.items[1]).toMatchObject({
      userId: TEST_USERS.admin.id,
      userName: 'Ada Admin',
      entity: 'user',
      entityId: TEST_USERS.coventrySubmitter.id,
      entityName: 'Cory Renamed',
      detail: { before: { name: 'Cory Submitter' }, after: { name: 'Cory Renamed' } },
    });
    expect(all.items[2]).toMatchObject({ entity: 'authority', entityId: COVENTRY, entityName: 'Coventry City' });
    expect(all.items[0]).toMatchObject({ entity: 'period', entityId: '2024-25-Q3', entityName: null });
    expect(all.actions).toEqual([
      'change-user',
      'create-period',
      'load-neighbour-model',
      'load-published-release',
      'rename-authority',
      'sign-in',
    ]);
    expect(all.entities).toEqual(['authority', 'neighbour-model', 'period', 'published-release', 'user']);
    expect((await page('?action=sign-in')).total).toBe(3);
    expect((await page(`?entity=user&entityId=${TEST_USERS.coventrySubmitter.id}`)).items.map((e) => e.action)).toEqual(
      ['change-user', 'sign-in'],
    );
    const second = await page('?pageSize=4&page=2');
    expect(second).toMatchObject({ total: 8, page: 2 });
    expect(second.items.map((e) => e.id)).toEqual(all.items.slice(4).map((e) => e.id));
    expect(await page('?page=50')).toMatchObject({ items: [], total: 8 });
    for (const bad of ['?action=a%20b', '?entity=', '?pageSize=101', '?user=x']) {
      expect([bad, (await clients.admin.request('GET', `/api/audit${bad}`)).status]).toEqual([bad, 400]);
    }
  });
});
