import { type AdminUser, isAuthorityRole } from '@csc-workforce/schemas';
import { and, eq, isNull } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../../db/client.js';
import { apiTokens, sessions, users } from '../../db/schema.js';
import { audit } from '../../lib/audit.js';
import { requireUser } from '../../lib/auth.js';
import { fieldProblem, HttpProblem, notFound } from '../../lib/problem.js';
import { newId } from '../../lib/tokens.js';
import type { AppBindings, AppRouteHandler } from '../../lib/types.js';
import { mailDeliveryFor } from '../../services/mail/index.js';
import { withdrawResets } from '../../services/passwords.js';
import {
  assertAnotherAdminRemains,
  assertScope,
  getUser,
  issueInvitation,
  listUsers,
  userStatus,
  withdrawInvitations,
} from '../../services/users.js';
import type * as routes from './users.routes.js';

type UserRow = typeof users.$inferSelect;

/** The user's row, locked until the transaction ends; 404 when there is none. */
async function lockUser(tx: Db, id: string): Promise<UserRow> {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  if (!row) throw notFound(`There is no user ${id}.`);
  return row;
}

/** The user as an admin sees them, after a change. */
async function described(c: Context<AppBindings>, db: Pick<Db, 'execute'>, id: string): Promise<AdminUser> {
  const user = await getUser(db, id, c.get('deps').now());
  if (!user) throw notFound(`There is no user ${id}.`);
  return user;
}

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const query = c.req.valid('query');
  const { database, now } = c.get('deps');
  return c.json(await listUsers(database.db, query, now()), 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await described(c, c.get('deps').database.db, id), 200);
};

export const invite: AppRouteHandler<typeof routes.invite> = async (c) => {
  const admin = requireUser(c);
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const scope = { role: body.role, authorityCode: body.authorityCode ?? null, regionCode: body.regionCode ?? null };
  const created = await deps.database.db.transaction(async (tx) => {
    await assertScope(tx, scope);
    const [row] = await tx
      .insert(users)
      .values({
        id: newId(),
        email: body.email,
        name: body.name,
        ...scope,
        passwordHash: null,
        active: false,
        createdAt: deps.now(),
      })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!row) throw fieldProblem(409, 'email', `A user with the e-mail address ${body.email} exists already`);
    const expiresAt = await issueInvitation(tx, deps, row, admin);
    await audit(tx, {
      userId: admin.id,
      action: 'invite-user',
      entity: 'user',
      entityId: row.id,
      detail: { ...scope, expiresAt: expiresAt.toISOString() },
    });
    return described(c, tx, row.id);
  });
  mailDeliveryFor(deps)?.kick();
  return c.json(created, 201);
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const admin = requireUser(c);
  const { id } = c.req.valid('param');
  const body = c.req.valid('json');
  const { database } = c.get('deps');
  const changed = await database.db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    const role = body.role ?? before.role;
    const roleChanged = role !== before.role;
    if (roleChanged && id === admin.id) {
      throw fieldProblem(409, 'role', 'You cannot change your own role: ask another administrator');
    }
    // A new role drops the scope it does not use, unless the change says otherwise (and is refused).
    const keep = <T>(given: T | undefined, current: T, used: boolean) =>
      given !== undefined ? given : roleChanged && !used ? null : current;
    const after = {
      name: body.name ?? before.name,
      role,
      authorityCode: keep(body.authorityCode, before.authorityCode, isAuthorityRole(role)),
      regionCode: keep(body.regionCode, before.regionCode, role === 'regional_lead'),
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
    return described(c, tx, id);
  });
  return c.json(changed, 200);
};

export const deactivate: AppRouteHandler<typeof routes.deactivate> = async (c) => {
  const admin = requireUser(c);
  const { id } = c.req.valid('param');
  const { database, now } = c.get('deps');
  const at = now();
  const changed = await database.db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    if (id === admin.id) {
      throw new HttpProblem(409, { detail: 'You cannot deactivate yourself: ask another administrator.' });
    }
    if (userStatus(before) === 'deactivated') return described(c, tx, id);
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
    return described(c, tx, id);
  });
  return c.json(changed, 200);
};

export const reactivate: AppRouteHandler<typeof routes.reactivate> = async (c) => {
  const admin = requireUser(c);
  const { id } = c.req.valid('param');
  const { database } = c.get('deps');
  const changed = await database.db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    if (userStatus(before) !== 'deactivated') return described(c, tx, id);
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
    return described(c, tx, id);
  });
  return c.json(changed, 200);
};

export const resendInvitation: AppRouteHandler<typeof routes.resendInvitation> = async (c) => {
  const admin = requireUser(c);
  const { id } = c.req.valid('param');
  const deps = c.get('deps');
  const sent = await deps.database.db.transaction(async (tx) => {
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
    return described(c, tx, id);
  });
  mailDeliveryFor(deps)?.kick();
  return c.json(sent, 200);
};
