import { HttpProblem } from '../../lib/problem.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { codeBook } from '../../services/authority-codes.js';
import { modelMatches, neighboursOf } from '../../services/neighbours.js';
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
