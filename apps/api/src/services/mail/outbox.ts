/**
 * The outbox as an admin reads it: every mail, newest first, with its whole text and delivery status,
 * and the one way to read a password-reset link kept here (no SMTP server) to pass it on, audited.
 */
import { type OutboxMail, PROBLEM_TYPES } from '@csc-workforce/schemas';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { outbox, passwordResets } from '../../db/schema.js';
import { audit } from '../../lib/audit.js';
import { offsetOf, type PageRequest } from '../../lib/paging.js';
import { HttpProblem, notFound } from '../../lib/problem.js';
import { digest } from '../../lib/tokens.js';
import { LINK_SECRET, type MailKind } from './delivery.js';

type Row = typeof outbox.$inferSelect;

/**
 * The mail as an admin reads it. An invitation's link is shown while the mail is kept here for an
 * admin to pass on (no SMTP server); a password-reset link never is (an admin reveals it with
 * {@link revealResetLink}, audited). Once a mail is being or has been sent over SMTP, its link is its
 * recipient's alone (a sent mail's stored text no longer holds it).
 */
function present(row: Row): OutboxMail {
  const secret = new RegExp(LINK_SECRET.source, 'g');
  const withheld =
    row.status !== 'kept'
      ? '$1(withheld: sent to its recipient)'
      : row.kind === 'password-reset'
        ? '$1(withheld: reveal it on the mail’s page to pass it on)'
        : null;
  const body = withheld ? row.body.replace(secret, withheld) : row.body;
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    to: row.toAddress,
    subject: row.subject,
    body,
    kind: row.kind,
    entityId: row.entityId,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    sentAt: row.sentAt === null ? null : row.sentAt.toISOString(),
  };
}

/** What the outbox is filtered by, and the page. */
export interface OutboxQuery extends PageRequest {
  readonly kind?: MailKind | undefined;
  readonly status?: Row['status'] | undefined;
}

/** A page of the mails, newest first, with how many match. */
export async function listOutbox(db: Db, query: OutboxQuery) {
  const { kind, status, page, pageSize } = query;
  const filters: SQL[] = [];
  if (kind) filters.push(eq(outbox.kind, kind));
  if (status) filters.push(eq(outbox.status, status));
  const where = filters.length > 0 ? and(...filters) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(outbox).where(where).orderBy(desc(outbox.id)).limit(pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(outbox).where(where),
  ]);
  return { items: rows.map(present), total: Number(total?.n ?? 0), page, pageSize };
}

async function findMail(db: Db, id: number): Promise<Row> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  if (!row) throw notFound(`There is no mail ${id} in the outbox.`);
  return row;
}

/** One mail, as an admin reads it; 404 when there is none. */
export async function getOutboxMail(db: Db, id: number): Promise<OutboxMail> {
  return present(await findMail(db, id));
}

/**
 * The link of a password-reset mail kept here (no SMTP server), for an admin to pass on; whoever holds
 * it can choose the user's password, so the audit log says who read it.
 * @throws {HttpProblem} 404 for no such mail; 409 for another mail; 410 when the link no longer works.
 */
export async function revealResetLink(db: Db, adminId: string, id: number, now: Date): Promise<string> {
  const row = await findMail(db, id);
  const found = /https?:\/\/\S+\/reset-password#([A-Za-z0-9_-]+)/.exec(row.body);
  if (row.kind !== 'password-reset' || row.status !== 'kept' || !found) {
    throw new HttpProblem(409, {
      detail: 'Only the link of a password-reset mail kept here (no SMTP server) can be revealed.',
    });
  }
  // A link that no longer works is not worth passing on (nor revealing).
  const [reset] = await db
    .select()
    .from(passwordResets)
    .where(eq(passwordResets.tokenHash, digest(found[1] as string)));
  if (!reset || reset.usedAt || reset.revokedAt || reset.expiresAt <= now) {
    throw new HttpProblem(410, {
      type: PROBLEM_TYPES.passwordResetDead,
      title: 'The link no longer works',
      detail: 'This link has been used, withdrawn or has expired: the user can ask for a new one.',
    });
  }
  await audit(db, {
    userId: adminId,
    action: 'read-password-reset-link',
    entity: 'user',
    entityId: row.entityId ?? row.toAddress,
    detail: { mail: row.id },
  });
  return found[0];
}
