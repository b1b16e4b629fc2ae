/**
 * The demo: users of every role, 8 quarters of returns (2022-23 Q1 to 2023-24 Q4) for every
 * authority, and practice notes (demo-notes.ts). The returns are generated deterministically from
 * DfE's published figures so that each authority's 2022-23 Q2 and 2023-24 Q2 snapshots (30 September 2022 and 2023, DfE's census dates) equal its
 * published in-post, agency, vacancy, case-holder and case figures, and the year's leavers, starters
 * and sickness days are spread over the four quarters ending there (sickness by season, in each
 * authority's own proportions). Other quarters vary plausibly around them. Every demo row is marked `demo`.
 *
 * Two DfE rows join two authorities (North/West Northamptonshire, Kingston upon Thames/Richmond upon
 * Thames): each of the pair gets half of the joined figures, so only their sum equals DfE's.
 * A figure DfE does not publish for an authority (x, c, u) is estimated from its other year, or from
 * England's ratio to in-post FTE.
 */
import { readFileSync } from 'node:fs';
import { FIGURE_FIELDS, type PeriodId, periodRange, quarterEndDate } from '@csc-workforce/metrics-core';
import { canSubmit, type ReturnStatus, validateReturn } from '@csc-workforce/schemas';
import { parse } from 'csv-parse/sync';
import { hashPassword } from '../lib/passwords.js';
import { makeRelease } from '../services/releases.js';
import type { Database, Db } from './client.js';
import { insertDemoAgency } from './demo-agency.js';
import { insertDemoNotes } from './demo-notes.js';
import { dfeFile } from './paths.js';
import { periods, returnRevisions, returns, users } from './schema.js';
import { randomFrom } from './seeded-random.js';

export const DEMO_PASSWORD = 'demo-password';
export const DEMO_PERIODS = periodRange('2022-23-Q1', '2023-24-Q4');
/** The collection period the demo opens: the quarter after the demo returns. */
export const DEMO_OPEN_PERIOD: PeriodId = '2024-25-Q1';
const DEMO_COMMENT = 'Demo data, generated from DfE published figures.';

export const DEMO_USERS = [
  { id: 'demo-admin', email: 'admin@demo.test', name: 'Alex Admin (demo)', role: 'admin' },
  {
    id: 'demo-lead-wm',
    email: 'lead.west-midlands@demo.test',
    name: 'Morgan Lead (demo)',
    role: 'regional_lead',
    regionCode: 'E12000005',
  },
  {
    id: 'demo-lead-nw',
    email: 'lead.north-west@demo.test',
    name: 'Nadia Lead (demo)',
    role: 'regional_lead',
    regionCode: 'E12000002',
  },
  {
    id: 'demo-sub-cov',
    email: 'submitter.coventry@demo.test',
    name: 'Sam Submitter (demo)',
    role: 'authority_submitter',
    authorityCode: 'E08000026',
  },
  {
    id: 'demo-view-cov',
    email: 'viewer.coventry@demo.test',
    name: 'Vic Viewer (demo)',
    role: 'authority_viewer',
    authorityCode: 'E08000026',
  },
  {
    id: 'demo-sub-warks',
    email: 'submitter.warwickshire@demo.test',
    name: 'Wes Submitter (demo)',
    role: 'authority_submitter',
    authorityCode: 'E10000031',
  },
  {
    id: 'demo-view-man',
    email: 'viewer.manchester@demo.test',
    name: 'Mo Viewer (demo)',
    role: 'authority_viewer',
    authorityCode: 'E08000003',
  },
] as const;

/** The DfE counts the demo is built from, for one authority and one census year. */
interface Census {
  inpostFte: number;
  inpostHeadcount: number;
  startersFte: number;
  startersHeadcount: number;
  leaversFte: number;
  leaversHeadcount: number;
  agencyFte: number;
  agencyHeadcount: number;
  agencyCoverFte: number | null;
  vacancyFte: number;
  caseHoldersFte: number;
  cases: number;
  daysLost: number;
}

const CENSUS_COLUMNS: Record<keyof Census, string> = {
  inpostFte: 'inpost_fte',
  inpostHeadcount: 'inpost_headcount',
  startersFte: 'starters_fte',
  startersHeadcount: 'starters_headcount',
  leaversFte: 'leavers_fte',
  leaversHeadcount: 'leavers_headcount',
  agencyFte: 'agency_fte',
  agencyHeadcount: 'agency_headcount',
  agencyCoverFte: 'agency_cover_fte',
  vacancyFte: 'vacancy_fte',
  caseHoldersFte: 'case_holders_fte',
  cases: 'cases',
  daysLost: 'working_days_lost_fte',
};

