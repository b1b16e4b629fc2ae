import { HttpProblem } from '../../lib/problem.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { modelMatches, neighboursOf } from '../../services/neighbours.js';
import type * as routes from './neighbours.routes.js';

export const ofAuthority: AppRouteHandler<typeof routes.ofAuthority> = async (c) => {
  const { authority } = c.req.valid('param');
  const found = await neighboursOf(c.get('deps').database.db, authority);
  if (!found)
    throw new HttpProblem(404, { detail: `${authority} is not in the statistical-neighbour model in force.` });
  return c.json(found, 200);
};

export const model: AppRouteHandler<typeof routes.model> = async (c) => {
  const { model: found, ...matches } = await modelMatches(c.get('deps').database.db);
  if (!found) throw new HttpProblem(404, { detail: 'No statistical-neighbour model is loaded.' });
  return c.json(
    {
      id: found.id,
      name: found.name,
      source: found.source,
      rows: found.rows,
      loadedAt: found.loadedAt.toISOString(),
      ...matches,
    },
    200,
  );
};
