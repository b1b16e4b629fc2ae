/**
 * Forgotten passwords. Anyone may ask for a link for an address; the answer never says whether an
 * account uses it. An active user's link (only its hash stored) is written to the outbox in the same
 * transaction, and works once, for PASSWORD_RESET_MINUTES. Choosing a new password with it ends every
 * session of the user, lifts the sign-in limit of their address, e-mails them that the password was
 * changed, and signs this browser in.
 */
import { PASSWORD_RESET_MINUTES } from '@csc-workforce/schemas';
import { and, eq, isNull } from 'drizzle-orm';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Db } from '../../db/client.js';
import { loginFailures, passwordResets, sessions, users } from '../../db/schema.js';
import type { Env } from '../../env.js';
import { audit } from '../../lib/audit.js';
import { recentFailures, SESSION_COOKIE, startSession } from '../../lib/auth.js';
import { hashPassword } from '../../lib/passwords.js';
import { HttpProblem } from '../../lib/problem.js';
import { digest, newSecret } from '../../lib/tokens.js';
import type { AppBindings, AppRouteHandler } from '../../lib/types.js';
import { enqueueMail, type Mail, mailDeliveryFor } from '../../services/mail.js';
import { londonDateTime, userStatus } from '../../services/users.js';
import { clientAddress, describeUser } from '../auth/auth.handlers.js';
import type * as routes from './password-resets.routes.js';

type User = typeof users.$inferSelect;

const SIGNATURE = "Children's social care workforce exchange";

/** The e-mail with the link; the token travels in the URL's fragment, never sent to a server. */
export function passwordResetMail(env: Pick<Env, 'PUBLIC_URL'>, user: User, token: string, expiresAt: Date): Mail {
  return {
    to: user.email,
    kind: 'password-reset',
    entityId: user.id,
    subject: "Choose a new password for the children's social care workforce exchange",
    text: [
      `Dear ${user.name},`,
      '',
      'Someone, we hope you, asked for a link to choose a new password for the exchange. To choose one, open this link:',
      `${env.PUBLIC_URL}/reset-password#${token}`,
      '',
      `The link works once, and until ${londonDateTime(expiresAt)}.`,
      'If you did not ask for it, you can ignore this e-mail: your password stays as it is.',
      '',
      SIGNATURE,
    ].join('\n'),
  };
}

/** The notice that a password was changed, so that its owner hears of a change they did not make. */
export function passwordChangedMail(env: Pick<Env, 'PUBLIC_URL'>, user: User, at: Date): Mail {
  return {
    to: user.email,
    kind: 'password-changed',
    entityId: user.id,
    subject: "Your password for the children's social care workforce exchange was changed",
    text: [
      `Dear ${user.name},`,
      '',
      `The password of your account (${user.email}) was changed on ${londonDateTime(at)} with a link sent to this address, and every other session of the account was signed out.`,
      '',
      'If you did not change it, tell your administrator at once.',
      `Sign in: ${env.PUBLIC_URL}/sign-in`,
      '',
      SIGNATURE,
    ].join('\n'),
  };
}

const tooMany = (minutes: number, detail: string) =>
  new HttpProblem(429, { detail }, { 'retry-after': String(minutes * 60) });

export const request: AppRouteHandler<typeof routes.request> = async (c) => {
  const { email } = c.req.valid('json');
  const deps = c.get('deps');
  const { database, env, now } = deps;
  const at = now();
  // Every request counts, whether or not an account uses the address: a limit that only accounts
  // reached would tell which addresses have one. The client's limit is wider (an office shares one).
  const keys = [`reset:${email}`, `reset-ip:${clientAddress(c)}`] as const;
  const since = new Date(at.getTime() - env.LOGIN_WINDOW_MINUTES * 60_000);
  for (const [key, limit] of [
    [keys[0], env.LOGIN_MAX_ATTEMPTS],
    [keys[1], env.LOGIN_MAX_ATTEMPTS * 10],
  ] as const) {
    if ((await recentFailures(database.db, key, since)) >= limit) {
      throw tooMany(
        env.LOGIN_WINDOW_MINUTES,
        `Too many links asked for. Wait ${env.LOGIN_WINDOW_MINUTES} minutes and try again, and use the newest link you were sent.`,
      );
    }
  }
  const sent = await database.db.transaction(async (tx) => {
    await tx.insert(loginFailures).values(keys.map((key) => ({ key, at })));
    const [user] = await tx.select().from(users).where(eq(users.email, email)).for('update');
    // Only an active user has a password to change: an invited one accepts their invitation, and a
    // deactivated one must not be able to come back this way.
    if (!user || userStatus(user) !== 'active' || user.passwordHash === null) return false;
    const token = newSecret();
    const expiresAt = new Date(at.getTime() + PASSWORD_RESET_MINUTES * 60_000);
    await withdrawResets(tx, user.id, at);
    await tx.insert(passwordResets).values({ tokenHash: digest(token), userId: user.id, createdAt: at, expiresAt });
    await enqueueMail(tx, env, [passwordResetMail(env, user, token, expiresAt)]);
    await audit(tx, { userId: null, action: 'request-password-reset', entity: 'user', entityId: user.id, at });
    return true;
  });
  if (sent) mailDeliveryFor(deps)?.kick();
  return c.json(
    {
      delivery: env.SMTP_URL ? ('email' as const) : ('administrator' as const),
      expiresInMinutes: PASSWORD_RESET_MINUTES,
    },
    202,
  );
};

