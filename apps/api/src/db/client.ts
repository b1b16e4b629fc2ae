/**
 * Opens the database: PGlite (PostgreSQL in WebAssembly, in-process) in DATA_DIR by default, or a
 * PostgreSQL server when DATABASE_URL is set. Both give the same Drizzle database type, so every
 * query, migration and test runs one code path.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { DatabaseKind } from '@csc-workforce/schemas/constants';
import { PGlite, parse as pgliteParse, types as pgliteTypes, protocol } from '@electric-sql/pglite';
import { is, type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite, PgliteSession } from 'drizzle-orm/pglite';
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

/** Runs a named prepared statement: its name, its text with `$n` placeholders, and its parameters. */
type PreparedRunner = (name: string, text: string, params: unknown[]) => Promise<{ rows: unknown[] }>;
/** The runner of each database's own handle (a transaction's handle has none). */
const preparedRunners = new WeakMap<object, PreparedRunner>();
const dialect = new PgDialect();
/** The text of each statement name: one name is one text, whatever the database. */
const statementTexts = new Map<string, string>();

/**
 * Runs a raw statement as a named prepared statement: parsed and planned once per connection, then
 * only bound and executed. Planning a write of several parts costs far more than running it on the
 * embedded database (about 2 of a draft save's 2.5 ms), and every save would otherwise pay it. On
 * the database's own handle only; inside a transaction (`db` a transaction's handle) it runs as
 * `db.execute` does. Rows as `db.execute` gives them (times as the database's text).
 * @param name - one name per statement text, for the life of the process.
 */
export async function executePrepared(db: Db, name: string, query: SQL): Promise<{ rows: unknown[] }> {
  const run = preparedRunners.get(db);
  if (!run) return (await db.execute(query)) as unknown as { rows: unknown[] };
  const { sql: text, params } = dialect.sqlToQuery(query);
  const known = statementTexts.get(name);
  if (known === undefined) statementTexts.set(name, text);
  else if (known !== text) throw new Error(`prepared statement ${name} has another text`);
  return run(name, text, params);
}

/** A parameter as text for the wire, as PGlite's own query() sends one. */
function wireValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** Named prepared statements on PGlite, over its protocol API (its query() parses every time). */
function pglitePreparedRunner(pglite: PGlite): PreparedRunner {
  const { serialize } = protocol;
  const prepared = new Set<string>();
  // As Drizzle reads rows on PGlite: times, dates and intervals as the database's text.
  const asText = (value: string) => value;
  const parsers = {
    ...pglite.parsers,
    [pgliteTypes.TIMESTAMP]: asText,
    [pgliteTypes.TIMESTAMPTZ]: asText,
    [pgliteTypes.DATE]: asText,
    [pgliteTypes.INTERVAL]: asText,
  };
  // As PGlite's query() runs: after any transaction in progress (its transaction lock), alone (its
  // query lock), so that no other statement comes between the messages of this one.
  const exclusive = <T>(work: () => Promise<T>) =>
    pglite._runExclusiveTransaction(() => pglite._runExclusiveQuery(work));
  return async (name, text, params) => {
    await pglite._checkReady();
    return exclusive(async () => {
      // One call into the database for the whole exchange: (parse,) bind, describe, execute and sync
      // as one buffer, as a client sends them down a socket. PostgreSQL skips to the sync after an
      // error, so the session is ready for the next statement whatever happens.
      const parse = prepared.has(name) ? [] : [serialize.parse({ name, text, types: [] })];
      const parts = [
        ...parse,
        serialize.bind({ statement: name, values: params.map(wireValue) }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ];
      const batch = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
      let offset = 0;
      for (const part of parts) {
        batch.set(part, offset);
        offset += part.length;
      }
      const { messages } = await pglite.execProtocol(batch, { syncToFs: false, throwOnError: false });
      if (parse.length > 0 && messages.some((m) => m.name === 'parseComplete')) prepared.add(name);
      await pglite.syncToFs();
      const failed = messages.find((m) => m instanceof protocol.messages.DatabaseError);
      if (failed) throw failed;
      const [result] = pgliteParse.parseResults(messages, parsers, { rowMode: 'object' });
      return { rows: result?.rows ?? [] };
    });
  };
}

/** Named prepared statements on a PostgreSQL server: node-postgres prepares each once per connection. */
function postgresPreparedRunner(pool: pg.Pool): PreparedRunner {
  const asText = (value: string) => value;
  // As Drizzle reads rows on node-postgres: times, dates and intervals (and their arrays) as text.
  const textTypes = new Set([1184, 1114, 1082, 1186, 1231, 1115, 1185, 1187, 1182]);
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      textTypes.has(oid) ? asText : pg.types.getTypeParser(oid, format ?? 'text'),
  };
  return async (name, text, params) => {
    const result = await pool.query({ name, text, values: params, types } as pg.QueryConfig);
    return { rows: result.rows };
  };
}

/** A column of {@link fillTable}: its name and its SQL type. */
export interface FillColumn {
  readonly name: string;
  readonly type: 'text' | 'integer' | 'jsonb' | 'timestamptz';
}

/** The PGlite client (the database, or its transaction) under a Drizzle handle; undefined on a PostgreSQL server. */
function pgliteClientOf(db: Db): Pick<PGlite, 'query'> | undefined {
  const session = db._.session;
  return is(session, PgliteSession) ? (session as unknown as { client: Pick<PGlite, 'query'> }).client : undefined;
}

/** A value in COPY's text format: `\N` for null, backslash, tab and line breaks escaped. */
function copyText(value: unknown, type: FillColumn['type']): string {
  if (value === null || value === undefined) return '\\N';
  const text = type === 'jsonb' ? JSON.stringify(value) : String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : text;
}

/**
 * Inserts many rows into `table` (in the caller's transaction) without carrying them as parameters of
 * a statement: on PGlite, a COPY from an
 * in-memory file (its `/dev/blob`), each value in COPY's text format, as PostgreSQL reads a file; a
 * large JSON parameter instead costs PGlite seconds (its protocol code, then `jsonb` parsing of the
 * whole array inside the WebAssembly database). On a PostgreSQL server (node-postgres has no COPY),
 * one INSERT from one JSON parameter, which the server reads natively.
 * @param rows - each row's values in the order of `columns`; a `jsonb` value is any JSON-able value.
 */
export async function fillTable(
  db: Db,
  table: string,
  columns: readonly FillColumn[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => c.name).join(', ');
  const pglite = pgliteClientOf(db);
  if (pglite) {
    let text = '';
    for (const row of rows) text += `${columns.map((c, i) => copyText(row[i], c.type)).join('\t')}\n`;
    // One part: a Blob of thousands of parts is slow to read back.
    await pglite.query(`COPY ${table} (${names}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
    return;
  }
  const records = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null])));
  const shape = columns.map((c) => `${c.name} ${c.type}`).join(', ');
  await db.execute(
    sql`INSERT INTO ${sql.raw(table)} (${sql.raw(names)})
        SELECT ${sql.raw(names)} FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS x(${sql.raw(shape)})`,
  );
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
    preparedRunners.set(db, postgresPreparedRunner(pool));
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
  preparedRunners.set(db, pglitePreparedRunner(pglite));
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