const num = (cell: string | undefined): number | null =>
  cell !== undefined && /^-?\d+(\.\d+)?$/.test(cell.trim()) ? Number(cell) : null;

/** A census as published: any figure may be a symbol (null). */
type Published<T> = { [K in keyof T]: T[K] | null };

/** DfE's published counts by authority code and year (joined rows split in half). */
export function readCensus(file = dfeFile()): Map<string, Map<string, Published<Census>>> {
  const rows: Record<string, string>[] = parse(readFileSync(file, 'utf8'), { columns: true, bom: true, trim: true });
  const out = new Map<string, Map<string, Published<Census>>>();
  for (const row of rows) {
    if (row.geographic_level !== 'Local authority') continue;
    const codes = (row.new_la_code ?? '').split(' / ').map((c) => c.trim());
    const share = 1 / codes.length;
    codes.forEach((code) => {
      const census = {} as Published<Census>;
      for (const [key, column] of Object.entries(CENSUS_COLUMNS) as [keyof Census, string][]) {
        const value = num(row[column]);
        census[key] = value === null ? null : value * share;
      }
      const byYear = out.get(code) ?? new Map<string, Published<Census>>();
      byYear.set(row.time_period ?? '', census);
      out.set(code, byYear);
    });
  }
  return out;
}

/** England's ratio of each count to in-post FTE in a year: the fallback for unpublished figures. */
function nationalRatios(
  census: Map<string, Map<string, Published<Census>>>,
  year: string,
): Record<keyof Census, number> {
  const totals = {} as Record<keyof Census, number>;
  const keys = Object.keys(CENSUS_COLUMNS) as (keyof Census)[];
  for (const key of keys) {
    let sum = 0;
    let fte = 0;
    for (const byYear of census.values()) {
      const c = byYear.get(year);
      const v = c?.[key];
      if (c?.inpostFte && v !== null && v !== undefined) {
        sum += v;
        fte += c.inpostFte;
      }
    }
    totals[key] = fte > 0 ? sum / fte : 0;
  }
  return totals;
}

/** The FTE figures of the census and the headcount each is part of. */
const FTE_HEADCOUNT = [
  ['inpostFte', 'inpostHeadcount'],
  ['agencyFte', 'agencyHeadcount'],
  ['leaversFte', 'leaversHeadcount'],
  ['startersFte', 'startersHeadcount'],
] as const;

