/**
 * Who may call a route, declared once on the route. `...requires({ roles: ['admin'] })` in a
 * `createRoute({...})` gives the route both
 * - the middleware that enforces it: zod-openapi runs a route's own middleware before its validators,
 *   so an anonymous caller gets 401 and a caller of another role 403 whatever the path, query or body
 *   holds (nobody learns anything from a validation error of a route they may not use), and
 * - the OpenAPI `security` of the operation that documents it: the session cookie or an API token as
 *   alternatives (only the cookie for a session-only route), each listing the roles allowed (OpenAPI
 *   3.1 lets a requirement of a non-OAuth scheme name roles; an empty list is every role).
 * A route for anyone, signed in or not, says so with `...anyone()` (an empty `security`). The access
 * test checks that every operation of the document has one or the other, and that each route answers
 * as its `security` says.
 *
 * CSRF is not checked here: `authenticate()` refuses a cookie request without its session's token
 * before any route runs.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { authorityKey } from '../services/authority-codes.js';
import { assertCanReadAuthority, requireUser, SESSION_COOKIE } from './auth.js';
import { authorityCodeParam, regionParam } from './openapi.js';
import { forbidden, notFound } from './problem.js';
import type { AppBindings, CurrentUser } from './types.js';

export type Role = CurrentUser['role'];

/** The security schemes of the OpenAPI document, by the names the operations' `security` uses. */
export const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The session cookie set by POST /api/auth/login (or by accepting an invitation or a password-reset link). A change (POST, PUT, PATCH, DELETE) also needs the X-CSRF-Token header: the csrfToken of GET /api/auth/session.',
  },
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A personal API token (`Authorization: Bearer csc_pat_…`), created while signed in (POST /api/auth/tokens). No CSRF token needed.',
  },
} as const;

/** The roles that read returns: an authority's users, and the leads of its region (not admins). */
export const RETURN_READERS = ['authority_submitter', 'authority_viewer', 'regional_lead'] as const satisfies Role[];

/**
 * A scope named by the path, checked from the path and the caller alone (404 outside it, as if it did
 * not exist) after the role and before the request is validated. A malformed parameter is left to the
 * route's validator (400): it names nothing that exists.
 */
const SCOPES = {
  /** `{authority}`: the caller's own authority, or one of a regional lead's region. */
  authority: async (c: Context<AppBindings>, user: CurrentUser) => {
    const code = c.req.param('authority');
    if (code === undefined || !authorityCodeParam.safeParse(code).success) return;
    // Any of the authority's codes, current or former, is the authority.
    await assertCanReadAuthority(c, user, await authorityKey(c, code), code);
  },
  /** `{region}`: the regional lead's own region. */
  region: async (c: Context<AppBindings>, user: CurrentUser) => {
    const code = c.req.param('region');
    if (code === undefined || !regionParam.safeParse(code).success) return;
    if (user.role !== 'regional_lead' || user.regionCode !== code) {
      throw notFound(`No region ${code} that you can see.`);
    }
  },
  /** `{region}`: the regional lead's own region, or any region for an admin (a region's price caps). */
  regionOrAdmin: async (c: Context<AppBindings>, user: CurrentUser) => {
    const code = c.req.param('region');
    if (code === undefined || !regionParam.safeParse(code).success || user.role === 'admin') return;
    if (user.role !== 'regional_lead' || user.regionCode !== code) {
      throw notFound(`No region ${code} that you can see.`);
    }
  },
} satisfies Record<string, (c: Context<AppBindings>, user: CurrentUser) => Promise<void>>;

/** Who may call a route: a signed-in user, of these roles, with this credential, in the scope the path names. */
export interface Requirement {
  /** The roles allowed (403 for the others); every role when omitted. */
  readonly roles?: readonly Role[];
  /**
   * With the session cookie only: an API token is refused (403), so that a leaked token can neither
   * mint others, nor change the password, nor read a password-reset link.
   */
  readonly sessionOnly?: boolean;
  /** The scope the path names: `{authority}` or `{region}` (see SCOPES). */
  readonly scope?: keyof typeof SCOPES;
}

/** The OpenAPI `security` of a route: the schemes that identify its caller, each with the roles allowed. */
export type Security = { [scheme in keyof typeof SECURITY_SCHEMES]?: string[] }[];

/**
 * A route for signed-in users only (of `roles`, when given): its middleware (401, 403, then the
 * scope's 404, before validation) and its OpenAPI `security`. Spread it into `createRoute`.
 */
export function requires(requirement: Requirement = {}): {
  middleware: MiddlewareHandler<AppBindings>;
  security: Security;
} {
  const roles = requirement.roles ?? [];
  const scope = requirement.scope ? SCOPES[requirement.scope] : null;
  const middleware: MiddlewareHandler<AppBindings> = async (c, next) => {
    const user = requireUser(c);
    if (roles.length > 0 && !roles.includes(user.role)) {
      throw forbidden(`This needs the role ${roles.join(' or ')}.`);
    }
    if (requirement.sessionOnly && user.via !== 'session') {
      throw forbidden('Do this while signed in to the portal (with the session cookie), not with an API token.');
    }
    if (scope) await scope(c, user);
    await next();
  };
  const security: Security = requirement.sessionOnly
    ? [{ session: [...roles] }]
    : [{ session: [...roles] }, { bearer: [...roles] }];
  return { middleware, security };
}

/** A route for anyone, signed in or not (sign-in, links, health): an explicitly empty OpenAPI `security`. */
export function anyone(): { security: Security } {
  return { security: [] };
}
