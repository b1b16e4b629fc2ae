/**
 * Opens the database: PGlite (PostgreSQL in WebAssembly, in-process) in DATA_DIR by default, or a
 * PostgreSQL server when DATABASE_URL is set. Both give the same Drizzle database type, so every
 * query, migration and test runs one code path.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { DatabaseKind } from '@csc-workforce/schemas/constants';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { CHANGES_CHANNEL, ChangeFeed } from '../lib/changes.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  readonly db: Db;
  readonly kind: DatabaseKind;
  /**
   * The changes this process is told of, for caches that may trust them (the embedded database only:
   * see lib/changes.ts); null on a PostgreSQL server, where caches must check the database.
   */
  readonly changes: ChangeFeed | null;
  /** Runs plain SQL text (migrations: several statements at once). */
  exec(sqlText: string): Promise<void>;
  /**
   * Runs `work` holding the session advisory lock `key` (on a PostgreSQL server, on a connection of
   * its own, so that `work` may use the pool): what several instances starting together must do once,
   * one after another. The embedded database has one process, and runs `work` at once.
   */
  withLock<T>(key: number, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; when absent, PGlite is used. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data folder, or `memory://`. */
  readonly dataDir?: string;
  /** An open PGlite instance to use (tests clone a migrated template into one). */
  readonly pglite?: PGlite;
  /** Connections in the PostgreSQL pool. */
  readonly poolSize?: number;
  /** A ready data folder to copy into a new (absent or empty) PGlite data folder (see template.ts). */
  readonly template?: string | undefined;
}

/** The rows of a raw `db.execute` result, the same on both drivers. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Answers when the database answers a trivial query; throws when it does not (the health check). */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`SELECT 1`);
}

/** Opens the database described by the options. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      changes: null,
      async exec(sqlText) {
        await pool.query(sqlText);
      },
      async withLock(key, work) {
        const holder = await pool.connect();
        try {
          await holder.query('SELECT pg_advisory_lock($1)', [key]);
          try {
            return await work();
          } finally {
            await holder.query('SELECT pg_advisory_unlock($1)', [key]);
          }
        } finally {
          holder.release();
        }
      },
      async close() {
        await pool.end();
      },
    };
  }
  let client = options.pglite;
  if (!client) {
    const dataDir = options.dataDir ?? 'memory://';
    const onDisk = !dataDir.startsWith('memory://');
    if (onDisk && options.template && (!existsSync(dataDir) || readdirSync(dataDir).length === 0)) {
      cpSync(options.template, dataDir, { recursive: true });
    }
    if (onDisk) mkdirSync(dataDir, { recursive: true });
    client = await PGlite.create(dataDir);
  }
  const pglite = client;
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Db;
  const changes = new ChangeFeed();
  await pglite.listen(CHANGES_CHANNEL, (table) => changes.changed(table));
  return {
    db,
    kind: 'pglite',
    changes,
    async exec(sqlText) {
      await pglite.exec(sqlText);
    },
    withLock: (_key, work) => work(),
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
