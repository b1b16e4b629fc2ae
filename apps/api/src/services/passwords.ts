/**
 * Passwords: a new password, however it was chosen (a signed-in user changing theirs, or a link for a
 * forgotten one): stored, every other session of the user ended, the sign-in limit of their address
 * lifted, the owner told by e-mail, and the change audited, all in the caller's transaction. And the
 * links for forgotten passwords: anyone may ask for one for an address, and the answer never says
 * whether an account uses it; an active user's link (only its hash stored) is written to the outbox in
 * the same transaction, and works once, for PASSWORD_RESET_MINUTES.
 */
import { PASSWORD_RESET_MINUTES, PROBLEM_TYPES } from '@csc-workforce/schemas';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { passwordResets, sessions, users } from '../db/schema.js';
import type { Env } from '../env.js';
import { audit } from '../lib/audit.js';
import { londonDateTime } from '../lib/dates.js';
import { HttpProblem } from '../lib/problem.js';
import { liftSignInLimit } from '../lib/rate-limit.js';
import { digest, findLink, type LinkLookup, newSecret, refuseDeadLink } from '../lib/tokens.js';
import { enqueueMail, mails, type PasswordChangeWay } from './mail/index.js';
import { userStatus } from './users.js';

type User = Pick<typeof users.$inferSelect, 'id' | 'email' | 'name'>;

/**
 * Stores a user's new password hash in the caller's transaction, and with it: every password-reset
 * link of the user is withdrawn; every session of the user ends, on every instance (the caller starts
 * a new one for whoever chose it); failed sign-ins of their address are forgotten (whoever chose it
 * may sign in at once); the owner is mailed; the change is audited.
 * @returns how many sessions ended.
 */
export async function setNewPassword(
  tx: Db,
  env: Pick<Env, 'PUBLIC_URL' | 'SMTP_URL'>,
  change: {
    readonly user: User;
    readonly passwordHash: string;
    readonly at: Date;
    readonly way: PasswordChangeWay;
  },
): Promise<number> {
  const { user, at } = change;
  await tx.update(users).set({ passwordHash: change.passwordHash }).where(eq(users.id, user.id));
  // A link asked for earlier (perhaps by someone else, or read by an admin) would change it again.
  await withdrawResets(tx, user.id, at);
  const ended = await tx.delete(sessions).where(eq(sessions.userId, user.id)).returning({ id: sessions.userId });
  await liftSignInLimit(tx, user.email);
  await enqueueMail(tx, env, [mails.passwordChanged(env, user, at, change.way)]);
  await audit(tx, {
    userId: user.id,
    action: change.way === 'link' ? 'reset-password' : 'change-password',
    entity: 'user',
    entityId: user.id,
    detail: { sessionsEnded: ended.length },
    at,
  });
  return ended.length;
}

/** Withdraws every valid password-reset link of a user (one was used, or the user was deactivated). */
export async function withdrawResets(tx: Pick<Db, 'update'>, userId: string, at: Date): Promise<void> {
  await tx
    .update(passwordResets)
    .set({ revokedAt: at })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), isNull(passwordResets.revokedAt)));
}

/**
 * The link of a token with its user, if it still works; else the problem that says why (404 for a
 * token no link has, after `onUnknown`, which counts it against the caller; 410 for one used, replaced
 * or expired, or whose user was deactivated since). With `lock`, the link's row stays locked until the
 * caller's transaction ends.
 */
export async function validReset(db: Db, token: string, now: () => Date, lookup: LinkLookup = {}) {
  const { link: reset, user } = await findLink(
    db,
    passwordResets,
    token,
    lookup,
    () =>
      new HttpProblem(404, {
        type: PROBLEM_TYPES.passwordResetUnknown,
        title: 'The link is not right',
        detail: 'This link does not work. Check that you opened the whole link from the email, or ask for a new one.',
      }),
  );
  refuseDeadLink([
    [
      reset.usedAt !== null,
      PROBLEM_TYPES.passwordResetUsed,
      'The link has been used',
      'This link has been used already: it works once. Sign in with your new password, or ask for a new link.',
    ],
    [
      userStatus(user) !== 'active',
      PROBLEM_TYPES.passwordResetAccountDeactivated,
      'The account is deactivated',
      'This account has been deactivated. Ask your administrator if you still need access.',
    ],
    [
      reset.revokedAt !== null,
      PROBLEM_TYPES.passwordResetWithdrawn,
      'The link has been withdrawn',
      'This link no longer works: the password has been changed since, or the account was deactivated. Ask for a new link if you need one.',
    ],
    [
      reset.expiresAt <= now(),
      PROBLEM_TYPES.passwordResetExpired,
      'The link has expired',
      `This link expired on ${londonDateTime(reset.expiresAt)}. Ask for a new one.`,
    ],
  ]);
  return { reset, user };
}

/**
 * Sends a password-reset link to the user of an address, if an active user has it, in one transaction
 * (the user locked, the link's hash stored, the mail written to the outbox, audited).
 * @returns whether a link was sent (the caller's answer must not say).
 */
export async function issuePasswordReset(
  db: Db,
  env: Pick<Env, 'PUBLIC_URL' | 'SMTP_URL'>,
  email: string,
  at: Date,
): Promise<boolean> {
  return db.transaction(async (tx) => {
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
}

/**
 * Chooses a new password with a link, in one transaction: the user locked first, then the link, checked
 * again (it works once) and marked used; then as every new password ({@link setNewPassword}).
 * @returns the user.
 */
export async function completePasswordReset(
  db: Db,
  deps: { readonly env: Pick<Env, 'PUBLIC_URL' | 'SMTP_URL'>; readonly now: () => Date },
  change: { readonly userId: string; readonly token: string; readonly passwordHash: string },
) {
  const { env, now } = deps;
  return db.transaction(async (tx) => {
    // The user first, then the link: the order every change of a user takes (a request for a link,
    // a deactivation), so that none waits on another in a circle, and a deactivation meanwhile is seen.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, change.userId)).for('update');
    const { reset, user } = await validReset(tx, change.token, now, { lock: true });
    const at = now();
    await tx.update(passwordResets).set({ usedAt: at }).where(eq(passwordResets.tokenHash, reset.tokenHash));
    await withdrawResets(tx, user.id, at);
    // Whoever knew the old password is signed out everywhere, on every instance.
    await setNewPassword(tx, env, { user, passwordHash: change.passwordHash, at, way: 'link' });
    return user;
  });
}
