/**
 * A user's own account: who they are (as the session endpoints describe them), signing in with a
 * password, their personal API tokens, and changing their password while signed in. Sessions
 * themselves (cookies, CSRF tokens, expiry) are lib/auth.ts's; the limits on guessing, lib/rate-limit.ts's.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiTokens, authorities, regions, sessions, users } from '../db/schema.js';
import type { Env } from '../env.js';
import { audit } from '../lib/audit.js';
import { TOKEN_PREFIX } from '../lib/auth.js';
import { decoyHash, hashPassword, verifyPassword } from '../lib/passwords.js';
import { fieldProblem, HttpProblem } from '../lib/problem.js';
import { digest, newId, newSecret } from '../lib/tokens.js';
import type { CurrentUser } from '../lib/types.js';
import { setNewPassword } from './passwords.js';

type UserRow = typeof users.$inferSelect;

/** The user as the session endpoints describe it, with the names of its authority and region. */
export async function describeUser(db: Db, user: Pick<CurrentUser, 'id'>) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      // Its authority by its current code (services/authority-codes.ts): the key stays on the server.
      authorityCode: sql<string | null>`coalesce(${authorities.currentCode}, ${users.authorityCode})`,
      authorityName: authorities.name,
      authorityRetiredAt: authorities.retiredAt,
      regionCode: users.regionCode,
      authorityRegion: authorities.regionCode,
    })
    .from(users)
    .leftJoin(authorities, eq(authorities.code, users.authorityCode))
    .where(eq(users.id, user.id));
  if (!row) throw new HttpProblem(401, { detail: 'Your account no longer exists.' });
  const { authorityRetiredAt, authorityRegion, regionCode: ownRegion, ...who } = row;
  // A lead's own region, or the region of the user's authority.
  const regionCode = ownRegion ?? authorityRegion;
  const [region] = regionCode ? await db.select().from(regions).where(eq(regions.code, regionCode)) : [];
  return {
    ...who,
    authorityRetired: authorityRetiredAt !== null && authorityRetiredAt !== undefined,
    regionCode: regionCode ?? null,
    regionName: region?.name ?? null,
  };
}

/**
 * The user an e-mail address and password sign in, or null: no such user, a wrong password, or a user
 * who may not sign in (deactivated, or invited and without a password yet). Takes as long when no user
 * has the address (a decoy hash is verified), so that the time does not tell.
 */
export async function userForSignIn(db: Db, email: string, password: string): Promise<UserRow | null> {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  return user && ok && user.active && user.passwordHash ? user : null;
}

/** Writes a sign-in to the audit log (the users list shows the last one). */
export async function recordSignIn(db: Db, userId: string): Promise<void> {
  await audit(db, { userId, action: 'sign-in', entity: 'user', entityId: userId });
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A personal API token as its owner sees it (never its secret, which only its creation shows). */
function presentToken(t: typeof apiTokens.$inferSelect) {
  return {
    id: t.id,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  };
}

/** The user's API tokens, newest first, revoked ones included. */
export async function listApiTokens(db: Db, userId: string) {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  return rows.map(presentToken);
}

/** Creates an API token for the user (only its hash stored), audited; the answer holds the secret, once. */
export async function createApiToken(db: Db, userId: string, name: string, at: Date) {
  const token = newSecret(TOKEN_PREFIX);
  const row = { id: newId(), userId, name, tokenHash: digest(token), createdAt: at };
  await db.insert(apiTokens).values(row);
  await audit(db, { userId, action: 'create-token', entity: 'api-token', entityId: row.id });
  return { ...presentToken({ ...row, lastUsedAt: null, revokedAt: null }), token };
}

/**
 * Revokes one of the user's active API tokens, audited.
 * @throws {HttpProblem} 404 when the user has no active token of that id.
 */
export async function revokeApiToken(db: Db, userId: string, id: string, at: Date): Promise<void> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (revoked.length === 0) throw new HttpProblem(404, { detail: `You have no active token ${id}.` });
  await audit(db, { userId, action: 'revoke-token', entity: 'api-token', entityId: id });
}

/** A user whose current password was given right, with the hash it was checked against. */
export interface CheckedPassword {
  readonly user: UserRow;
  readonly verifiedHash: string;
}

/**
 * Checks a signed-in user's current password.
 * @throws {HttpProblem} 422 on `currentPassword` when it is not right.
 */
export async function checkCurrentPassword(db: Db, userId: string, password: string): Promise<CheckedPassword> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  const verifiedHash = user?.passwordHash ?? null;
  if (!user || verifiedHash === null || !(await verifyPassword(password, verifiedHash))) {
    throw fieldProblem(422, 'currentPassword', 'Enter a correct current password');
  }
  return { user, verifiedHash };
}

/**
 * Stores the new password a signed-in user chose (see {@link setNewPassword}: every session of theirs
 * ends, this one too; the caller starts a new one). Hashed first, then checked again under the user's
 * lock (the order a reset link takes): if the password changed, or the session ended, while the new one
 * was hashed, this change must not undo that one.
 * @throws {HttpProblem} 409 when the password or the session changed meanwhile.
 */
export async function changeOwnPassword(
  db: Db,
  deps: { readonly env: Pick<Env, 'PUBLIC_URL' | 'SMTP_URL'>; readonly now: () => Date },
  change: CheckedPassword & { readonly sessionToken: string; readonly newPassword: string },
): Promise<void> {
  const { user, verifiedHash } = change;
  const passwordHash = await hashPassword(change.newPassword);
  await db.transaction(async (tx) => {
    const [locked] = await tx.select().from(users).where(eq(users.id, user.id)).for('update');
    const [current] = await tx
      .select({ id: sessions.tokenHash })
      .from(sessions)
      .where(eq(sessions.tokenHash, digest(change.sessionToken)));
    if (!current || locked?.passwordHash !== verifiedHash || !locked.active) {
      throw new HttpProblem(409, {
        detail: 'Your password or your session changed meanwhile: sign in again, then change the password.',
      });
    }
    await setNewPassword(tx, deps.env, { user, passwordHash, at: deps.now(), way: 'signed-in' });
  });
}
