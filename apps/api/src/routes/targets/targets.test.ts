/**
 * An authority's targets: set by its submitters (audited, with what it was), read by its users and its
 * lead, refused when out of the metric's range, and shown beside its comparisons and in exports.
 */

import { PROBLEM_TYPES } from '@csc-workforce/schemas';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { figuresWithVacancyRate, putReturn } from '../../../test/fixtures.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { auditLog, authorities, metricTargets, periods } from '../../db/schema.js';

const COVENTRY = 'E08000026';
const P = '2033-34-Q1';

describe.each(DB_KINDS)('targets on %s', (kind) => {
  let ctx: TestContext;
  let clients: Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    clients = await signInAll(ctx, ['coventrySubmitter', 'coventryViewer', 'westMidlandsLead'] as TestUser[]);
    await ctx.database.db.insert(periods).values({ id: P, status: 'open', dueDate: '2033-08-10' });
    // Coventry's vacancy rate at P: 12.5%.
    await putReturn(ctx.database.db, COVENTRY, P, 'submitted', figuresWithVacancyRate(12.5));
  }, 120_000);
  afterAll(() => ctx.close());

  const stored = async () => [await ctx.database.db.$count(metricTargets), await ctx.database.db.$count(auditLog)];
  const put = (metric: string, body: unknown) =>
    clients.coventrySubmitter.request('PUT', `/api/targets/${COVENTRY}/${metric}`, body);

  test('a submitter sets a target, and sets it again; each audited with what it was', async () => {
    const first = await put('vacancyRate', { value: 15, by: '2034-35-Q4', note: 'From the workforce plan.' });
    expect(first.status).toBe(201);
    expect(await json(first)).toMatchObject({
      authorityCode: COVENTRY,
      metric: 'vacancyRate',
      value: 15,
      by: '2034-35-Q4',
      byLabel: '2034-35 Q4',
      note: 'From the workforce plan.',
      setByName: expect.any(String),
    });
    const again = await put('vacancyRate', { value: 10, by: '2034-35-Q4' });
    expect(again.status).toBe(200);
    expect((await json(again)).note).toBeNull();
    const entries = await ctx.database.db.query.auditLog.findMany({
      where: (t, { eq }) => eq(t.action, 'set-target'),
      orderBy: (t, { asc }) => [asc(t.id)],
    });
    expect(entries.map((e) => e.detail)).toEqual([
      { value: 15, by: '2034-35-Q4', note: 'From the workforce plan.', before: null },
      {
        value: 10,
        by: '2034-35-Q4',
        note: null,
        before: { value: 15, by: '2034-35-Q4', note: 'From the workforce plan.' },
      },
    ]);
    for (const who of ['coventryViewer', 'westMidlandsLead'] as const) {
      const list = await json(await clients[who].request('GET', `/api/targets/${COVENTRY}`));
      expect(
        list.map((t: { metric: string; value: number }) => [t.metric, t.value]),
        who,
      ).toEqual([['vacancyRate', 10]]);
    }
  });

  test('a target the metric cannot take, or a malformed one, is refused naming the field; nothing changes', async () => {
    const before = await stored();
    const cases: [string, unknown, number, string][] = [
      ['vacancyRate', { value: 120, by: '2034-35-Q4' }, 422, 'value'],
      ['vacancyRate', { value: -1, by: '2034-35-Q4' }, 422, 'value'],
      ['vacancyRate', { value: 'ten', by: '2034-35-Q4' }, 422, 'value'],
      ['vacancyRate', { value: 10, by: '2034-36-Q4' }, 422, 'by'],
      ['vacancyRate', { value: 10, by: '2034-35-Q4', note: 'x'.repeat(501) }, 422, 'note'],
      ['vacancyRate', { value: 10, by: '2034-35-Q4', extra: true }, 422, ''],
      ['nonsense', { value: 10, by: '2034-35-Q4' }, 400, 'path.metric'],
    ];
    for (const [metric, body, status, field] of cases) {
      const res = await put(metric, body);
      const problem = await json(res);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      if (field)
        expect(
          problem.errors.map((e: { field: string }) => e.field),
          JSON.stringify(body),
        ).toContain(field);
    }
    const broken = await clients.coventrySubmitter.request(
      'PUT',
      `/api/targets/${COVENTRY}/vacancyRate`,
      '{"value": 1',
      {
        'content-type': 'application/json',
      },
    );
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    expect(await stored()).toEqual(before);
  });

  test('comparisons show where the authority stands against its target, to its users, its lead and in exports', async () => {
    // 12.5% against a target of 10% (lower is better): not met, not yet overdue.
    const mine = await json(await clients.coventryViewer.request('GET', `/api/comparisons/${P}/metrics/vacancyRate`));
    expect(mine.metrics[0].target).toEqual({
      value: 10,
      by: '2034-35-Q4',
      byLabel: '2034-35 Q4',
      note: null,
      gap: expect.closeTo(2.5, 9),
      status: 'not-met',
      overdue: false,
    });
    const all = await json(await clients.coventryViewer.request('GET', `/api/comparisons/${P}`));
    const others = all.metrics.filter((m: { metric: { id: string } }) => m.metric.id !== 'vacancyRate');
    expect(others.every((m: { target: unknown }) => m.target === null)).toBe(true);
    const lead = await json(await clients.westMidlandsLead.request('GET', `/api/comparisons/${P}/metrics/vacancyRate`));
    const coventry = lead.metrics[0].authorities.find((a: { code: string }) => a.code === COVENTRY);
    expect(coventry.target).toMatchObject({ value: 10, status: 'not-met' });
    // A target of 13% is met at once: the answer is not a stale cached one.
    expect((await put('vacancyRate', { value: 13, by: '2034-35-Q4' })).status).toBe(200);
    const met = await json(await clients.coventryViewer.request('GET', `/api/comparisons/${P}/metrics/vacancyRate`));
    expect(met.metrics[0].target).toMatchObject({ value: 13, status: 'met' });
    // The export: the target, its quarter and where the value stands.
    const csv = await clients.coventryViewer.request('GET', `/api/comparisons/${P}/export?format=csv`);
    const rows: Record<string, string>[] = parse(await csv.text(), { columns: true, bom: true });
    const vacancy = rows.find((r) => r.metric === 'Vacancy rate');
    expect(vacancy).toMatchObject({ target: '13', 'target by': '2034-35 Q4', 'against target': 'met' });
  });

  test('a retired authority’s targets are kept as they are: setting or removing one is a 409, and changes nothing', async () => {
    expect((await put('agencyRate', { value: 10, by: '2034-35-Q4' })).status).toBe(201);
    await ctx.database.db.update(authorities).set({ retiredAt: new Date() }).where(eq(authorities.code, COVENTRY));
    try {
      const before = await stored();
      const set = await put('agencyRate', { value: 8, by: '2034-35-Q4' });
      expect(set.status).toBe(409);
      expect((await json(set)).type).toBe(PROBLEM_TYPES.authorityRetired);
      const removed = await clients.coventrySubmitter.request('DELETE', `/api/targets/${COVENTRY}/agencyRate`);
      expect(removed.status).toBe(409);
      expect(await stored()).toEqual(before);
    } finally {
      await ctx.database.db.update(authorities).set({ retiredAt: null }).where(eq(authorities.code, COVENTRY));
    }
    expect((await clients.coventrySubmitter.request('DELETE', `/api/targets/${COVENTRY}/agencyRate`)).status).toBe(204);
  });

  test('a submitter removes a target; removing it again is a 404', async () => {
    const res = await clients.coventrySubmitter.request('DELETE', `/api/targets/${COVENTRY}/vacancyRate`);
    expect(res.status).toBe(204);
    expect((await clients.coventrySubmitter.request('DELETE', `/api/targets/${COVENTRY}/vacancyRate`)).status).toBe(
      404,
    );
    const mine = await json(await clients.coventryViewer.request('GET', `/api/comparisons/${P}/metrics/vacancyRate`));
    expect(mine.metrics[0].target).toBeNull();
  });
});
