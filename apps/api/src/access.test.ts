/**
 * Access control, route by route: every route of the OpenAPI document × every role (anonymous,
 * authority_viewer, authority_submitter, regional_lead, admin) × own and other scope, against the one
 * table below. A route in the document without an entry fails the test, by name, so no route ships
 * unchecked; an entry for a route that is gone fails it too.
 *
 * HOW TO ADD A ROUTE: one line in ACCESS, `'METHOD /api/path/{param}': r(anonymous, viewer, submitter,
 * lead, admin, options?)`, each the status expected for that role. Write `'200/404'` where the answer
 * depends on scope: the first for the caller's own authority (or, for a lead, an authority of their
 * region), the second for another's. The callers are Coventry's viewer and submitter and the West
 * Midlands lead; "other" is Warwickshire (same region, another authority) and Manchester (another
 * region), and both must give the second status. Options:
 * - `body`: the request body of a change (POST/PUT/PATCH/DELETE with a body): a valid one, so that
 *   the answer is about access, not validation. `(c) => …` gets the case (role, scope, authority).
 * - `query`: a query string, `{authority}` filled as in paths (a scoped query, e.g. a list filter).
 * - `params`: fillers for path parameters that PARAMS does not know (such as `{id}`).
 * - `fresh`: run each case with a new session (routes that end or replace the caller's session).
 * - `scoped`: the body depends on scope, so run both scopes even with no scoped parameter.
 * - `again`: the status when the same request is made a second time (a change made once, such as a release).
 * Path parameters named in PARAMS (authority, period, metric, revision) are filled by name.
 *
 * Besides the status, every case checks that errors are problem+json, that a refused request changed
 * nothing stored, and that no answer carries a marker of a return outside the caller's scope (each
 * authority's return has a comment naming it; XLSX and other binary answers are not searched).
 *
 * The OpenAPI document's `security` of each operation must say the same as the table (an empty one
 * for a route anonymous callers may use; else the session cookie and, unless the route is for the
 * session only, an API token, each naming the roles allowed: every other role is 403 in the table),
 * and the routes must enforce it before reading the request: an anonymous caller gets 401 and another
 * role 403 whatever the path, query and body hold (never a 400 or 422 that would tell them anything),
 * an API token is refused (403) where only the session is taken, and taken where it is.
 */

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Fingerprint, fingerprinter } from '../test/fingerprint.js';
import { csv, PERIOD, rowOf, VALID_RETURN } from '../test/fixtures.js';
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
} from '../test/harness.js';
import { dfeNeighbourModel, dfePublishedRelease } from './db/paths.js';
import { apiTokens, metricTargets, outbox, users } from './db/schema.js';
import { TOKEN_PREFIX } from './lib/auth.js';
import { loadNeighbourModel } from './services/neighbours.js';
import { loadRelease } from './services/published.js';

/** DfE's file as the server loaded it (so loading it again finds its release). */
const dfeFile = () => new TextDecoder('utf-8', { ignoreBOM: true }).decode(dfePublishedRelease().bytes);
/** A metric the case's authority has a target for (so that removing it can succeed). */
const withTarget: Filler = async (c) => {
  await c.ctx.database.db
    .insert(metricTargets)
    .values({ authorityCode: c.authority, metric: 'agencyRate', value: 10, byPeriod: '2025-26-Q4', setAt: new Date() })
    .onConflictDoNothing();
  return 'agencyRate';
};
let releaseCount = 0;
/** A release in force to withdraw: DfE's file with blank lines after it (the same figures, another file). */
const freshRelease: Filler = async (c) =>
  (await loadRelease(c.ctx.database.db, `${dfeFile()}${'\n'.repeat(++releaseCount)}`, { userId: null })).release.id;

let modelCount = 0;
/** DfE's 2021 neighbours as another file (blank lines after it): the same neighbours, a model not loaded yet. */
const anotherModel = () =>
  `${new TextDecoder('utf-8', { ignoreBOM: true }).decode(dfeNeighbourModel().bytes)}${'\n'.repeat(++modelCount)}`;
/** A model loaded but not in force, to put in force. */
const freshModel: Filler = async (c) =>
  (
    await loadNeighbourModel(c.ctx.database.db, new TextEncoder().encode(anotherModel()), {
      name: 'Statistical neighbours (access test)',
      userId: null,
      inForce: false,
    })
  ).id;

import { digest, newId, newSecret } from './lib/tokens.js';

const COVENTRY = 'E08000026';
const WARWICKSHIRE = 'E10000031';
const MANCHESTER = 'E08000003';

