/**
 * Forgotten passwords. Anyone may ask for a link for an address; the answer never says whether an
 * account uses it. An active user's link (only its hash stored) is written to the outbox in the same
 * transaction, and works once, for PASSWORD_RESET_MINUTES. Choosing a new password with it ends every
 * session of the user, lifts the sign-in limit of their address, e-mails them that the password was
 * changed, and signs this browser in.
 */
import { PASSWORD_RESET_MINUTES, PROBLEM_TYPES, type ProblemType } from '@csc-workforce/schemas';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Db } from '../../db/client.js';
import { passwordResets, sessions, users } from '../../db/schema.js';
import { audit } from '../../lib/audit.js';
import { SESSION_COOKIE, startSession } from '../../lib/auth.js';
import { londonDateTime } from '../../lib/dates.js';
import { hashPassword } from '../../lib/passwords.js';
import { HttpProblem } from '../../lib/problem.js';
import { RateLimit } from '../../lib/rate-limit.js';
import { digest, newSecret } from '../../lib/tokens.js';
import type { AppBindings, AppRouteHandler } from '../../lib/types.js';
import { enqueueMail, mailDeliveryFor, mails } from '../../services/mail/index.js';
import { setNewPassword, withdrawResets } from '../../services/passwords.js';
import { userStatus } from '../../services/users.js';
import { describeUser } from '../auth/auth.handlers.js';
import type * as routes from './password-resets.routes.js';

/**
 * The shortest time an answer to a request for a link takes: long enough to cover the work done only
 * when an account uses the address (a link, a mail, an audit entry), so that the time of the answer
 * does not tell whether one does, as the answer itself does not.
 */
const REQUEST_ANSWER_MS = 200;

export const request: AppRouteHandler<typeof routes.request> = async (c) => {
  const started = performance.now();
  const { email } = c.req.valid('json');
  const deps = c.get('deps');
  const { database, env, now } = deps;
  const at = now();
  // Every request counts, whether or not an account uses the address: a limit that only accounts
  // reached would tell which addresses have one. A refused request is taken back, so that refusals
  // never count (someone else cannot keep an address at its limit).
  await RateLimit.resetRequest(c, email).claim();
  const sent = await database.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, email)).for('update');
    // Only an active user has a password to change: an invited one accepts their invitation, and a
    // deactivated one must not be able to come back this way.
    if (!user || userStatus(user) !== 'active' || user.passwordHash === null) return false;
    // Earlier links keep working until one is used (asking again cannot be used to spoil a user's link).
    const token = newSecret();
    const expiresAt = new Date(at.getTime() + PASSWORD_RESET_MINUTES * 60_000);
    await tx.insert(passwordResets).values({ tokenHash: digest(token), userId: user.id, createdAt: at, expiresAt });
    await enqueueMail(tx, env, [mails.passwordReset(env, user, token, expiresAt)]);
    await audit(tx, { userId: null, action: 'request-password-reset', entity: 'user', entityId: user.id, at });
    return true;
  });
  if (sent) mailDeliveryFor(deps)?.kick();
  const wait = REQUEST_ANSWER_MS - (performance.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return c.json(
    {
      delivery: env.SMTP_URL ? ('email' as const) : ('administrator' as const),
      expiresInMinutes: PASSWORD_RESET_MINUTES,
    },
    202,
  );
};

const gone = (type: ProblemType, title: string, detail: string) => new HttpProblem(410, { type, title, detail });

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
    if (!lock) await RateLimit.resetTokens(c).fail();
    throw new HttpProblem(404, {
      type: PROBLEM_TYPES.passwordResetUnknown,
      title: 'The link is not right',
      detail: 'This link does not work. Check that you opened the whole link from the email, or ask for a new one.',
    });
  }
  const { reset, user } = row;
  if (reset.usedAt !== null) {
    throw gone(
      PROBLEM_TYPES.passwordResetUsed,
      'The link has been used',
      'This link has been used already: it works once. Sign in with your new password, or ask for a new link.',
    );
  }
  if (userStatus(user) !== 'active') {
    throw gone(
      PROBLEM_TYPES.passwordResetAccountDeactivated,
      'The account is deactivated',
      'This account has been deactivated. Ask your administrator if you still need access.',
    );
  }
  if (reset.revokedAt !== null) {
    throw gone(
      PROBLEM_TYPES.passwordResetWithdrawn,
      'The link has been withdrawn',
      'This link no longer works: the password has been changed since, or the account was deactivated. Ask for a new link if you need one.',
    );
  }
  if (reset.expiresAt <= now()) {
    throw gone(
      PROBLEM_TYPES.passwordResetExpired,
      'The link has expired',
      `This link expired on ${londonDateTime(reset.expiresAt)}. Ask for a new one.`,
    );
  }
  return row;
}

export const lookup: AppRouteHandler<typeof routes.lookup> = async (c) => {
  const { token } = c.req.valid('json');
  await RateLimit.resetTokens(c).check();
  const { reset, user } = await validReset(c, c.get('deps').database.db, token);
  return c.json({ name: user.name, email: user.email, expiresAt: reset.expiresAt.toISOString() }, 200);
};

export const complete: AppRouteHandler<typeof routes.complete> = async (c) => {
  const { token, password } = c.req.valid('json');
  const deps = c.get('deps');
  const { database, env, now } = deps;
  await RateLimit.resetTokens(c).check();
  // Checked before the (deliberately slow) hashing, and again under locks: the link works once.
  const checked = await validReset(c, database.db, token);
  const passwordHash = await hashPassword(password);
  const user = await database.db.transaction(async (tx) => {
    // The user first, then the link: the order every change of a user takes (a request for a link,
    // a deactivation), so that none waits on another in a circle, and a deactivation meanwhile is seen.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, checked.user.id)).for('update');
    const { reset, user } = await validReset(c, tx, token, true);
    const at = now();
    await tx.update(passwordResets).set({ usedAt: at }).where(eq(passwordResets.tokenHash, reset.tokenHash));
    await withdrawResets(tx, user.id, at);
    // Whoever knew the old password is signed out everywhere, on every instance.
    await setNewPassword(tx, env, { user, passwordHash, at, way: 'link' });
    return user;
  });
  mailDeliveryFor(deps)?.kick();
  // As a sign-in: a session this browser had (someone else's, perhaps) ends, and the user is signed in.
  const previous = getCookie(c, SESSION_COOKIE);
  if (previous) await database.db.delete(sessions).where(eq(sessions.tokenHash, digest(previous)));
  const csrfToken = await startSession(c, user.id);
  return c.json({ user: await describeUser(database.db, user), csrfToken }, 200);
};
