import { isAuthorityRole } from '@csc-workforce/schemas';
import { regionOfAuthority, requireUser } from '../../lib/auth.js';
import type { AppRouteHandler, CurrentUser } from '../../lib/types.js';
import {
  agencyComparison,
  authorityCompliance,
  dfeAgencyExport,
  getAnnex,
  listAnnexRevisions,
  listCaps,
  regionCompliance as regionComplianceOf,
  saveAnnex,
  setCap as setCapOf,
} from '../../services/agency.js';
import { readAnnexGrid } from '../../services/agency-import.js';
import { CSV_MEDIA_TYPE, importProblem } from '../../services/spreadsheets.js';
import { readUpload } from '../../services/spreadsheets-read.js';
import { tableToCsv } from '../../services/spreadsheets-write.js';
import { attachment, importLimits, requestUpload } from '../spreadsheets/spreadsheets.handlers.js';
import type * as routes from './agency.routes.js';

/** Registration numbers are for the authority's own users: never its lead, never another authority. */
const isOwn = (user: CurrentUser, authority: string) => isAuthorityRole(user.role) && user.authorityCode === authority;

const today = (now: Date) => now.toISOString().slice(0, 10);

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const user = requireUser(c);
  const { authority, period } = c.req.valid('param');
  return c.json(await getAnnex(c.get('deps').database.db, authority, period, isOwn(user, authority)), 200);
};

export const save: AppRouteHandler<typeof routes.save> = async (c) => {
  const user = requireUser(c);
  const { authority, period } = c.req.valid('param');
  const body = c.req.valid('json');
  const { database, now } = c.get('deps');
  await saveAnnex(database.db, {
    authorityCode: authority,
    period,
    expectedVersion: body.version,
    assignments: body.assignments,
    userId: user.id,
    at: now(),
    action: 'save',
  });
  return c.json(await getAnnex(database.db, authority, period, true), 200);
};

export const revisions: AppRouteHandler<typeof routes.revisions> = async (c) => {
  const { authority, period } = c.req.valid('param');
  return c.json(await listAnnexRevisions(c.get('deps').database.db, authority, period), 200);
};

export const importAnnex: AppRouteHandler<typeof routes.importAnnex> = async (c) => {
  const user = requireUser(c);
  const { authority, period } = c.req.valid('param');
  const { version } = c.req.valid('query');
  const { database, now } = c.get('deps');
  const limits = importLimits(c);
  const grid = await readUpload(await requestUpload(c), limits);
  const { assignments, errors } = readAnnexGrid(grid, period);
  if (errors.length > 0) throw importProblem(errors, limits.maxErrors);
  const current = version ?? (await getAnnex(database.db, authority, period, false)).version;
  await saveAnnex(database.db, {
    authorityCode: authority,
    period,
    expectedVersion: current,
    assignments,
    userId: user.id,
    at: now(),
    action: 'import',
  });
  return c.json(await getAnnex(database.db, authority, period, true), 200);
};

export const compliance: AppRouteHandler<typeof routes.compliance> = async (c) => {
  const { authority, period } = c.req.valid('param');
  return c.json(await authorityCompliance(c.get('deps').database.db, authority, period), 200);
};

export const comparison: AppRouteHandler<typeof routes.comparison> = async (c) => {
  const { authority, period } = c.req.valid('param');
  const { database, env } = c.get('deps');
  return c.json(await agencyComparison(database.db, authority, period, env.MIN_GROUP_SIZE), 200);
};

export const dfeExport: AppRouteHandler<typeof routes.dfeExport> = async (c) => {
  const { authority, period } = c.req.valid('param');
  const table = await dfeAgencyExport(c.get('deps').database.db, authority, period);
  return attachment(c, tableToCsv(table), CSV_MEDIA_TYPE, `dfe-agency-data-${authority}-${period}.csv`);
};

export const authorityCaps: AppRouteHandler<typeof routes.authorityCaps> = async (c) => {
  const { authority } = c.req.valid('param');
  const { database, now } = c.get('deps');
  const region = await regionOfAuthority(database.db, authority);
  return c.json(region ? await listCaps(database.db, region, today(now())) : [], 200);
};

export const regionCaps: AppRouteHandler<typeof routes.regionCaps> = async (c) => {
  const { region } = c.req.valid('param');
  const { database, now } = c.get('deps');
  return c.json(await listCaps(database.db, region, today(now())), 200);
};

export const setCap: AppRouteHandler<typeof routes.setCap> = async (c) => {
  const user = requireUser(c);
  const { region } = c.req.valid('param');
  const { database, now } = c.get('deps');
  const cap = await setCapOf(database.db, {
    regionCode: region,
    input: c.req.valid('json'),
    userId: user.id,
    at: now(),
  });
  return c.json(cap, 201);
};

export const regionCompliance: AppRouteHandler<typeof routes.regionCompliance> = async (c) => {
  const { region, period } = c.req.valid('param');
  return c.json(await regionComplianceOf(c.get('deps').database.db, region, period), 200);
};
