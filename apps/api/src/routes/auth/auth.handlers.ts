import { and, desc, eq, isNull } from 'drizzle-orm';
import { getCookie } from 'hono/cookie';
import type { Db } from '../../db/client.js';
import { apiTokens, authorities, regions, sessions, users } from '../../db/schema.js';
import { audit } from '../../lib/audit.js';
import { endSession, requireUser, SESSION_COOKIE, startSession, TOKEN_PREFIX } from '../../lib/auth.js';
import { decoyHash, hashPassword, verifyPassword } from '../../lib/passwords.js';
import { fieldProblem, HttpProblem } from '../../lib/problem.js';
import { liftSignInLimit, RateLimit } from '../../lib/rate-limit.js';
import { digest, newId, newSecret } from '../../lib/tokens.js';
import type { AppRouteHandler, CurrentUser } from '../../lib/types.js';
import { mailDeliveryFor } from '../../services/mail/index.js';
import { setNewPassword } from '../../services/passwords.js';
import type * as routes from './auth.routes.js';

/** The user as the session endpoints describe it, with the names of its authority and region. */
export async function describeUser(db: Db, user: Pick<CurrentUser, 'id'>) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      authorityCode: users.authorityCode,
      authorityName: authorities.name,
      authorityRetiredAt: authorities.retiredAt,
      regionCode: users.regionCode,
      authorityRegion: authorities.regionCode,
    })
    .from(users)
    .leftJoin(authorities, eq(authorities.code, users.authorityCode))
    .where(eq(users.id, user.id));
  if (!row) throw new HttpProblem(401, { detail: 'Your account no longer exists.' });
  const regionCode = row.regionCode ?? row.authorityRegion;
  const [region] = regionCode ? await db.select().from(regions).where(eq(regions.code, regionCode)) : [];
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    authorityCode: row.authorityCode,
    authorityName: row.authorityName,
    authorityRetired: row.authorityRetiredAt !== null && row.authorityRetiredAt !== undefined,
    regionCode: regionCode ?? null,
    regionName: region?.name ?? null,
  };
}

export const login: AppRouteHandler<typeof routes.login> = async (c) => {
  const { database } = c.get('deps');
  const { db } = database;
  const { email, password } = c.req.valid('json');
  const limit = RateLimit.signIn(c, email);
  await limit.check();
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !ok || !user.active || !user.passwordHash) {
    await limit.fail();
    throw new HttpProblem(401, { detail: 'The email address or password is not right.' });
  }
  await liftSignInLimit(db, email);
  // A session this browser already had ends: signing in replaces it (its cookie is overwritten below).
  const previous = getCookie(c, SESSION_COOKIE);
  if (previous) await db.delete(sessions).where(eq(sessions.tokenHash, digest(previous)));
  const csrfToken = await startSession(c, user.id);
  await audit(db, { userId: user.id, action: 'sign-in', entity: 'user', entityId: user.id });
  return c.json({ user: await describeUser(db, user), csrfToken }, 200);
};

export const logout: AppRouteHandler<typeof routes.logout> = async (c) => {
  await endSession(c);
  return c.body(null, 204);
};

export const session: AppRouteHandler<typeof routes.session> = async (c) => {
  // With the session cookie only (auth.routes.ts): it is the portal's, and answers the session's CSRF token.
  const user = requireUser(c);
  if (!user.csrfToken) throw new HttpProblem(401, { detail: 'No session: this endpoint is for the signed-in portal.' });
  return c.json({ user: await describeUser(c.get('deps').database.db, user), csrfToken: user.csrfToken }, 200);
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const listTokens: AppRouteHandler<typeof routes.listTokens> = async (c) => {
  const user = requireUser(c);
  const rows = await c
    .get('deps')
    .database.db.select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, user.id))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return c.json(
    rows.map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: iso(t.lastUsedAt),
      revokedAt: iso(t.revokedAt),
    })),
    200,
  );
};

export const createToken: AppRouteHandler<typeof routes.createToken> = async (c) => {
  // With the session cookie only (auth.routes.ts): a leaked token must not be able to mint others
  // before its owner revokes it.
  const user = requireUser(c);
  const { name } = c.req.valid('json');
  const { database, now } = c.get('deps');
  const token = newSecret(TOKEN_PREFIX);
  const row = { id: newId(), userId: user.id, name, tokenHash: digest(token), createdAt: now() };
  await database.db.insert(apiTokens).values(row);
  await audit(database.db, { userId: user.id, action: 'create-token', entity: 'api-token', entityId: row.id });
  return c.json(
    { id: row.id, name, createdAt: row.createdAt.toISOString(), lastUsedAt: null, revokedAt: null, token },
    201,
  );
};

export const revokeToken: AppRouteHandler<typeof routes.revokeToken> = async (c) => {
  const user = requireUser(c);
  const { id } = c.req.valid('param');
  const { database, now } = c.get('deps');
  const revoked = await database.db
    .update(apiTokens)
    .set({ revokedAt: now() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (revoked.length === 0) throw new HttpProblem(404, { detail: `You have no active token ${id}.` });
  await audit(database.db, { userId: user.id, action: 'revoke-token', entity: 'api-token', entityId: id });
  return c.body(null, 204);
};

export const changePassword: AppRouteHandler<typeof routes.changePassword> = async (c) => {
  // With the session cookie only (auth.routes.ts): a leaked API token must not be able to take the
  // account over.
  const user = requireUser(c);
  const sessionToken = getCookie(c, SESSION_COOKIE);
  if (!sessionToken) throw new HttpProblem(401, { detail: 'No session: sign in to change your password.' });
  const { currentPassword, newPassword } = c.req.valid('json');
  const deps = c.get('deps');
  const { database, env, now } = deps;
  // The current password is a sign-in: guessing it is limited as sign-ins are, by the same count. The
  // attempt is recorded before counting, so that guesses sent at once cannot all pass.
  const takeBack = await RateLimit.currentPassword(c, user.email).claim();
  const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
  const verified = row?.passwordHash ?? null;
  if (!row || verified === null || !(await verifyPassword(currentPassword, verified))) {
    throw fieldProblem(422, 'currentPassword', 'Enter a correct current password');
  }
  try {
    const passwordHash = await hashPassword(newPassword);
    // Every session ends, this one too: whoever changed the password goes on in a new session (a new
    // cookie and CSRF token), so nothing issued before the change stays valid. Checked again under the
    // user's lock (the order a reset link takes): if the password changed, or this session ended,
    // while the new one was hashed, this change must not undo that one.
    await database.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(users).where(eq(users.id, row.id)).for('update');
      const [current] = await tx
        .select({ id: sessions.tokenHash })
        .from(sessions)
        .where(eq(sessions.tokenHash, digest(sessionToken)));
      if (!current || locked?.passwordHash !== verified || !locked.active) {
        throw new HttpProblem(409, {
          detail: 'Your password or your session changed meanwhile: sign in again, then change the password.',
        });
      }
      await setNewPassword(tx, env, { user: row, passwordHash, at: now(), way: 'signed-in' });
    });
  } catch (error) {
    // The current password was right: this attempt is no failed guess.
    await takeBack();
    throw error;
  }
  mailDeliveryFor(deps)?.kick();
  const csrfToken = await startSession(c, row.id);
  return c.json({ user: await describeUser(database.db, row), csrfToken }, 200);
};
