import { computeMetricSeries, periodRange, type QuarterlyFigures } from '@csc-workforce/metrics-core';
import { noteEvidenceSchema, notePageSchema, noteSchema } from '@csc-workforce/schemas';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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
import { rowsOf } from '../../db/client.js';
import { insertDemoReturns, releaseDemoPeriods } from '../../db/demo.js';
import { DEMO_NOTES, insertDemoNotes } from '../../db/demo-notes.js';
import { readReferenceData } from '../../db/reference.js';
import { auditLog, practiceNotes, returnRevisions, returns } from '../../db/schema.js';
import { toHighlight } from '../../services/notes/index.js';

const reference = readReferenceData();
const COVENTRY = 'E08000026';
const WEST_MIDLANDS = 'E12000005';
const NORTH_WEST = 'E12000002';

const NOTE = {
  title: 'Our ASYE academy for newly qualified social workers',
  summary: 'Cohorts of newly qualified workers with protected caseloads and coaching.',
  body: '## What we did\n\nWe **protected** caseloads.',
  themes: ['asye-early-career'],
  metrics: [{ metric: 'asyeRetention', from: '2022-23-Q1', to: null }],
  authorName: 'Cory Submitter',
  authorRole: 'Principal social worker',
  contactEmail: 'cory@coventry.test.example',
};

const USERS = Object.keys(TEST_USERS) as TestUser[];

