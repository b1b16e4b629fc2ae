/** Types shared by the app's routes and middleware. */
import type { Role } from '@csc-workforce/schemas';
import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { Database } from '../db/client.js';
import type { Env } from '../env.js';
import type { Logger } from './logger.js';

/** The signed-in user, as every route sees it. */
export interface CurrentUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly authorityCode: string | null;
  readonly regionCode: string | null;
  /** How the request was authenticated. */
  readonly via: 'session' | 'token';
  /** The session's CSRF token (session requests only). */
  readonly csrfToken?: string;
}

/** What the app is built from: everything a handler needs besides the request. */
export interface AppDeps {
  readonly database: Database;
  readonly env: Env;
  readonly logger: Logger;
  /** The current time; tests move it to expire sessions. */
  readonly now: () => Date;
}

export interface AppBindings {
  Variables: {
    deps: AppDeps;
    requestId: string;
    /** The security headers of data responses (lib/response-headers.ts). */
    dataSecurityHeaders: Readonly<Record<string, string>>;
    /** Whether the handler's response already carries them (`completeResponse`). */
    complete: boolean;
    user: CurrentUser | null;
    /**
     * For a request signed in with a session cookie: until when (epoch ms) its session stays as it
     * was checked unless something is written (lib/replay.ts).
     */
    sessionQuietUntil?: number;
  };
}

export type AppOpenAPI = OpenAPIHono<AppBindings>;
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppBindings>;
