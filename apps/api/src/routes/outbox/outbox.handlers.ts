import { type OutboxMail, PROBLEM_TYPES } from '@csc-workforce/schemas';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { outbox, passwordResets } from '../../db/schema.js';
import { audit } from '../../lib/audit.js';
import { requireUser } from '../../lib/auth.js';
import { HttpProblem, notFound } from '../../lib/problem.js';
import { digest } from '../../lib/tokens.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { LINK_SECRET } from '../../services/mail/index.js';
import type * as routes from './outbox.routes.js';

type Row = typeof outbox.$inferSelect;

/**
 * The mail as an admin reads it. An invitation's link is shown while the mail is kept here for an
 * admin to pass on (no SMTP server); a password-reset link never is (an admin reveals it with
 * {@link revealLink}, audited). Once a mail is being or has been sent over SMTP, its link is its
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

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { kind, status, page, pageSize } = c.req.valid('query');
  const { db } = c.get('deps').database;
  const filters: SQL[] = [];
  if (kind) filters.push(eq(outbox.kind, kind));
  if (status) filters.push(eq(outbox.status, status));
  const where = filters.length > 0 ? and(...filters) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(outbox)
      .where(where)
      .orderBy(desc(outbox.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(outbox).where(where),
  ]);
  return c.json({ items: rows.map(present), total: Number(total?.n ?? 0), page, pageSize }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid('param');
  const [row] = await c.get('deps').database.db.select().from(outbox).where(eq(outbox.id, id));
  if (!row) throw notFound(`There is no mail ${id} in the outbox.`);
  return c.json(present(row), 200);
};

export const revealLink: AppRouteHandler<typeof routes.revealLink> = async (c) => {
  // Admins with the session cookie only (outbox.routes.ts): a leaked API token must not be able to take
  // an account over (ask for a link, then read it).
  const admin = requireUser(c);
  const { id } = c.req.valid('param');
  const { database, now } = c.get('deps');
  const { db } = database;
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  if (!row) throw notFound(`There is no mail ${id} in the outbox.`);
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
  if (!reset || reset.usedAt || reset.revokedAt || reset.expiresAt <= now()) {
    throw new HttpProblem(410, {
      type: PROBLEM_TYPES.passwordResetDead,
      title: 'The link no longer works',
      detail: 'This link has been used, withdrawn or has expired: the user can ask for a new one.',
    });
  }
  const link = found[0];
  // Whoever holds the link can choose the user's password: the log says who read it.
  await audit(db, {
    userId: admin.id,
    action: 'read-password-reset-link',
    entity: 'user',
    entityId: row.entityId ?? row.toAddress,
    detail: { mail: row.id },
  });
  return c.json({ link }, 200);
};
