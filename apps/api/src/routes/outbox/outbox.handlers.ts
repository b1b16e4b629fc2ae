import type { OutboxMail } from '@csc-workforce/schemas';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { outbox } from '../../db/schema.js';
import { requireRole } from '../../lib/auth.js';
import { notFound } from '../../lib/problem.js';
import type { AppRouteHandler } from '../../lib/types.js';
import type * as routes from './outbox.routes.js';

type Row = typeof outbox.$inferSelect;

/**
 * The mail as an admin reads it. The link of an invitation or a password reset is shown only while the
 * mail is kept here for an admin to pass on; once it is being or has been sent over SMTP, the link is
 * its recipient's alone.
 */
function present(row: Row): OutboxMail {
  const body =
    (row.kind === 'invitation' || row.kind === 'password-reset') && row.status !== 'kept'
      ? row.body.replace(/(\/(?:invitation|reset-password)#)[A-Za-z0-9_-]+/g, '$1(withheld: sent to its recipient)')
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
  return c.json({ items: rows.map(present), total: Number(total?.n ?? 0), page, pageSize }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  requireRole(c, 'admin');
  const { id } = c.req.valid('param');
  const [row] = await c.get('deps').database.db.select().from(outbox).where(eq(outbox.id, id));
  if (!row) throw notFound(`There is no mail ${id} in the outbox.`);
  return c.json(present(row), 200);
};
