import { PROBLEM_TYPES, type ProblemType } from '@csc-workforce/schemas';
import { and, eq, isNull } from 'drizzle-orm';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Db } from '../../db/client.js';
import { authorities, invitations, regions, sessions, users } from '../../db/schema.js';
import { audit } from '../../lib/audit.js';
import { SESSION_COOKIE, startSession } from '../../lib/auth.js';
import { londonDateTime } from '../../lib/dates.js';
import { hashPassword } from '../../lib/passwords.js';
import { HttpProblem } from '../../lib/problem.js';
import { RateLimit } from '../../lib/rate-limit.js';
import { digest } from '../../lib/tokens.js';
import type { AppBindings, AppRouteHandler } from '../../lib/types.js';
import { userStatus, withdrawInvitations } from '../../services/users.js';
import { describeUser } from '../auth/auth.handlers.js';
import type * as routes from './invitations.routes.js';

const gone = (type: ProblemType, title: string, detail: string) => new HttpProblem(410, { type, title, detail });

/**
 * The invitation of a token with its user, if it still works; else the problem that says why (404 for
 * a token no invitation has, counted against the caller's address; 410 for a link that has been used,
 * replaced, withdrawn or has expired).
 */
async function validInvitation(c: Context<AppBindings>, db: Db, token: string, lock = false) {
  const { now } = c.get('deps');
  const query = db
    .select({ invitation: invitations, user: users })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(eq(invitations.tokenHash, digest(token)));
  const [row] = lock ? await query.for('update', { of: invitations }) : await query;
  if (!row) {
    // Counted outside any transaction (the caller's would roll it back; the first look-up is not in one).
    if (!lock) await RateLimit.invitationTokens(c).fail();
    throw new HttpProblem(404, {
      type: PROBLEM_TYPES.invitationUnknown,
      title: 'The invitation link is not right',
      detail:
        'This invitation link does not work. Check that you opened the whole link from the e-mail, or ask your administrator for a new one.',
    });
  }
  const { invitation, user } = row;
  const status = userStatus(user);
  if (invitation.usedAt !== null || status === 'active') {
    throw gone(
      PROBLEM_TYPES.invitationUsed,
      'The invitation link has been used',
      'This invitation link has been used already: it works once. Sign in with your e-mail address and the password you chose.',
    );
  }
  if (status === 'deactivated') {
    throw gone(
      PROBLEM_TYPES.invitationWithdrawn,
      'The invitation was withdrawn',
      'This invitation was withdrawn. Ask your administrator if you still need access.',
    );
  }
  if (invitation.revokedAt !== null) {
    throw gone(
      PROBLEM_TYPES.invitationSuperseded,
      'A newer invitation link was sent',
      'This invitation link has been replaced by a newer one: open the link in the latest invitation e-mail.',
    );
  }
  if (invitation.expiresAt <= now()) {
    throw gone(
      PROBLEM_TYPES.invitationExpired,
      'The invitation link has expired',
      `This invitation link expired on ${londonDateTime(invitation.expiresAt)}. Ask your administrator to send you a new one.`,
    );
  }
  return row;
}

/** The name of the user's authority and region, for people. */
async function scopeNames(db: Db, user: typeof users.$inferSelect) {
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

export const lookup: AppRouteHandler<typeof routes.lookup> = async (c) => {
  const { token } = c.req.valid('json');
  const { db } = c.get('deps').database;
  await RateLimit.invitationTokens(c).check();
  const { invitation, user } = await validInvitation(c, db, token);
  return c.json(
    {
      name: user.name,
      email: user.email,
      role: user.role,
      ...(await scopeNames(db, user)),
      expiresAt: invitation.expiresAt.toISOString(),
    },
    200,
  );
};

export const accept: AppRouteHandler<typeof routes.accept> = async (c) => {
  const { token, password } = c.req.valid('json');
  const { database, now } = c.get('deps');
  await RateLimit.invitationTokens(c).check();
  // Checked before the (deliberately slow) hashing, and again under a lock: the link works once.
  await validInvitation(c, database.db, token);
  const passwordHash = await hashPassword(password);
  const user = await database.db.transaction(async (tx) => {
    const { invitation, user } = await validInvitation(c, tx, token, true);
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
  // As a sign-in: a session this browser had ends, and the invitee is signed in.
  const previous = getCookie(c, SESSION_COOKIE);
  if (previous) await database.db.delete(sessions).where(eq(sessions.tokenHash, digest(previous)));
  const csrfToken = await startSession(c, user.id);
  return c.json({ user: await describeUser(database.db, user), csrfToken }, 200);
};
