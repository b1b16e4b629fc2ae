/**
 * Random secrets and their SHA-256 digests: what the database stores instead of the secret; and the
 * one-time links (invitations, password resets) found by their token.
 */
import { hash, randomBytes } from 'node:crypto';
import type { ProblemType } from '@csc-workforce/schemas';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type invitations, type passwordResets, users } from '../db/schema.js';
import { HttpProblem } from './problem.js';

/** A random URL-safe secret with a prefix saying what it is (`csc_pat_…` for API tokens). */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** The SHA-256 of a secret, hex. */
export function digest(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** A random id for rows (users, tokens). */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}

/** How a one-time link (an invitation, a password reset) is looked up by its token. */
export interface LinkLookup {
  /** Lock the link's row until the caller's transaction ends. */
  readonly lock?: boolean;
  /** Called before a token no link has is refused: to count it against the caller. */
  readonly onUnknown?: () => Promise<void>;
}

/** The tables of one-time links: each row a token's hash, its user, and when it was used or withdrawn. */
type LinkTable = typeof invitations | typeof passwordResets;

/**
 * The link of a token, with its user; when no link has the token, `onUnknown` is called and the
 * problem that `unknown` makes is thrown.
 */
export async function findLink<T extends LinkTable>(
  db: Db,
  table: T,
  token: string,
  lookup: LinkLookup,
  unknown: () => Error,
): Promise<{ link: T['$inferSelect']; user: typeof users.$inferSelect }> {
  const links = table as LinkTable;
  const query = db
    .select({ link: links, user: users })
    .from(links)
    .innerJoin(users, eq(users.id, links.userId))
    .where(eq(links.tokenHash, digest(token)));
  const [row] = lookup.lock ? await query.for('update', { of: links }) : await query;
  if (row) return row as { link: T['$inferSelect']; user: typeof users.$inferSelect };
  await lookup.onUnknown?.();
  throw unknown();
}

/** A reason a link no longer works: whether it holds, and the type, title and detail of its problem. */
export type DeadLink = readonly [holds: boolean, type: ProblemType, title: string, detail: string];

/** Refuses a link that no longer works: a 410 problem for the first of the reasons that holds. */
export function refuseDeadLink(reasons: readonly DeadLink[]): void {
  const reason = reasons.find(([holds]) => holds);
  if (!reason) return;
  const [, type, title, detail] = reason;
  throw new HttpProblem(410, { type, title, detail });
}
