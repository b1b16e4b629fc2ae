import { MAX_PUBLISHED_FIGURES } from '@csc-workforce/schemas';
import type { Context } from 'hono';
import { requireUser } from '../../lib/auth.js';
import { HttpProblem } from '../../lib/problem.js';
import type { AppBindings, AppRouteHandler } from '../../lib/types.js';
import {
  latestFigures,
  listReleases as listStoredReleases,
  loadRelease as loadStoredRelease,
  MAX_RELEASE_BYTES,
  previewRelease as previewStoredRelease,
  type Release,
  withdrawRelease as withdrawStoredRelease,
} from '../../services/published.js';
import { fileProblem } from '../../services/spreadsheets.js';
import type * as routes from './published.routes.js';

const present = (row: Release) => ({
  id: row.id,
  name: row.name,
  source: row.source,
  firstYear: row.firstYear,
  lastYear: row.lastYear,
  rows: row.rows,
  loadedAt: row.loadedAt.toISOString(),
  loadedBy: row.loadedBy,
  withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
  withdrawnBy: row.withdrawnBy,
});

export const listReleases: AppRouteHandler<typeof routes.listReleases> = async (c) => {
  requireUser(c);
  return c.json((await listStoredReleases(c.get('deps').database.db)).map(present), 200);
};

/** The uploaded file: the body itself, or the `file` field of a multipart form, with its name if any. */
export async function upload(c: Context<AppBindings>): Promise<{ bytes: Uint8Array; name?: string }> {
  const mediaType = c.req.header('content-type');
  if (mediaType && /^multipart\/form-data/i.test(mediaType)) {
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw new HttpProblem(400, { detail: 'The body is not a readable multipart/form-data form.' });
    }
    const file = form.file;
    const named = typeof form.name === 'string' ? { name: form.name } : {};
    if (file instanceof File) {
      return { bytes: new Uint8Array(await file.arrayBuffer()), ...named };
    }
    if (typeof file === 'string') return { bytes: new TextEncoder().encode(file), ...named };
    throw new HttpProblem(400, { detail: 'The form has no file: send one file in the field "file".' });
  }
  return { bytes: new Uint8Array(await c.req.arrayBuffer()) };
}

/** The file of a request, checked for size before anything else. */
async function releaseFile(c: Context<AppBindings>) {
  const uploaded = await upload(c);
  if (uploaded.bytes.length > MAX_RELEASE_BYTES) {
    throw fileProblem(413, `The file is larger than the limit of ${MAX_RELEASE_BYTES / 1024 / 1024} MB.`);
  }
  return uploaded;
}

export const previewRelease: AppRouteHandler<typeof routes.previewRelease> = async (c) => {
  requireUser(c);
  const { bytes } = await releaseFile(c);
  return c.json(await previewStoredRelease(c.get('deps').database.db, bytes), 200);
};

export const loadRelease: AppRouteHandler<typeof routes.loadRelease> = async (c) => {
  const user = requireUser(c);
  const { database, now } = c.get('deps');
  const { confirm } = c.req.valid('query');
  const { bytes, name: formName } = await releaseFile(c);
  // Named as asked, else from what it holds (never from the file's name, which people then read everywhere).
  const name = (formName ?? c.req.header('x-release-name'))?.trim().slice(0, 200) || undefined;
  const { release, created } = await loadStoredRelease(database.db, bytes, {
    name,
    userId: user.id,
    at: now(),
    confirmCodes: confirm,
  });
  return c.json(present(release), created ? 201 : 200);
};

export const withdrawRelease: AppRouteHandler<typeof routes.withdrawRelease> = async (c) => {
  const user = requireUser(c);
  const { database, now } = c.get('deps');
  const { id } = c.req.valid('param');
  return c.json(present(await withdrawStoredRelease(database.db, id, user.id, now())), 200);
};

export const figures: AppRouteHandler<typeof routes.figures> = async (c) => {
  requireUser(c);
  const query = c.req.valid('query');
  const { release, figures: rows } = await latestFigures(c.get('deps').database.db, {
    year: query.year,
    level: query.level,
    areaCodes: query.area,
    measures: query.measure,
    limit: MAX_PUBLISHED_FIGURES + 1,
  });
  return c.json(
    {
      release: release ? present(release) : null,
      figures: rows.slice(0, MAX_PUBLISHED_FIGURES).map((f) => ({
        year: f.timePeriod,
        level: f.geographicLevel,
        areaCode: f.areaCode,
        oldLaCode: f.oldLaCode,
        authorityCode: f.authorityCode,
        areaName: f.areaName,
        measure: f.measure,
        value: f.value,
        symbol: f.symbol,
      })),
      truncated: rows.length > MAX_PUBLISHED_FIGURES,
    },
    200,
  );
};
