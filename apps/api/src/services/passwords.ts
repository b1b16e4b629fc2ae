/**
 * A new password, however it was chosen (a signed-in user changing theirs, or a link for a forgotten
 * one): stored, every other session of the user ended, the sign-in limit of their address lifted, the
 * owner told by e-mail, and the change audited, all in the caller's transaction.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { passwordResets, sessions, users } from '../db/schema.js';
import type { Env } from '../env.js';
import { audit } from '../lib/audit.js';
import { liftSignInLimit } from '../lib/rate-limit.js';
import { enqueueMail, mails, type PasswordChangeWay } from './mail/index.js';

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
