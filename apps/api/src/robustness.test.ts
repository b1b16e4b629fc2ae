/**
 * Malformed and hostile requests to every route of the OpenAPI document, as every role: never a 5xx,
 * every error a problem+json body, and nothing stored changes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, createTestContext, json, signIn, type TestContext } from '../test/harness.js';

const HOSTILE_SEGMENTS = [
  '..',
  '%2e%2e%2f%2e%2e',
  "E08000026'--",
  '<script>alert(1)</script>',
  'E08000026%00',
  '\u202eE08000026',
  '😀',
  'x'.repeat(2000),
  '2024-25-Q1;DROP TABLE returns',
  '-1',
  '1e309',
];

const HOSTILE_BODIES: (string | undefined)[] = [
  '{',
  '[]',
  'null',
  '"a string"',
  '12',
  '{"__proto__":{"admin":true}}',
  '{"version":{"$gt":0},"figures":[]}',
  JSON.stringify({ version: 1, figures: { permanentFte: 'NaN', comment: 'x'.repeat(10_000) } }),
  JSON.stringify({ email: '\u0000@x', password: '\ud800' }),
  JSON.stringify({ id: '2024-25-Q1', status: 'maybe', dueDate: '2024-02-30' }),
  '\u0000\u0001\u0002',
  undefined,
];

describe('hostile requests', () => {
  let ctx: TestContext;
  let clients: Record<string, Client | null>;
  let operations: { method: string; path: string }[];

  beforeAll(async () => {
    ctx = await createTestContext('pglite');
    clients = {
      anonymous: null,
      submitter: await signIn(ctx, 'coventrySubmitter'),
      viewer: await signIn(ctx, 'coventryViewer'),
      lead: await signIn(ctx, 'westMidlandsLead'),
      admin: await signIn(ctx, 'admin'),
    };
    await clients.admin?.request('POST', '/api/periods', { id: '2024-25-Q1', status: 'open' });
    const doc = await json(await ctx.app.request('/api/openapi.json'));
    operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => ({ method: method.toUpperCase(), path })),
    );
  });
  afterAll(() => ctx.close());

  const snapshot = async () => {
    const { db } = ctx.database;
    return JSON.stringify([
      await db.query.returns.findMany(),
      await db.query.returnRevisions.findMany(),
      await db.query.periods.findMany(),
      await db.query.users.findMany(),
      await db.query.authorities.findMany(),
    ]);
  };

  const send = (who: string, method: string, path: string, body?: string) => {
    const client = clients[who];
    if (client) return client.request(method, path, body);
    return ctx.app.request(path, {
      method,
      ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
    });
  };

  test('the document has the routes to attack', () => {
    expect(operations.length).toBeGreaterThanOrEqual(12);
  });

  test('hostile path parameters and bodies on every route, as every role: 4xx problems, nothing changed', async () => {
    const before = await snapshot();
    let requests = 0;
    for (const { method, path } of operations) {
      if (path.startsWith('/api/auth/')) continue; // sign-in/out and tokens change sessions by design; covered in auth.test.ts
      const params = path.match(/\{\w+\}/g) ?? [];
      const paths =
        params.length === 0 ? [path] : HOSTILE_SEGMENTS.map((seg) => path.replace(/\{\w+\}/g, encodeURIComponent(seg)));
      const bodies = method === 'GET' || method === 'DELETE' ? [undefined] : HOSTILE_BODIES;
      for (const who of Object.keys(clients)) {
        for (const p of paths) {
          for (const body of bodies) {
            const res = await send(who, method, p, body);
            requests++;
            expect(res.status, `${who} ${method} ${p} ${body?.slice(0, 40)}`).toBeLessThan(500);
            if (res.status >= 400) {
              expect(res.headers.get('content-type'), `${who} ${method} ${p}`).toBe('application/problem+json');
              const problem = await json(res);
              expect(problem.status).toBe(res.status);
              expect(typeof problem.title).toBe('string');
            } else {
              await res.arrayBuffer();
            }
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(1000);
    expect(await snapshot()).toBe(before);
  }, 120_000);

  test('hostile query strings and headers never cause a 5xx', async () => {
    const queries = [
      '?period=%ff',
      '?status[]=x&status=y',
      `?period=${'9'.repeat(5000)}`,
      '?figures=1&figures=2',
      '?authority=%00',
    ];
    for (const q of queries) {
      for (const who of Object.keys(clients)) {
        const res = await send(who, 'GET', `/api/returns${q}`);
        expect(res.status, `${who} ${q}`).toBeLessThan(500);
      }
    }
    const headers: Record<string, string>[] = [
      { authorization: 'Bearer ' },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { authorization: `Bearer ${'a'.repeat(10_000)}` },
      { cookie: 'csc_session=%%%%' },
      { cookie: `csc_session=${'z'.repeat(5000)}` },
      { 'content-type': 'application/json; charset=utf-7' },
    ];
    for (const h of headers) {
      const res = await ctx.app.request('/api/returns', { headers: h });
      expect(res.status, JSON.stringify(h).slice(0, 60)).toBeLessThan(500);
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
  });
});
