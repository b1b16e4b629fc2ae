/**
 * What an admin changes about a user, each change one transaction with the user's row locked and an
 * audit entry: inviting a person, changing a user's name, role or scope, deactivating (their sessions
 * end, tokens are revoked and links withdrawn at once, on every instance) and reactivating them, and
 * sending a new invitation link. An admin cannot change their own role or deactivate themselves, and
 * an active admin always remains.
 */
import { type AdminUser, isAuthorityRole, type Role } from '@csc-workforce/schemas';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { apiTokens, sessions, users } from '../db/schema.js';
import type { Env } from '../env.js';
import { audit } from '../lib/audit.js';
import { fieldProblem, HttpProblem, notFound } from '../lib/problem.js';
import { newId } from '../lib/tokens.js';
import { issueInvitation, withdrawInvitations } from './invitations.js';
import { withdrawResets } from './passwords.js';
import { assertAnotherAdminRemains, assertScope, getUser, userStatus } from './users.js';

type UserRow = typeof users.$inferSelect;

/** What a change needs besides the database. */
interface Deps {
  readonly env: Env;
  readonly now: () => Date;
}

/** The admin making a change. */
interface Admin {
  readonly id: string;
  readonly name: string;
}

/** The user's row, locked until the transaction ends; 404 when there is none. */
async function lockUser(tx: Db, id: string): Promise<UserRow> {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  if (!row) throw notFound(`There is no user ${id}.`);
  return row;
}

/** The user as an admin sees them, after a change. */
async function described(db: Pick<Db, 'execute'>, id: string, now: Date): Promise<AdminUser> {
  const user = await getUser(db, id, now);
  if (!user) throw notFound(`There is no user ${id}.`);
  return user;
}

/** Whom an admin invites. */
export interface Invitee {
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly authorityCode?: string | null | undefined;
  readonly regionCode?: string | null | undefined;
}

/**
 * Invites a person: a new user, not active, with no password, and an invitation link by e-mail
 * (kick delivery after the call).
 * @throws {HttpProblem} 422 on a scope the role does not allow or that does not exist; 409 when a
 *   user has the address already.
 */
export async function inviteUser(db: Db, deps: Deps, admin: Admin, invitee: Invitee): Promise<AdminUser> {
  const scope = {
    role: invitee.role,
    authorityCode: invitee.authorityCode ?? null,
    regionCode: invitee.regionCode ?? null,
  };
  return db.transaction(async (tx) => {
    await assertScope(tx, scope);
    const [row] = await tx
      .insert(users)
      .values({
        id: newId(),
        email: invitee.email,
        name: invitee.name,
        ...scope,
        passwordHash: null,
        active: false,
        createdAt: deps.now(),
      })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!row) throw fieldProblem(409, 'email', `A user with the e-mail address ${invitee.email} exists already`);
    const expiresAt = await issueInvitation(tx, deps, row, admin);
    await audit(tx, {
      userId: admin.id,
      action: 'invite-user',
      entity: 'user',
      entityId: row.id,
      detail: { ...scope, expiresAt: expiresAt.toISOString() },
    });
    return described(tx, row.id, deps.now());
  });
}

/** A change of a user's name, role or scope; what is not given stays (but see {@link updateUser}). */
export interface UserUpdate {
  readonly name?: string | undefined;
  readonly role?: Role | undefined;
  readonly authorityCode?: string | null | undefined;
  readonly regionCode?: string | null | undefined;
}

/**
 * Changes a user's name, role or scope; it applies from the user's next request. A new role drops the
 * scope it does not use, unless the change says otherwise (and is refused).
 * @throws {HttpProblem} 409 for the admin's own role, or the last active admin's; 422 on a bad scope.
 */
