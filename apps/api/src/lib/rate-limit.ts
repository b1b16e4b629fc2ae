/**
 * Rate limits, every one the API has, in one place: failed sign-ins and wrong current passwords,
 * requests for a password-reset link, and wrong invitation and reset tokens. Each counts attempts
 * recorded under keys (an e-mail address, a client address) in `login_failures` within
 * `LOGIN_WINDOW_MINUTES`, and refuses with 429 and a `Retry-After` of the window once a key has used
 * its allowance (a multiple of `LOGIN_MAX_ATTEMPTS`).
 *
 * Two ways to count: a limit on failures is checked before the attempt ({@link RateLimit.check}) and
 * the failure recorded after it ({@link RateLimit.fail}); a limit on every attempt records it first and
 * then counts ({@link RateLimit.claim}), so that attempts sent at once cannot all pass, taking a refused
 * attempt back so that refusals never count.
 */
import { PASSWORD_RESET_MINUTES } from '@csc-workforce/schemas';
import { getConnInfo } from '@hono/node-server/conninfo';
import { eq, inArray, lte, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { type Db, rowsOf } from '../db/client.js';
import { loginFailures } from '../db/schema.js';
import type { Env } from '../env.js';
import { HttpProblem } from './problem.js';
import type { AppBindings } from './types.js';

/**
 * The client's address: the one TRUST_PROXY_HOPS proxies from the right of X-Forwarded-For when
 * the server is behind proxies (entries further left are the client's to write), else the socket's.
 */
export function clientAddress(c: Context<AppBindings>): string {
  const hops = c.get('deps').env.TRUST_PROXY_HOPS;
  if (hops > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
    const address = forwarded[forwarded.length - hops];
    if (address) return address.slice(0, 100);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served by @hono/node-server (tests call app.request)
  }
}

/**
 * Records attempts under keys (a failed sign-in, a wrong token, a request for a link) for the limits
 * that {@link recentFailures} counts, and forgets every record past the window: what no longer counts
 * is not kept (the keys hold e-mail and client addresses).
 * @returns the ids of the records, for a caller that takes them back.
 */
export async function recordAttempts(
  db: Pick<Db, 'insert' | 'delete'>,
  keys: readonly string[],
  at: Date,
  windowMinutes: number,
): Promise<number[]> {
  await db.delete(loginFailures).where(lte(loginFailures.at, new Date(at.getTime() - windowMinutes * 60_000)));
  const rows = await db
    .insert(loginFailures)
    .values(keys.map((key) => ({ key, at })))
    .returning({ id: loginFailures.id });
  return rows.map((row) => row.id);
}

/**
 * Counts the attempts recorded under a key (failed sign-ins, wrong tokens, requests for a link) after
 * `since`, the start of the window: what a limit compares with its allowance.
 */
export async function recentFailures(db: Db, key: string, since: Date): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(
      sql`SELECT count(*)::int AS n FROM login_failures WHERE key = ${key} AND at > ${since.toISOString()}`,
    ),
  );
  return Number(row?.n ?? 0);
}

/** The key under which failed sign-ins of an e-mail address are counted. */
const signInKey = (email: string) => `email:${email}`;

/**
 * Forgets the failed sign-ins of an e-mail address (in the caller's transaction when given one): the
 * right password was given, or a new one chosen.
 */
export async function liftSignInLimit(db: Pick<Db, 'delete'>, email: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, signInKey(email)));
}

/** One key of a limit and how many attempts it allows within the window. */
interface Allowance {
  readonly key: string;
  readonly max: number;
}

type Settings = Pick<Env, 'LOGIN_MAX_ATTEMPTS' | 'LOGIN_WINDOW_MINUTES'>;

/** A limit on some keys, with the words of its refusal. */
export class RateLimit {
  private constructor(
    private readonly deps: { readonly db: Db; readonly env: Settings; readonly now: () => Date },
    private readonly allowances: readonly Allowance[],
    private readonly refusal: string,
  ) {}

  /** Failed sign-ins: 5 per e-mail address and 50 per client address (an office may share one). */
  static signIn(c: Context<AppBindings>, email: string): RateLimit {
    const { env } = c.get('deps');
    return RateLimit.of(
      c,
      [
        { key: signInKey(email), max: env.LOGIN_MAX_ATTEMPTS },
        { key: `ip:${clientAddress(c)}`, max: env.LOGIN_MAX_ATTEMPTS * 10 },
      ],
      `Too many failed sign-ins. Wait ${env.LOGIN_WINDOW_MINUTES} minutes and try again.`,
    );
  }