type Role = 'anonymous' | 'viewer' | 'submitter' | 'lead' | 'admin';
type Scope = 'own' | 'other';
const ROLES: Record<Role, TestUser | null> = {
  anonymous: null,
  viewer: 'coventryViewer',
  submitter: 'coventrySubmitter',
  lead: 'westMidlandsLead',
  admin: 'admin',
};
/** The authorities whose returns each role may read: the rest are "other". */
const READABLE: Record<Role, string[]> = {
  anonymous: [],
  viewer: [COVENTRY],
  submitter: [COVENTRY],
  lead: [COVENTRY, WARWICKSHIRE],
  admin: [],
};
/** The role names of the API (as the OpenAPI document's `security` lists them) of the table's roles. */
const ROLE_NAMES: Record<Exclude<Role, 'anonymous'>, string> = {
  viewer: 'authority_viewer',
  submitter: 'authority_submitter',
  lead: 'regional_lead',
  admin: 'admin',
};
const SIGNED_IN = Object.keys(ROLE_NAMES) as Exclude<Role, 'anonymous'>[];
const OTHER: Record<Role, string[]> = {
  anonymous: [WARWICKSHIRE],
  viewer: [WARWICKSHIRE, MANCHESTER],
  submitter: [WARWICKSHIRE, MANCHESTER],
  lead: [MANCHESTER],
  admin: [MANCHESTER],
};

/** One case: who asks, in which scope, about which authority. */
interface Case {
  readonly ctx: TestContext;
  readonly role: Role;
  readonly scope: Scope;
  /** The authority of the case: the caller's own (or one of its region), or another. */
  readonly authority: string;
}
/** A raw body with its media type (files); anything else is sent as JSON. */
interface Raw {
  readonly raw: string;
  readonly type: string;
}
type Filler = (c: Case) => string | Promise<string>;
type Expect = number | `${number}/${number}`;
interface Options {
  body?: (c: Case) => unknown;
  query?: string;
  params?: Record<string, Filler>;
  fresh?: boolean;
  scoped?: boolean;
  /** The status of the same request made again, for a change that happens once (a release). */
  again?: number;
}
interface Access {
  readonly expect: Record<Role, Expect>;
  readonly options: Options;
}
const r = (anonymous: Expect, viewer: Expect, submitter: Expect, lead: Expect, admin: Expect, options: Options = {}) =>
  ({ expect: { anonymous, viewer, submitter, lead, admin }, options }) satisfies Access;

/** Path parameters filled by name. `authority` is the case's own or other authority: it makes a route scoped. */
const PARAMS: Record<string, Filler> = {
  authority: (c) => c.authority,
  // The region of the case's authority: the lead's own for Coventry and Warwickshire, another for Manchester.
  region: (c) => (c.authority === MANCHESTER ? 'E12000002' : 'E12000005'),
  period: () => PERIOD,
  metric: () => 'vacancyRate',
  revision: () => '1',
};
const SCOPED_PARAMS = new Set(['authority', 'region']);

// ---------------------------------------------------------------------------------------------
// Bodies and fillers of the routes that need them

/** The version of a return now, so a save or submission would be accepted if access allowed it. */
async function versionOf(c: Case): Promise<number> {
  const row = await c.ctx.database.db.query.returns.findFirst({
    where: (t, { and, eq }) => and(eq(t.authorityCode, c.authority), eq(t.periodId, PERIOD)),
  });
  return row?.version ?? 0;
}
const marker = (authority: string) => `Confidential comment of ${authority}`;
const saveBody = async (c: Case) => ({
  version: await versionOf(c),
  figures: { ...VALID_RETURN, comment: marker(c.authority) },
});
const submitBody = async (c: Case) => ({ version: await versionOf(c), declaration: true });
let periodCount = 0;
/** A period not added before: 2040-41 Q1 onwards. */
const newPeriod = () => {
  const n = periodCount++;
  return { id: `${2040 + Math.floor(n / 4)}-${(41 + Math.floor(n / 4)) % 100}-Q${(n % 4) + 1}`, status: 'closed' };
};
const importBody = (c: Case): Raw => ({
  raw: csv([rowOf(PERIOD, { ...VALID_RETURN, comment: marker(c.authority) }, c.authority)]),
  type: 'text/csv',
});
/** A row of the case's authority for a quarter long past (its closed period is made by the first import). */
const historyBody = (c: Case): Raw => ({
  raw: csv([rowOf('2016-17-Q1', { ...VALID_RETURN, comment: marker(c.authority) }, c.authority)]),
  type: 'text/csv',
});
const loginBody = (c: Case) => ({
  email: TEST_USERS[ROLES[c.role] ?? 'admin'].email,
  password: c.role === 'anonymous' ? 'not the password' : PASSWORD,
});
/** A token of the caller (own), or of another user (other), made for the case. */
const tokenId: Filler = async (c) => {
  const owner = c.scope === 'own' && ROLES[c.role] ? (ROLES[c.role] as TestUser) : 'manchesterSubmitter';
  const id = newId();
  await c.ctx.database.db
    .insert(apiTokens)
    .values({ id, userId: TEST_USERS[owner].id, name: 'case', tokenHash: digest(id) });
  return id;
};

/** A decision on the case's return, which is first made 'submitted' (so the lead's own may decide). */
const decision = (extra: object) => async (c: Case) => {
  await c.ctx.database.db.execute(
    sql`UPDATE returns SET status = 'submitted' WHERE authority_code = ${c.authority} AND period_id = ${PERIOD}`,
  );
  return { version: Math.max(1, await versionOf(c)), ...extra };
};

