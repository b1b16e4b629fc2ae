/**
 * Reading the audit log: every change and sign-in, newest first, with who did it and the name of the
 * user or authority it was about, filtered by action and entity, with the actions and entities there
 * are to filter by. (Entries are written by lib/audit.ts, in the transaction of each change.)
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { offsetOf, type PageRequest } from '../lib/paging.js';

/** An entry as read, with the names of its user and of what it is about. */
interface Row {
  id: number | string;
  at: string | Date;
  user_id: string | null;
  user_name: string | null;
  action: string;
  entity: string;
  entity_id: string;
  entity_name: string | null;
  detail: Record<string, unknown> | string;
  total: number;
}

/** What the log is filtered by, and the page. */
export interface AuditQuery extends PageRequest {
  readonly action?: string | undefined;
  readonly entity?: string | undefined;
  readonly entityId?: string | undefined;
}

/** A page of the log's entries, newest first, with how many match and the filters' values. */
export async function listAuditLog(db: Db, query: AuditQuery) {
  const { action, entity, entityId, page, pageSize } = query;
  const filters: SQL[] = [];
  if (action) filters.push(sql`l.action = ${action}`);
  if (entity) filters.push(sql`l.entity = ${entity}`);
  if (entityId) filters.push(sql`l.entity_id = ${entityId}`);
  const where = filters.length > 0 ? sql`WHERE ${sql.join(filters, sql` AND `)}` : sql``;
  const [rows, facets] = await Promise.all([
    db.execute(sql`
      SELECT l.id, l.at, l.user_id, u.name AS user_name, l.action, l.entity, l.entity_id,
        CASE l.entity WHEN 'user' THEN eu.name WHEN 'authority' THEN ea.name END AS entity_name,
        l.detail, count(*) OVER ()::int AS total
      FROM audit_log l
      LEFT JOIN users u ON u.id = l.user_id
      LEFT JOIN users eu ON l.entity = 'user' AND eu.id = l.entity_id
      LEFT JOIN authorities ea ON l.entity = 'authority' AND ea.code = l.entity_id
      ${where}
      ORDER BY l.id DESC
      LIMIT ${pageSize} OFFSET ${offsetOf(query)}`),
    db.execute(sql`
      SELECT 'action' AS facet, action AS value FROM (SELECT DISTINCT action FROM audit_log) a
      UNION ALL SELECT 'entity', entity FROM (SELECT DISTINCT entity FROM audit_log) e
      ORDER BY facet, value`),
  ]);
  const entries = rowsOf<Row>(rows);
  const values = rowsOf<{ facet: string; value: string }>(facets);
  let total = Number(entries[0]?.total ?? 0);
  if (entries.length === 0 && page > 1) {
    const [counted] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM audit_log l ${where}`));
    total = Number(counted?.n ?? 0);
  }
  return {
    items: entries.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      userId: r.user_id,
      userName: r.user_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      entityName: r.entity_name,
      detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail,
    })),
    total,
    page,
    pageSize,
    actions: values.filter((v) => v.facet === 'action').map((v) => v.value),
    entities: values.filter((v) => v.facet === 'entity').map((v) => v.value),
  };
}
