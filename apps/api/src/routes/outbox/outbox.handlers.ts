import type { OutboxMail } from '@csc-workforce/schemas';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { outbox } from '../../db/schema.js';
import { audit } from '../../lib/audit.js';
import { requireRole } from '../../lib/auth.js';
import { notFound } from '../../lib/problem.js';
import type { AppRouteHandler } from '../../lib/types.js';
import { LINK_SECRET } from '../../services/mail.js';
import type * as routes from './outbox.routes.js';

type Row = typeof outbox.$inferSelect;

/**
 * The mail as an admin reads it. The link of an invitation or a password reset is shown only while the
 * mail is kept here for an admin to pass on (no SMTP server), and a password-reset link only in the
 * mail's own view, where reading it is audited; once a mail is being or has been sent over SMTP, its
 * link is its recipient's alone (a sent mail's stored text no longer holds it).
 */
function present(row: Row, view: 'list' | 'mail'): OutboxMail {
  const secret = new RegExp(LINK_SECRET.source, 'g');
  const shown = row.status === 'kept' && (row.kind === 'invitation' || view === 'mail');
  const body =
    (row.kind === 'invitation' || row.kind === 'password-reset') && !shown
      ? row.body.replace(
          secret,
          row.status === 'kept' ? '$1(withheld: open the mail to pass it on)' : '$1(withheld: sent to its recipient)',
        )
      : row.body;
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
  requireRole(c, 'admin');
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
  return c.json({ items: rows.map((row) => present(row, 'list')), total: Number(total?.n ?? 0), page, pageSize }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const admin = requireRole(c, 'admin');
  const { id } = c.req.valid('param');
  const { db } = c.get('deps').database;
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  if (!row) throw notFound(`There is no mail ${id} in the outbox.`);
  if (row.kind === 'password-reset' && row.status === 'kept') {
    // Whoever reads a kept link can choose the user's password: the log says who did.
    await audit(db, {
      userId: admin.id,
      action: 'read-password-reset-link',
      entity: 'user',
      entityId: row.entityId ?? row.toAddress,
      detail: { mail: row.id },
    });
  }
  return c.json(present(row, 'mail'), 200);
};
