import { sql } from 'drizzle-orm';
import { HttpProblem } from '../../lib/problem.js';
import type { AppRouteHandler } from '../../lib/types.js';
import type { health as healthRoute } from './health.routes.js';

export const health: AppRouteHandler<typeof healthRoute> = async (c) => {
  const { database, env } = c.get('deps');
  try {
    await database.db.execute(sql`SELECT 1`);
  } catch {
    throw new HttpProblem(503, { detail: 'The database does not answer.' });
  }
  return c.json({ status: 'ok' as const, database: database.kind, demo: env.DEMO }, 200);
};
