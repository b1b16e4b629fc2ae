/**
 * Users as an admin manages them: the list with its filters, invitations (a one-time link by e-mail,
 * only its hash stored), the checks of a user's scope against the reference data, and the rule that
 * an admin always remains.
 *
 * A user is `active` (may sign in), `invited` (not active, no password yet, not deactivated) or
 * `deactivated` (by an admin: `deactivated_at`). An invitation link is valid while it is unused, not
 * withdrawn (by a newer link, or the user's deactivation) and not expired.
 */
import {
  type AdminUser,
  type InvitationState,
  type Role,
  type UserPage,
  type UserStatus,
  userScopeProblems,
} from '@csc-workforce/schemas';
import { eq, type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { authorities, regions } from '../db/schema.js';
import { offsetOf, type PageRequest } from '../lib/paging.js';
import { fieldProblem } from '../lib/problem.js';

/** A user's standing, from the columns that decide it. */
export function userStatus(user: {
  readonly active: boolean;
  readonly passwordHash: string | null;
  readonly deactivatedAt: Date | null;
}): UserStatus {
  if (user.active) return 'active';
  return user.passwordHash === null && user.deactivatedAt === null ? 'invited' : 'deactivated';
}

/** The same in SQL, over `users u`. */
const STATUS_SQL = sql`CASE WHEN u.active THEN 'active'
  WHEN u.password_hash IS NULL AND u.deactivated_at IS NULL THEN 'invited' ELSE 'deactivated' END`;

/** Where an invitation link stands at `now`. */
export function invitationState(
  invitation: { readonly usedAt: Date | null; readonly revokedAt: Date | null; readonly expiresAt: Date },
  now: Date,
): InvitationState {
  if (invitation.usedAt) return 'used';
  if (invitation.revokedAt) return 'withdrawn';
  return invitation.expiresAt <= now ? 'expired' : 'pending';
}

export interface UserFilter extends PageRequest {
  readonly role?: Role | undefined;
  readonly authority?: string | undefined;
  readonly region?: string | undefined;
  readonly status?: UserStatus | undefined;
  /** Part of the name or e-mail address, any case. */
  readonly q?: string | undefined;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  authority_code: string | null;
  authority_name: string | null;
  region_code: string | null;
  region_name: string | null;
  status: UserStatus;
  demo: boolean;
  created_at: string | Date;
  deactivated_at: string | Date | null;
  last_sign_in_at: string | Date | null;
  active_tokens: number;
  invitation_created_at: string | Date | null;
  invitation_expires_at: string | Date | null;
  invitation_used_at: string | Date | null;
  invitation_revoked_at: string | Date | null;
  total: number;
}

const iso = (value: string | Date) => new Date(value).toISOString();
const isoOrNull = (value: string | Date | null) => (value === null ? null : iso(value));
const dateOrNull = (value: string | Date | null) => (value === null ? null : new Date(value));

function toAdminUser(row: UserRow, now: Date): AdminUser {
  const sent = row.invitation_created_at;
  const expires = row.invitation_expires_at;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    authorityCode: row.authority_code,
    authorityName: row.authority_name,
    regionCode: row.region_code,
    regionName: row.region_name,
    status: row.status,
    demo: row.demo,
    createdAt: iso(row.created_at),
    deactivatedAt: isoOrNull(row.deactivated_at),
    lastSignInAt: isoOrNull(row.last_sign_in_at),
    activeTokens: Number(row.active_tokens),
    invitation:
      sent !== null && expires !== null
        ? {
            sentAt: iso(sent),
            expiresAt: iso(expires),
            state: invitationState(
              {
                usedAt: dateOrNull(row.invitation_used_at),
                revokedAt: dateOrNull(row.invitation_revoked_at),
                expiresAt: new Date(expires),
              },
              now,
            ),
          }
        : null,
  };
}