  /** Wrong current passwords: a sign-in, limited as sign-ins are, by the same count. */
  static currentPassword(c: Context<AppBindings>, email: string): RateLimit {
    const { env } = c.get('deps');
    return RateLimit.of(
      c,
      [{ key: signInKey(email), max: env.LOGIN_MAX_ATTEMPTS }],
      `Too many wrong passwords. Wait ${env.LOGIN_WINDOW_MINUTES} minutes and try again.`,
    );
  }

  /**
   * Requests for a password-reset link, every one counting whether or not an account uses the address
   * (a limit that only accounts reached would tell which addresses have one): tight on the address
   * from one client, looser on the address from anywhere, and on the client (an office shares one).
   */
  static resetRequest(c: Context<AppBindings>, email: string): RateLimit {
    const { env } = c.get('deps');
    const client = clientAddress(c);
    return RateLimit.of(
      c,
      [
        { key: `reset:${email}:${client}`, max: env.LOGIN_MAX_ATTEMPTS },
        { key: `reset:${email}`, max: env.LOGIN_MAX_ATTEMPTS * 4 },
        { key: `reset-ip:${client}`, max: env.LOGIN_MAX_ATTEMPTS * 10 },
      ],
      `Too many links asked for. Wait ${env.LOGIN_WINDOW_MINUTES} minutes and try again, or use a link you were sent: each works for ${PASSWORD_RESET_MINUTES} minutes.`,
    );
  }

  /** Invitation tokens no invitation has, from the caller's address (the sign-in limit of an address). */
  static invitationTokens(c: Context<AppBindings>): RateLimit {
    const { env } = c.get('deps');
    return RateLimit.of(
      c,
      [{ key: `invitation-ip:${clientAddress(c)}`, max: env.LOGIN_MAX_ATTEMPTS * 10 }],
      `Too many invitation links that do not work. Wait ${env.LOGIN_WINDOW_MINUTES} minutes and try again.`,
    );
  }

  /** Password-reset tokens no link has, from the caller's address (the sign-in limit of an address). */
  static resetTokens(c: Context<AppBindings>): RateLimit {
    const { env } = c.get('deps');
    return RateLimit.of(
      c,
      [{ key: `reset-token-ip:${clientAddress(c)}`, max: env.LOGIN_MAX_ATTEMPTS * 10 }],
      `Too many links that do not work. Wait ${env.LOGIN_WINDOW_MINUTES} minutes and try again.`,
    );
  }

  private static of(c: Context<AppBindings>, allowances: readonly Allowance[], refusal: string): RateLimit {
    const { database, env, now } = c.get('deps');
    return new RateLimit({ db: database.db, env, now }, allowances, refusal);
  }

  private get keys(): string[] {
    return this.allowances.map((a) => a.key);
  }

  private since(): Date {
    return new Date(this.deps.now().getTime() - this.deps.env.LOGIN_WINDOW_MINUTES * 60_000);
  }

  private tooMany(): HttpProblem {
    const minutes = this.deps.env.LOGIN_WINDOW_MINUTES;
    return new HttpProblem(429, { detail: this.refusal }, { 'retry-after': String(minutes * 60) });
  }

  /** Refuses (429) when a key has used its allowance: for a limit on failures, before the attempt. */
  async check(): Promise<void> {
    const since = this.since();
    for (const { key, max } of this.allowances) {
      if ((await recentFailures(this.deps.db, key, since)) >= max) throw this.tooMany();
    }
  }

  /** Records a failure under every key (outside any transaction, which would roll it back). */
  async fail(): Promise<void> {
    await recordAttempts(this.deps.db, this.keys, this.deps.now(), this.deps.env.LOGIN_WINDOW_MINUTES);
  }

  /**
   * Counts this attempt before it is made: records it under every key, then refuses (429, the attempt
   * taken back) when a key is over its allowance.
   * @returns what takes the attempt back (it turned out to be no failure).
   */
  async claim(): Promise<() => Promise<void>> {
    const since = this.since();
    const { db, env, now } = this.deps;
    const recorded = await recordAttempts(db, this.keys, now(), env.LOGIN_WINDOW_MINUTES);
    const takeBack = async () => {
      if (recorded.length > 0) await db.delete(loginFailures).where(inArray(loginFailures.id, recorded));
    };
    for (const { key, max } of this.allowances) {
      if ((await recentFailures(db, key, since)) > max) {
        await takeBack();
        throw this.tooMany();
      }
    }
    return takeBack;
  }
}
