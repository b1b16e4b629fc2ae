/**
 * A new password, however it was chosen (a signed-in user changing theirs, or a link for a forgotten
 * one): stored, every other session of the user ended, the sign-in limit of their address lifted, the
 * owner told by e-mail, and the change audited, all in the caller's transaction.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { loginFailures, passwordResets, sessions, users } from '../db/schema.js';
import type { Env } from '../env.js';
import { audit } from '../lib/audit.js';
import { enqueueMail, type Mail } from './mail.js';
import { londonDateTime } from './users.js';

type User = Pick<typeof users.$inferSelect, 'id' | 'email' | 'name'>;

const SIGNATURE = "Children's social care workforce exchange";

/** The e-mail with a password-reset link; the token travels in the URL's fragment, never sent to a server. */
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

/** How a password was changed: with a link sent to the address, or by the user signed in. */
export type PasswordChangeWay = 'link' | 'signed-in';

/** The notice that a password was changed, so that its owner hears of a change they did not make. */
export function passwordChangedMail(env: Pick<Env, 'PUBLIC_URL'>, user: User, at: Date, way: PasswordChangeWay): Mail {
  const how = way === 'link' ? 'with a link sent to this address' : 'by someone signed in to your account';
  return {
    to: user.email,
    kind: 'password-changed',
    entityId: user.id,
    subject: "Your password for the children's social care workforce exchange was changed",
    text: [
      `Dear ${user.name},`,
      '',
      `The password of your account (${user.email}) was changed on ${londonDateTime(at)} ${how}, and every session of the account was signed out but the one that changed it.`,
      '',
      'Your API tokens, if you have any, still work: revoke any you do not recognise on your account page.',
      '',
      'If you did not change it, tell your administrator at once.',
      `Your account: ${env.PUBLIC_URL}/account`,
      '',
      SIGNATURE,
    ].join('\n'),
  };
}

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
  await tx.delete(loginFailures).where(eq(loginFailures.key, `email:${user.email}`));
  await enqueueMail(tx, env, [passwordChangedMail(env, user, at, change.way)]);
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