/** The users matching `where`, by name, with what an admin sees of each and how many match in all. */
async function selectUsers(
  db: Pick<Db, 'execute'>,
  where: SQL[],
  page: { limit: number; offset: number },
  now: Date,
): Promise<{ users: AdminUser[]; total: number }> {
  const rows = rowsOf<UserRow>(
    await db.execute(sql`
      SELECT u.id, u.email, u.name, u.role, coalesce(a.current_code, u.authority_code) AS authority_code, a.name AS authority_name,
        coalesce(u.region_code, a.region_code) AS region_code, r.name AS region_name,
        ${STATUS_SQL} AS status, u.demo, u.created_at, u.deactivated_at,
        (SELECT max(l.at) FROM audit_log l
          WHERE l.entity = 'user' AND l.entity_id = u.id AND l.action IN ('sign-in', 'accept-invitation')) AS last_sign_in_at,
        (SELECT count(*)::int FROM api_tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL) AS active_tokens,
        i.created_at AS invitation_created_at, i.expires_at AS invitation_expires_at,
        i.used_at AS invitation_used_at, i.revoked_at AS invitation_revoked_at,
        count(*) OVER ()::int AS total
      FROM users u
      LEFT JOIN authorities a ON a.code = u.authority_code
      LEFT JOIN regions r ON r.code = coalesce(u.region_code, a.region_code)
      LEFT JOIN LATERAL (
        SELECT created_at, expires_at, used_at, revoked_at FROM invitations
        WHERE user_id = u.id ORDER BY created_at DESC, token_hash LIMIT 1) i ON true
      ${where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
      ORDER BY lower(u.name), u.id
      LIMIT ${page.limit} OFFSET ${page.offset}`),
  );
  return { users: rows.map((row) => toAdminUser(row, now)), total: Number(rows[0]?.total ?? 0) };
}

/**
 * A page of the users matching the filter, by name. A region's users are its lead(s) and the users
 * of its authorities.
 */
export async function listUsers(db: Db, filter: UserFilter, now: Date): Promise<UserPage> {
  const where: SQL[] = [];
  if (filter.role) where.push(sql`u.role = ${filter.role}`);
  if (filter.authority) where.push(sql`u.authority_code = ${filter.authority}`);
  if (filter.region) where.push(sql`coalesce(u.region_code, a.region_code) = ${filter.region}`);
  if (filter.status) where.push(sql`${STATUS_SQL} = ${filter.status}`);
  const q = filter.q?.trim().toLowerCase();
  if (q) where.push(sql`(strpos(lower(u.name), ${q}) > 0 OR strpos(lower(u.email), ${q}) > 0)`);
  const offset = offsetOf(filter);
  let { users, total } = await selectUsers(db, where, { limit: filter.pageSize, offset }, now);
  // A page past the end still says how many there are.
  if (users.length === 0 && offset > 0) ({ total } = await selectUsers(db, where, { limit: 1, offset: 0 }, now));
  return { items: users, total, page: filter.page, pageSize: filter.pageSize };
}

/** One user as an admin sees them, or null. */
export async function getUser(db: Pick<Db, 'execute'>, id: string, now: Date): Promise<AdminUser | null> {
  const { users } = await selectUsers(db, [sql`u.id = ${id}`], { limit: 1, offset: 0 }, now);
  return users[0] ?? null;
}

/** A user's role and scope. */
export interface Scope {
  readonly role: Role;
  readonly authorityCode: string | null;
  readonly regionCode: string | null;
}

/**
 * Checks a scope against its role (the shared rules) and the reference data: the authority exists and
 * is not retired, the region exists.
 * @param keepAuthority - an authority the user already has, allowed even when retired.
 * @throws {HttpProblem} 422 naming the field.
 */
export async function assertScope(db: Pick<Db, 'select'>, scope: Scope, keepAuthority?: string | null): Promise<void> {
  const [problem] = userScopeProblems(scope);
  if (problem) throw fieldProblem(422, problem.path, problem.message);
  if (scope.authorityCode !== null) {
    const [authority] = await db
      .select({ name: authorities.name, retiredAt: authorities.retiredAt })
      .from(authorities)
      .where(eq(authorities.code, scope.authorityCode));
    if (!authority) {
      throw fieldProblem(422, 'authorityCode', `There is no local authority ${scope.authorityCode}`);
    }
    if (authority.retiredAt !== null && scope.authorityCode !== keepAuthority) {
      throw fieldProblem(422, 'authorityCode', `${authority.name} is retired: choose an authority in use`);
    }
  }
  if (scope.regionCode !== null) {
    const [region] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, scope.regionCode));
    if (!region) throw fieldProblem(422, 'regionCode', `There is no region ${scope.regionCode}`);
  }
}

/**
 * Refuses a change that would leave no active admin: locks the active admins' rows (so two admins
 * demoting each other at once cannot both succeed) and counts those other than `userId`.
 * @throws {HttpProblem} 409.
 */
export async function assertAnotherAdminRemains(tx: Pick<Db, 'execute'>, userId: string): Promise<void> {
  const admins = rowsOf<{ id: string }>(
    await tx.execute(sql`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`),
  );
  if (!admins.some((a) => a.id !== userId)) {
    throw fieldProblem(409, 'role', 'This is the last active administrator: make another user an administrator first');
  }
}
