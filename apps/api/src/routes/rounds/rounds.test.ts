import { type MailKind, trackerSchema } from '@csc-workforce/schemas';
import { asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PERIOD, VALID_RETURN } from '../../../test/fixtures.js';
import {
  type Client,
  createTestContext,
  DB_KINDS,
  json,
  signInAll,
  type TestContext,
  type TestUser,
} from '../../../test/harness.js';
import { auditLog, outbox } from '../../db/schema.js';

const COVENTRY = 'E08000026';
const WARWICKSHIRE = 'E10000031';
const MANCHESTER = 'E08000003';
const WEST_MIDLANDS = 'E12000005';
const round = (region = WEST_MIDLANDS, period = PERIOD) => `/api/regions/${region}/rounds/${period}`;
const ret = (authority: string, period = PERIOD) => `/api/returns/${authority}/${period}`;
/** A return with a high caseload (W003), explained in its comment. */
const WITH_WARNING = { ...VALID_RETURN, casesHeld: 6000, comment: 'Two teams merged in the quarter.' };

const USERS: TestUser[] = [
  'admin',
  'coventrySubmitter',
  'coventryViewer',
  'warwickshireSubmitter',
  'manchesterSubmitter',
  'westMidlandsLead',
  'northWestLead',
];

describe.each(DB_KINDS)('collection rounds and review on %s', (kind) => {
  let ctx: TestContext;
  const clients = {} as Record<TestUser, Client>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    Object.assign(clients, await signInAll(ctx, USERS));
    // The period exists, closed for every region, due on 31 July 2024; the app's clock is later.
    expect(
      (await clients.admin.request('POST', '/api/periods', { id: PERIOD, status: 'closed', dueDate: '2024-10-31' }))
        .status,
    ).toBe(201);
  });
  afterAll(() => ctx.close());

  const mailsOf = async (kindOf: MailKind) =>
    ctx.database.db.select().from(outbox).where(eq(outbox.kind, kindOf)).orderBy(asc(outbox.id));

  /** Every stored row a refused request could touch. */
  const snapshot = async () => {
    const { db } = ctx.database;
    return JSON.stringify([
      await db.query.returns.findMany({ orderBy: (t, { asc }) => [asc(t.authorityCode), asc(t.periodId)] }),
      await db.query.returnRevisions.findMany({
        orderBy: (t, { asc }) => [asc(t.authorityCode), asc(t.periodId), asc(t.revision)],
      }),
      await db.query.collectionRounds.findMany(),
      await db.select().from(outbox).orderBy(asc(outbox.id)),
    ]);
  };

  test('only the lead of the region runs its round: other roles 403, another region 404, anonymous 401', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/regions/${WEST_MIDLANDS}/rounds`],
      ['GET', round()],
      ['PATCH', round(), { status: 'open' }],
      ['POST', `${round()}/reminders`, {}],
      ['GET', `${round()}/pack?format=xlsx`],
      ['GET', `${round()}/pack?format=csv`],
    ];
    const before = await snapshot();
    for (const [method, path, body] of routes) {
      for (const who of ['admin', 'coventrySubmitter', 'coventryViewer'] as TestUser[]) {
        const res = await clients[who].request(method, path, body);
        expect([who, method, path, res.status]).toEqual([who, method, path, 403]);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
      const other = await clients.northWestLead.request(method, path, body);
      expect(['northWestLead', method, path, other.status]).toEqual(['northWestLead', method, path, 404]);
      const anonymous = await ctx.app.request(path, {
        method,
        ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });
      expect(anonymous.status).toBe(401);
    }
    // And the review of a return of another region.
    for (const [action, body] of [
      ['accept', { version: 1 }],
      ['send-back', { version: 1, reason: 'No.' }],
    ] as const) {
      expect((await clients.northWestLead.request('POST', `${ret(COVENTRY)}/${action}`, body)).status).toBe(404);
    }
    expect(await snapshot()).toBe(before);
    // A region that does not exist reads as another region; a malformed code is a 400.
    expect((await clients.westMidlandsLead.request('GET', round('E12000099'))).status).toBe(404);
    expect((await clients.westMidlandsLead.request('GET', round('nowhere'))).status).toBe(400);
    expect((await clients.westMidlandsLead.request('GET', round(WEST_MIDLANDS, '2099-01-Q1'))).status).toBe(400);
    expect((await clients.westMidlandsLead.request('GET', round(WEST_MIDLANDS, '2030-31-Q1'))).status).toBe(404);
  });

  test('while the round is closed nobody in the region can save; the lead opens it and its submitters are told', async () => {
    const closed = await clients.coventrySubmitter.request('PUT', ret(COVENTRY), { version: 0, figures: VALID_RETURN });
    expect(closed.status).toBe(409);
    expect((await json(closed)).detail).toMatch(/Ask your regional lead to open the round/);

    const opened = await clients.westMidlandsLead.request('PATCH', round(), { status: 'open' });
    expect(opened.status).toBe(200);
    expect(await json(opened)).toMatchObject({
      period: PERIOD,
      regionCode: WEST_MIDLANDS,
      regionName: 'West Midlands',
      status: 'open',
      periodStatus: 'closed',
      dueDate: '2024-10-31',
      regional: true,
      updatedByName: 'Lee Lead',
    });
    // Open for the West Midlands only.
    expect(
      (await clients.coventrySubmitter.request('PUT', ret(COVENTRY), { version: 0, figures: VALID_RETURN })).status,
    ).toBe(201);
    const manchester = await clients.manchesterSubmitter.request('PUT', ret(MANCHESTER), {
      version: 0,
      figures: VALID_RETURN,
    });
    expect(manchester.status).toBe(409);
    // Each user's list of periods says the same.
    const periodOf = async (who: TestUser) =>
      (await json(await clients[who].request('GET', '/api/periods'))).find((p: { id: string }) => p.id === PERIOD);
    expect(await periodOf('coventryViewer')).toMatchObject({ status: 'open', dueDate: '2024-10-31' });
    expect(await periodOf('manchesterSubmitter')).toMatchObject({ status: 'closed' });
    expect(await periodOf('admin')).toMatchObject({ status: 'closed' });

    // The region's submitters (Coventry and Warwickshire have one each) get an e-mail, kept in the
    // outbox as no SMTP server is configured; nobody outside the region does.
    const sent = await mailsOf('round-opened');
    expect(sent.map((m) => m.toAddress).sort()).toEqual([
      'submitter@coventry.test.example',
      'submitter@warwickshire.test.example',
    ]);
    expect(sent.every((m) => m.status === 'kept')).toBe(true);
    expect(sent[0]?.subject).toMatch(/2024-25 Q2 workforce return: collection open, due 31 October 2024/);
    expect(sent[0]?.body).toMatch(/http:\/\/localhost:\d+\/returns\/2024-25-Q2/);
    // Opening an open round again writes no mail.
    await clients.westMidlandsLead.request('PATCH', round(), { status: 'open' });
    expect(await mailsOf('round-opened')).toHaveLength(2);
    const [entry] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'open-round'));
    expect(entry).toMatchObject({ userId: 'u-wm-lead', entity: 'round', entityId: `${WEST_MIDLANDS}/${PERIOD}` });
  });

  test('the tracker lists every authority of the region with its status, warnings, comment and what is overdue', async () => {
    // Warwickshire submits a return with a warning explained in its comment.
    const saved = await json(
      await clients.warwickshireSubmitter.request('PUT', ret(WARWICKSHIRE), { version: 0, figures: WITH_WARNING }),
    );
    expect(
      (
        await clients.warwickshireSubmitter.request('POST', `${ret(WARWICKSHIRE)}/submit`, {
          version: saved.version,
          declaration: true,
        })
      ).status,
    ).toBe(200);
    const res = await clients.westMidlandsLead.request('GET', round());
    expect(res.status).toBe(200);
    const body = trackerSchema.parse(await json(res));
    expect(body.authorities).toHaveLength(14);
    expect(body.summary).toEqual({
      authorities: 14,
      submitted: 1,
      notStarted: 12,
      draft: 1,
      awaitingReview: 1,
      returned: 0,
      accepted: 0,
    });
    const byCode = new Map(body.authorities.map((a) => [a.code, a]));
    expect(byCode.get(WARWICKSHIRE)).toMatchObject({
      status: 'submitted',
      version: 2,
      updatedByName: 'Wren Submitter',
      overdue: false,
      errors: 0,
      comment: 'Two teams merged in the quarter.',
      submitters: 1,
      warnings: [expect.objectContaining({ code: 'W003', field: 'figures.casesHeld' })],
    });
    expect(byCode.get(COVENTRY)).toMatchObject({ status: 'draft', version: 1, submitters: 1 });
    expect(byCode.get('E08000025')).toMatchObject({ name: 'Birmingham', status: 'not_started', submitters: 0 });
    expect([...byCode.keys()]).not.toContain(MANCHESTER);
    // The test clock is in the present, after the due date: everything not submitted is overdue.
    expect(body.overdue).toBe(true);
    expect(byCode.get(COVENTRY)?.overdue).toBe(true);
    expect(byCode.get(WARWICKSHIRE)?.overdue).toBe(false);
    // A later due date set by the lead: nothing is overdue, and the tracker and the periods say so.
    const later = await clients.westMidlandsLead.request('PATCH', round(), { dueDate: '2099-12-31' });
    expect(await json(later)).toMatchObject({ status: 'open', dueDate: '2099-12-31' });
    const again = await json(await clients.westMidlandsLead.request('GET', round()));
    expect(again.overdue).toBe(false);
    expect(again.authorities.some((a: { overdue: boolean }) => a.overdue)).toBe(false);
    // Back to the period's own date.
    expect(await json(await clients.westMidlandsLead.request('PATCH', round(), { dueDate: null }))).toMatchObject({
      dueDate: '2024-10-31',
    });
    // Bad changes are refused naming the field, and change nothing.
    const before = await snapshot();
    for (const bad of [{}, { status: 'paused' }, { dueDate: '31/10/2024' }, { status: 'open', extra: 1 }]) {
      const refused = await clients.westMidlandsLead.request('PATCH', round(), bad);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(await snapshot()).toBe(before);
  });

  test('the round list shows each period with how far the region got', async () => {
    const list = await json(await clients.westMidlandsLead.request('GET', `/api/regions/${WEST_MIDLANDS}/rounds`));
    expect(list).toEqual([
      expect.objectContaining({ period: PERIOD, status: 'open', authorities: 14, submitted: 1, accepted: 0 }),
    ]);
  });

  test('a reminder reaches the submitters of the authorities that have not submitted, and is audited', async () => {
    const res = await clients.westMidlandsLead.request('POST', `${round()}/reminders`, {
      message: 'Please submit by Friday.',
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.reminded).toEqual([{ code: COVENTRY, name: 'Coventry' }]);
    expect(body.recipients).toBe(1);
    expect(body.withoutSubmitter).toHaveLength(12);
    expect(body.withoutSubmitter.map((a: { code: string }) => a.code)).not.toContain(WARWICKSHIRE);
    const [mail] = await mailsOf('reminder');
    expect(mail).toMatchObject({ toAddress: 'submitter@coventry.test.example', status: 'kept' });
    expect(mail?.body).toMatch(/Please submit by Friday\./);
    expect(mail?.subject).toMatch(/Reminder: Coventry's 2024-25 Q2 workforce return/);
    // The test clock is past the due date: the reminder says the return is overdue, not that it is due.
    expect(mail?.subject).toMatch(/is overdue since 31 October 2024$/);
    expect(mail?.body).toMatch(
      /has not yet submitted its 2024-25 Q2 workforce return, overdue since 31 October 2024\./,
    );
    expect(`${mail?.subject}\n${mail?.body}`).not.toMatch(/due by/);
    const [entry] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'send-reminder'));
    expect(entry?.detail).toEqual({ authorities: [COVENTRY], recipients: 1 });
    const tracked = await json(await clients.westMidlandsLead.request('GET', round()));
    const coventry = tracked.authorities.find((a: { code: string }) => a.code === COVENTRY);
    expect(coventry.lastRemindedAt).toBe(entry?.at.toISOString());
    // A message that is not text is refused.
    expect((await clients.westMidlandsLead.request('POST', `${round()}/reminders`, { message: 5 })).status).toBe(422);
  });

  test('accept locks a return; send back unlocks it; a new revision after acceptance needs acceptance again', async () => {
    const lead = clients.westMidlandsLead;
    const submitter = clients.warwickshireSubmitter;
    let current = await json(await lead.request('GET', ret(WARWICKSHIRE)));
    expect(current.status).toBe('submitted');

    // The lead accepts the version they reviewed.
    const accepted = await lead.request('POST', `${ret(WARWICKSHIRE)}/accept`, { version: current.version });
    expect(accepted.status).toBe(200);
    current = await json(accepted);
    expect(current).toMatchObject({ status: 'accepted', version: 3, updatedByName: 'Lee Lead', returnedReason: null });
    // The lead changed no figures: "last saved" is still the submitter's save (revision 1), in the
    // answer, in the return as read and in the list; the decision is the latest revision's.
    const savedBySubmitter = async (revision: number) => {
      const revisions = await json(await lead.request('GET', `${ret(WARWICKSHIRE)}/revisions`));
      const saved = revisions.find((r: { revision: number }) => r.revision === revision);
      return { savedAt: saved.createdAt, savedBy: 'u-warks-sub', savedByName: 'Wren Submitter' };
    };
    const firstSave = await savedBySubmitter(1);
    expect(current).toMatchObject({ ...firstSave, updatedBy: 'u-wm-lead' });
    expect(await json(await submitter.request('GET', ret(WARWICKSHIRE)))).toMatchObject({
      ...firstSave,
      updatedByName: 'Lee Lead',
    });
    const listed = await json(await lead.request('GET', `/api/returns?authority=${WARWICKSHIRE}&period=${PERIOD}`));
    expect(listed).toEqual([expect.objectContaining({ ...firstSave, updatedByName: 'Lee Lead' })]);
    expect((await mailsOf('accepted')).map((m) => m.toAddress)).toEqual(['submitter@warwickshire.test.example']);

    // Locked: the submitter can neither save nor submit it; accepting twice is refused too.
    const before = await snapshot();
    const locked = await submitter.request('PUT', ret(WARWICKSHIRE), { version: 3, figures: VALID_RETURN });
    expect(locked.status).toBe(409);
    const lockedProblem = await json(locked);
    expect(lockedProblem).toMatchObject({ type: '/problems/invalid-status', title: 'The return is accepted' });
    expect(lockedProblem.detail).toMatch(/locked.*send it back/);
    expect(
      (await submitter.request('POST', `${ret(WARWICKSHIRE)}/submit`, { version: 3, declaration: true })).status,
    ).toBe(409);
    expect((await lead.request('POST', `${ret(WARWICKSHIRE)}/accept`, { version: 3 })).status).toBe(409);
    // Neither may anyone but the lead decide.
    for (const who of ['warwickshireSubmitter', 'admin'] as TestUser[]) {
      expect((await clients[who].request('POST', `${ret(WARWICKSHIRE)}/accept`, { version: 3 })).status).toBe(403);
    }
    // A send-back needs a reason.
    for (const body of [{ version: 3 }, { version: 3, reason: '   ' }, { version: 3, reason: 'x'.repeat(2001) }]) {
      expect((await lead.request('POST', `${ret(WARWICKSHIRE)}/send-back`, body)).status).toBe(422);
    }
    expect(await snapshot()).toBe(before);

    // The lead sends the accepted return back: it unlocks, with the reason for the authority.
    const reason = 'Caseload of 33 per FTE: please check cases held against case-holding FTE.';
    const back = await lead.request('POST', `${ret(WARWICKSHIRE)}/send-back`, { version: 3, reason });
    expect(back.status).toBe(200);
    expect(await json(back)).toMatchObject({ status: 'returned', version: 4, returnedReason: reason, ...firstSave });
    const [returnedMail] = await mailsOf('returned');
    expect(returnedMail?.toAddress).toBe('submitter@warwickshire.test.example');
    expect(returnedMail?.body).toContain(reason);
    // The authority sees the reason on its return (its home page reads it) while it corrects it.
    const fixed = await submitter.request('PUT', ret(WARWICKSHIRE), {
      version: 4,
      figures: { ...VALID_RETURN, comment: 'Cases held corrected.' },
    });
    expect(fixed.status).toBe(200);
    // The submitter's save is the figures' last save now.
    expect(await json(fixed)).toMatchObject({
      status: 'draft',
      version: 5,
      returnedReason: reason,
      ...(await savedBySubmitter(5)),
    });
    const resubmitted = await submitter.request('POST', `${ret(WARWICKSHIRE)}/submit`, {
      version: 5,
      declaration: true,
    });
    expect(await json(resubmitted)).toMatchObject({ status: 'submitted', version: 6, returnedReason: null });
    // The new revision counts only once the lead accepts it again.
    const tracked = await json(await lead.request('GET', round()));
    expect(tracked.summary).toMatchObject({ awaitingReview: 1, accepted: 0 });
    expect(await json(await lead.request('POST', `${ret(WARWICKSHIRE)}/accept`, { version: 6 }))).toMatchObject({
      status: 'accepted',
      version: 7,
      updatedByName: 'Lee Lead',
      ...(await savedBySubmitter(5)),
    });
    const revisions = await json(await lead.request('GET', `${ret(WARWICKSHIRE)}/revisions`));
    expect(revisions.map((r: { status: string }) => r.status)).toEqual([
      'draft',
      'submitted',
      'accepted',
      'returned',
      'draft',
      'submitted',
      'accepted',
    ]);
    // A draft cannot be accepted or sent back.
    const draft = await json(await lead.request('GET', ret(COVENTRY)));
    const notYet = await lead.request('POST', `${ret(COVENTRY)}/accept`, { version: draft.version });
    expect(notYet.status).toBe(409);
    expect((await json(notYet)).detail).toMatch(/Only a submitted return can be accepted; this one is draft/);
    expect(
      (await lead.request('POST', `${ret(COVENTRY)}/send-back`, { version: draft.version, reason: 'Why?' })).status,
    ).toBe(409);
  });

  test('concurrent accept and edit of one version: one wins, the other gets a conflict, nothing is lost', async () => {
    const lead = clients.westMidlandsLead;
    const submitter = clients.coventrySubmitter;
    for (let attempt = 0; attempt < 4; attempt++) {
      let current = await json(await lead.request('GET', ret(COVENTRY)));
      if (current.status === 'accepted') {
        current = await json(
          await lead.request('POST', `${ret(COVENTRY)}/send-back`, { version: current.version, reason: 'Again.' }),
        );
      }
      if (current.status !== 'submitted') {
        current = await json(
          await submitter.request('POST', `${ret(COVENTRY)}/submit`, { version: current.version, declaration: true }),
        );
      }
      expect(current.status).toBe('submitted');
      const v = current.version;
      const edit = { ...VALID_RETURN, asyeStarted: 10 + attempt };
      const [accept, save] = await Promise.all([
        lead.request('POST', `${ret(COVENTRY)}/accept`, { version: v }),
        submitter.request('PUT', ret(COVENTRY), { version: v, figures: edit }),
      ]);
      expect([accept.status, save.status].sort()).toEqual([200, 409]);
      const loser = accept.status === 409 ? accept : save;
      expect((await json(loser)).type).toBe('/problems/version-conflict');
      const after = await json(await lead.request('GET', ret(COVENTRY)));
      expect(after.version).toBe(v + 1);
      if (accept.status === 200) {
        expect(after).toMatchObject({ status: 'accepted' });
        expect(after.figures.asyeStarted).toBe(current.figures.asyeStarted);
      } else {
        expect(after).toMatchObject({ status: 'draft' });
        expect(after.figures.asyeStarted).toBe(10 + attempt);
      }
      // One revision per successful write: none lost, none doubled.
      const revisions = await json(await lead.request('GET', `${ret(COVENTRY)}/revisions`));
      expect(revisions.map((r: { revision: number }) => r.revision)).toEqual(
        Array.from({ length: v + 1 }, (_, i) => i + 1),
      );
    }
  });

  test('the regional pack: an XLSX workbook with the region named and a sheet per metric, and the same as CSV', async () => {
    const res = await clients.westMidlandsLead.request('GET', `${round()}/pack?format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="regional-pack-${WEST_MIDLANDS}-${PERIOD}.xlsx"`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const names = workbook.worksheets.map((s) => s.name);
    expect(names[0]).toBe('About');
    expect(names[1]).toBe('Returns');
    expect(names.at(-1)).toBe('Definitions');
    expect(names).toContain('Vacancy rate');
    expect(names).toContain('Sickness absence rate in the qu');
    expect(names).toContain('Turnover rate (headcount)');
    expect(names).toContain('Vacancies covered by agency wor');
    // About, Returns, a sheet for each of the 17 metrics, Definitions.
    expect(names).toHaveLength(20);
    const text = (name: string) => {
      const rows: string[] = [];
      workbook.getWorksheet(name)?.eachRow((row) => {
        rows.push((row.values as unknown[]).slice(1).join('|'));
      });
      return rows;
    };
    const returns = text('Returns');
    expect(returns).toHaveLength(15);
    expect(returns).toContain(`${WARWICKSHIRE}|Warwickshire|Accepted|yes`);
    expect(returns).toContain('E08000025|Birmingham|Not started|no');
    const vacancy = text('Vacancy rate');
    expect(vacancy[0]).toBe('Vacancy rate, 2024-25 Q2');
    expect(vacancy.some((r) => r.startsWith(`${WARWICKSHIRE}|Warwickshire|`))).toBe(true);
    expect(vacancy.some((r) => r.includes('West Midlands (region)'))).toBe(true);
    expect(vacancy.some((r) => r.startsWith('E92000001|England|'))).toBe(true);
    // DfE's published figures for England and the region sit under the region's.
    expect(vacancy.some((r) => r.startsWith('E92000001|DfE England 2023|'))).toBe(true);
    expect(JSON.stringify(workbook.worksheets.map((s) => text(s.name)))).not.toContain('Manchester');

    const csv = await clients.westMidlandsLead.request('GET', `${round()}/pack?format=csv`);
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^metric,unit,code,name,2024-25 Q2,numerator,denominator/);
    expect(lines.filter((l) => l.startsWith('Vacancy rate,%,E10000031,Warwickshire,'))).toHaveLength(1);
    // Why a value is missing, in words: Birmingham has no return for the quarter, not "insufficient-history".
    const birmingham = lines.find((l) => l.startsWith('Vacancy rate,%,E08000025,Birmingham,'));
    expect(birmingham).toMatch(/No counted \(submitted or accepted\) return for 2024-25 Q2/);
    expect(lines.join('\n')).not.toMatch(/insufficient-history|missing-input|zero-denominator/);
    expect((await clients.westMidlandsLead.request('GET', `${round()}/pack?format=pdf`)).status).toBe(400);
  });

  test('an admin closing the period closes it for every region, whatever the lead set', async () => {
    expect((await clients.admin.request('PATCH', `/api/periods/${PERIOD}`, { status: 'closed' })).status).toBe(200);
    expect(await json(await clients.westMidlandsLead.request('GET', round()))).toMatchObject({
      round: { status: 'closed', periodStatus: 'closed' },
    });
    const refused = await clients.coventrySubmitter.request('PUT', ret(COVENTRY), {
      version: (await json(await clients.coventrySubmitter.request('GET', ret(COVENTRY)))).version,
      figures: VALID_RETURN,
    });
    expect(refused.status).toBe(409);
    // No reminders in a closed round.
    expect((await clients.westMidlandsLead.request('POST', `${round()}/reminders`, {})).status).toBe(409);
  });

  test('reopening e-mails the submitters only when asked: notify false writes no mail, true (or left out) does', async () => {
    const opened = async () => (await mailsOf('round-opened')).length;
    const audited = async () =>
      (
        await ctx.database.db
          .select()
          .from(auditLog)
          .where(eq(auditLog.entityId, `${WEST_MIDLANDS}/${PERIOD}`))
          .orderBy(asc(auditLog.id))
      ).map((e) => [e.action, e.detail]);
    const before = await opened();
    const auditBefore = (await audited()).length;
    // A notify that is not a boolean is refused, and changes nothing; so is notify alone.
    const snap = await snapshot();
    for (const bad of [{ status: 'open', notify: 'yes' }, { notify: true }]) {
      expect((await clients.westMidlandsLead.request('PATCH', round(), bad)).status).toBe(422);
    }
    expect(await snapshot()).toBe(snap);

    // Opened without e-mail: the round is open, the audit entry is as before, no mail is written.
    const quiet = await clients.westMidlandsLead.request('PATCH', round(), { status: 'open', notify: false });
    expect(quiet.status).toBe(200);
    expect(await json(quiet)).toMatchObject({ status: 'open' });
    expect(await opened()).toBe(before);
    // Closing it ignores notify.
    const closed = await clients.westMidlandsLead.request('PATCH', round(), { status: 'closed', notify: true });
    expect(await json(closed)).toMatchObject({ status: 'closed' });
    expect(await opened()).toBe(before);

    // Opened with e-mail: the region's two submitters are written to.
    expect((await clients.westMidlandsLead.request('PATCH', round(), { status: 'open', notify: true })).status).toBe(
      200,
    );
    const sent = await mailsOf('round-opened');
    expect(
      sent
        .slice(before)
        .map((m) => m.toAddress)
        .sort(),
    ).toEqual(['submitter@coventry.test.example', 'submitter@warwickshire.test.example']);
    expect((await audited()).slice(auditBefore)).toEqual([
      ['open-round', { status: 'open' }],
      ['close-round', { status: 'closed' }],
      ['open-round', { status: 'open' }],
    ]);
    // Leave the round closed, as the test found it.
    expect((await clients.westMidlandsLead.request('PATCH', round(), { status: 'closed' })).status).toBe(200);
  });
});
