/**
 * A fingerprint of everything stored: every table of the database (found in the catalogue, so a new
 * table is covered without a change here), its row count and an MD5 of its rows. Two fingerprints
 * are equal when nothing stored changed; a difference names the tables.
 */
import { type SQL, sql } from 'drizzle-orm';
import { listTables } from '../src/db/backup.js';
import type { Db } from '../src/db/client.js';
import { rowsOf } from '../src/db/client.js';

export interface FingerprintOptions {
  /** Columns left out, by table: what a request may change by design (a session's last-seen time). */
  readonly ignoreColumns?: Readonly<Record<string, readonly string[]>>;
  /** Tables left out entirely, with the reason in the caller's comment. */
  readonly ignoreTables?: readonly string[];
  /** Tables counted only, not hashed: large tables that change only by inserts (quicker). */
  readonly countOnly?: readonly string[];
  /**
   * `content` (the default) hashes the rows, so two databases with the same rows have the same
   * fingerprint. `writes` is for watching one database, and several times quicker: each table's row
   * count and the newest transaction that wrote one of its rows (`xmin`), so any insert, update or
   * delete shows, even one that wrote the same values again. Tables with ignored columns are hashed.
   */
  readonly mode?: 'content' | 'writes';
}

/** Table name → `rows:md5`. */
export type Fingerprint = Record<string, string>;

/** The fingerprint of every table. Build the query once with {@link fingerprinter} when taking many. */
export async function fingerprint(db: Db, options: FingerprintOptions = {}): Promise<Fingerprint> {
  return (await fingerprinter(db, options))();
}

/** A function that takes fingerprints with one query each. */
export async function fingerprinter(db: Db, options: FingerprintOptions = {}): Promise<() => Promise<Fingerprint>> {
  const tables = (await listTables(db)).filter((t) => !options.ignoreTables?.includes(t.name));
  const parts: SQL[] = tables.map((table) => {
    const t = sql.identifier(table.name);
    const ignored = options.ignoreColumns?.[table.name] ?? [];
    const row = ignored.reduce<SQL>((json, column) => sql`(${json} - ${column}::text)`, sql`to_jsonb(t)`);
    const digest = options.countOnly?.includes(table.name)
      ? sql`''`
      : options.mode === 'writes' && ignored.length === 0
        ? sql`coalesce(max(t.xmin::text::bigint), 0)::text`
        : sql`md5(coalesce(string_agg(${row}::text, E'\n' ORDER BY ${row}::text), ''))`;
    return sql`SELECT ${table.name}::text AS name, count(*)::text || ':' || ${digest} AS print FROM ${t} t`;
  });
  const query = sql.join(parts, sql` UNION ALL `);
  return async () =>
    Object.fromEntries(rowsOf<{ name: string; print: string }>(await db.execute(query)).map((r) => [r.name, r.print]));
}
