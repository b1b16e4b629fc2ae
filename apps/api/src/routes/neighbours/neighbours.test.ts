/**
 * Statistical neighbours: DfE's April 2021 model loaded on start and matched to the exchange's
 * authorities, an authority's 10 neighbours named with DfE's figures and their median, a newer model
 * with other column names, files that are not one, and a neighbour whose DfE code changed; an admin
 * previews a newer model (what changes, what is unmatched), loads it, and chooses the model in force.
 */

/** A multipart/form-data body with the file in `file` and the model's name in `name`. */
function multipart(text: string, name: string): { body: string; headers: Record<string, string> } {
  const boundary = 'x-boundary-sn25';
  const body = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="name"',
    '',
    name,
    `--${boundary}`,
    'Content-Disposition: form-data; name="file"; filename="sn-2025.csv"',
    'Content-Type: text/csv',
    '',
    text,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

import { readFileSync } from 'node:fs';
import { quantileSorted } from '@csc-workforce/metrics-core';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { dfeFile, neighbourFile } from '../../db/paths.js';
import { auditLog, periods } from '../../db/schema.js';
import { loadNeighbourModel, parseNeighbourModel } from '../../services/neighbours.js';
import { loadRelease } from '../../services/published.js';

const COVENTRY = 'E08000026';
const dfe: string[][] = parse(readFileSync(dfeFile(), 'utf8'), { bom: true, trim: true });
const [head = [], ...rows] = dfe;
const col = (name: string) => head.indexOf(name);
/** DfE's published value of a measure for an authority (by its code) in a year, or null. */
const published = (code: string, year: number, measure: string) => {
  const row = rows.find((r) => r[col('new_la_code')] === code && r[col('time_period')] === String(year));
  const value = row?.[col(measure)];
  return value === undefined || !/^-?\d/.test(value) ? null : Number(value);
};
const COVENTRY_NEIGHBOURS = [
  'Derby',
  'Bolton',
  'Peterborough',
  'Leeds',
  'Sheffield',
  'Portsmouth',
  'Medway',
  'Walsall',
  'Tameside',
  'Southampton',
];

describe('the statistical-neighbour file parser', () => {
  test('reads the 2021 model by its header: 156 authorities (and 3 note lines), 10 neighbours each, closeness in the exchange’s words', () => {
    const model = parseNeighbourModel(new Uint8Array(readFileSync(neighbourFile())));
    expect(model.rows).toBe(156);
    expect(model.pairs).toHaveLength(1560);
    const coventry = model.pairs.filter((p) => p.laNumber === '331');
    expect(coventry.map((p) => p.neighbourLaNumber)).toEqual([
      '831',
      '350',
      '874',
      '383',
      '373',
      '851',
      '887',
      '335',
      '357',
      '852',
    ]);
    expect(new Set(model.pairs.map((p) => p.closeness))).toEqual(
      new Set(['Extremely close', 'Very close', 'Close', 'Somewhat close', 'Not close']),
    );
  });

  test('a file that is not one gets one message; a bad cell is named by row and column', () => {
    const refuse = (text: string) => {
      try {
        parseNeighbourModel(new TextEncoder().encode(text));
      } catch (error) {
        return (error as { body: { errors: unknown[]; detail: string } }).body;
      }
      throw new Error('accepted');
    };
    const other = refuse('authority_code,period,vacancies\nE08000026,2023-24-Q4,44\n');
    expect(other.errors).toHaveLength(1);
    expect(other.detail).toMatch(/not a statistical-neighbour file/);
    const bad = refuse('LA num,SN1,SNP\n331,831,Very Close\n332,83x,Close\n333,831,Nearish\n');
    expect(bad.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'SN1' }),
      expect.objectContaining({ row: 4, column: 'SNP' }),
    ]);
  });
});