describe.each(DB_KINDS)('practice notes on %s', (kind) => {
  let ctx: TestContext;
  const clients = {} as Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    await insertDemoReturns(
      ctx.database.db,
      reference.authorities.map((a) => a.code),
    );
    await releaseDemoPeriods(ctx.database.db);
    await insertDemoNotes(ctx.database.db);
    Object.assign(clients, await signInAll(ctx, USERS));
  }, 180_000);
  afterAll(() => ctx.close());

  const call = async (who: TestUser, method: string, path: string, body?: unknown) => {
    const res = await clients[who].request(method, path, body);
    return { status: res.status, body: await json(res), res };
  };
  const create = async (who: TestUser = 'coventrySubmitter', content: object = NOTE) => {
    const res = await call(who, 'POST', '/api/notes', content);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const noteCount = () => ctx.database.db.$count(practiceNotes);

  test('every route needs a signed-in user', async () => {
    for (const [method, path] of [
      ['GET', '/api/notes'],
      ['POST', '/api/notes'],
      ['GET', '/api/notes/demo-asye-academy'],
      ['PUT', '/api/notes/demo-asye-academy'],
      ['POST', '/api/notes/demo-asye-academy/publish'],
      ['POST', '/api/notes/demo-asye-academy/archive'],
      ['POST', '/api/notes/demo-asye-academy/restore'],
      ['GET', '/api/notes/demo-asye-academy/evidence'],
      ['GET', '/api/notes/demo-asye-academy/revisions'],
      ['GET', '/api/notes/demo-asye-academy/revisions/1'],
    ] as const) {
      const res = await ctx.app.request(path, {
        method,
        ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }),
      });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  test('a submitter writes a draft of its own authority; viewers, leads and admins cannot write', async () => {
    const note = await create();
    expect(noteSchema.safeParse(note).error).toBeUndefined();
    expect(note).toMatchObject({
      status: 'draft',
      version: 1,
      authority: { code: COVENTRY, name: 'Coventry' },
      region: { code: WEST_MIDLANDS, name: 'West Midlands' },
      themes: ['asye-early-career'],
      metrics: [{ metric: 'asyeRetention', label: 'ASYE retention', from: '2022-23-Q1', to: null }],
      publishedAt: null,
      demo: false,
      can: { edit: true, publish: true, archive: true, restore: false, history: true },
    });
    const before = await noteCount();
    for (const who of ['coventryViewer', 'westMidlandsLead', 'admin'] as const) {
      const res = await call(who, 'POST', '/api/notes', NOTE);
      expect(res.status, who).toBe(403);
      expect(res.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(await noteCount()).toBe(before);
  });

  test('bad input is refused field by field, and nothing is stored', async () => {
    const before = await noteCount();
    const res = await call('coventrySubmitter', 'POST', '/api/notes', {
      ...NOTE,
      title: '',
      summary: 'x'.repeat(281),
      themes: ['nonsense'],
      metrics: [{ metric: 'asyeRetention', from: '2023-24-Q1', to: '2022-23-Q1' }],
      contactEmail: 'not-an-email',
      authority: 'E10000031',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'authority',
      'contactEmail',
      'metrics.0.to',
      'summary',
      'themes.0',
      'title',
    ]);
    expect((await call('coventrySubmitter', 'POST', '/api/notes', '{not json')).status).toBe(400);
    expect(await noteCount()).toBe(before);
  });

  test('a draft is seen by its authority’s users only: another authority, the lead and an admin get 404', async () => {
    const note = await create();
    const path = `/api/notes/${note.id}`;
    expect((await call('coventryViewer', 'GET', path)).body.can).toEqual({
      edit: false,
      publish: false,
      archive: false,
      restore: false,
      history: true,
    });
    for (const who of ['warwickshireSubmitter', 'westMidlandsLead', 'admin', 'manchesterSubmitter'] as const) {
      expect((await call(who, 'GET', path)).status, who).toBe(404);
      expect((await call(who, 'GET', `${path}/evidence`)).status, who).toBe(404);
      const drafts = await call(who, 'GET', '/api/notes?status=draft');
      expect(drafts.body.items.map((n: { id: string }) => n.id)).not.toContain(note.id);
    }
    const own = await call('coventryViewer', 'GET', '/api/notes?status=draft');
    expect(own.body.items.map((n: { id: string }) => n.id)).toContain(note.id);
    // An unknown note and a malformed id.
    expect((await call('coventryViewer', 'GET', '/api/notes/no-such-note')).status).toBe(404);
    expect((await call('coventryViewer', 'GET', '/api/notes/NOT%20AN%20ID')).status).toBe(400);
  });

  test('an authority cannot edit, publish or archive another authority’s note', async () => {
    const note = await create();
    const path = `/api/notes/${note.id}`;
    // A draft it cannot see: 404.
    for (const [method, suffix, body] of [
      ['PUT', '', { ...NOTE, version: 1 }],
      ['POST', '/publish', { version: 1 }],
      ['POST', '/archive', { version: 1, reason: 'Mine now' }],
    ] as const) {
      expect((await call('warwickshireSubmitter', method, `${path}${suffix}`, body)).status).toBe(404);
    }
    const published = await call('coventrySubmitter', 'POST', `${path}/publish`, { version: 1 });
    expect(published.status).toBe(200);
    // A published note it can see: 403, and nothing changes.
    const edit = await call('warwickshireSubmitter', 'PUT', path, { ...NOTE, title: 'Taken over', version: 2 });
    expect(edit.status).toBe(403);
    expect(edit.body.detail).toMatch(/Only a submitter of Coventry/);
    expect((await call('warwickshireSubmitter', 'POST', `${path}/archive`, { version: 2, reason: 'x' })).status).toBe(
      403,
    );
    // Its own authority's viewer reads but does not write.
    expect((await call('coventryViewer', 'PUT', path, { ...NOTE, version: 2 })).status).toBe(403);
    const after = await call('coventrySubmitter', 'GET', path);
    expect(after.body).toMatchObject({ title: NOTE.title, version: 2, status: 'published' });
  });

  test('edits are new revisions; a stale version is refused with 409 and nothing changes', async () => {
    const note = await create();
    const path = `/api/notes/${note.id}`;
    const saved = await call('coventrySubmitter', 'PUT', path, { ...NOTE, title: 'Second title', version: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ title: 'Second title', version: 2, status: 'draft' });
    expect(saved.res.headers.get('etag')).toBe('"2"');
    const stale = await call('coventrySubmitter', 'PUT', path, { ...NOTE, title: 'Lost update', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/version-conflict');
    expect((await call('coventrySubmitter', 'GET', path)).body.title).toBe('Second title');
    // Linked metrics are replaced with the content.
    const relinked = await call('coventrySubmitter', 'PUT', path, {
      ...NOTE,
      metrics: [
        { metric: 'turnoverRate', from: '2022-23-Q4', to: '2023-24-Q4' },
        { metric: 'vacancyRate', from: '2022-23-Q1', to: null },
      ],
      version: 2,
    });
    expect(relinked.body.metrics.map((m: { metric: string }) => m.metric)).toEqual(['turnoverRate', 'vacancyRate']);
    await call('coventrySubmitter', 'POST', `${path}/publish`, { version: 3 });
    const revisions = await call('coventryViewer', 'GET', `${path}/revisions`);
    expect(revisions.body.map((r: { revision: number; status: string }) => [r.revision, r.status])).toEqual([
      [1, 'draft'],
      [2, 'draft'],
      [3, 'draft'],
      [4, 'published'],
    ]);
    expect(revisions.body[0].createdByName).toBe('Cory Submitter');
    const first = await call('coventryViewer', 'GET', `${path}/revisions/1`);
    expect(first.body.content).toMatchObject({ title: NOTE.title, metrics: NOTE.metrics });
    expect((await call('coventryViewer', 'GET', `${path}/revisions/9`)).status).toBe(404);
    // The history is the authority's own: another authority's users, even those who can read the note,
    // get 404; the other roles have no history to read (403, whatever the note).
    expect((await call('warwickshireSubmitter', 'GET', `${path}/revisions`)).status).toBe(404);
    for (const who of ['westMidlandsLead', 'admin'] as const) {
      expect((await call(who, 'GET', `${path}/revisions`)).status, who).toBe(403);
    }
    // Publishing twice is refused.
    const again = await call('coventrySubmitter', 'POST', `${path}/publish`, { version: 4 });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/invalid-status');
    const audited = await ctx.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'practice_note'), eq(auditLog.entityId, note.id)));
    expect(audited.map((a) => a.action)).toEqual(['create-note', 'save-note', 'save-note', 'publish-note']);
  });

  test('a published note is read by every signed-in user of every region, with its contact', async () => {
    const note = await create();
    await call('coventrySubmitter', 'POST', `/api/notes/${note.id}/publish`, { version: 1 });
    for (const who of USERS) {
      const res = await call(who, 'GET', `/api/notes/${note.id}`);
      expect(res.status, who).toBe(200);
      expect(res.body.contactEmail).toBe('cory@coventry.test.example');
      expect(res.body.publishedAt).not.toBeNull();
    }
    const found = await call('manchesterSubmitter', 'GET', '/api/notes?authority=E08000026');
    expect(found.body.items.map((n: { id: string }) => n.id)).toContain(note.id);
  });

  test('the regional lead moderates its region’s published notes with a reason; another region’s lead cannot', async () => {
    const note = await create();
    const path = `/api/notes/${note.id}`;
    await call('coventrySubmitter', 'POST', `${path}/publish`, { version: 1 });
    expect((await call('westMidlandsLead', 'GET', path)).body.can).toMatchObject({ archive: true, edit: false });
    expect((await call('northWestLead', 'GET', path)).body.can).toMatchObject({ archive: false });
    const other = await call('northWestLead', 'POST', `${path}/archive`, { version: 2, reason: 'Not mine to judge' });
    expect(other.status).toBe(403);
    expect(other.body.detail).toMatch(/regional lead of West Midlands/);
    const noReason = await call('westMidlandsLead', 'POST', `${path}/archive`, { version: 2 });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0].field).toBe('reason');
    expect((await call('westMidlandsLead', 'GET', path)).body.status).toBe('published');
    const archived = await call('westMidlandsLead', 'POST', `${path}/archive`, {
      version: 2,
      reason: 'It names a member of staff.',
    });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'archived', archivedReason: 'It names a member of staff.' });
    // Gone for everyone else; its authority and the lead still see it, with the reason.
    for (const who of ['warwickshireSubmitter', 'manchesterSubmitter', 'northWestLead', 'admin'] as const) {
      expect((await call(who, 'GET', path)).status, who).toBe(404);
    }
    expect((await call('coventryViewer', 'GET', path)).body.archivedReason).toBe('It names a member of staff.');
    const leadList = await call('westMidlandsLead', 'GET', '/api/notes?status=archived');
    expect(leadList.body.items.map((n: { id: string }) => n.id)).toContain(note.id);
    const otherLeadList = await call('northWestLead', 'GET', '/api/notes?status=archived');
    expect(otherLeadList.body.items.map((n: { id: string }) => n.id)).not.toContain(note.id);
    // An archived note is not edited; its authority restores it as a draft to correct it.
    expect((await call('coventrySubmitter', 'PUT', path, { ...NOTE, version: 3 })).status).toBe(409);
    expect((await call('westMidlandsLead', 'POST', `${path}/restore`, { version: 3 })).status).toBe(403);
    const restored = await call('coventrySubmitter', 'POST', `${path}/restore`, { version: 3 });
    expect(restored.body).toMatchObject({ status: 'draft', archivedReason: null, version: 4 });
    // A lead does not archive a draft (it cannot see one).
    expect((await call('westMidlandsLead', 'POST', `${path}/archive`, { version: 4, reason: 'x' })).status).toBe(404);
    const history = await call('coventrySubmitter', 'GET', `${path}/revisions`);
    expect(history.body.map((r: { status: string; reason: string | null }) => [r.status, r.reason])).toEqual([
      ['draft', null],
      ['published', null],
      ['archived', 'It names a member of staff.'],
      ['draft', null],
    ]);
  });

  test('the evidence is the authority’s series against its region and England, as comparisons compute it', async () => {
    const evidence = await call('manchesterSubmitter', 'GET', '/api/notes/demo-grow-your-own/evidence');
    expect(evidence.status).toBe(200);
    expect(noteEvidenceSchema.safeParse(evidence.body).error).toBeUndefined();
    expect(evidence.body).toMatchObject({
      authority: { code: COVENTRY, name: 'Coventry' },
      region: { code: WEST_MIDLANDS, name: 'West Midlands' },
      minGroupSize: 5,
      demo: true,
    });
    const [share] = evidence.body.metrics;
    expect(share).toMatchObject({ from: '2022-23-Q1', to: '2023-24-Q4', openEnded: true });
    expect(share.metric.id).toBe('asyeShare');
    expect(share.trend.map((p: { period: string }) => p.period)).toEqual(periodRange('2022-23-Q1', '2023-24-Q4'));
    // The same numbers as Coventry's own comparison of the metric, quarter by quarter, but for its
    // statistical neighbours' group: worked out for Coventry as the viewer, it is not the note's
    // readers' to see.
    const comparison = await call('coventryViewer', 'GET', '/api/comparisons/2023-24-Q4/metrics/asyeShare');
    expect(comparison.body.trend.some((p: { neighbours?: number | null }) => typeof p.neighbours === 'number')).toBe(
      true,
    );
    expect(share.trend).toEqual(
      comparison.body.trend.map(({ neighbours: _, ...point }: { neighbours?: number | null }) => point),
    );
    // And its own line is metrics-core's on Coventry's accepted returns.
    const rows = await ctx.database.db
      .select({ period: returnRevisions.periodId, figures: returnRevisions.figures })
      .from(returnRevisions)
      .where(and(eq(returnRevisions.authorityCode, COVENTRY), eq(returnRevisions.revision, 2)));
    const history = rows.map((r) => ({ ...r.figures, period: r.period }) as unknown as QuarterlyFigures);
    const series = computeMetricSeries(history, periodRange('2022-23-Q1', '2023-24-Q4'));
    expect(share.trend.map((p: { own: number | null }) => p.own)).toEqual(
      periodRange('2022-23-Q1', '2023-24-Q4').map((p) => series.get(p)?.asyeShare.value ?? null),
    );
    // A closed range stops where it says.
    const closed = await call('coventryViewer', 'GET', '/api/notes/demo-progression-scheme/evidence');
    expect(closed.body.metrics[0].trend[0].period).toBe('2022-23-Q4');
  });

  test('the evidence grows as a new quarter is released with enough authorities, drafts never counted', async () => {
    const NEW = '2024-25-Q1';
    const westMidlands = reference.authorities.filter((a) => a.regionCode === WEST_MIDLANDS).map((a) => a.code);
    const { db } = ctx.database;
    const copy = async (code: string, status: 'draft' | 'submitted') => {
      const [last] = await db
        .select({ figures: returnRevisions.figures })
        .from(returnRevisions)
        .where(
          and(
            eq(returnRevisions.authorityCode, code),
            eq(returnRevisions.periodId, '2023-24-Q4'),
            eq(returnRevisions.revision, 2),
          ),
        );
      await db.insert(returns).values({ authorityCode: code, periodId: NEW, status, version: 1 });
      await db
        .insert(returnRevisions)
        .values({ authorityCode: code, periodId: NEW, revision: 1, status, figures: last?.figures ?? {} });
    };
    const periodsOf = async () =>
      (await call('coventryViewer', 'GET', '/api/notes/demo-agency-conversion/evidence')).body.metrics[0].trend.map(
        (p: { period: string }) => p.period,
      );
    expect((await periodsOf()).at(-1)).toBe('2023-24-Q4');
    // Coventry's draft and four other submissions: not yet enough authorities for the quarter to be compared.
    await copy(COVENTRY, 'draft');
    for (const code of westMidlands.filter((c) => c !== COVENTRY).slice(0, 4)) await copy(code, 'submitted');
    expect((await periodsOf()).at(-1)).toBe('2023-24-Q4');
    await copy(westMidlands.filter((c) => c !== COVENTRY)[4] as string, 'submitted');
    // Submitted, but not released: the evidence's group lines come from releases only.
    expect((await periodsOf()).at(-1)).toBe('2023-24-Q4');
    expect((await call('admin', 'POST', `/api/periods/${NEW}/releases`)).status).toBe(201);
    const periods = await periodsOf();
    expect(periods.at(-1)).toBe(NEW);
    const last = (
      await call('coventryViewer', 'GET', '/api/notes/demo-agency-conversion/evidence')
    ).body.metrics[0].trend.at(-1);
    // Coventry's own return is a draft: it counts for nobody, its own evidence included.
    expect(last.own).toBeNull();
    expect(last.region).not.toBeNull();
  });

  test('search ranks the closest notes first and highlights the words found', async () => {
    const ids = async (query: string, who: TestUser = 'manchesterSubmitter') => {
      const res = await call(who, 'GET', `/api/notes?${query}`);
      expect(res.status, query).toBe(200);
      expect(notePageSchema.safeParse(res.body).error).toBeUndefined();
      return res.body.items.map((n: { id: string }) => n.id).filter((id: string) => id.startsWith('demo-'));
    };
    // Both words: the academy, and not the cohort "nursery" (which has no academy).
    const academy = await ids('q=ASYE+academy');
    expect(academy[0]).toBe('demo-asye-academy');
    expect(academy).not.toContain('demo-asye-nursery');
    // Either note with ASYE in its title before any that only mention it further down.
    expect(new Set((await ids('q=ASYE')).slice(0, 2))).toEqual(new Set(['demo-asye-academy', 'demo-asye-nursery']));
    expect((await ids('q=agency'))[0]).toBe('demo-agency-conversion');
    // English stemming: "recruiting" finds "recruitment"; a phrase in quotes, only that phrase.
    expect((await ids('q=recruiting+applicants'))[0]).toBe('demo-streamlined-recruitment');
    expect(await ids('q=%22refer+a+friend%22')).toEqual(['demo-refer-a-friend']);
    expect(await ids('q=caseloads+-ASYE')).not.toContain('demo-asye-academy');
    expect(await ids('q=xylophone')).toEqual([]);
    const res = await call('manchesterSubmitter', 'GET', '/api/notes?q=ASYE+academy');
    const top = res.body.items.find((n: { id: string }) => n.id === 'demo-asye-academy');
    expect(res.body.items.map((n: { rank: number }) => n.rank)).toEqual(
      res.body.items.map((n: { rank: number }) => n.rank).sort((a: number, b: number) => b - a),
    );
    const marked = (parts: { text: string; mark: boolean }[]) => parts.filter((h) => h.mark).map((h) => h.text);
    expect(marked(top.highlights.title)).toEqual(['ASYE', 'academy']);
    expect(top.highlights.excerpt.some((h: { mark: boolean; text: string }) => h.mark && /ASYE/i.test(h.text))).toBe(
      true,
    );
    // The title's stretches join into the title.
    expect(top.highlights.title.map((h: { text: string }) => h.text).join('')).toBe(top.title);
    // Without words, newest first and no highlights.
    const newest = await call('manchesterSubmitter', 'GET', '/api/notes');
    const dates = newest.body.items.map((n: { publishedAt: string }) => n.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(newest.body.items[0].highlights).toBeNull();
  });

  test('filters by theme, region, metric and date, and pages', async () => {
    const ids = async (query: string) =>
      (await call('coventryViewer', 'GET', `/api/notes?${query}`)).body.items
        .map((n: { id: string }) => n.id)
        .filter((id: string) => id.startsWith('demo-'))
        .sort();
    const demo = (pick: (n: (typeof DEMO_NOTES)[number]) => boolean) =>
      DEMO_NOTES.filter(pick)
        .map((n) => n.id)
        .sort();
    expect(await ids('theme=wellbeing')).toEqual(['demo-wellbeing-wednesday']);
    const northWest = new Set(reference.authorities.filter((a) => a.regionCode === NORTH_WEST).map((a) => a.code));
    expect(await ids(`region=${NORTH_WEST}`)).toEqual(demo((n) => northWest.has(n.authorityCode)));
    expect(await ids('metric=asyeRetention')).toEqual(['demo-asye-academy', 'demo-asye-nursery']);
    expect(await ids('q=ASYE&region=E12000005&theme=asye-early-career')).toEqual(['demo-asye-academy']);
    expect(await ids('from=2024-03-01&to=2024-03-31')).toEqual(
      demo((n) => n.publishedAt >= '2024-03-01' && n.publishedAt < '2024-04-01'),
    );
    const page1 = (await call('coventryViewer', 'GET', '/api/notes?theme=recognition&pageSize=1&page=1')).body;
    const page2 = (await call('coventryViewer', 'GET', '/api/notes?theme=recognition&pageSize=1&page=2')).body;
    expect(page1.total).toBe(DEMO_NOTES.filter((n) => n.content.themes.includes('recognition')).length);
    expect(page1.items).toHaveLength(1);
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    const beyond = (await call('coventryViewer', 'GET', '/api/notes?theme=recognition&page=50')).body;
    expect(beyond).toMatchObject({ total: page1.total, items: [] });
    for (const [query, field] of [
      ['theme=nonsense', 'query.theme'],
      ['pageSize=500', 'query.pageSize'],
      ['from=2024-13-01', 'query.from'],
      ['metric=nonsense', 'query.metric'],
      ['region=E12000010', 'query.region'],
      ['status=deleted', 'query.status'],
      ['sort=random', 'query.sort'],
    ] as const) {
      const res = await call('coventryViewer', 'GET', `/api/notes?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  test('a note cannot forge a highlight: the markers are taken out of its text before searching', async () => {
    const forged = await create('coventrySubmitter', {
      ...NOTE,
      title: 'Caseload \ue000weights\ue001 explained',
      themes: ['workload-caseloads'],
    });
    await call('coventrySubmitter', 'POST', `/api/notes/${forged.id}/publish`, { version: 1 });
    const res = await call('coventryViewer', 'GET', '/api/notes?q=caseload+weights&theme=workload-caseloads');
    const item = res.body.items.find((n: { id: string }) => n.id === forged.id);
    expect(item.highlights.title).toEqual([
      { text: 'Caseload', mark: true },
      { text: ' ', mark: false },
      { text: 'weights', mark: true },
      { text: ' explained', mark: false },
    ]);
    expect(toHighlight('a \ue000b\ue001 c \ue000d')).toEqual([
      { text: 'a ', mark: false },
      { text: 'b', mark: true },
      { text: ' c ', mark: false },
      { text: 'd', mark: true },
    ]);
  });

  test('the search column is the database’s, and the body is searched as plain text', async () => {
    const note = await create('coventrySubmitter', {
      ...NOTE,
      body: 'See [the guidance](https://example.test/zebracrossing) and <b>bold</b> **moves**.',
    });
    const [row] = rowsOf<{ body_text: string; words: string }>(
      await ctx.database.db.execute(
        sql`SELECT body_text, search::text AS words FROM practice_notes WHERE id = ${note.id}`,
      ),
    );
    expect(row?.body_text).toBe('See the guidance and <b>bold</b> moves.');
    // Link addresses are not searched; the words of the note are.
    expect(row?.words).not.toContain('zebracross');
    expect(row?.words).toContain("'guidanc'");
  });
});