/** A practice note's content. */
const NOTE = {
  title: 'An ASYE academy',
  summary: 'Twelve weeks of protected learning.',
  body: 'We built an **academy**.',
  themes: ['asye-early-career'],
  authorName: 'Ann Author',
  authorRole: 'Principal social worker',
};
const SUBMITTERS: Record<string, TestUser> = {
  [COVENTRY]: 'coventrySubmitter',
  [WARWICKSHIRE]: 'warwickshireSubmitter',
  [MANCHESTER]: 'manchesterSubmitter',
};
const noteClients = new Map<string, Client>();
/** A new note of the case's authority, written by its submitter: a draft, published, or archived by them. */
const noteOf =
  (status: 'draft' | 'published' | 'archived'): Filler =>
  async (c) => {
    const who = SUBMITTERS[c.authority] as TestUser;
    const key = `${c.ctx.kind}:${who}`;
    let client = noteClients.get(key);
    if (!client) {
      client = await signIn(c.ctx, who);
      noteClients.set(key, client);
    }
    const note = await json(await client.request('POST', '/api/notes', NOTE));
    let version = note.version as number;
    if (status !== 'draft') {
      version = (await json(await client.request('POST', `/api/notes/${note.id}/publish`, { version }))).version;
    }
    if (status === 'archived') {
      await client.request('POST', `/api/notes/${note.id}/archive`, { version, reason: 'Withdrawn.' });
    }
    return note.id as string;
  };
let userCount = 0;
/**
 * A user made for the case (so deactivating it changes nobody the matrix signs in as): active, or
 * invited (not active yet, no password).
 */
const userOf =
  (status: 'active' | 'invited'): Filler =>
  async (c) => {
    const id = `u-case-${userCount++}`;
    await c.ctx.database.db.insert(users).values({
      id,
      email: `${id}@test.example`,
      name: 'Case User',
      role: 'authority_viewer',
      authorityCode: COVENTRY,
      active: status === 'active',
    });
    return id;
  };
const freshUser = userOf('active');
const newUser = () => ({
  email: `invited-${userCount++}@test.example`,
  name: 'Ivy Invited',
  role: 'authority_viewer',
  authorityCode: COVENTRY,
});
let authorityCount = 0;
const newAuthority = () => ({
  code: `E0699${String(9000 + authorityCount++).padStart(4, '0')}`,
  name: `New authority ${authorityCount}`,
  regionCode: 'E12000005',
});
/** The authority's own name again: a change that changes nothing others see. */
const sameName = async (c: Case) => {
  const row = await c.ctx.database.db.query.authorities.findFirst({ where: (t, { eq }) => eq(t.code, c.authority) });
  return { name: row?.name ?? 'Unknown' };
};
/** A mail in the outbox. */
const mailId: Filler = async (c) => {
  const [row] = await c.ctx.database.db
    .insert(outbox)
    .values({ toAddress: 'someone@test.example', subject: 'Case', body: 'Case', kind: 'reminder', status: 'kept' })
    .returning({ id: outbox.id });
  return String(row?.id);
};
const TOKEN = 'A'.repeat(43);
/** One agency assignment open at the end of PERIOD (2024-25 Q2, 30 September 2024). */
const ASSIGNMENT = {
  roleType: 'social-worker',
  hourlyRate: 38,
  startDate: '2024-07-01',
  endDate: '2024-12-31',
  registrationNumber: 'SW424242',
  pqeYears: 4,
  references: 2,
  projectTeam: false,
  projectTeamApproved: false,
  coolOff: false,
};
/** The case's return made a draft again (the annex follows it), and the annex's version now. */
async function annexVersion(c: Case): Promise<number> {
  await c.ctx.database.db.execute(
    sql`UPDATE returns SET status = 'draft' WHERE authority_code = ${c.authority} AND period_id = ${PERIOD}`,
  );
  const row = await c.ctx.database.db.query.agencyAnnexes.findFirst({
    where: (t, { and, eq }) => and(eq(t.authorityCode, c.authority), eq(t.periodId, PERIOD)),
  });
  return row?.version ?? 0;
}
const annexBody = async (c: Case) => ({ version: await annexVersion(c), assignments: [ASSIGNMENT] });
const annexFile = async (c: Case): Promise<Raw> => {
  await annexVersion(c);
  return {
    raw: 'role_type,hourly_rate,start_date,end_date,pqe_years,references,project_team,cool_off\nsocial-worker,38,2024-07-01,2024-12-31,4,2,no,no\n',
    type: 'text/csv',
  };
};
let capCount = 0;
const capBody = () => ({ roleType: 'team-manager', hourlyCap: 50 + (capCount++ % 10), effectiveFrom: '2024-04-01' });

// ---------------------------------------------------------------------------------------------
// THE TABLE: every route of the OpenAPI document, one line each.