describe.each(DB_KINDS)('statistical neighbours on %s', (kind) => {
  let ctx: TestContext;
  let clients: Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    clients = await signInAll(ctx, [
      'admin',
      'coventryViewer',
      'westMidlandsLead',
      'manchesterSubmitter',
    ] as TestUser[]);
  });
  afterAll(() => ctx.close());

  test('the April 2021 model is loaded on start: the current authorities matched, the others reported', async () => {
    const res = await clients.admin.request('GET', '/api/neighbours');
    expect(res.status).toBe(200);
    const model = await json(res);
    // 151 of the exchange's 153 authorities; Cumbria's successors (April 2023) are not in a 2021 model.
    expect(model).toMatchObject({ name: 'Statistical neighbours, April 2021', rows: 156, matched: 151 });
    expect(model.unmatchedAuthorities).toEqual([
      { code: 'E06000063', name: 'Cumberland' },
      { code: 'E06000064', name: 'Westmorland and Furness' },
    ]);
    // The rows of authorities that have since merged or split ("Old SNs": Dorset, Poole, Bournemouth,
    // Northamptonshire) are reported, not matched.
    expect(model.unmatchedLaNumbers).toEqual(expect.arrayContaining(['835', '836', '837', '909', '928']));
  });

  test('Coventry’s 10 neighbours, named with closeness, DfE’s figures for each and the median of the 10', async () => {
    const res = await clients.coventryViewer.request('GET', `/api/neighbours/${COVENTRY}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.neighbours.map((n: { name: string }) => n.name)).toEqual(COVENTRY_NEIGHBOURS);
    expect(body.neighbours[0]).toMatchObject({ rank: 1, laNumber: '831', closeness: expect.any(String) });
    const vacancy = body.measures.find((m: { metric: string }) => m.metric === 'vacancyRate');
    const y2023 = vacancy.years.find((y: { year: number }) => y.year === 2023);
    expect(y2023.own).toBe(published(COVENTRY, 2023, 'vacancy_rate_fte'));
    const values = body.neighbours
      .map((n: { code: string }) => published(n.code, 2023, 'vacancy_rate_fte'))
      .filter((v: number | null) => v !== null)
      .sort((a: number, b: number) => a - b);
    expect(y2023.of).toBe(values.length);
    expect(y2023.median).toBeCloseTo(quantileSorted(values, 0.5), 10);
    expect(vacancy.years.map((y: { year: number }) => y.year)).toEqual([2017, 2018, 2019, 2020, 2021, 2022, 2023]);
    // The lead sees its region's authorities' neighbours; another region's authority is out of scope.
    expect((await clients.westMidlandsLead.request('GET', `/api/neighbours/${COVENTRY}`)).status).toBe(200);
    expect((await clients.manchesterSubmitter.request('GET', `/api/neighbours/${COVENTRY}`)).status).toBe(404);
  });

  test('a neighbour whose DfE code changed keeps its figures once the change is confirmed', async () => {
    // A 2024 census in which Sheffield (one of Coventry's neighbours) is E08000039, as DfE's 2025 file has it.
    const added = rows
      .filter((r) => r[col('time_period')] === '2023')
      .map((r) =>
        r.map((c, i) =>
          i === col('time_period') ? '2024' : i === col('new_la_code') && c === 'E08000019' ? 'E08000039' : c,
        ),
      );
    await loadRelease(ctx.database.db, stringify([head, ...rows, ...added]), {
      userId: null,
      confirmCodes: [{ code: 'E08000039', authorityCode: 'E08000019' }],
    });
    const body = await json(await clients.coventryViewer.request('GET', `/api/neighbours/${COVENTRY}`));
    const vacancy = body.measures.find((m: { metric: string }) => m.metric === 'vacancyRate');
    const y2024 = vacancy.years.find((y: { year: number }) => y.year === 2024);
    // Sheffield by its current code, E08000039 now that a release in force uses it.
    expect(body.neighbours.find((n: { name: string }) => n.name === 'Sheffield').code).toBe('E08000039');
    expect(y2024.neighbours.E08000039).toBe(published('E08000019', 2023, 'vacancy_rate_fte'));
    expect(y2024.neighbours.E08000019).toBeUndefined();
  });

  test('an admin previews a newer model (other column names), loads it, then chooses it to be in force, audited', async () => {
    const admin = clients.admin.request;
    const before = await json(await admin('GET', '/api/neighbours'));
    // A model as DfE's 2025 file names its columns: the LA number in old_la_code, SN_1 with SN_1P.
    const file = stringify([
      ['la_name', 'old_la_code', 'SN_1', 'SN_1P', 'SN_2', 'SN_2P'],
      ['Coventry', '331', '336', 'Extremely close', '373', 'Very close'],
      ['Walsall', '335', '333', 'Close', '', ''],
      ['Nowhere', '999', '331', 'Not close', '', ''],
    ]);
    const csv = { 'content-type': 'text/csv' };
    const preview = await admin('POST', '/api/neighbours/models/preview', file, csv);
    expect(preview.status).toBe(200);
    const body = await json(preview);
    expect(body).toMatchObject({ rows: 3, pairs: 4, matched: 2, loadedAlready: null, unmatchedLaNumbers: ['999'] });
    expect(body.inForce.id).toBe(before.id);
    expect(body.unmatchedAuthorities).toHaveLength(151);
    const coventry = body.changes.find((c: { code: string }) => c.code === COVENTRY);
    expect(coventry).toMatchObject({ added: ['Wolverhampton'], reordered: false });
    expect(coventry.removed).toContain('Derby');
    expect(coventry.changedMembers).toBe(coventry.added.length + coventry.removed.length);
    // Walsall's group changes, and so does that of every authority the file leaves out.
    expect(body.changes.length).toBeGreaterThan(2);
    expect(body.fewerThanK).toBe(
      body.changes.filter(
        (c: { changedMembers: number }) => c.changedMembers > 0 && c.changedMembers < body.minGroupSize,
      ).length,
    );
    // A preview writes nothing; a bad file is refused with its row and column.
    expect((await json(await admin('GET', '/api/neighbours/models'))).map((m: { id: string }) => m.id)).not.toContain(
      body.id,
    );
    const bad = await admin('POST', '/api/neighbours/models/preview', 'old_la_code,SN_1,SN_1P\n331,33x,Close\n', csv);
    expect(bad.status).toBe(422);
    expect((await json(bad)).errors).toEqual([expect.objectContaining({ row: 2, column: 'SN_1' })]);

    // Loaded, named, not in force: Coventry's neighbours are still the model in force's.
    const { body: form, headers } = multipart(file, 'Statistical neighbours, 2025 (preview test)');
    const loaded = await admin('POST', '/api/neighbours/models', form, headers);
    expect(loaded.status).toBe(201);
    const model = await json(loaded);
    expect(model).toMatchObject({ id: body.id, name: 'Statistical neighbours, 2025 (preview test)', inForce: false });
    expect((await admin('POST', '/api/neighbours/models', form, headers)).status).toBe(200);
    expect((await json(await admin('GET', '/api/neighbours'))).id).toBe(before.id);
    const named = await json(await clients.coventryViewer.request('GET', `/api/neighbours/${COVENTRY}`));
    expect(named.model.id).toBe(before.id);

    // Chosen: in force, for the named neighbours and the comparisons alike; audited.
    const chosen = await admin('POST', `/api/neighbours/models/${model.id}/choose`);
    expect(chosen.status).toBe(200);
    expect(await json(chosen)).toMatchObject({ id: model.id, inForce: true, chosenByName: expect.any(String) });
    const now = await json(await clients.coventryViewer.request('GET', `/api/neighbours/${COVENTRY}`));
    expect(now.neighbours.map((n: { name: string }) => n.name)).toEqual(['Wolverhampton', 'Sheffield']);
    await ctx.database.db.insert(periods).values({ id: '2031-32-Q1', status: 'open', dueDate: '2031-08-10' });
    const comparison = await json(await clients.coventryViewer.request('GET', '/api/comparisons/2031-32-Q1'));
    expect(comparison.neighbours).toMatchObject({ model: { id: model.id }, count: 2 });
    const entries = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'choose-neighbour-model'));
    expect(entries).toEqual([expect.objectContaining({ entityId: model.id })]);
    const models = await json(await admin('GET', '/api/neighbours/models'));
    expect(models.filter((m: { inForce: boolean }) => m.inForce).map((m: { id: string }) => m.id)).toEqual([model.id]);

    // Already in force: 409; an unknown model: 404; not a model id: 400. Nothing changes.
    expect((await admin('POST', `/api/neighbours/models/${model.id}/choose`)).status).toBe(409);
    expect((await admin('POST', `/api/neighbours/models/sn-${'0'.repeat(64)}/choose`)).status).toBe(404);
    const malformed = await admin('POST', '/api/neighbours/models/nope/choose');
    expect(malformed.status).toBe(400);
    expect((await json(await admin('GET', '/api/neighbours'))).id).toBe(model.id);

    // And back: the earlier model chosen again.
    expect((await admin('POST', `/api/neighbours/models/${before.id}/choose`)).status).toBe(200);
    expect((await json(await admin('GET', '/api/neighbours'))).id).toBe(before.id);
  });

  test('a newer model with other column names is read by its header and comes into force', async () => {
    const file = stringify([
      ['old_la_code', 'la_name', 'SN_1', 'SN_1P', 'SN_2', 'SN_2P', 'SN_3', 'SN_3P'],
      ['331', 'Coventry', '335', 'Extremely close', '336', 'Very close', '330', 'Close'],
      ['335', 'Walsall', '331', 'Extremely close', '', '', '', ''],
    ]);
    const loaded = await loadNeighbourModel(ctx.database.db, new TextEncoder().encode(file), {
      name: 'Statistical neighbours, 2025 (test)',
      userId: null,
    });
    expect(loaded.created).toBe(true);
    const body = await json(await clients.coventryViewer.request('GET', `/api/neighbours/${COVENTRY}`));
    expect(body.model.name).toBe('Statistical neighbours, 2025 (test)');
    expect(body.neighbours.map((n: { name: string; closeness: string }) => [n.name, n.closeness])).toEqual([
      ['Walsall', 'Extremely close'],
      ['Wolverhampton', 'Very close'],
      ['Birmingham', 'Close'],
    ]);
    // An authority the model leaves out has no neighbours: a 404 that says so.
    const res = await clients.westMidlandsLead.request('GET', '/api/neighbours/E10000031');
    expect(res.status).toBe(404);
    expect((await json(res)).detail).toMatch(/not in the statistical-neighbour model/);
  });
});
