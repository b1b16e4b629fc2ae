/**
 * Authentication and authorisation: server-side sessions (httpOnly, SameSite cookie, idle and absolute
 * expiry) with a CSRF token for cookie requests, personal API tokens (Bearer), and the scope checks
 * that a route's declared requirement (access.ts) runs.
 */

import { timingSafeEqual } from 'node:crypto';
import { PROBLEM_TYPES } from '@csc-workforce/schemas';
import { and, eq, isNull } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Database, Db } from '../db/client.js';
import { apiTokens, authorities, sessions, users } from '../db/schema.js';
import type { Env } from '../env.js';
import type { ChangeFeed } from './changes.js';
import { HttpProblem } from './problem.js';
import { digest, newSecret } from './tokens.js';
import type { AppBindings, CurrentUser } from './types.js';

/** The name of the session cookie (httpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'csc_session';
/** The header in which a cookie request that changes something echoes its session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';
/** The prefix of every personal API token, saying what the secret is (to people and secret scanners). */
export const TOKEN_PREFIX = 'csc_pat_';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * Signing in and out need no CSRF token: they only replace or end the caller's own session, and a tab
 * holding a stale token (another tab signed out and in) must still be able to do both. Nor do looking
 * up and accepting an invitation, which are for people not signed in (accepting signs in, as a sign-in),
 * nor asking for, looking up and using a password-reset link, for the same reasons.
 */
const CSRF_EXEMPT = new Set([
  '/api/auth/login',
  '/api/auth/logout',
  '/api/invitations/lookup',
  '/api/invitations/accept',
  '/api/password-resets',
  '/api/password-resets/lookup',
  '/api/password-resets/complete',
]);

/** Constant-time comparison of a presented secret with the expected one. */
function sameSecret(presented: string | undefined, expected: string | undefined): boolean {
  if (presented === undefined || expected === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
/** A session's last-seen time is written at most this often, to keep reads cheap. */
const TOUCH_EVERY_MS = 60_000;

type UserRow = typeof users.$inferSelect;

function toCurrentUser(row: UserRow, via: CurrentUser['via'], csrfToken?: string): CurrentUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    authorityCode: row.authorityCode,
    regionCode: row.regionCode,
    via,
    ...(csrfToken ? { csrfToken } : {}),
  };
}

/** Starts a session for the user and sets its cookie; returns the CSRF token the client must echo. */
export async function startSession(c: Context<AppBindings>, userId: string): Promise<string> {
  const { database, env, now } = c.get('deps');
  const token = newSecret();
  const csrfToken = newSecret();
  const at = now();
  await database.db.insert(sessions).values({
    tokenHash: digest(token),
    userId,
    csrfToken,
    createdAt: at,
    lastSeenAt: at,
    expiresAt: new Date(at.getTime() + env.SESSION_ABSOLUTE_HOURS * 3_600_000),
  });
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: env.COOKIE_SECURE,
    path: '/',
    maxAge: env.SESSION_ABSOLUTE_HOURS * 3600,
  });
  return csrfToken;
}

/** Deletes the session the request's cookie names, if any (what becomes of the cookie is the caller's). */
async function deleteCookieSession(c: Context<AppBindings>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token)
    await c
      .get('deps')
      .database.db.delete(sessions)
      .where(eq(sessions.tokenHash, digest(token)));
}

/**
 * Signs this browser in as the user, as a sign-in does: a session it already had ends (someone
 * else's, perhaps; its cookie is overwritten), and a new one starts.
 * @returns the new session's CSRF token.
 */
export async function replaceSession(c: Context<AppBindings>, userId: string): Promise<string> {
  await deleteCookieSession(c);
  return startSession(c, userId);
}

/** Ends the request's session, if any, and clears its cookie. */
export async function endSession(c: Context<AppBindings>): Promise<void> {
  await deleteCookieSession(c);
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: c.get('deps').env.COOKIE_SECURE });
}

/** A session as last read from the database, for the cache below. */
interface CachedSession {
  readonly user: UserRow;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  lastSeenAt: Date;
}

/**
 * Sessions read on the embedded database, kept until anything about sessions or users changes (the
 * change feed drops the whole cache: a sign-out, a deactivated user, a changed role). On a PostgreSQL
 * server there is no feed and every request reads its session. Only an answer that lets a request in
 * comes from the cache; an expired or idle session is always decided by the database.
 */
class SessionCache {
  private readonly sessions = new Map<string, CachedSession>();
  constructor(changes: ChangeFeed) {
    changes.onChange((table) => {
      if (SESSION_TABLES.includes(table)) this.sessions.clear();
    });
  }
  get(tokenHash: string): CachedSession | undefined {
    return this.sessions.get(tokenHash);
  }
  set(tokenHash: string, session: CachedSession): void {
    // Bounded: a flood of sign-ins cannot grow it without limit.
    if (this.sessions.size >= 10_000) this.sessions.clear();
    this.sessions.set(tokenHash, session);
  }
}

/** The tables a session's check reads: a change to any of them drops every cached session. */
export const SESSION_TABLES = ['sessions', 'users'];

const sessionCaches = new WeakMap<Database, SessionCache>();
function sessionCacheOf(database: Database): SessionCache | null {
  if (!database.changes) return null;
  let cache = sessionCaches.get(database);
  if (!cache) {
    cache = new SessionCache(database.changes);
    sessionCaches.set(database, cache);
  }
  return cache;
}

/**
 * Until when nothing about a session could change without a write the change feed sees: its expiry,
 * its idle limit, and the next time its last-seen time is written (lib/replay.ts keeps a replayed
 * answer no longer than this).
 */