/** Withdraws every valid link of a user (a newer one was asked for, or the password was changed). */
async function withdrawResets(tx: Pick<Db, 'update'>, userId: string, at: Date): Promise<void> {
  await tx
    .update(passwordResets)
    .set({ revokedAt: at })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), isNull(passwordResets.revokedAt)));
}

/** The key of wrong tokens from the caller's address, counted like failed sign-ins. */
const guessKey = (c: Context<AppBindings>) => `reset-token-ip:${clientAddress(c)}`;

/** Refuses a caller who has sent too many wrong tokens lately (the sign-in limit of an address). */
async function assertNotGuessing(c: Context<AppBindings>): Promise<void> {
  const { database, env, now } = c.get('deps');
  const since = new Date(now().getTime() - env.LOGIN_WINDOW_MINUTES * 60_000);
  if ((await recentFailures(database.db, guessKey(c), since)) >= env.LOGIN_MAX_ATTEMPTS * 10) {
    throw tooMany(
      env.LOGIN_WINDOW_MINUTES,
      `Too many links that do not work. Wait ${env.LOGIN_WINDOW_MINUTES} minutes and try again.`,
    );
  }
}

const gone = (kind: string, title: string, detail: string) =>
  new HttpProblem(410, { type: `/problems/password-reset-${kind}`, title, detail });

/**
 * The link of a token with its user, if it still works; else the problem that says why (404 for a
 * token no link has, counted against the caller's address; 410 for one used, replaced or expired, or
 * whose user was deactivated since).
 */
async function validReset(c: Context<AppBindings>, db: Db, token: string, lock = false) {
  const { now } = c.get('deps');
  const query = db
    .select({ reset: passwordResets, user: users })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, digest(token)));
  const [row] = lock ? await query.for('update', { of: passwordResets }) : await query;
  if (!row) {
    // Counted outside any transaction (the caller's would roll it back; the first look-up is not in one).
    if (!lock) await db.insert(loginFailures).values({ key: guessKey(c), at: now() });
    throw new HttpProblem(404, {
      type: '/problems/password-reset-unknown',
      title: 'The link is not right',
      detail: 'This link does not work. Check that you opened the whole link from the e-mail, or ask for a new one.',
    });
  }
  const { reset, user } = row;
  if (reset.usedAt !== null) {
    throw gone(
      'used',
      'The link has been used',
      'This link has been used already: it works once. Sign in with your new password, or ask for a new link.',
    );
  }
  if (userStatus(user) !== 'active') {
    throw gone(
      'withdrawn',
      'The account is deactivated',
      'This account has been deactivated. Ask your administrator if you still need access.',
    );
  }
  if (reset.revokedAt !== null) {
    throw gone(
      'superseded',
      'A newer link was sent',
      'This link has been replaced by a newer one: open the link in the latest e-mail, or ask for a new one.',
    );
  }
  if (reset.expiresAt <= now()) {
    throw gone(
      'expired',
      'The link has expired',
      `This link expired on ${londonDateTime(reset.expiresAt)}. Ask for a new one.`,
    );
  }
  return row;
}

export const lookup: AppRouteHandler<typeof routes.lookup> = async (c) => {
  const { token } = c.req.valid('json');
  await assertNotGuessing(c);
  const { reset, user } = await validReset(c, c.get('deps').database.db, token);
  return c.json({ name: user.name, email: user.email, expiresAt: reset.expiresAt.toISOString() }, 200);
};

export const complete: AppRouteHandler<typeof routes.complete> = async (c) => {
  const { token, password } = c.req.valid('json');
  const deps = c.get('deps');
  const { database, env, now } = deps;
  await assertNotGuessing(c);
  // Checked before the (deliberately slow) hashing, and again under a lock: the link works once.
  await validReset(c, database.db, token);
  const passwordHash = await hashPassword(password);
  const user = await database.db.transaction(async (tx) => {
    const { reset, user } = await validReset(c, tx, token, true);
    const at = now();
    await tx.update(passwordResets).set({ usedAt: at }).where(eq(passwordResets.tokenHash, reset.tokenHash));
    await withdrawResets(tx, user.id, at);
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    // Whoever knew the old password is signed out everywhere, on every instance.
    const ended = await tx.delete(sessions).where(eq(sessions.userId, user.id)).returning({ id: sessions.userId });
    // The owner of the mailbox may sign in again at once, even after too many wrong passwords.
    await tx.delete(loginFailures).where(eq(loginFailures.key, `email:${user.email}`));
    await enqueueMail(tx, env, [passwordChangedMail(env, user, at)]);
    await audit(tx, {
      userId: user.id,
      action: 'reset-password',
      entity: 'user',
      entityId: user.id,
      detail: { sessionsEnded: ended.length },
      at,
    });
    return user;
  });
  mailDeliveryFor(deps)?.kick();
  // As a sign-in: a session this browser had (someone else's, perhaps) ends, and the user is signed in.
  const previous = getCookie(c, SESSION_COOKIE);
  if (previous) await database.db.delete(sessions).where(eq(sessions.tokenHash, digest(previous)));
  const csrfToken = await startSession(c, user.id);
  return c.json({ user: await describeUser(database.db, user), csrfToken }, 200);
};
