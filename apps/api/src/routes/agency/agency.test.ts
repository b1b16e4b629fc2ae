/**
 * The agency annex: saved whole with versions and revisions, following the return's lifecycle;
 * validated field by field (API) and row by row (CSV/XLSX); price caps with dates and history, an
 * assignment judged by the cap in force at its start; compliance against figures worked by hand;
 * DfE's export; registration numbers only for the authority's own users, never logged, removed after
 * their retention.
 */
import { PROBLEM_TYPES } from '@csc-workforce/schemas';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { putReturn } from '../../../test/fixtures.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { agencyAnnexes, agencyAssignments, auditLog, periods } from '../../db/schema.js';
import { sweepRegistrations } from '../../services/agency.js';

const COVENTRY = 'E08000026';
const WARWICKSHIRE = 'E10000031';
const WEST_MIDLANDS = 'E12000005';
const NORTH_WEST = 'E12000002';
const P = '2034-35-Q4'; // quarter end 2035-03-31

/** Four assignments worked by hand against the caps below (see the compliance test). */
const ASSIGNMENTS = [
  {
    roleType: 'social-worker',
    hourlyRate: 38,
    startDate: '2034-10-01',
    endDate: '2035-06-30',
    registrationNumber: 'SW100001',
    pqeYears: 5,
    references: 2,
    projectTeam: false,
    projectTeamApproved: false,
    coolOff: false,
  },
  {
    roleType: 'social-worker',
    hourlyRate: 38,
    startDate: '2035-02-01',
    endDate: '2035-09-30',
    registrationNumber: 'SW100002',
    pqeYears: 2,
    references: 2,
    projectTeam: false,
    projectTeamApproved: false,
    coolOff: false,
  },
  {
    roleType: 'team-manager',
    hourlyRate: 60,
    startDate: '2034-06-01',
    endDate: '2035-12-31',
    registrationNumber: null,
    pqeYears: 8,
    references: 1,
    projectTeam: true,
    projectTeamApproved: false,
    coolOff: true,
  },
  {
    roleType: 'advanced-practitioner',
    hourlyRate: 70,
    startDate: '2034-09-01',
    endDate: '2035-04-30',
    registrationNumber: 'SW100004',
    pqeYears: 4,
    references: 2,
    projectTeam: true,
    projectTeamApproved: true,
    coolOff: false,
  },
];
const NUMBERS = ['SW100001', 'SW100002', 'SW100004', 'SW200001'];

