/**
 * Regions and local authorities: the lists each user may pick from, an authority as an admin sees it
 * (with how many returns and users it has), and the admin's changes (adding, renaming, retiring and
 * bringing one back), each audited.
 */
import type { AdminAuthority, Authority } from '@csc-workforce/schemas';
import { asc, eq, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { authorities, regions } from '../db/schema.js';
import { audit } from '../lib/audit.js';
import { fieldProblem, notFound } from '../lib/problem.js';
import type { CurrentUser } from '../lib/types.js';
import { type CodeBook, loadCodeBook } from './authority-codes.js';

/** Every region, by code. */
export async function listRegions(db: Db) {
  return db.select().from(regions).orderBy(asc(regions.code));
}

/**
 * The authorities a user may pick: every one for an admin, a lead's region's, or the user's own; each
 * by its current code, with its former codes.
 */
export async function authoritiesOf(db: Db, codes: CodeBook, user: CurrentUser): Promise<Authority[]> {
  const base = db.select().from(authorities);
  const rows =
    user.role === 'admin'
      ? await base.orderBy(asc(authorities.name))
      : user.role === 'regional_lead'
        ? await base.where(eq(authorities.regionCode, user.regionCode ?? '')).orderBy(asc(authorities.name))
        : await base.where(eq(authorities.code, user.authorityCode ?? ''));
  return rows.map((r) => ({
    code: codes.current(r.code),
    name: r.name,
    regionCode: r.regionCode,
    retired: r.retiredAt !== null,
    formerCodes: codes.former(r.code),
  }));
}

/**
 * An authority as an admin sees it, by its key, or a 404: shown by its current code, with its former
 * codes (services/authority-codes.ts).
 */
export async function describeAuthority(db: Pick<Db, 'execute'>, code: string): Promise<AdminAuthority> {
  const [row] = rowsOf<{
    code: string;
    name: string;
    region_code: string;
    region_name: string;
    old_la_code: string | null;
    retired_at: string | Date | null;
    returns: number;
    users: number;
  }>(
    await db.execute(sql`
      SELECT a.code, a.name, a.region_code, r.name AS region_name, a.old_la_code, a.retired_at,
        (SELECT count(*)::int FROM returns x WHERE x.authority_code = a.code) AS returns,
        (SELECT count(*)::int FROM users u WHERE u.authority_code = a.code AND u.deactivated_at IS NULL) AS users
      FROM authorities a JOIN regions r ON r.code = a.region_code
      WHERE a.code = ${code}`),
  );
  if (!row) throw notFound(`There is no local authority ${code}.`);
  const codes = await loadCodeBook(db);
  return {
    code: codes.current(row.code),
    name: row.name,
    regionCode: row.region_code,
    regionName: row.region_name,
    oldLaCode: row.old_la_code,
    formerCodes: codes.former(row.code),
    retired: row.retired_at !== null,
    retiredAt: row.retired_at === null ? null : new Date(row.retired_at).toISOString(),
    returns: Number(row.returns),
    users: Number(row.users),
  };
}

/** A new authority. */
export interface NewAuthority {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string;
  readonly oldLaCode?: string | null | undefined;
}

/**
 * Adds an authority, audited.
 * @throws {HttpProblem} 422 on `regionCode` for a region that does not exist; 409 on `code` when an
 *   authority has it already.
 */
export async function createAuthority(
  db: Db,
  now: () => Date,
  adminId: string,
  body: NewAuthority,
): Promise<AdminAuthority> {
  return db.transaction(async (tx) => {
    const [region] = await tx.select().from(regions).where(eq(regions.code, body.regionCode));
    if (!region) throw fieldProblem(422, 'regionCode', `There is no region ${body.regionCode}`);
    // A code is one authority's for good: another's current or former code is not free.
    const owner = (await loadCodeBook(tx)).keyOf(body.code);
    if (owner !== undefined && owner !== body.code) {
      throw fieldProblem(409, 'code', `${body.code} is a code of the authority ${owner} already`);
    }
    const [row] = await tx
      .insert(authorities)
      .values({
        code: body.code,
        name: body.name,
        regionCode: body.regionCode,
        oldLaCode: body.oldLaCode ?? null,
        createdAt: now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw fieldProblem(409, 'code', `There is an authority with the code ${body.code} already`);
    await audit(tx, {
      userId: adminId,
      action: 'create-authority',
      entity: 'authority',
      entityId: row.code,
      detail: { name: row.name, regionCode: row.regionCode, oldLaCode: row.oldLaCode },
    });
    return describeAuthority(tx, row.code);
  });
}

/**
 * Renames an authority, or retires it or brings it back; each change audited, none when nothing changes.
 * @throws {HttpProblem} 404 when there is no such authority.
 */
export async function updateAuthority(
  db: Db,
  now: () => Date,
  adminId: string,
  code: string,
  change: { readonly name?: string | undefined; readonly retired?: boolean | undefined },
): Promise<AdminAuthority> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(authorities).where(eq(authorities.code, code)).for('update');
    if (!before) throw notFound(`There is no local authority ${code}.`);
    const entry = { userId: adminId, entity: 'authority', entityId: code } as const;
    if (change.name !== undefined && change.name !== before.name) {
      await tx.update(authorities).set({ name: change.name }).where(eq(authorities.code, code));
      await audit(tx, { ...entry, action: 'rename-authority', detail: { before: before.name, after: change.name } });
    }
    if (change.retired !== undefined && change.retired !== (before.retiredAt !== null)) {
      await tx
        .update(authorities)
        .set({ retiredAt: change.retired ? now() : null })
        .where(eq(authorities.code, code));
      await audit(tx, { ...entry, action: change.retired ? 'retire-authority' : 'reinstate-authority' });
    }
    return describeAuthority(tx, code);
  });
}