/** A complete census for an authority and year, filling unpublished figures. */
function complete(
  code: string,
  year: string,
  census: Map<string, Map<string, Published<Census>>>,
  ratios: Record<keyof Census, number>,
): Census {
  const own = census.get(code)?.get(year);
  const other = census.get(code)?.get(year === '2023' ? '2022' : '2023');
  const fte = own?.inpostFte ?? other?.inpostFte ?? 150;
  const out = {} as Census;
  for (const key of Object.keys(CENSUS_COLUMNS) as (keyof Census)[]) {
    const value = own?.[key] ?? other?.[key] ?? (key === 'agencyCoverFte' ? null : ratios[key] * fte);
    (out as Record<keyof Census, number | null>)[key] = value;
  }
  // An estimated FTE stays within the headcount DfE published beside it, so that the published
  // headcount stands (Kensington and Chelsea's and Westminster's agency FTE is x, their headcount is not).
  for (const [f, h] of FTE_HEADCOUNT) {
    const headcount = own?.[h];
    if ((own?.[f] ?? null) === null && headcount !== null && headcount !== undefined) {
      out[f] = Math.min(out[f], headcount);
    }
  }
  out.inpostHeadcount = Math.max(Math.ceil(out.inpostFte), Math.round(out.inpostHeadcount));
  out.agencyHeadcount = Math.max(Math.ceil(out.agencyFte), Math.round(out.agencyHeadcount));
  out.leaversHeadcount = Math.max(Math.ceil(out.leaversFte), Math.round(out.leaversHeadcount));
  out.startersHeadcount = Math.max(Math.ceil(out.startersFte), Math.round(out.startersHeadcount));
  out.cases = Math.round(out.cases);
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Splits a whole number into `parts` whole numbers that add up to it, by the given weights. */
function splitWhole(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (rest <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    rest--;
  }
  return out;
}

/**
 * The weights of a census year's quarters (October to December, January to March, April to June,
 * July to September) in its sickness absence: winter's higher than summer's, by amounts that vary.
 */
function sicknessWeights(rnd: () => number): number[] {
  return [1.0 + rnd() * 0.35, 1.05 + rnd() * 0.4, 0.8 + rnd() * 0.3, 0.65 + rnd() * 0.3];
}

/**
 * Splits a total of days into parts by the given weights, each to 1 decimal place, the last taking
 * the rest so that they add up to the total (to its rounding).
 */
function splitDays(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const out = weights.slice(0, -1).map((w) => round1((total * w) / sum));
  out.push(Math.max(0, round1(total - out.reduce((a, b) => a + b, 0))));
  return out;
}

/** The 30 September census year whose 4 quarters contain `period`'s quarter, and its position in them. */
function censusYearOf(period: PeriodId): { year: string; index: number } | null {
  const [start, , q] = [Number(period.slice(0, 4)), period.slice(5, 7), Number(period.slice(-1))];
  // Quarters Q3, Q4 of YYYY-YY and Q1, Q2 of (YYYY+1)-YY end the year to 30 Sep of YYYY+1.
  if (q >= 3) return { year: String(start + 1), index: q - 3 };
  return { year: String(start), index: q + 1 };
}

/** The figures of one authority for one quarter. */
function quarterFigures(code: string, period: PeriodId, years: Record<string, Census>): Record<string, number | null> {
  const rnd = randomFrom(`${code}:${period}`);
  const jitter = (spread: number) => 1 + (rnd() * 2 - 1) * spread;
  const { year, index } = censusYearOf(period) ?? { year: '2023', index: 3 };
  const census = years[year] ?? years['2023'] ?? (Object.values(years)[0] as Census);
  const isCensus = period.endsWith('Q2');
  // Snapshot: DfE's figures at 30 September; other quarters drift around them.
  const snap = (value: number, spread = 0.04) => (isCensus ? value : value * jitter(spread));
  const permanentFte = round1(snap(census.inpostFte));
  const ratio = census.inpostHeadcount / Math.max(census.inpostFte, 1);
  const permanentHeadcount = isCensus
    ? census.inpostHeadcount
    : Math.max(Math.ceil(permanentFte), Math.round(permanentFte * ratio));
  const agencyFte = round1(snap(census.agencyFte, 0.1));
  const agencyHeadcount = isCensus
    ? census.agencyHeadcount
    : Math.max(
        Math.ceil(agencyFte),
        Math.round(agencyFte * (census.agencyHeadcount / Math.max(census.agencyFte, 0.1))),
      );
  const vacanciesFte = round1(snap(census.vacancyFte, 0.1));
  const cover =
    census.agencyCoverFte === null ? null : round1(Math.min(snap(census.agencyCoverFte, 0.1), vacanciesFte, agencyFte));
  const caseHoldingFte = round1(Math.min(snap(census.caseHoldersFte), permanentFte + agencyFte));
  const casesHeld = isCensus ? census.cases : Math.round(census.cases * jitter(0.05));
  // Flows: the census year's totals spread over its 4 quarters (whole people; FTE in proportion).
  // The same weights for every quarter of the year, so that the four shares add up to the total.
  const flows = randomFrom(`${code}:${year}:flows`);
  const leaverWeights = [0, 1, 2, 3].map(() => 0.7 + flows() * 0.6);
  const starterWeights = [0, 1, 2, 3].map(() => 0.6 + flows() * 0.8);
  const leaversHeadcount = splitWhole(census.leaversHeadcount, leaverWeights)[index] ?? 0;
  const leaversFte = census.leaversHeadcount > 0 ? (census.leaversFte * leaversHeadcount) / census.leaversHeadcount : 0;
  const startersHeadcount = splitWhole(census.startersHeadcount, starterWeights)[index] ?? 0;
  const startersFte =
    census.startersHeadcount > 0 ? (census.startersFte * startersHeadcount) / census.startersHeadcount : 0;
  // Sickness: the year's days spread over its quarters by season, more in winter than in summer, in
  // proportions of the authority's own each year, so that a quarter's rate is not the year's.
  const sicknessAbsenceDays =
    splitDays(census.daysLost, sicknessWeights(randomFrom(`${code}:${year}:sickness`)))[index] ?? 0;
  // Length of service: bands of the permanent headcount, shares varying by authority.
  const shape = randomFrom(`${code}:service`);
  const bands = splitWhole(permanentHeadcount, [
    0.22 + shape() * 0.12,
    0.26 + shape() * 0.08,
    0.18 + shape() * 0.06,
    0.14 + shape() * 0.06,
    0.04 + shape() * 0.05,
  ]);
  const asyeHeadcount = Math.min(permanentHeadcount, Math.round(permanentHeadcount * (0.07 + shape() * 0.06)));
  const asyeStarted = Math.round(asyeHeadcount * (0.15 + rnd() * 0.25));
  const asyeLeft = Math.min(Math.floor(asyeHeadcount / 2), Math.round(asyeHeadcount * rnd() * 0.08));
  // The optional splits, complete so that they add up to their totals.
  const [leaversResignation, leaversRetirement, leaversDismissal, leaversEndOfContract, leaversToAgency, leaversOther] =
    splitWhole(leaversHeadcount, [0.55 + rnd() * 0.2, 0.08, 0.03, 0.06, 0.08 + rnd() * 0.15, 0.05]);
  const [
    leaversServiceUnder2Years,
    leaversService2To5Years,
    leaversService5To10Years,
    leaversService10To20Years,
    leaversService20PlusYears,
  ] = splitWhole(leaversHeadcount, [0.25 + rnd() * 0.2, 0.3, 0.2, 0.15, 0.05]);
  const [startersNewlyQualified, startersExperienced, startersFromAgency, startersInternational, startersReturners] =
    splitWhole(startersHeadcount, [0.35 + rnd() * 0.2, 0.35, 0.12, 0.05 + rnd() * 0.1, 0.03]);
  const leaversToOtherAuthority = Math.round(leaversHeadcount * rnd() * 0.3);
  return {
    permanentHeadcount,
    permanentFte,
    agencyHeadcount,
    agencyFte,
    vacanciesFte,
    vacanciesCoveredByAgencyFte: cover,
    caseHoldingFte,
    casesHeld,
    serviceUnder2Years: bands[0] ?? 0,
    service2To5Years: bands[1] ?? 0,
    service5To10Years: bands[2] ?? 0,
    service10To20Years: bands[3] ?? 0,
    service20PlusYears: bands[4] ?? 0,
    asyeHeadcount,
    startersHeadcount,
    startersFte,
    leaversHeadcount,
    leaversFte,
    startersNewlyQualified: startersNewlyQualified ?? 0,
    startersExperienced: startersExperienced ?? 0,
    startersFromAgency: startersFromAgency ?? 0,
    startersInternational: startersInternational ?? 0,
    startersReturners: startersReturners ?? 0,
    leaversResignation: leaversResignation ?? 0,
    leaversRetirement: leaversRetirement ?? 0,
    leaversDismissal: leaversDismissal ?? 0,
    leaversEndOfContract: leaversEndOfContract ?? 0,
    leaversToAgency: leaversToAgency ?? 0,
    leaversOther: leaversOther ?? 0,
    leaversServiceUnder2Years: leaversServiceUnder2Years ?? 0,
    leaversService2To5Years: leaversService2To5Years ?? 0,
    leaversService5To10Years: leaversService5To10Years ?? 0,
    leaversService10To20Years: leaversService10To20Years ?? 0,
    leaversService20PlusYears: leaversService20PlusYears ?? 0,
    leaversToOtherAuthority,
    sicknessAbsenceDays,
    asyeStarted,
    asyeLeft,
  };
}

export interface DemoReturn {
  authorityCode: string;
  period: PeriodId;
  figures: Record<string, number | null>;
  comment: string | null;
}

/** Every demo return, in period order, with a comment where the rules raise a warning. */
export function buildDemoReturns(authorityCodes: readonly string[], file = dfeFile()): DemoReturn[] {
  const census = readCensus(file);
  const ratios = { '2022': nationalRatios(census, '2022'), '2023': nationalRatios(census, '2023') };
  const out: DemoReturn[] = [];
  for (const code of authorityCodes) {
    const years = {
      '2022': complete(code, '2022', census, ratios['2022']),
      '2023': complete(code, '2023', census, ratios['2023']),
      // The year to 30 Sep 2024 (its Q3 and Q4 2023-24 quarters): the 2023 figures carried on.
      '2024': complete(code, '2023', census, ratios['2023']),
    };
    let previous: Record<string, number | null> | undefined;
    for (const period of DEMO_PERIODS) {
      const figures = quarterFigures(code, period, years);
      for (const field of FIGURE_FIELDS) if (!(field in figures)) figures[field] = null;
      const check = validateReturn(figures, { stage: 'submit', period, ...(previous ? { previous } : {}) });
      const comment = check.warnings.length > 0 ? DEMO_COMMENT : null;
      if (!canSubmit(check, comment)) {
        const problems = check.errors.map((e) => `${e.code} ${e.message}`).join('; ');
        throw new Error(`Demo return ${code} ${period} breaks the rules: ${problems}`);
      }
      out.push({ authorityCode: code, period, figures, comment });
      previous = figures;
    }
  }
  return out;
}

/**
 * Inserts the demo periods (the demo quarters closed, the next one open) and every authority's demo
 * returns, each submitted and then accepted (two revisions). Returns by demo users are attributed to
 * them when they exist (the demo proper); tests call this with their own users in place. `file` is
 * the DfE file the figures come from (the benchmark's synthetic authorities have a file of their own).
 */
export async function insertDemoReturns(db: Db, authorityCodes: readonly string[], file = dfeFile()): Promise<void> {
  const demoReturns = buildDemoReturns(authorityCodes, file);
  const existing = new Set((await db.select({ id: users.id }).from(users)).map((u) => u.id));
  const known = (id: string | null) => (id !== null && existing.has(id) ? id : null);
  await db
    .insert(periods)
    .values([
      ...DEMO_PERIODS.map((id) => ({ id, status: 'closed' as const, dueDate: dueDate(id) })),
      { id: DEMO_OPEN_PERIOD, status: 'open' as const, dueDate: openDueDate() },
    ])
    .onConflictDoNothing();
  const leadOf = (code: string) => known(code === 'E08000026' || code === 'E10000031' ? 'demo-lead-wm' : null);
  const submitterOf = (code: string) =>
    known(code === 'E08000026' ? 'demo-sub-cov' : code === 'E10000031' ? 'demo-sub-warks' : null);
  for (let i = 0; i < demoReturns.length; i += 500) {
    const batch = demoReturns.slice(i, i + 500);
    await db.insert(returns).values(
      batch.map((r) => ({
        authorityCode: r.authorityCode,
        periodId: r.period,
        status: 'accepted' as const,
        version: 2,
        demo: true,
        updatedAt: acceptedAt(r.period),
        updatedBy: leadOf(r.authorityCode),
      })),
    );
    await db.insert(returnRevisions).values(
      batch.flatMap((r) => [
        {
          authorityCode: r.authorityCode,
          periodId: r.period,
          revision: 1,
          status: 'submitted' as const,
          figures: r.figures,
          comment: r.comment,
          createdAt: submittedAt(r.period),
          createdBy: submitterOf(r.authorityCode),
        },
        {
          authorityCode: r.authorityCode,
          periodId: r.period,
          revision: 2,
          status: 'accepted' as const,
          figures: r.figures,
          comment: r.comment,
          createdAt: acceptedAt(r.period),
          createdBy: leadOf(r.authorityCode),
        },
      ]),
    );
  }
}

/**
 * The West Midlands round of the open period under way, so the regional lead's desk has something to
 * do on the demo data: each authority's figures are its last demo quarter's carried on (no change, so
 * no change is queried), some submitted and waiting for review, one accepted, one sent back with a
 * reason, one a draft. Coventry and Warwickshire, the demo submitters' authorities, are left to start.
 */
export const DEMO_ROUND: readonly {
  readonly code: string;
  readonly steps: readonly ReturnStatus[];
  readonly reason?: string;
}[] = [
  { code: 'E08000025', steps: ['draft', 'submitted'] }, // Birmingham
  { code: 'E08000029', steps: ['submitted'] }, // Solihull
  { code: 'E08000031', steps: ['submitted', 'accepted'] }, // Wolverhampton
  {
    code: 'E08000028', // Sandwell
    steps: ['submitted', 'returned'],
    reason: 'Starters FTE is the same as last quarter to the decimal: please check it is this quarter’s figure.',
  },
  { code: 'E08000027', steps: ['draft'] }, // Dudley
];

async function insertDemoRound(db: Db, demoReturns: readonly DemoReturn[]): Promise<void> {
  const last = DEMO_PERIODS.at(-1);
  const byCode = new Map(demoReturns.filter((r) => r.period === last).map((r) => [r.authorityCode, r]));
  const start = addDays(quarterEndDate(DEMO_OPEN_PERIOD), 20);
  for (const [i, entry] of DEMO_ROUND.entries()) {
    const carried = byCode.get(entry.code);
    if (!carried) continue;
    // Checked as the API checks a submission: against the quarter before, warnings explained.
    const check = validateReturn(carried.figures, {
      stage: 'submit',
      period: DEMO_OPEN_PERIOD,
      previous: carried.figures,
    });
    const comment = check.warnings.length > 0 ? DEMO_COMMENT : null;
    if (!canSubmit(check, comment)) throw new Error(`Demo return ${entry.code} ${DEMO_OPEN_PERIOD} breaks the rules`);
    const by = (step: string) => (step === 'accepted' || step === 'returned' ? 'demo-lead-wm' : null);
    const at = (n: number) => new Date(start.getTime() + (i * 3 + n) * 86_400_000);
    const final = entry.steps.at(-1) ?? 'draft';
    await db.insert(returns).values({
      authorityCode: entry.code,
      periodId: DEMO_OPEN_PERIOD,
      status: final,
      version: entry.steps.length,
      returnedReason: final === 'returned' ? (entry.reason ?? null) : null,
      demo: true,
      updatedAt: at(entry.steps.length - 1),
      updatedBy: by(final),
    });
    await db.insert(returnRevisions).values(
      entry.steps.map((step, n) => ({
        authorityCode: entry.code,
        periodId: DEMO_OPEN_PERIOD,
        revision: n + 1,
        status: step,
        figures: carried.figures,
        comment,
        createdAt: at(n),
        createdBy: by(step),
      })),
    );
  }
}

/**
 * Releases the demo's closed quarters as the exchange would have: each once its collection closed,
 * a week after its due date (DESIGN section 6). The open quarter stays unreleased.
 */
export async function releaseDemoPeriods(db: Db, minGroupSize = 5): Promise<void> {
  for (const period of DEMO_PERIODS) {
    await makeRelease(db, period, {
      reason: 'collection-closed',
      by: null,
      now: addDays(dueDate(period), 7),
      k: minGroupSize,
    });
  }
}

/** Whether the database has no users yet (a fresh installation). */
export async function isEmpty(database: Database): Promise<boolean> {
  const [row] = await database.db.select({ id: users.id }).from(users).limit(1);
  return row === undefined;
}

/**
 * Seeds the demo into an empty database: users, periods (the demo quarters closed, the next one open),
 * every authority's returns, each submitted and then accepted (two revisions), the West Midlands
 * round of the open period under way ({@link DEMO_ROUND}), published practice notes (see demo-notes.ts),
 * and the West Midlands' agency caps and annexes (see demo-agency.ts).
 * @returns the demo users' emails, or null when the database was not empty.
 */
export async function seedDemo(database: Database, authorityCodes: readonly string[]): Promise<string[] | null> {
  if (!(await isEmpty(database))) return null;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await database.db.transaction(async (tx) => {
    await tx.insert(users).values(DEMO_USERS.map((u) => ({ ...u, passwordHash, demo: true })));
    await insertDemoReturns(tx as unknown as Db, authorityCodes);
    await insertDemoRound(tx as unknown as Db, buildDemoReturns(authorityCodes));
    await insertDemoNotes(tx as unknown as Db);
    await insertDemoAgency(tx as unknown as Db, new Set(DEMO_USERS.map((u) => u.id)));
  });
  await releaseDemoPeriods(database.db);
  return DEMO_USERS.map((u) => u.email);
}

const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d;
};
/**
 * The open quarter is due three weeks after the demo is seeded: its collection is under way while
 * someone tries the demo, so its comparison is not released yet (a period is released when its
 * collection closes, or RELEASE_AFTER_DUE_DAYS after its due date; DESIGN section 6).
 */
const openDueDate = () => addDays(new Date().toISOString().slice(0, 10), 21).toISOString().slice(0, 10);
/** Returns are due six weeks after the quarter ends. */
const dueDate = (period: string) => addDays(quarterEndDate(period), 42).toISOString().slice(0, 10);
const submittedAt = (period: string) => addDays(quarterEndDate(period), 35);
const acceptedAt = (period: string) => addDays(quarterEndDate(period), 45);
