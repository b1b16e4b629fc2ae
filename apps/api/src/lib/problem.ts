/**
 * The API's one error shape: RFC 9457 problem details. Handlers throw {@link HttpProblem}; the
 * app's error handler turns it, and anything else, into an `application/problem+json` response.
 */
import {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  type Problem,
  type ProblemOptions,
  problem,
} from '@csc-workforce/schemas';
import type { Context } from 'hono';

/** An error that is an HTTP problem: thrown by handlers and middleware, answered by the error handler. */
export class HttpProblem extends Error {
  readonly body: Problem;
  readonly headers: Record<string, string>;
  constructor(status: number, options: ProblemOptions = {}, headers: Record<string, string> = {}) {
    const body = problem(status, options);
    super(body.detail ?? body.title);
    this.name = 'HttpProblem';
    this.body = body;
    this.headers = headers;
  }
  get status(): number {
    return this.body.status;
  }
}

/** Responds with a problem body, its `instance` being the request path. */
export function problemResponse(c: Context, body: Problem, headers: Record<string, string> = {}): Response {
  const withInstance: Problem = { ...body, instance: body.instance ?? new URL(c.req.url).pathname };
  return new Response(JSON.stringify(withInstance), {
    status: body.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
  });
}

export const notFound = (detail: string) => new HttpProblem(404, { detail });
export const forbidden = (detail = 'You do not have access to this.') => new HttpProblem(403, { detail });

/** A problem about one field of the request (`errors` names it), such as 422 for a bad value or 409 for a taken one. */
export const fieldProblem = (status: number, field: string, message: string) =>
  new HttpProblem(status, {
    type: PROBLEM_TYPES.validation,
    title: 'The request has errors',
    detail: message,
    errors: [{ field, message }],
  });
