/**
 * The app factory: one Hono app with the API's middleware, its one error shape (problem+json) and its
 * OpenAPI routers. `createRouter` makes the routers of each resource; `createApp` assembles them.
 */
import { formatZodIssues, problem, validationProblem } from '@csc-workforce/schemas';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { HttpProblem, problemResponse } from './problem.js';
import { responseHeaders } from './response-headers.js';
import type { AppBindings, AppDeps, AppOpenAPI } from './types.js';

/** A router whose request validation failures become 400/422 problems naming each field. */
export function createRouter(): AppOpenAPI {
  return new OpenAPIHono<AppBindings>({
    strict: false,
    defaultHook: (result, c) => {
      if (result.success) return;
      const target = (result as { target?: string }).target;
      const status = target === 'json' || target === 'form' ? 422 : 400;
      const prefix =
        target === 'query' ? ['query'] : target === 'param' ? ['path'] : target === 'header' ? ['header'] : [];
      return problemResponse(c, validationProblem(formatZodIssues(result.error, { pathPrefix: prefix }), { status }));
    },
  });
}

/**
 * What the log says of an unexpected error: its kind, the database's error code, and where it was
 * thrown, but never its message: a failed query's message carries the query's parameters (figures,
 * comments, email addresses), and a database's message can quote the values it refused.
 */
export function describeError(error: unknown): Record<string, string | undefined> {
  if (!(error instanceof Error)) return { error: typeof error };
  const cause = error.cause as { code?: unknown; name?: unknown } | undefined;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 8)
    .map((line) => line.trim())
    .join(' | ');
  return {
    error: error.name,
    code: typeof cause?.code === 'string' ? cause.code : undefined,
    cause: typeof cause?.name === 'string' ? cause.name : undefined,
    at: frames,
  };
}

/** The bare app: middleware, error handling and not-found, with no routes (see app.ts). */
export function createBaseApp(deps: AppDeps): AppOpenAPI {
  const app = createRouter();
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('user', null);
    const started = performance.now();
    await next();
    deps.logger.log(c.res.status >= 500 ? 'error' : 'info', 'request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      user: c.get('user')?.id,
    });
  });
  // Inside the log's middleware, so that the log and the response name the same request.
  app.use('*', responseHeaders({ tls: deps.env.COOKIE_SECURE }));
  const limitBody = bodyLimit({
    maxSize: deps.env.MAX_BODY_BYTES,
    onError: (c) =>
      problemResponse(
        c,
        problem(413, {
          detail: `The request body is larger than the limit of ${Math.round(deps.env.MAX_BODY_BYTES / 1024 / 1024)} MB.`,
        }),
      ),
  });
  // A GET or HEAD request has no body (a fetch Request cannot carry one), so the limit has nothing to
  // check there; and asking (`c.req.raw.body`) makes @hono/node-server build the full Request it
  // otherwise never needs (an AbortController, the headers, a body stream): a third of the server's
  // time for a cached comparison (docs/performance.md).
  app.use('/api/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  app.notFound((c) =>
    problemResponse(c, problem(404, { detail: `Nothing at ${c.req.method} ${new URL(c.req.url).pathname}` })),
  );
  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problemResponse(c, error.body, error.headers);
    if (error instanceof HTTPException) {
      const status = Math.max(error.status, 400);
      const detail = /json/i.test(error.message) ? 'The request body is not valid JSON.' : error.message || undefined;
      return problemResponse(c, problem(status, detail ? { detail } : {}));
    }
    deps.logger.log('error', 'unhandled error', { requestId: c.get('requestId'), ...describeError(error) });
    return problemResponse(
      c,
      problem(500, {
        detail: `Something went wrong on our side. Quote request id ${c.get('requestId')} if you report it.`,
      }),
    );
  });
  return app;
}
