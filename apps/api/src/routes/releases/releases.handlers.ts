import { type PeriodId, periodLabel } from '@csc-workforce/metrics-core';
import { PROBLEM_TYPES } from '@csc-workforce/schemas';
import type { Context } from 'hono';
import { requireUser } from '../../lib/auth.js';
import { HttpProblem, notFound } from '../../lib/problem.js';
import type { AppBindings, AppRouteHandler, CurrentUser } from '../../lib/types.js';
import { codeBook } from '../../services/authority-codes.js';
import { comparisonStoreOf } from '../../services/comparisons/index.js';
import {
  authorityNames,
  makeRelease,
  pendingChanges,
  periodExists,
  releaseOnWire,
  releaseRows,
  releasesOf,
} from '../../services/releases.js';
import type * as routes from './releases.routes.js';

/** The regions the caller may see release counts of: a lead's own, or every region for an admin. */
async function visibleRegions(c: Context<AppBindings>, user: CurrentUser) {
  const { ref } = await comparisonStoreOf(c.get('deps').database).reference();
  return user.role === 'admin' ? ref.regions : ref.regions.filter((r) => r.code === user.regionCode);
}

async function assertPeriod(c: Context<AppBindings>, period: string) {
  if (!(await periodExists(c.get('deps').database.db, period)))
    throw notFound(`There is no collection period ${period}.`);
}

const DAY_MS = 86_400_000;

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const user = requireUser(c);
  const { period } = c.req.valid('param');
  await assertPeriod(c, period);
  const { database, env, now } = c.get('deps');
  const regions = await visibleRegions(c, user);
  const all = await releasesOf(database.db, period);
  const releases = [];
  for (const [i, release] of all.entries()) {
    releases.push(await releaseOnWire(database.db, release, regions, all[i + 1]));
  }
  const pending = await pendingChanges(database.db, period as PeriodId);
  const byRegion = (code: string) => [...pending.regionOf.values()].filter((r) => r === code).length;
  const latest = all[0];
  const nextCheck = latest ? new Date(latest.releasedAt.getTime() + env.RELEASE_INTERVAL_DAYS * DAY_MS) : null;
  // What waits is live: a lead learns of their own region's waiting changes only, an admin of all.
  const waiting = user.role === 'admin' ? pending.changed.size : regions.reduce((sum, r) => sum + byRegion(r.code), 0);
  const k = env.MIN_GROUP_SIZE;
  const where = user.role === 'admin' ? '' : `In ${regions.map((r) => r.name).join(', ')}, `;
  const from =
    nextCheck && nextCheck > now()
      ? `from ${nextCheck.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })}`
      : 'from the next check';
  const message = !latest
    ? `${periodLabel(period)} has not been released yet: it is released when every region’s collection has closed, or ${env.RELEASE_AFTER_DUE_DAYS} days after its latest due date.`
    : waiting === 0
      ? user.role === 'admin'
        ? 'No changes wait: the latest release holds every counted return as it is now.'
        : `${where}no changes wait: the latest release holds every counted return of the region as it is now.`
      : `${where}${waiting} ${waiting === 1 ? 'authority’s contribution has' : 'authorities’ contributions have'} changed since the latest release. ${waiting === 1 ? 'It' : 'Each'} is released, ${from}, with the first release in which every group and measure it changes has at least ${k} authorities changed; until then it waits.`;
  return c.json(
    {
      period,
      periodLabel: periodLabel(period),
      minGroupSize: k,
      releases,
      pending: {
        changed: waiting,
        regions: regions.map((r) => ({ code: r.code, name: r.name, changed: byRegion(r.code) })),
        nextCheck: nextCheck?.toISOString() ?? null,
        message,
      },
    },
    200,
  );
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const user = requireUser(c);
  const { period } = c.req.valid('param');
  await assertPeriod(c, period);
  const { database, env, now } = c.get('deps');
  const outcome = await makeRelease(database.db, period as PeriodId, {
    reason: 'admin',
    by: user.id,
    now: now(),
    k: env.MIN_GROUP_SIZE,
  });
  if (!outcome.made) {
    const detail = {
      'no-returns': `${periodLabel(period)} has no counted return to release.`,
      'nothing-changed': `Nothing has changed since the latest release of ${periodLabel(period)}.`,
      'already-released': `${periodLabel(period)} has been released already.`,
      'not-due': `The next scheduled release of ${periodLabel(period)} is not due yet.`,
      'too-few-changes': `No change can be released yet: in some group a measure would change for fewer than ${env.MIN_GROUP_SIZE} authorities, which would let their figures be worked out. The changes wait until more arrive.`,
    }[outcome.reason];
    throw new HttpProblem(409, { type: PROBLEM_TYPES.nothingToRelease, title: 'Nothing to release', detail });
  }
  const all = await releasesOf(database.db, period);
  const regions = await visibleRegions(c, user);
  return c.json(await releaseOnWire(database.db, outcome.release, regions, all[1]), 201);
};

export const contents: AppRouteHandler<typeof routes.contents> = async (c) => {
  const user = requireUser(c);
  const { period, sequence } = c.req.valid('param');
  await assertPeriod(c, period);
  const { database } = c.get('deps');
  const all = await releasesOf(database.db, period);
  const index = all.findIndex((r) => r.sequence === sequence);
  const release = all[index];
  if (!release) throw notFound(`${periodLabel(period)} has no release ${sequence}.`);
  const regions = await visibleRegions(c, user);
  const visible = new Set(regions.map((r) => r.code));
  const [names, codes] = await Promise.all([authorityNames(database.db), codeBook(c)]);
  const rows = (await releaseRows(database.db, release.id)).filter(
    (r) => r.periodId === period && visible.has(r.regionCode),
  );
  return c.json(
    {
      release: await releaseOnWire(database.db, release, regions, all[index + 1]),
      returns: rows.map((r) => ({
        authorityCode: codes.current(r.authorityCode),
        authorityName: names.get(r.authorityCode) ?? r.authorityCode,
        regionCode: r.regionCode,
        revision: r.revision,
      })),
    },
    200,
  );
};
