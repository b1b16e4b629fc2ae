import type { Context } from 'hono';
import { requireUser } from '../../lib/auth.js';
import { londonDate } from '../../lib/dates.js';
import { HttpProblem } from '../../lib/problem.js';
import type { AppBindings, AppRouteHandler } from '../../lib/types.js';
import { codeBook } from '../../services/authority-codes.js';
import {
  chooseNeighbourModel,
  listNeighbourModels,
  loadNeighbourModel,
  modelMatches,
  neighboursOf,
  previewNeighbourModel,
} from '../../services/neighbours.js';
import { MAX_RELEASE_BYTES } from '../../services/published.js';
import { fileProblem } from '../../services/spreadsheets.js';
import { upload } from '../published/published.handlers.js';
import type * as routes from './neighbours.routes.js';

export const ofAuthority: AppRouteHandler<typeof routes.ofAuthority> = async (c) => {
  const { authority } = c.req.valid('param');
  // Asked by any of its codes; every authority answered by its current one.
  const codes = await codeBook(c);
  const found = await neighboursOf(c.get('deps').database.db, codes.keyOf(authority) ?? authority);
  if (!found)
    throw new HttpProblem(404, { detail: `${authority} is not in the statistical-neighbour model in force.` });
  const shown = (code: string | null) => (code === null ? null : codes.current(code));
  return c.json(
    {
      ...found,
      authority: { ...found.authority, code: codes.current(found.authority.code) },
      neighbours: found.neighbours.map((n) => ({ ...n, code: shown(n.code) })),
      measures: found.measures.map((m) => ({
        ...m,
        years: m.years.map((y) => ({
          ...y,
          neighbours: Object.fromEntries(Object.entries(y.neighbours).map(([code, v]) => [codes.current(code), v])),
        })),
      })),
    },
    200,
  );
};

export const model: AppRouteHandler<typeof routes.model> = async (c) => {
  const { model: found, ...matches } = await modelMatches(c.get('deps').database.db);
  const codes = await codeBook(c);
  if (!found) throw new HttpProblem(404, { detail: 'No statistical-neighbour model is loaded.' });
  return c.json(
    {
      id: found.id,
      name: found.name,
      source: found.source,
      rows: found.rows,
      loadedAt: found.loadedAt.toISOString(),
      ...matches,
      unmatchedAuthorities: matches.unmatchedAuthorities.map((a) => ({ ...a, code: codes.current(a.code) })),
    },
    200,
  );
};

export const models: AppRouteHandler<typeof routes.models> = async (c) => {
  requireUser(c);
  return c.json(await listNeighbourModels(c.get('deps').database.db), 200);
};

/** A model's file from a request, checked for size before anything else. */
async function modelFile(c: Context<AppBindings>) {
  const uploaded = await upload(c);
  if (uploaded.bytes.length > MAX_RELEASE_BYTES) {
    throw fileProblem(413, `The file is larger than the limit of ${MAX_RELEASE_BYTES / 1024 / 1024} MB.`);
  }
  return uploaded;
}

export const previewModel: AppRouteHandler<typeof routes.previewModel> = async (c) => {
  requireUser(c);
  const { database, env } = c.get('deps');
  const { bytes } = await modelFile(c);
  return c.json(await previewNeighbourModel(database.db, bytes, env.MIN_GROUP_SIZE), 200);
};

export const loadModel: AppRouteHandler<typeof routes.loadModel> = async (c) => {
  const user = requireUser(c);
  const { database, now } = c.get('deps');
  const { bytes, name: formName } = await modelFile(c);
  // Named as asked, else by when it was loaded (never from the file's name, which people then read everywhere).
  const name =
    (formName ?? c.req.header('x-model-name'))?.trim().slice(0, 200) ||
    `Statistical neighbours, loaded ${londonDate(now())}`;
  const { id, created } = await loadNeighbourModel(database.db, bytes, {
    name,
    userId: user.id,
    at: now(),
    inForce: false,
  });
  const entry = (await listNeighbourModels(database.db)).find((m) => m.id === id);
  if (!entry) throw new Error('The model loaded is not stored');
  return c.json(entry, created ? 201 : 200);
};

export const chooseModel: AppRouteHandler<typeof routes.chooseModel> = async (c) => {
  const user = requireUser(c);
  const { database, now } = c.get('deps');
  const { id } = c.req.valid('param');
  await chooseNeighbourModel(database.db, id, { userId: user.id, at: now() });
  const entry = (await listNeighbourModels(database.db)).find((m) => m.id === id);
  if (!entry) throw new Error('The model chosen is not stored');
  return c.json(entry, 200);
};