describe.each(DB_KINDS)('the agency annex on %s', (kind) => {
  let ctx: TestContext;
  let clients: Record<TestUser, Client>;
  const lines: string[] = [];

  beforeAll(async () => {
    ctx = await createTestContext(kind, {}, { log: (line) => lines.push(line) });
    clients = await signInAll(ctx, [
      'coventrySubmitter',
      'coventryViewer',
      'warwickshireSubmitter',
      'manchesterSubmitter',
      'westMidlandsLead',
      'northWestLead',
      'admin',
    ] as TestUser[]);
    await ctx.database.db.insert(periods).values({ id: P, status: 'open', dueDate: '2035-05-10' });
    await putReturn(ctx.database.db, COVENTRY, P, 'draft', { agencySpend: 450_000, agencyFte: 15 });
  }, 120_000);
  afterAll(() => ctx.close());

  const path = (authority = COVENTRY) => `/api/agency/${authority}/${P}`;
  const stored = async () => [
    await ctx.database.db.$count(agencyAnnexes),
    await ctx.database.db.$count(agencyAssignments),
    await ctx.database.db.$count(auditLog),
  ];
  const save = (version: number, assignments: unknown[], who: TestUser = 'coventrySubmitter', authority = COVENTRY) =>
    clients[who].request('PUT', path(authority), { version, assignments });
  const setStatus = (status: 'draft' | 'submitted' | 'accepted' | 'returned') =>
    putReturn(ctx.database.db, COVENTRY, P, status, { agencySpend: 450_000, agencyFte: 15 });

  test('a region’s lead and admins set price caps from a date; history kept; audited; the region’s users read them', async () => {
    const lead = clients.westMidlandsLead;
    for (const cap of [
      { roleType: 'social-worker', hourlyCap: 40, effectiveFrom: '2034-04-01' },
      { roleType: 'social-worker', hourlyCap: 36, effectiveFrom: '2035-01-01' },
      { roleType: 'team-manager', hourlyCap: 55, effectiveFrom: '2034-04-01' },
    ]) {
      const res = await lead.request('POST', `/api/regions/${WEST_MIDLANDS}/agency-caps`, cap);
      expect(res.status, JSON.stringify(cap)).toBe(201);
      expect(await json(res)).toMatchObject({ ...cap, regionCode: WEST_MIDLANDS, setByName: expect.any(String) });
    }
    const admin = await clients.admin.request('POST', `/api/regions/${NORTH_WEST}/agency-caps`, {
      roleType: 'social-worker',
      hourlyCap: 39,
      effectiveFrom: '2034-04-01',
    });
    expect(admin.status).toBe(201);
    // Another region's lead, and anyone else, cannot.
    expect(
      (
        await clients.northWestLead.request('POST', `/api/regions/${WEST_MIDLANDS}/agency-caps`, {
          roleType: 'social-worker',
          hourlyCap: 99,
          effectiveFrom: '2034-04-01',
        })
      ).status,
    ).toBe(404);
    const caps = await json(await clients.coventryViewer.request('GET', `/api/agency-caps/${COVENTRY}`));
    expect(caps.map((c: { roleType: string; hourlyCap: number }) => [c.roleType, c.hourlyCap])).toEqual([
      ['social-worker', 36],
      ['social-worker', 40],
      ['team-manager', 55],
    ]);
    expect(
      await json(await clients.northWestLead.request('GET', `/api/regions/${NORTH_WEST}/agency-caps`)),
    ).toHaveLength(1);
    const entries = await ctx.database.db.query.auditLog.findMany({
      where: (t, { eq }) => eq(t.action, 'set-agency-cap'),
    });
    expect(entries).toHaveLength(4);
    expect(entries[1]?.detail).toEqual({
      hourlyCap: 36,
      effectiveFrom: '2035-01-01',
      before: { hourlyCap: 40, effectiveFrom: '2034-04-01' },
    });
  });

  test('a bad cap is refused naming the field; nothing changes', async () => {
    const before = await stored();
    for (const [body, field] of [
      [{ roleType: 'locum', hourlyCap: 40, effectiveFrom: '2035-01-01' }, 'roleType'],
      [{ roleType: 'social-worker', hourlyCap: 0, effectiveFrom: '2035-01-01' }, 'hourlyCap'],
      [{ roleType: 'social-worker', hourlyCap: 40, effectiveFrom: '2035-02-30' }, 'effectiveFrom'],
    ] as const) {
      const res = await clients.westMidlandsLead.request('POST', `/api/regions/${WEST_MIDLANDS}/agency-caps`, body);
      expect(res.status).toBe(422);
      expect((await json(res)).errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await stored()).toEqual(before);
  });

  test('a submitter saves the whole list; its users see registration numbers, its lead does not; audited without them', async () => {
    const empty = await json(await clients.coventryViewer.request('GET', path()));
    expect(empty).toMatchObject({
      version: 0,
      assignments: [],
      editable: true,
      returnStatus: 'draft',
      quarterEnd: '2035-03-31',
    });
    const res = await save(0, ASSIGNMENTS);
    expect(res.status).toBe(200);
    const saved = await json(res);
    expect(saved).toMatchObject({ version: 1, missingRegistrations: 1, registrationNumbersShown: true });
    expect(saved.assignments.map((a: { registrationNumber: string | null }) => a.registrationNumber)).toEqual([
      'SW100001',
      'SW100002',
      null,
      'SW100004',
    ]);
    const viewer = await json(await clients.coventryViewer.request('GET', path()));
    expect(viewer.assignments[0]).toMatchObject({ position: 1, registrationNumber: 'SW100001', hourlyRate: 38 });
    const lead = await clients.westMidlandsLead.request('GET', path());
    const leadText = await lead.text();
    expect(lead.status).toBe(200);
    expect(JSON.parse(leadText)).toMatchObject({ registrationNumbersShown: false, missingRegistrations: 1 });
    for (const n of NUMBERS) expect(leadText).not.toContain(n);
    // Another authority's users: as if it did not exist.
    expect((await clients.warwickshireSubmitter.request('GET', path())).status).toBe(404);
    expect((await clients.manchesterSubmitter.request('GET', path())).status).toBe(404);
    const [entry] = await ctx.database.db.query.auditLog.findMany({
      where: (t, { eq }) => eq(t.action, 'save-agency-annex'),
    });
    expect(entry?.detail).toEqual({ version: 1, assignments: 4, missingRegistrations: 1 });
    const revisions = await json(await clients.westMidlandsLead.request('GET', `${path()}/revisions`));
    expect(revisions).toEqual([expect.objectContaining({ revision: 1, assignments: 4, action: 'save' })]);
  });

  test('bad assignments are refused by rule and field, the shape by field; nothing changes', async () => {
    const before = await stored();
    const [a] = ASSIGNMENTS;
    const res = await save(1, [
      a,
      { ...a, registrationNumber: 'SW7', hourlyRate: 0, endDate: '2034-09-30' },
      { ...a, registrationNumber: '12345', hourlyRate: 400 },
      { ...a, registrationNumber: 'SW100001' },
    ]);
    expect(res.status).toBe(422);
    const problem = await json(res);
    expect(problem.type).toBe(PROBLEM_TYPES.validation);
    expect(problem.errors.map((e: { code: string; field: string }) => `${e.code} ${e.field}`)).toEqual([
      'A001 assignments.1.hourlyRate',
      'A003 assignments.1.endDate',
      'A005 assignments.1.endDate',
      'A002 assignments.2.hourlyRate',
      'A006 assignments.2.registrationNumber',
      'A010 assignments.3.registrationNumber',
    ]);
    const shape = await save(1, [{ ...a, roleType: 'locum', startDate: 'soon', projectTeam: 'maybe' }]);
    expect(shape.status).toBe(422);
    expect((await json(shape)).errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'assignments.0.projectTeam',
      'assignments.0.roleType',
      'assignments.0.startDate',
    ]);
    expect(await stored()).toEqual(before);
  });

  test('a save on a version that moved on is refused (409), never merged', async () => {
    const before = await stored();
    const res = await save(0, ASSIGNMENTS.slice(0, 1));
    expect(res.status).toBe(409);
    expect((await json(res)).type).toBe(PROBLEM_TYPES.conflict);
    expect(await stored()).toEqual(before);
  });

  test('compliance against figures worked by hand, each assignment judged by the cap in force at its start', async () => {
    // 1. SW £38 from 1 Oct 2034: cap £40 then, within. 2. SW £38 from 1 Feb 2035: cap £36 then, over; 2 years.
    // 3. TM £60 (cap £55): over; 1 reference; project team not approved; cool-off. 4. AP £70: no cap for the role.
    const res = await clients.coventryViewer.request('GET', `${path()}/compliance`);
    expect(res.status).toBe(200);
    const c = await json(res);
    const measures = Object.fromEntries(
      c.measures.map((m: { id: string; numerator: number; denominator: number }) => [
        m.id,
        [m.numerator, m.denominator],
      ]),
    );
    expect(measures).toEqual({
      withinCap: [1, 3],
      experienced: [3, 4],
      twoReferences: [3, 4],
      inProjectTeams: [2, 4],
      insideCoolOff: [1, 4],
    });
    expect(c.measures[0].value).toBeCloseTo(100 / 3, 10);
    expect(c.rates).toEqual([
      expect.objectContaining({
        roleType: 'social-worker',
        averageRate: 38,
        capped: 2,
        averageCap: 38,
        percentOfCap: 100,
      }),
      expect.objectContaining({ roleType: 'advanced-practitioner', averageRate: 70, capped: 0, percentOfCap: null }),
      expect.objectContaining({
        roleType: 'team-manager',
        averageRate: 60,
        averageCap: 55,
        percentOfCap: (60 / 55) * 100,
      }),
    ]);
    expect(c.spendPerAgencyFte).toEqual({ value: 30_000, reason: null });
    expect(c.missingRegistrations).toBe(1);
    expect(
      c.breaches.map((b: { position: number; capInForce: number | null; breaches: { code: string }[] }) => [
        b.position,
        b.capInForce,
        b.breaches.map((x) => x.code),
      ]),
    ).toEqual([
      [2, 36, ['over-cap', 'pqe-under-3']],
      [3, 55, ['over-cap', 'references-under-2', 'project-team-not-approved', 'cool-off']],
    ]);
    // The lead sees the region named, Coventry's breaches included, and the region pooled.
    const region = await json(
      await clients.westMidlandsLead.request('GET', `/api/regions/${WEST_MIDLANDS}/agency/${P}/compliance`),
    );
    const coventry = region.authorities.find((a: { authorityCode: string }) => a.authorityCode === COVENTRY);
    expect(coventry.breaches).toHaveLength(2);
    expect(region.authorities.length).toBeGreaterThan(5);
    expect(region.pooled.find((m: { id: string }) => m.id === 'withinCap')).toMatchObject({
      numerator: 1,
      denominator: 3,
    });
    // Authority users never see the region's named list.
    expect(
      (await clients.coventryViewer.request('GET', `/api/regions/${WEST_MIDLANDS}/agency/${P}/compliance`)).status,
    ).toBe(403);
    expect(
      (await clients.northWestLead.request('GET', `/api/regions/${WEST_MIDLANDS}/agency/${P}/compliance`)).status,
    ).toBe(404);
  });

  test('the annex follows the return: locked when submitted or accepted, open again when sent back', async () => {
    const head = async () => (await json(await clients.coventrySubmitter.request('GET', path()))).version as number;
    await setStatus('submitted');
    const before = await stored();
    const locked = await save(await head(), ASSIGNMENTS);
    expect(locked.status).toBe(409);
    expect((await json(locked)).type).toBe(PROBLEM_TYPES.invalidStatus);
    expect((await json(await clients.coventrySubmitter.request('GET', path()))).editable).toBe(false);
    await setStatus('accepted');
    expect((await save(await head(), ASSIGNMENTS)).status).toBe(409);
    expect(await stored()).toEqual(before);
    await setStatus('returned');
    const again = await save(await head(), ASSIGNMENTS);
    expect(again.status).toBe(200);
    expect((await json(again)).version).toBe(2);
    await setStatus('draft');
  });

  test('a CSV upload replaces the annex; errors name their row and column, and nothing changes', async () => {
    const who = clients.warwickshireSubmitter;
    const url = `${path(WARWICKSHIRE)}/import`;
    const header = [
      'role_type',
      'hourly_rate',
      'start_date',
      'end_date',
      'registration_number',
      'pqe_years',
      'references',
      'project_team',
      'cool_off',
    ];
    const good = ['Social worker', '39.50', '01/12/2034', '2035-06-30', 'SW200001', '6', '2', 'no', 'no'];
    const before = await stored();
    const bad = await who.request(
      'POST',
      url,
      stringify([
        header,
        good,
        ['locum', '39', '2034-12-01', '2035-06-30', '', '6', '2', 'no', 'no'],
        ['team-manager', 'forty', '2034-12-01', '2034-11-01', 'SW9', '6', '2', 'perhaps', 'no'],
        ['team-manager', '800', '2034-12-01', '2035-06-30', 'SW200001', '6', '2', 'yes', 'no'],
      ]),
      { 'content-type': 'text/csv' },
    );
    expect(bad.status).toBe(422);
    const problem = await json(bad);
    expect(problem.type).toBe(PROBLEM_TYPES.import);
    expect(problem.errors.map((e: { row: number; column: string }) => `${e.row} ${e.column}`)).toEqual([
      '3 role_type',
      '4 hourly_rate',
      '4 project_team',
    ]);
    // Once the shapes are right, the rules: by row and column too.
    const rules = await who.request(
      'POST',
      url,
      stringify([header, good, ['team-manager', '800', '2034-12-01', '2034-11-01', 'sw200001', '6', '2', 'yes', 'no']]),
      { 'content-type': 'text/csv' },
    );
    expect(rules.status).toBe(422);
    expect(
      (await json(rules)).errors.map(
        (e: { code: string; row: number; column: string }) => `${e.code} ${e.row} ${e.column}`,
      ),
    ).toEqual(['A002 3 hourly_rate', 'A003 3 end_date', 'A005 3 end_date', 'A010 3 registration_number']);
    const unknown = await who.request(
      'POST',
      url,
      stringify([
        [...header, 'worker_name'],
        [...good, 'Ann'],
      ]),
      {
        'content-type': 'text/csv',
      },
    );
    expect((await json(unknown)).errors).toEqual([
      expect.objectContaining({ row: 1, message: expect.stringMatching(/worker_name/) }),
    ]);
    expect(await stored()).toEqual(before);
    const ok = await who.request('POST', url, stringify([header, good]), { 'content-type': 'text/csv' });
    expect(ok.status).toBe(200);
    expect((await json(ok)).assignments).toEqual([
      expect.objectContaining({
        roleType: 'social-worker',
        hourlyRate: 39.5,
        startDate: '2034-12-01',
        registrationNumber: 'SW200001',
      }),
    ]);
    // Not for another authority's submitter.
    expect(
      (await clients.coventrySubmitter.request('POST', url, stringify([header, good]), { 'content-type': 'text/csv' }))
        .status,
    ).toBe(404);
  });

  test('an XLSX upload: dates as dates, flags as words; errors by row and column', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Annex');
    sheet.addRow([
      'role_type',
      'hourly_rate',
      'start_date',
      'end_date',
      'pqe_years',
      'references',
      'project_team',
      'project_team_approved',
      'cool_off',
    ]);
    sheet.addRow([
      'team-manager',
      52,
      new Date(Date.UTC(2035, 0, 6)),
      new Date(Date.UTC(2035, 5, 30)),
      9,
      3,
      'yes',
      'yes',
      'no',
    ]);
    sheet.addRow([
      'team-manager',
      -52,
      new Date(Date.UTC(2035, 0, 6)),
      new Date(Date.UTC(2035, 5, 30)),
      9,
      3,
      'yes',
      'no',
      'no',
    ]);
    const upload = async () =>
      ctx.app.request(`${path(WARWICKSHIRE)}/import`, {
        method: 'POST',
        headers: {
          ...clients.warwickshireSubmitter.headers,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: new Uint8Array(await workbook.xlsx.writeBuffer()),
      });
    const bad = await upload();
    expect(bad.status).toBe(422);
    expect((await json(bad)).errors).toEqual([
      expect.objectContaining({ code: 'A001', row: 3, column: 'hourly_rate' }),
    ]);
    sheet.spliceRows(3, 1);
    const ok = await upload();
    expect(ok.status).toBe(200);
    expect((await json(ok)).assignments).toEqual([
      expect.objectContaining({
        startDate: '2035-01-06',
        endDate: '2035-06-30',
        projectTeamApproved: true,
        registrationNumber: null,
      }),
    ]);
  });

  test('DfE’s export: the items of DfE’s list per assignment, with compliance and reasons; the authority’s own users only', async () => {
    const res = await clients.coventryViewer.request('GET', `${path()}/dfe-export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const rows = parse(await res.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(
      rows.map((r) => [r.role_type, r.hourly_charge_rate_gbp, r.swe_registration_number, r.project_team, r.compliant]),
    ).toEqual([
      ['Social worker', '38', 'SW100001', 'no', 'yes'],
      ['Social worker', '38', 'SW100002', 'no', 'no'],
      ['Team manager', '60', '', 'yes', 'no'],
      ['Advanced practitioner', '70', 'SW100004', 'yes', 'yes'],
    ]);
    expect(rows[1]).toMatchObject({
      local_authority_code: COVENTRY,
      period: P,
      quarter_end: '2035-03-31',
      assignment_start_date: '2035-02-01',
      assignment_end_date: '2035-09-30',
      non_compliance_reasons:
        'Charged above the price cap in force at its start; Under 3 years’ post-qualifying experience',
    });
    expect((await clients.westMidlandsLead.request('GET', `${path()}/dfe-export.csv`)).status).toBe(403);
    expect((await clients.warwickshireSubmitter.request('GET', `${path()}/dfe-export.csv`)).status).toBe(404);
  });

  test('registration numbers appear in no other authority’s answer, no lead’s, and no log line', async () => {
    const answers: string[] = [];
    for (const [who, url] of [
      ['westMidlandsLead', path()],
      ['westMidlandsLead', `${path()}/compliance`],
      ['westMidlandsLead', `/api/regions/${WEST_MIDLANDS}/agency/${P}/compliance`],
      ['westMidlandsLead', `${path(WARWICKSHIRE)}`],
      ['warwickshireSubmitter', `${path(WARWICKSHIRE)}/compliance`],
      ['coventryViewer', `${path()}/compliance`],
      ['coventryViewer', `/api/comparisons/${P}`],
      ['admin', `/api/audit`],
    ] as const) {
      answers.push(await (await clients[who].request('GET', url)).text());
    }
    const coventryNumbers = ['SW100001', 'SW100002', 'SW100004'];
    for (const text of answers) for (const n of coventryNumbers) expect(text).not.toContain(n);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) for (const n of NUMBERS) expect(line).not.toContain(n);
  });

  test('retention: a number is removed once its assignment ended longer ago than the period, in every revision', async () => {
    const numbers = async () =>
      (
        await ctx.database.db
          .select({
            revision: agencyAssignments.revision,
            line: agencyAssignments.line,
            n: agencyAssignments.registrationNumber,
          })
          .from(agencyAssignments)
          .where(and(eq(agencyAssignments.authorityCode, COVENTRY), eq(agencyAssignments.periodId, P)))
          .orderBy(agencyAssignments.revision, agencyAssignments.line)
      ).map((r) => `${r.revision}.${r.line} ${r.n}`);
    expect(await numbers()).toEqual([
      '1.1 SW100001',
      '1.2 SW100002',
      '1.3 null',
      '1.4 SW100004',
      '2.1 SW100001',
      '2.2 SW100002',
      '2.3 null',
      '2.4 SW100004',
    ]);
    // 10 days: on 10 July 2035 assignment 4 (ended 30 April) goes, assignment 1 (ended 30 June) stays…
    expect(await sweepRegistrations(ctx.database.db, new Date('2035-07-10T12:00:00Z'), 10)).toBe(2);
    expect(await numbers()).toEqual([
      '1.1 SW100001',
      '1.2 SW100002',
      '1.3 null',
      '1.4 null',
      '2.1 SW100001',
      '2.2 SW100002',
      '2.3 null',
      '2.4 null',
    ]);
    // …until the next day (with Warwickshire's of the CSV upload, which also ended on 30 June).
    expect(await sweepRegistrations(ctx.database.db, new Date('2035-07-11T12:00:00Z'), 10)).toBe(3);
    expect(await sweepRegistrations(ctx.database.db, new Date('2035-07-11T13:00:00Z'), 10)).toBe(0);
    const annex = await json(await clients.coventryViewer.request('GET', path()));
    expect(
      annex.assignments.map((a: { registrationNumber: string | null; registrationRemoved: boolean }) => [
        a.registrationNumber,
        a.registrationRemoved,
      ]),
    ).toEqual([
      [null, true],
      ['SW100002', false],
      [null, false],
      [null, true],
    ]);
    // Removed numbers are not counted as missing.
    expect(annex.missingRegistrations).toBe(1);
    const entries = await ctx.database.db.query.auditLog.findMany({
      where: (t, { eq }) => eq(t.action, 'remove-agency-registrations'),
    });
    expect(entries.map((e) => e.detail)).toEqual([
      { removed: 2, endedBefore: '2035-06-30', retentionDays: 10 },
      { removed: 3, endedBefore: '2035-07-01', retentionDays: 10 },
    ]);
  });
});
