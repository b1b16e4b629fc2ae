/**
 * Invitations: a one-time link by e-mail (only its hash stored) with which an invited user chooses a
 * password and signs in. A link is valid while it is unused, not withdrawn (by a newer link, or the
 * user's deactivation) and not expired.
 */
import { INVITATION_DAYS, PROBLEM_TYPES } from '@csc-workforce/schemas';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { authorities, invitations, regions, users } from '../db/schema.js';
import type { Env } from '../env.js';
import { audit } from '../lib/audit.js';
import { londonDateTime } from '../lib/dates.js';
import { HttpProblem } from '../lib/problem.js';
import { digest, findLink, type LinkLookup, newSecret, refuseDeadLink } from '../lib/tokens.js';
import { enqueueMail, mails } from './mail/index.js';
import { type Scope, userStatus } from './users.js';

/**
 * The invitation of a token with its user, if it still works; else the problem that says why (404 for
 * a token no invitation has, after `onUnknown`, which counts it against the caller; 410 for a link that
 * has been used, replaced, withdrawn or has expired). With `lock`, the invitation's row stays locked
 * until the caller's transaction ends.
 */
export async function validInvitation(db: Db, token: string, now: () => Date, lookup: LinkLookup = {}) {
  const { link: invitation, user } = await findLink(
    db,
    invitations,
    token,
    lookup,
    () =>
      new HttpProblem(404, {
        type: PROBLEM_TYPES.invitationUnknown,
        title: 'The invitation link is not right',
        detail:
          'This invitation link does not work. Check that you opened the whole link from the e-mail, or ask your administrator for a new one.',
      }),
  );
  const status = userStatus(user);
  refuseDeadLink([
    [
      invitation.usedAt !== null || status === 'active',
      PROBLEM_TYPES.invitationUsed,
      'The invitation link has been used',
      'This invitation link has been used already: it works once. Sign in with your e-mail address and the password you chose.',
    ],
    [
      status === 'deactivated',
      PROBLEM_TYPES.invitationWithdrawn,
      'The invitation was withdrawn',
      'This invitation was withdrawn. Ask your administrator if you still need access.',
    ],
    [
      invitation.revokedAt !== null,
      PROBLEM_TYPES.invitationSuperseded,
      'A newer invitation link was sent',
      'This invitation link has been replaced by a newer one: open the link in the latest invitation e-mail.',
    ],
    [
      invitation.expiresAt <= now(),
      PROBLEM_TYPES.invitationExpired,
      'The invitation link has expired',
      `This invitation link expired on ${londonDateTime(invitation.expiresAt)}. Ask your administrator to send you a new one.`,
    ],
  ]);
  return { invitation, user };
}

/** The names of a user's authority and region (its authority's, for an authority's user), for people. */
export async function scopeNames(db: Pick<Db, 'select'>, user: Scope) {
  const [authority] = user.authorityCode
    ? await db
        .select({ name: authorities.name, regionCode: authorities.regionCode })
        .from(authorities)
        .where(eq(authorities.code, user.authorityCode))
    : [];
  const regionCode = user.regionCode ?? authority?.regionCode;
  const [region] = regionCode
    ? await db.select({ name: regions.name }).from(regions).where(eq(regions.code, regionCode))
    : [];
  return { authorityName: authority?.name ?? null, regionName: region?.name ?? null };
}

/** The name of a scope for people: the authority's, or else the region's. */
async function scopeName(db: Pick<Db, 'select'>, scope: Scope): Promise<string | null> {
  const names = await scopeNames(db, scope);
  return scope.authorityCode ? names.authorityName : names.regionName;
}

/** Withdraws every valid link of a user (a newer one is sent, or the user is deactivated). */
export async function withdrawInvitations(tx: Pick<Db, 'update'>, userId: string, now: Date): Promise<void> {
  await tx
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt), isNull(invitations.revokedAt)));
}

/**
 * Sends a user a new invitation link, inside the caller's transaction: earlier links stop working,
 * the new one's hash is stored, and the mail is written to the outbox (kick delivery after commit).
 * @returns when the link expires.
 */
export async function issueInvitation(
  tx: Db,
  deps: { readonly env: Env; readonly now: () => Date },
  invitee: Scope & { readonly id: string; readonly email: string; readonly name: string },
  inviter: { readonly id: string; readonly name: string },
): Promise<Date> {
  const now = deps.now();
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  await withdrawInvitations(tx, invitee.id, now);
  await tx
    .insert(invitations)
    .values({ tokenHash: digest(token), userId: invitee.id, createdAt: now, createdBy: inviter.id, expiresAt });
  await enqueueMail(tx, deps.env, [
    mails.invitation(deps.env, invitee, await scopeName(tx, invitee), inviter.name, token, expiresAt),
  ]);
  return expiresAt;
}

/**
 * Accepts an invitation, in one transaction: the link checked again under its lock (it works once) and
 * marked used, the user's other links withdrawn, the password stored (the user is active), audited.
 * @returns the user, as they were before.
 */
export async function acceptInvitation(db: Db, token: string, passwordHash: string, now: () => Date) {
  return db.transaction(async (tx) => {
    const { invitation, user } = await validInvitation(tx, token, now, { lock: true });
    const at = now();
    await tx.update(invitations).set({ usedAt: at }).where(eq(invitations.tokenHash, invitation.tokenHash));
    await withdrawInvitations(tx, user.id, at);
    await tx
      .update(users)
      .set({ passwordHash, active: true, deactivatedAt: null })
      .where(and(eq(users.id, user.id), isNull(users.passwordHash)));
    await audit(tx, { userId: user.id, action: 'accept-invitation', entity: 'user', entityId: user.id });
    return user;
  });
}
