/** The audit log: who changed what, and when. Every change of stored data writes one entry. */
import type { Db } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export interface AuditEntry {
  readonly userId: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly detail?: Record<string, unknown>;
  /** When it happened, if not now (the app's clock, or the demo's fixed dates). */
  readonly at?: Date;
}

/** Appends an entry (inside the caller's transaction when given one). */
export async function audit(db: Pick<Db, 'insert'>, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, detail: entry.detail ?? {} });
}