export async function updateUser(
  db: Db,
  now: () => Date,
  admin: Admin,
  id: string,
  change: UserUpdate,
): Promise<AdminUser> {
  return db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    const role = change.role ?? before.role;
    const roleChanged = role !== before.role;
    if (roleChanged && id === admin.id) {
      throw fieldProblem(409, 'role', 'You cannot change your own role: ask another administrator');
    }
    // A new role drops the scope it does not use, unless the change says otherwise (and is refused).
    const keep = <T>(given: T | undefined, current: T, used: boolean) =>
      given !== undefined ? given : roleChanged && !used ? null : current;
    const after = {
      name: change.name ?? before.name,
      role,
      authorityCode: keep(change.authorityCode, before.authorityCode, isAuthorityRole(role)),
      regionCode: keep(change.regionCode, before.regionCode, role === 'regional_lead'),
    };
    await assertScope(tx, after, before.authorityCode);
    if (before.role === 'admin' && roleChanged && before.active) await assertAnotherAdminRemains(tx, id);
    const was = {
      name: before.name,
      role: before.role,
      authorityCode: before.authorityCode,
      regionCode: before.regionCode,
    };
    if (JSON.stringify(was) !== JSON.stringify(after)) {
      await tx.update(users).set(after).where(eq(users.id, id));
      await audit(tx, {
        userId: admin.id,
        action: roleChanged ? 'change-user-role' : 'change-user',
        entity: 'user',
        entityId: id,
        detail: { before: was, after },
      });
    }
    return described(tx, id, now());
  });
}

/**
 * Deactivates a user: their sessions end and API tokens are revoked now, on every instance (the next
 * request finds none), and their invitation and password-reset links are withdrawn. A deactivated user
 * stays as they are.
 * @throws {HttpProblem} 409 for the admin themselves, or the last active admin.
 */
export async function deactivateUser(db: Db, now: () => Date, admin: Admin, id: string): Promise<AdminUser> {
  const at = now();
  return db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    if (id === admin.id) {
      throw new HttpProblem(409, { detail: 'You cannot deactivate yourself: ask another administrator.' });
    }
    if (userStatus(before) === 'deactivated') return described(tx, id, now());
    if (before.role === 'admin' && before.active) await assertAnotherAdminRemains(tx, id);
    await tx.update(users).set({ active: false, deactivatedAt: at }).where(eq(users.id, id));
    // The user's sessions end and tokens are revoked now, on every instance: the next request finds none.
    const ended = await tx.delete(sessions).where(eq(sessions.userId, id)).returning({ userId: sessions.userId });
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: at })
      .where(and(eq(apiTokens.userId, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    await withdrawInvitations(tx, id, at);
    await withdrawResets(tx, id, at);
    await audit(tx, {
      userId: admin.id,
      action: 'deactivate-user',
      entity: 'user',
      entityId: id,
      detail: { sessionsEnded: ended.length, tokensRevoked: revoked.length },
    });
    return described(tx, id, now());
  });
}

/**
 * Reactivates a deactivated user: one who had chosen a password may sign in again; one who had not is
 * invited again (they need a new link). Anyone else stays as they are.
 */
export async function reactivateUser(db: Db, now: () => Date, admin: Admin, id: string): Promise<AdminUser> {
  return db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    if (userStatus(before) !== 'deactivated') return described(tx, id, now());
    // One who never set a password is invited again: they need a new link to sign in.
    const active = before.passwordHash !== null;
    await tx.update(users).set({ active, deactivatedAt: null }).where(eq(users.id, id));
    await audit(tx, {
      userId: admin.id,
      action: 'reactivate-user',
      entity: 'user',
      entityId: id,
      detail: { status: active ? 'active' : 'invited' },
    });
    return described(tx, id, now());
  });
}

/**
 * Sends an invited user a new link; the old one stops working (kick delivery after the call).
 * @throws {HttpProblem} 409 when the user is not invited (active, or deactivated).
 */
export async function resendInvitation(db: Db, deps: Deps, admin: Admin, id: string): Promise<AdminUser> {
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, id);
    const status = userStatus(user);
    if (status !== 'invited') {
      throw new HttpProblem(409, {
        detail:
          status === 'active'
            ? `${user.name} has accepted their invitation already and signs in with their password.`
            : `${user.name} is deactivated: reactivate them first.`,
      });
    }
    const expiresAt = await issueInvitation(tx, deps, user, admin);
    await audit(tx, {
      userId: admin.id,
      action: 'resend-invitation',
      entity: 'user',
      entityId: id,
      detail: { expiresAt: expiresAt.toISOString() },
    });
    return described(tx, id, deps.now());
  });
}