function quietUntil(expiresAt: Date, lastSeenAt: Date, env: Env): number {
  const seen = lastSeenAt.getTime();
  return Math.min(expiresAt.getTime(), seen + env.SESSION_IDLE_MINUTES * 60_000, seen + TOUCH_EVERY_MS);
}

async function userFromSession(
  database: Database,
  env: Env,
  token: string,
  now: Date,
): Promise<{ user: CurrentUser; until: number } | null> {
  const { db } = database;
  const tokenHash = digest(token);
  const cache = sessionCacheOf(database);
  const cached = cache?.get(tokenHash);
  if (
    cached?.user.active &&
    cached.expiresAt > now &&
    cached.lastSeenAt.getTime() + env.SESSION_IDLE_MINUTES * 60_000 > now.getTime()
  ) {
    if (now.getTime() - cached.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
      cached.lastSeenAt = now;
    }
    return {
      user: toCurrentUser(cached.user, 'session', cached.csrfToken),
      until: quietUntil(cached.expiresAt, cached.lastSeenAt, env),
    };
  }
  // What the database says, cached only if no session or user changed while it was read.
  const stampBefore = database.changes?.stamp(SESSION_TABLES);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  if (!row) return null;
  const idleLimit = row.session.lastSeenAt.getTime() + env.SESSION_IDLE_MINUTES * 60_000;
  if (!row.user.active || row.session.expiresAt <= now || idleLimit <= now.getTime()) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  let lastSeenAt = row.session.lastSeenAt;
  if (now.getTime() - lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
    lastSeenAt = now;
  }
  if (database.changes?.stamp(SESSION_TABLES) === stampBefore)
    cache?.set(tokenHash, {
      user: row.user,
      csrfToken: row.session.csrfToken,
      expiresAt: row.session.expiresAt,
      lastSeenAt,
    });
  return {
    user: toCurrentUser(row.user, 'session', row.session.csrfToken),
    until: quietUntil(row.session.expiresAt, lastSeenAt, env),
  };
}

async function userFromToken(db: Db, token: string, now: Date): Promise<CurrentUser | null> {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, digest(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row?.user.active) return null;
  const last = row.token.lastUsedAt?.getTime() ?? 0;
  if (now.getTime() - last > TOUCH_EVERY_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
  }
  return toCurrentUser(row.user, 'token');
}

/**
 * Identifies the caller from a Bearer API token or the session cookie, and checks the CSRF token of
 * cookie requests that change something. Anonymous requests pass with `user` null; routes decide.
 */
export function authenticate(): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    const { database, env, now } = c.get('deps');
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const user = match?.[1] ? await userFromToken(database.db, match[1], now()) : null;
      if (!user) {
        throw new HttpProblem(
          401,
          { detail: 'The API token is not valid, or has been revoked.' },
          {
            'www-authenticate': 'Bearer realm="csc-workforce", error="invalid_token"',
          },
        );
      }
      c.set('user', user);
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const found = await userFromSession(database, env, token, now());
      if (found) {
        const { user } = found;
        if (
          UNSAFE.has(c.req.method) &&
          !CSRF_EXEMPT.has(c.req.path) &&
          !sameSecret(c.req.header(CSRF_HEADER), user.csrfToken)
        ) {
          // A type of its own: a tab whose session was renewed elsewhere (a sign-in, a change of
          // password) reads the session again and retries (the change was refused before it ran).
          throw new HttpProblem(403, {
            type: PROBLEM_TYPES.csrf,
            title: 'The request does not carry this session’s CSRF token',
            detail: `Missing or wrong ${CSRF_HEADER} header: send the csrfToken of your session with every change.`,
          });
        }
        c.set('user', user);
        c.set('sessionQuietUntil', found.until);
      } else {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    return next();
  };
}

/**
 * The signed-in user, or a 401 problem. Routes declare who may call them with `requires` (access.ts),
 * which checks this before the request is validated; handlers call it for the user.
 */
export function requireUser(c: Context<AppBindings>): CurrentUser {
  const user = c.get('user');
  if (!user) {
    throw new HttpProblem(
      401,
      { detail: 'Sign in, or send an API token as "Authorization: Bearer …".' },
      {
        'www-authenticate': 'Bearer realm="csc-workforce"',
      },
    );
  }
  return user;
}

/** The region of an authority, or null when there is no such authority. */
export async function regionOfAuthority(db: Db, code: string): Promise<string | null> {
  const [row] = await db
    .select({ regionCode: authorities.regionCode })
    .from(authorities)
    .where(eq(authorities.code, code));
  return row?.regionCode ?? null;
}

/**
 * Whether the user may read the identified data (returns) of an authority, named by its key (a user's
 * `authorityCode` is one; services/authority-codes.ts): its own users, and the lead of its region. An
 * authority unknown or out of scope is reported the same way (404), naming the code `asked`, so that
 * no one learns which codes exist beyond their scope.
 */
export async function assertCanReadAuthority(
  c: Context<AppBindings>,
  user: CurrentUser,
  key: string,
  asked: string = key,
): Promise<void> {
  if ((user.role === 'authority_submitter' || user.role === 'authority_viewer') && user.authorityCode === key) return;
  if (user.role === 'regional_lead') {
    const region = await regionOfAuthority(c.get('deps').database.db, key);
    if (region !== null && region === user.regionCode) return;
  }
  throw new HttpProblem(404, { detail: `No authority ${asked} that you can see.` });
}