// biome-ignore format: a table is easier to read and to extend aligned
const ACCESS: Record<string, Access> = {
  //                                                            anonymous  viewer     submitter  lead       admin
  'GET /api/health':                                          r(200,       200,       200,       200,       200),
  'POST /api/auth/login':                                     r(401,       200,       200,       200,       200, { body: loginBody, fresh: true }),
  'POST /api/auth/logout':                                    r(204,       204,       204,       204,       204, { fresh: true }),
  'GET /api/auth/session':                                    r(200,       200,       200,       200,       200),
  'GET /api/auth/tokens':                                     r(401,       200,       200,       200,       200),
  'POST /api/auth/tokens':                                    r(401,       201,       201,       201,       201, { body: () => ({ name: 'access matrix' }) }),
  'POST /api/auth/password':                                  r(401,       422,       422,       422,       422, { body: () => ({ currentPassword: 'not the password at all', newPassword: 'a long enough new password' }) }),
  'DELETE /api/auth/tokens/{id}':                             r(401,       '204/404', '204/404', '204/404', '204/404', { params: { id: tokenId }, scoped: true }),
  'GET /api/regions':                                         r(401,       200,       200,       200,       200),
  'GET /api/authorities':                                     r(401,       200,       200,       200,       200),
  'GET /api/periods':                                         r(401,       200,       200,       200,       200),
  'POST /api/periods':                                        r(401,       403,       403,       403,       201, { body: newPeriod }),
  'PATCH /api/periods/{period}':                              r(401,       403,       403,       403,       200, { body: () => ({ dueDate: '2024-11-29' }) }),
  'GET /api/returns':                                         r(401,       200,       200,       200,       403, { query: 'authority={authority}&figures=true' }),
  'GET /api/returns/{authority}/{period}':                    r(401,       '200/404', '200/404', '200/404', 403),
  'PUT /api/returns/{authority}/{period}':                    r(401,       403,       '200/404', 403,       403, { body: saveBody }),
  'POST /api/returns/{authority}/{period}/submit':            r(401,       403,       '200/404', 403,       403, { body: submitBody }),
  'GET /api/returns/{authority}/{period}/revisions':          r(401,       '200/404', '200/404', '200/404', 403),
  'GET /api/returns/{authority}/{period}/revisions/{revision}': r(401,     '200/404', '200/404', '200/404', 403),
  'GET /api/returns/template.csv':                            r(401,       200,       200,       200,       200),
  'GET /api/returns/template.xlsx':                           r(401,       200,       200,       200,       200),
  'GET /api/returns/template-guide.csv':                      r(401,       200,       200,       200,       200),
  'POST /api/returns/import':                                 r(401,       403,       '200/422', 403,       403, { body: importBody, scoped: true }),
  'GET /api/returns/history-template.csv':                    r(401,       403,       403,       200,       200),
  'GET /api/returns/history-example.csv':                     r(401,       403,       403,       200,       200),
  'POST /api/returns/history-import':                         r(401,       403,       403,       '200/422', 200, { body: historyBody, scoped: true }),
  'GET /api/returns/export.csv':                              r(401,       200,       200,       200,       403),
  'GET /api/returns/export.xlsx':                             r(401,       200,       200,       200,       403),
  'GET /api/neighbours':                                      r(401,       403,       403,       403,       200),
  'GET /api/neighbours/{authority}':                          r(401,       '200/404', '200/404', '200/404', 403),
  'GET /api/neighbours/models':                               r(401,       403,       403,       403,       200),
  'POST /api/neighbours/models/preview':                      r(401,       403,       403,       403,       200, { body: () => ({ raw: anotherModel(), type: 'text/csv' }) }),
  'POST /api/neighbours/models':                              r(401,       403,       403,       403,       201, { body: () => ({ raw: anotherModel(), type: 'text/csv' }) }),
  'POST /api/neighbours/models/{id}/choose':                  r(401,       403,       403,       403,       200, { params: { id: freshModel } }),
  'GET /api/targets/{authority}':                             r(401,       '200/404', '200/404', '200/404', 403),
  'PUT /api/targets/{authority}/{metric}':                    r(401,       403,       '201/404', 403,       403, { body: () => ({ value: 12.5, by: '2025-26-Q4', note: 'From the workforce plan.' }) }),
  'DELETE /api/targets/{authority}/{metric}':                 r(401,       403,       '204/404', 403,       403, { params: { metric: withTarget } }),
  'GET /api/agency/{authority}/{period}':                     r(401,       '200/404', '200/404', '200/404', 403),
  'PUT /api/agency/{authority}/{period}':                     r(401,       403,       '200/404', 403,       403, { body: annexBody }),
  'GET /api/agency/{authority}/{period}/revisions':           r(401,       '200/404', '200/404', '200/404', 403),
  'POST /api/agency/{authority}/{period}/import':             r(401,       403,       '200/404', 403,       403, { body: annexFile }),
  'GET /api/agency/{authority}/{period}/compliance':          r(401,       '200/404', '200/404', '200/404', 403),
  'GET /api/agency/{authority}/{period}/comparison':          r(401,       '200/404', '200/404', '200/404', 403),
  'GET /api/agency/{authority}/{period}/dfe-export.csv':      r(401,       '200/404', '200/404', 403,       403),
  'GET /api/agency-caps/{authority}':                         r(401,       '200/404', '200/404', '200/404', 403),
  'GET /api/regions/{region}/agency-caps':                    r(401,       403,       403,       '200/404', 200),
  'POST /api/regions/{region}/agency-caps':                   r(401,       403,       403,       '201/404', 201, { body: capBody }),
  'GET /api/regions/{region}/agency/{period}/compliance':     r(401,       403,       403,       '200/404', 403),
  'GET /api/published/releases':                              r(401,       200,       200,       200,       200),
  'POST /api/published/releases':                             r(401,       403,       403,       403,       200, { body: () => ({ raw: dfeFile(), type: 'text/csv' }) }),
  'POST /api/published/releases/preview':                     r(401,       403,       403,       403,       200, { body: () => ({ raw: dfeFile(), type: 'text/csv' }) }),
  'POST /api/published/releases/{id}/withdraw':               r(401,       403,       403,       403,       200, { params: { id: freshRelease } }),
  'GET /api/published/figures':                               r(401,       200,       200,       200,       200, { query: 'year=2023&area=E92000001' }),
  'GET /api/periods/{period}/releases':                       r(401,       403,       403,       200,       200),
  'POST /api/periods/{period}/releases':                      r(401,       403,       403,       403,       201, { again: 409 }),
  'GET /api/periods/{period}/releases/{sequence}':            r(401,       403,       403,       200,       200, { params: { sequence: () => '1' } }),
  'GET /api/comparisons':                                     r(401,       200,       200,       200,       403),
  'GET /api/comparisons/{period}':                            r(401,       200,       200,       200,       403),
  'GET /api/comparisons/{period}/metrics/{metric}':           r(401,       200,       200,       200,       403),
  'GET /api/comparisons/{period}/export':                     r(401,       200,       200,       200,       403),
  'POST /api/returns/{authority}/{period}/accept':            r(401,       403,       403,       '200/404', 403, { body: decision({}) }),
  'POST /api/returns/{authority}/{period}/send-back':         r(401,       403,       403,       '200/404', 403, { body: decision({ reason: 'Check it.' }) }),
  'GET /api/regions/{region}/rounds':                         r(401,       403,       403,       '200/404', 403),
  'GET /api/regions/{region}/rounds/{period}':                r(401,       403,       403,       '200/404', 403),
  'PATCH /api/regions/{region}/rounds/{period}':              r(401,       403,       403,       '200/404', 403, { body: () => ({ dueDate: '2024-11-29' }) }),
  'POST /api/regions/{region}/rounds/{period}/reminders':     r(401,       403,       403,       '200/404', 403, { body: () => ({}) }),
  'GET /api/regions/{region}/rounds/{period}/pack':           r(401,       403,       403,       '200/404', 403, { query: 'format=csv' }),
  'GET /api/notes':                                           r(401,       200,       200,       200,       200),
  'POST /api/notes':                                          r(401,       403,       201,       403,       403, { body: () => NOTE }),
  'GET /api/notes/{id}':                                      r(401,       '200/404', '200/404', 404,       404, { params: { id: noteOf('draft') }, scoped: true }),
  'PUT /api/notes/{id}':                                      r(401,       403,       '200/404', 403,       403, { params: { id: noteOf('draft') }, body: () => ({ ...NOTE, version: 1 }), scoped: true }),
  'POST /api/notes/{id}/publish':                             r(401,       403,       '200/404', 403,       403, { params: { id: noteOf('draft') }, body: () => ({ version: 1 }), scoped: true }),
  'POST /api/notes/{id}/archive':                             r(401,       403,       '200/403', '200/403', 403, { params: { id: noteOf('published') }, body: () => ({ version: 2, reason: 'Out of date.' }), scoped: true }),
  'POST /api/notes/{id}/restore':                             r(401,       403,       '200/404', 403,       403, { params: { id: noteOf('archived') }, body: () => ({ version: 3 }), scoped: true }),
  'GET /api/notes/{id}/evidence':                             r(401,       200,       200,       200,       200, { params: { id: noteOf('published') }, scoped: true }),
  'GET /api/notes/{id}/revisions':                            r(401,       '200/404', '200/404', 403,       403, { params: { id: noteOf('published') }, scoped: true }),
  'GET /api/notes/{id}/revisions/{revision}':                 r(401,       '200/404', '200/404', 403,       403, { params: { id: noteOf('published') }, scoped: true }),
  'GET /api/users':                                           r(401,       403,       403,       403,       200),
  'POST /api/users':                                          r(401,       403,       403,       403,       201, { body: newUser }),
  'GET /api/users/{id}':                                      r(401,       403,       403,       403,       200, { params: { id: freshUser } }),
  'PATCH /api/users/{id}':                                    r(401,       403,       403,       403,       200, { params: { id: freshUser }, body: () => ({ name: 'Renamed User' }) }),
  'POST /api/users/{id}/deactivate':                          r(401,       403,       403,       403,       200, { params: { id: freshUser } }),
  'POST /api/users/{id}/reactivate':                          r(401,       403,       403,       403,       200, { params: { id: freshUser } }),
  'POST /api/users/{id}/invitation':                          r(401,       403,       403,       403,       200, { params: { id: userOf('invited') } }),
  'POST /api/invitations/lookup':                             r(404,       404,       404,       404,       404, { body: () => ({ token: TOKEN }) }),
  'POST /api/invitations/accept':                             r(404,       404,       404,       404,       404, { body: () => ({ token: TOKEN, password: 'a long enough new password' }) }),
  'POST /api/password-resets':                                r(202,       202,       202,       202,       202, { body: (c) => ({ email: `nobody.${c.role}.${c.scope}@test.example` }) }),
  'POST /api/password-resets/lookup':                         r(404,       404,       404,       404,       404, { body: () => ({ token: TOKEN }) }),
  'POST /api/password-resets/complete':                       r(404,       404,       404,       404,       404, { body: () => ({ token: TOKEN, password: 'a long enough new password' }) }),
  'POST /api/authorities':                                    r(401,       403,       403,       403,       201, { body: newAuthority }),
  'GET /api/authorities/{authority}':                         r(401,       403,       403,       403,       200),
  'PATCH /api/authorities/{authority}':                       r(401,       403,       403,       403,       200, { body: sameName }),
  'GET /api/outbox':                                          r(401,       403,       403,       403,       200),
  'GET /api/outbox/{id}':                                     r(401,       403,       403,       403,       200, { params: { id: mailId } }),
  'POST /api/outbox/{id}/link':                               r(401,       403,       403,       403,       409, { params: { id: mailId } }),
  'GET /api/audit':                                           r(401,       403,       403,       403,       200),
};

