/**
 * The demo's agency annex (issue 17): the West Midlands' price caps, as its regional memorandum set
 * them and then raised them, and every West Midlands authority's agency assignments for the last
 * four demo quarters, some of them breaking the rules, so that a lead sees the work. Generated from a
 * seed: the same every time. Marked as demo (the annexes' `demo` flag); the registration numbers are
 * made up.
 */
import { periodRange, quarterEndDate } from '@csc-workforce/metrics-core';
import { AGENCY_ROLE_TYPES, type AgencyRoleType } from '@csc-workforce/schemas';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from './client.js';
import { agencyAnnexes, agencyAnnexRevisions, agencyAssignments, agencyCaps, authorities } from './schema.js';
import { mulberry32 } from './seeded-random.js';

const WEST_MIDLANDS = 'E12000005';

/** The quarters with demo annexes. */
export const DEMO_AGENCY_PERIODS = periodRange('2023-24-Q1', '2023-24-Q4');

/** The West Midlands' caps (£ an hour): the memorandum's from April 2022, raised from April 2023. */
export const DEMO_AGENCY_CAPS: readonly { roleType: AgencyRoleType; hourlyCap: number; effectiveFrom: string }[] = [
  { roleType: 'social-worker', hourlyCap: 36, effectiveFrom: '2022-04-01' },
  { roleType: 'senior-social-worker', hourlyCap: 39, effectiveFrom: '2022-04-01' },
  { roleType: 'advanced-practitioner', hourlyCap: 42, effectiveFrom: '2022-04-01' },
  { roleType: 'team-manager', hourlyCap: 48, effectiveFrom: '2022-04-01' },
  { roleType: 'iro-conference-chair', hourlyCap: 45, effectiveFrom: '2022-04-01' },
  { roleType: 'social-worker', hourlyCap: 38, effectiveFrom: '2023-04-01' },
  { roleType: 'senior-social-worker', hourlyCap: 41, effectiveFrom: '2023-04-01' },
  { roleType: 'advanced-practitioner', hourlyCap: 44, effectiveFrom: '2023-04-01' },
  { roleType: 'team-manager', hourlyCap: 50, effectiveFrom: '2023-04-01' },
  { roleType: 'iro-conference-chair', hourlyCap: 47, effectiveFrom: '2023-04-01' },
];

const day = (iso: string, days: number) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const capOn = (role: AgencyRoleType, date: string) =>
  DEMO_AGENCY_CAPS.filter((c) => c.roleType === role && c.effectiveFrom <= date)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
    .at(-1)?.hourlyCap ?? 40;

const SUBMITTERS: Record<string, string> = { E08000026: 'demo-sub-cov', E10000031: 'demo-sub-warks' };

/** Inserts the West Midlands' caps and its authorities' annexes (inside the demo's transaction). */
export async function insertDemoAgency(db: Db, userIds: ReadonlySet<string>): Promise<void> {
  await db.insert(agencyCaps).values(
    DEMO_AGENCY_CAPS.map((c) => ({
      ...c,
      regionCode: WEST_MIDLANDS,
      setAt: new Date(`${day(c.effectiveFrom, -30)}T10:00:00Z`),
      setBy: userIds.has('demo-lead-wm') ? 'demo-lead-wm' : null,
    })),
  );
  const members = await db
    .select({ code: authorities.code })
    .from(authorities)
    .where(and(eq(authorities.regionCode, WEST_MIDLANDS), isNull(authorities.retiredAt)))
    .orderBy(authorities.code);
  for (const [m, { code }] of members.entries()) {
    const next = mulberry32(17_000 + m);
    for (const period of DEMO_AGENCY_PERIODS) {
      const end = quarterEndDate(period);
      const savedAt = new Date(`${day(end, 30)}T11:00:00Z`);
      const by = userIds.has(SUBMITTERS[code] ?? '') ? (SUBMITTERS[code] as string) : null;
      await db
        .insert(agencyAnnexes)
        .values({ authorityCode: code, periodId: period, version: 1, demo: true, updatedAt: savedAt, updatedBy: by });
      await db.insert(agencyAnnexRevisions).values({
        authorityCode: code,
        periodId: period,
        revision: 1,
        action: 'save',
        createdAt: savedAt,
        createdBy: by,
      });
      const count = 3 + Math.floor(next() * 6);
      const rows = Array.from({ length: count }, (_, n) => {
        const roll = next();
        const roleType = AGENCY_ROLE_TYPES[
          roll < 0.55 ? 0 : roll < 0.75 ? 1 : roll < 0.85 ? 2 : roll < 0.95 ? 3 : 4
        ] as AgencyRoleType;
        const startDate = day(end, -(14 + Math.floor(next() * 240)));
        const cap = capOn(roleType, startDate);
        // Most within the cap; about one in six above it.
        const over = next() < 0.17;
        const hourlyRate = Math.round((over ? cap + 1 + next() * 6 : cap - next() * 4) * 100) / 100;
        const projectTeam = next() < 0.12;
        return {
          authorityCode: code,
          periodId: period,
          revision: 1,
          line: n + 1,
          roleType,
          hourlyRate,
          startDate,
          endDate: day(end, 20 + Math.floor(next() * 200)),
          registrationNumber:
            next() < 0.88
              ? `SW9${String(m).padStart(2, '0')}${String(Math.floor(next() * 1000)).padStart(3, '0')}${n}`
              : null,
          pqeYears: next() < 0.15 ? 1 + Math.floor(next() * 2) : 3 + Math.floor(next() * 12),
          referencesReceived: next() < 0.1 ? 1 : 2,
          projectTeam,
          projectTeamApproved: projectTeam && next() < 0.7,
          coolOff: next() < 0.06,
        };
      });
      await db.insert(agencyAssignments).values(rows);
    }
  }
}
