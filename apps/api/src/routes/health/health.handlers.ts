import { ping } from '../../db/client.js';
import { HttpProblem } from '../../lib/problem.js';
import type { AppRouteHandler } from '../../lib/types.js';
import type { health as healthRoute } from './health.routes.js';

export const health: AppRouteHandler<typeof healthRoute> = async (c) => {
  const { database, env } = c.get('deps');
  try {
    await ping(database.db);
  } catch {
    throw new HttpProblem(503, { detail: 'The database does not answer.' });
  }
  return c.json({ status: 'ok' as const, database: database.kind, demo: env.DEMO }, 200);
};