// ---------------------------------------------------------------------------------------------

const expected = (e: Expect, scope: Scope) =>
  typeof e === 'number' ? e : Number(e.split('/')[scope === 'own' ? 0 : 1]);

/** Every combination of the values in the lists. */
const combinations = (lists: [string, string[]][]): Record<string, string>[] =>
  lists.reduce<Record<string, string>[]>(
    (acc, [name, values]) => acc.flatMap((combo) => values.map((v) => ({ ...combo, [name]: v }))),
    [{}],
  );

describe.each(DB_KINDS)('access on %s', (kind) => {
  let ctx: TestContext;
  let operations: {
    key: string;
    method: string;
    path: string;
    hasBody: boolean;
    security: Record<string, string[]>[] | undefined;
    responses: string[];
  }[];
  /** An API token of each role's test user. */
  let tokens: Record<Exclude<Role, 'anonymous'>, string>;
  let clients: Record<TestUser, Client>;
  let print: () => Promise<Fingerprint>;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    clients = await signInAll(ctx, [
      'admin',
      'coventrySubmitter',
      'coventryViewer',
      'westMidlandsLead',
      'warwickshireSubmitter',
      'manchesterSubmitter',
    ]);
    expect((await clients.admin.request('POST', '/api/periods', { id: PERIOD, status: 'open' })).status).toBe(201);
    // A return for each authority: Coventry's a draft (its submitter submits it in the matrix), the others submitted.
    for (const [who, authority] of [
      ['coventrySubmitter', COVENTRY],
      ['warwickshireSubmitter', WARWICKSHIRE],
      ['manchesterSubmitter', MANCHESTER],
    ] as const) {
      const path = `/api/returns/${authority}/${PERIOD}`;
      const figures = { ...VALID_RETURN, comment: marker(authority) };
      expect((await clients[who].request('PUT', path, { version: 0, figures })).status).toBe(201);
      if (authority !== COVENTRY)
        expect((await clients[who].request('POST', `${path}/submit`, { version: 1, declaration: true })).status).toBe(
          200,
        );
    }
    const doc = await json(await ctx.app.request('/api/openapi.json'));
    type Operation = { requestBody?: unknown; security?: Record<string, string[]>[]; responses?: object };
    operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        hasBody: op.requestBody !== undefined,
        security: op.security,
        responses: Object.keys(op.responses ?? {}),
      })),
    );
    tokens = Object.fromEntries(
      await Promise.all(
        SIGNED_IN.map(async (role) => {
          const token = newSecret(TOKEN_PREFIX);
          const userId = TEST_USERS[ROLES[role] as TestUser].id;
          await ctx.database.db.insert(apiTokens).values({ id: newId(), userId, name: role, tokenHash: digest(token) });
          return [role, token];
        }),
      ),
    ) as Record<Exclude<Role, 'anonymous'>, string>;
    // A refused request may record a failed sign-in (by design) and touch a session's last-seen time.
    print = await fingerprinter(ctx.database.db, {
      ignoreTables: ['login_failures'],
      ignoreColumns: { sessions: ['last_seen_at'], api_tokens: ['last_used_at'] },
      countOnly: ['published_figures'],
      mode: 'writes',
    });
  });
  afterAll(() => ctx.close());

  test('every route of the OpenAPI document has an entry in the table, and every entry a route', () => {
    const missing = operations.filter((o) => !(o.key in ACCESS)).map((o) => o.key);
    expect(
      missing,
      `Routes with no entry in ACCESS (src/access.test.ts): add a line for each, see the comment at the top:\n  ${missing.join('\n  ')}\n`,
    ).toEqual([]);
    const stale = Object.keys(ACCESS).filter((key) => !operations.some((o) => o.key === key));
    expect(stale, `Entries in ACCESS for routes that are not in the OpenAPI document: ${stale.join(', ')}`).toEqual([]);
    const bodiless = operations.filter((o) => o.hasBody && !ACCESS[o.key]?.options.body).map((o) => o.key);
    expect(bodiless, `Entries that need a valid \`body\` (the route takes one): ${bodiless.join(', ')}`).toEqual([]);
  });

  test('every route × role × scope answers as the table says, refusals change nothing, nothing leaks', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const { key, method, path } of operations) {
      const entry = ACCESS[key];
      if (!entry) continue; // reported by the test above
      const names = [...`${path}?${entry.options.query ?? ''}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const unknown = names.filter((n) => !PARAMS[n] && !entry.options.params?.[n]);
      if (unknown.length > 0) {
        failures.push(`${key}: no filler for {${unknown.join('}, {')}}: add \`params\` to its entry`);
        continue;
      }
      const scoped = entry.options.scoped || names.some((n) => SCOPED_PARAMS.has(n));
      for (const role of Object.keys(ROLES) as Role[]) {
        for (const scope of scoped ? (['own', 'other'] as const) : (['own'] as const)) {
          const authorities = scope === 'own' ? (READABLE[role].length > 0 ? READABLE[role] : [COVENTRY]) : OTHER[role];
          for (const authority of authorities) {
            const c: Case = { ctx, role, scope, authority };
            const values: [string, string[]][] = [];
            for (const n of names) values.push([n, [await (entry.options.params?.[n] ?? (PARAMS[n] as Filler))(c)]]);
            for (const filled of combinations(values)) {
              const fill = (text: string) =>
                text.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(filled[n] as string));
              const url = fill(path) + (entry.options.query ? `?${fill(entry.options.query)}` : '');
              const who = ROLES[role];
              const client = who && (entry.options.fresh ? await signIn(ctx, who) : clients[who]);
              const body = await entry.options.body?.(c);
              const want = expected(entry.expect[role], scope);
              const before = want >= 400 ? await print() : null;
              const raw = body && typeof body === 'object' && 'raw' in body ? (body as Raw) : null;
              const res = client
                ? await client.request(method, url, raw ? raw.raw : body, raw ? { 'content-type': raw.type } : {})
                : await ctx.app.request(url, {
                    method,
                    ...(body === undefined
                      ? {}
                      : {
                          body: raw ? raw.raw : JSON.stringify(body),
                          headers: { 'content-type': raw ? raw.type : 'application/json' },
                        }),
                  });
              cases++;
              const label = `${key} as ${role} (${scope}: ${authority}) ${url}`;
              const type = res.headers.get('content-type') ?? '';
              const binary = !/json|csv|text/.test(type);
              const text = binary ? '' : await res.text();
              if (binary) await res.arrayBuffer();
              if (res.status !== want) {
                failures.push(`${label}: expected ${want}, got ${res.status} ${text.slice(0, 200)}`);
                continue;
              }
              if (res.status >= 400 && type !== 'application/problem+json')
                failures.push(`${label}: an error that is not problem+json (${type})`);
              if (before && JSON.stringify(await print()) !== JSON.stringify(before))
                failures.push(`${label}: refused, but stored data changed`);
              const leaked = [COVENTRY, WARWICKSHIRE, MANCHESTER].filter(
                (a) => !READABLE[role].includes(a) && text.includes(marker(a)),
              );
              if (leaked.length > 0) failures.push(`${label}: the answer holds the return of ${leaked.join(', ')}`);
            }
          }
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(cases).toBeGreaterThan(operations.length * 5);
  }, 240_000);

  /** The roles an operation's `security` allows (every signed-in role when it names none), and whether it takes a token. */
  const declared = (security: Record<string, string[]>[]) => {
    const named = security[0] ? (Object.values(security[0])[0] ?? []) : [];
    return {
      roles: SIGNED_IN.filter((role) => named.length === 0 || named.includes(ROLE_NAMES[role])),
      token: security.some((requirement) => 'bearer' in requirement),
    };
  };

  test('every operation declares its security: empty for anonymous callers, else the session (and a token) with the roles the table allows', () => {
    const failures: string[] = [];
    for (const { key, security, responses } of operations) {
      const entry = ACCESS[key];
      if (!entry) continue; // reported by the first test
      if (!Array.isArray(security)) {
        failures.push(`${key}: no \`security\` (spread requires(…) or anyone() from lib/access.ts into its route)`);
        continue;
      }
      // A public route's answer to anonymous callers is its own (a wrong password is 401): see the last test.
      if (security.length === 0) continue;
      const anonymous = expected(entry.expect.anonymous, 'own');
      if (anonymous !== 401) failures.push(`${key}: needs a sign-in, but anonymous callers get ${anonymous}, not 401`);
      const schemes = security.map((requirement) => Object.keys(requirement));
      if (
        schemes.some((names) => names.length !== 1) ||
        !schemes.every(([name]) => name === 'session' || name === 'bearer')
      )
        failures.push(`${key}: each requirement must be one scheme, session or bearer: ${JSON.stringify(security)}`);
      if (!schemes.some(([name]) => name === 'session')) failures.push(`${key}: the session cookie is not taken`);
      const lists = new Set(security.map((requirement) => JSON.stringify(Object.values(requirement)[0])));
      if (lists.size !== 1) failures.push(`${key}: the schemes allow different roles: ${JSON.stringify(security)}`);
      const named = Object.values(security[0] ?? {})[0] ?? [];
      const unknown = named.filter((name) => !Object.values(ROLE_NAMES).includes(name));
      if (unknown.length > 0) failures.push(`${key}: unknown roles ${unknown.join(', ')}`);
      const { roles } = declared(security);
      for (const role of SIGNED_IN) {
        const want = entry.expect[role];
        if (!roles.includes(role) && want !== 403)
          failures.push(`${key}: ${role} is not allowed by its security, but the table expects ${want}, not 403`);
        if (roles.includes(role) && want === 403)
          failures.push(`${key}: ${role} is allowed by its security, but the table expects 403 whatever the scope`);
      }
      if (!responses.includes('401')) failures.push(`${key}: the 401 response is not documented`);
      if ((roles.length < SIGNED_IN.length || !declared(security).token) && !responses.includes('403'))
        failures.push(`${key}: the 403 response is not documented`);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  test('routes that need a sign-in refuse before reading the request: anonymous 401, other roles 403, a token where only the session is taken 403', async () => {
    const failures: string[] = [];
    const before = await print();
    let cases = 0;
    /** Path parameters that name no one's resource: anything an id may be, well formed or not. */
    const fill = (path: string, authority: string, malformed: boolean) =>
      path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (malformed) return 'x%00%3Cscript%3E';
        const filler = name === 'id' ? () => 'no-such-id' : PARAMS[name];
        return encodeURIComponent(String(filler?.({ ctx, role: 'anonymous', scope: 'own', authority }) ?? 'x'));
      });
    /** What an attacker may send: a body that breaks the schema, one that is not JSON, junk in the query. */
    const junk = [
      { body: '{}', query: '' },
      { body: '{"version": "not a number", "figures": [1, 2, 3], "extra": true', query: '?page=-1&format=exe&zzz=1' },
    ];
    for (const { key, method, path, security } of operations) {
      if (!security || security.length === 0) continue; // reported by the test above, or public
      const { roles, token } = declared(security);
      const callers: { who: string; want: number; headers: Record<string, string> }[] = [
        { who: 'anonymous', want: 401, headers: {} },
        { who: 'a revoked or unknown token', want: 401, headers: { authorization: `Bearer ${TOKEN_PREFIX}nope` } },
      ];
      for (const role of SIGNED_IN) {
        const client = clients[ROLES[role] as TestUser];
        if (!roles.includes(role)) callers.push({ who: role, want: 403, headers: { ...client.headers } });
        if (!roles.includes(role) || !token)
          callers.push({ who: `${role}'s API token`, want: 403, headers: { authorization: `Bearer ${tokens[role]}` } });
      }
      for (const caller of callers) {
        for (const [authority, malformed] of [
          [COVENTRY, false],
          [MANCHESTER, false],
          [COVENTRY, true],
        ] as const) {
          for (const { body, query } of junk) {
            const url = fill(path, authority, malformed) + query;
            const res = await ctx.app.request(url, {
              method,
              headers: { ...caller.headers, 'content-type': 'application/json' },
              ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
            });
            cases++;
            const text = await res.text();
            if (res.status !== caller.want)
              failures.push(
                `${key} as ${caller.who} ${method} ${url}: expected ${caller.want}, got ${res.status} ${text.slice(0, 160)}`,
              );
            else if (res.headers.get('content-type') !== 'application/problem+json')
              failures.push(`${key} as ${caller.who}: a refusal that is not problem+json`);
          }
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(JSON.stringify(await print()), 'refused requests changed stored data').toBe(JSON.stringify(before));
    expect(cases).toBeGreaterThan(operations.length * 6);
  }, 240_000);

  test('anonymous callers where the security is empty, and API tokens where it lists them, get through: as in the table without a body, to validation with a bad one', async () => {
    const failures: string[] = [];
    for (const { key, method, path, hasBody, security } of operations) {
      const entry = ACCESS[key];
      if (!entry || !security) continue;
      const callers: Role[] =
        security.length === 0 ? ['anonymous'] : declared(security).token ? declared(security).roles : [];
      for (const role of callers) {
        const authority = READABLE[role][0] ?? COVENTRY;
        const c: Case = { ctx, role, scope: 'own', authority };
        const names = [...`${path}?${entry.options.query ?? ''}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
        const filled: Record<string, string> = {};
        for (const n of names) filled[n] = await (entry.options.params?.[n] ?? (PARAMS[n] as Filler))(c);
        const fill = (text: string) =>
          text.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(filled[n] as string));
        const url = fill(path) + (entry.options.query ? `?${fill(entry.options.query)}` : '');
        // A body that is not JSON: the answer is the validation's (so the caller got through), and nothing changes.
        const res = await ctx.app.request(url, {
          method,
          headers: {
            ...(role === 'anonymous' ? {} : { authorization: `Bearer ${tokens[role]}` }),
            'content-type': 'application/json',
          },
          ...(hasBody ? { body: '{"not json' } : {}),
        });
        const want = hasBody
          ? [400, 415, 422]
          : [expected(entry.expect[role], 'own'), ...(entry.options.again ? [entry.options.again] : [])];
        if (!want.includes(res.status))
          failures.push(
            `${key} as ${role === 'anonymous' ? role : `${role}'s token`} ${url}: expected ${want.join(' or ')}, got ${res.status} ${(await res.text()).slice(0, 160)}`,
          );
        else await res.arrayBuffer();
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 240_000);
});
