/**
 * Logical backups (`npm run db:export` / `npm run db:import`): every table of the database written to
 * one file, and read back into an empty database, on either engine (PGlite or a PostgreSQL server):
 * the way to move an installation from the embedded database to a server, or back, and to keep a
 * copy that any version of PostgreSQL can restore.
 *
 * The file is UTF-8 JSON Lines, one JSON value a line:
 *
 * ```
 * {"format":"csc-workforce-export","version":1,"exportedAt":"…","database":"pglite","migrations":["0001_init.sql",…]}
 * {"table":"regions","rows":9}
 * {"code":"E12000001","name":"North East"}
 * …                                    (exactly `rows` lines, one row each: its columns by name)
 * {"table":"authorities","rows":153}
 * …
 * {"end":true,"tables":13,"rows":40321,"sha256":"…"}
 * ```
 *
 * Tables come parents first (a table after every table it references), rows in primary-key order,
 * values as PostgreSQL's `to_jsonb` writes them (timestamps in UTC, numerics exact). The last line
 * counts what came before and carries the SHA-256 of every line before it (each with its newline),
 * so a truncated or altered file is refused before anything of it is committed.
 *
 * An import applies the file's migrations to the empty database, loads every row in one transaction
 * (all or nothing), moves the id sequences past the loaded ids, and then applies the migrations the
 * code has and the file had not: an export of an older version imports into a newer one.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type SQL, sql } from 'drizzle-orm';
import { type Database, type Db, rowsOf } from './client.js';
import { loadMigrations, type Migration, migrate } from './migrate.js';

export const EXPORT_FORMAT = 'csc-workforce-export';
export const EXPORT_VERSION = 1;

/** Rows read or written per query. */
const PAGE_ROWS = 1000;

/** A file that cannot be imported, or a database that cannot take it: the message says which and why. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

export interface TableInfo {
  readonly name: string;
  /** The primary key's columns, in key order (empty when the table has none). */
  readonly primaryKey: readonly string[];
  /** Columns filled from a sequence (bigserial), with the sequence's name. */
  readonly sequences: readonly { column: string; sequence: string }[];
}

type Executor = Pick<Db, 'execute'>;

/**
 * The application's tables (schema `public`, except the migrations' own record), each after the
 * tables it references.
 * @throws {BackupError} when the references go round in a circle (no order would load).
 */
export async function listTables(db: Executor): Promise<TableInfo[]> {
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
      ORDER BY c.relname`),
  ).map((r) => r.name);
  const references = rowsOf<{ child: string; parent: string }>(
    await db.execute(sql`
      SELECT ch.relname AS child, pa.relname AS parent
      FROM pg_constraint k
      JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND ch.oid <> pa.oid`),
  );
  const keys = rowsOf<{ table: string; column: string }>(
    await db.execute(sql`
      SELECT c.relname AS table, a.attname AS column
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indisprimary AND n.nspname = 'public'
      ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)`),
  );
  const sequences = rowsOf<{ table: string; column: string; sequence: string }>(
    await db.execute(sql`
      SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`),
  );
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (t) =>
        !placed.has(t) && references.every((r) => r.child !== t || placed.has(r.parent) || !tables.includes(r.parent)),
    );
    if (ready.length === 0) {
      throw new BackupError(
        `The tables ${tables.filter((t) => !placed.has(t)).join(', ')} reference each other in a circle: no order loads them.`,
      );
    }
    for (const t of ready) {
      placed.add(t);
      ordered.push(t);
    }
  }
  return ordered.map((name) => ({
    name,
    primaryKey: keys.filter((k) => k.table === name).map((k) => k.column),
    sequences: sequences.filter((s) => s.table === name).map(({ column, sequence }) => ({ column, sequence })),
  }));
}

/** The migrations recorded in the database (none when it has never been migrated). */
async function appliedMigrations(db: Executor): Promise<string[]> {
  const [exists] = rowsOf<{ found: boolean }>(
    await db.execute(sql`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS found`),
  );
  if (!exists?.found) return [];
  return rowsOf<{ name: string }>(await db.execute(sql`SELECT name FROM schema_migrations ORDER BY name`)).map(
    (r) => r.name,
  );
}

/** The rows of a table as JSON text (PostgreSQL's `to_jsonb`), in primary-key order, a page at a time. */
export async function* tableRows(db: Executor, table: TableInfo, page = PAGE_ROWS): AsyncGenerator<string> {
  const t = sql.identifier(table.name);
  if (table.primaryKey.length === 0) {
    const rows = rowsOf<{ j: string }>(
      await db.execute(sql`SELECT to_jsonb(t)::text AS j FROM ${t} t ORDER BY to_jsonb(t)::text`),
    );
    for (const row of rows) yield row.j;
    return;
  }
  const key = sql.join(
    table.primaryKey.map((c) => sql`t.${sql.identifier(c)}`),
    sql`, `,
  );
  const lastKey = sql.join(
    table.primaryKey.map((c) => sql`l.${sql.identifier(c)}`),
    sql`, `,
  );
  let last: string | null = null;
  for (;;) {
    const after: SQL =
      last === null
        ? sql``
        : sql`WHERE (${key}) > (SELECT ${lastKey} FROM jsonb_populate_record(NULL::${t}, ${last}::jsonb) l)`;
    const rows: { j: string }[] = rowsOf<{ j: string }>(
      await db.execute(sql`SELECT to_jsonb(t)::text AS j FROM ${t} t ${after} ORDER BY ${key} LIMIT ${page}`),
    );
    for (const row of rows) yield row.j;
    if (rows.length < page) return;
    last = (rows.at(-1) as { j: string }).j;
  }
}

export interface ExportSummary {
  readonly tables: number;
  readonly rows: number;
  readonly bytes: number;
}

/**
 * Writes every table to `file` (see the module's comment), from one consistent snapshot of the
 * database. The file appears only when complete: it is written beside it and renamed at the end.
 */
export async function exportDatabase(database: Database, file: string, now = new Date()): Promise<ExportSummary> {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { encoding: 'utf8' });
  const hash = createHash('sha256');
  let bytes = 0;
  const write = async (value: string) => {
    const line = `${value}\n`;
    hash.update(line);
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  try {
    const summary = await database.db.transaction(
      async (tx) => {
        await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
        const tables = await listTables(tx);
        await write(
          JSON.stringify({
            format: EXPORT_FORMAT,
            version: EXPORT_VERSION,
            exportedAt: now.toISOString(),
            database: database.kind,
            migrations: await appliedMigrations(tx),
          }),
        );
        let rows = 0;
        for (const table of tables) {
          const [count] = rowsOf<{ n: number }>(
            await tx.execute(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table.name)}`),
          );
          const n = Number(count?.n ?? 0);
          await write(JSON.stringify({ table: table.name, rows: n }));
          for await (const row of tableRows(tx, table)) await write(row);
          rows += n;
        }
        return { tables: tables.length, rows };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    const end = JSON.stringify({ end: true, tables: summary.tables, rows: summary.rows, sha256: hash.digest('hex') });
    out.end(`${end}\n`);
    await once(out, 'finish');
    renameSync(partial, file);
    return { ...summary, bytes: bytes + Buffer.byteLength(end) + 1 };
  } catch (error) {
    out.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

interface Header {
  format: string;
  version: number;
  migrations: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readHeader(value: unknown, known: readonly Migration[]): Header {
  if (!isObject(value) || value.format !== EXPORT_FORMAT) {
    throw new BackupError(
      `line 1: not an export of this application (the first line has no "format":"${EXPORT_FORMAT}").`,
    );
  }
  if (value.version !== EXPORT_VERSION) {
    throw new BackupError(
      `line 1: the file is format version ${String(value.version)}; this version of the application reads version ${EXPORT_VERSION}.`,
    );
  }
  const migrations = value.migrations;
  if (!Array.isArray(migrations) || !migrations.every((m) => typeof m === 'string')) {
    throw new BackupError('line 1: "migrations" must be the list of the migrations the exported database had.');
  }
  const names = new Set(known.map((m) => m.name));
  const unknown = migrations.filter((m) => !names.has(m));
  if (unknown.length > 0) {
    throw new BackupError(
      `line 1: the file was exported by a newer version of the application (migrations ${unknown.join(', ')} are unknown here): import it with that version or a later one.`,
    );
  }
  return { format: value.format, version: value.version, migrations };
}

/** Refuses a database that holds anything, or is migrated beyond the file. */
async function assertEmpty(db: Executor, fileMigrations: readonly string[]): Promise<void> {
  const applied = await appliedMigrations(db);
  const ahead = applied.filter((m) => !fileMigrations.includes(m));
  if (ahead.length > 0) {
    throw new BackupError(
      `The database is not empty: it has migrations the file does not (${ahead.join(', ')}). Import into a new, empty database.`,
    );
  }
  for (const table of await listTables(db)) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${sql.identifier(table.name)} LIMIT 1) x`),
    );
    if (Number(row?.n ?? 0) > 0) {
      throw new BackupError(
        `The database is not empty: the table ${table.name} has rows. Import into a new, empty database (a new PostgreSQL database, or a new DATA_DIR).`,
      );
    }
  }
}

export interface ImportSummary {
  readonly tables: number;
  readonly rows: number;
  /** Migrations applied after the load: those the code has and the file had not. */
  readonly upgraded: string[];
}

/**
 * Reads an export into an empty database (see the module's comment): all or nothing.
 * @throws {BackupError} for a file that is not a complete, unaltered export of this application (naming
 *   the line), or a database that is not empty.
 */
export async function importDatabase(
  database: Database,
  file: string,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<ImportSummary> {
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  })[Symbol.asyncIterator]();
  let lineNumber = 0;
  const hash = createHash('sha256');
  /** The next line, parsed, and its text; null at the end of the file. */
  const next = async (): Promise<{ value: unknown; text: string } | null> => {
    const result = await lines.next();
    if (result.done) return null;
    lineNumber++;
    const text = result.value;
    try {
      return { value: JSON.parse(text), text };
    } catch {
      throw new BackupError(`line ${lineNumber}: not valid JSON (the file is damaged).`);
    }
  };
  try {
    const first = await next();
    if (!first) throw new BackupError('The file is empty.');
    const header = readHeader(first.value, migrations);
    hash.update(`${first.text}\n`);
    await assertEmpty(database.db, header.migrations);
    await migrate(
      database,
      migrations.filter((m) => header.migrations.includes(m.name)),
    );
    const loaded = await database.db.transaction(async (tx) => {
      const tables = new Map((await listTables(tx)).map((t) => [t.name, t]));
      const seen = new Set<string>();
      let rows = 0;
      for (;;) {
        const line = await next();
        if (!line) {
          throw new BackupError(`The file ends at line ${lineNumber} without its last line: it is truncated.`);
        }
        if (isObject(line.value) && line.value.end === true) {
          const end = line.value;
          if (end.sha256 !== hash.digest('hex')) {
            throw new BackupError(
              `line ${lineNumber}: the checksum does not match: the file has been changed or damaged.`,
            );
          }
          if (end.tables !== seen.size || end.rows !== rows) {
            throw new BackupError(
              `line ${lineNumber}: the file says ${String(end.tables)} tables and ${String(end.rows)} rows, but holds ${seen.size} and ${rows}.`,
            );
          }
          if ((await next()) !== null) throw new BackupError(`line ${lineNumber}: there is more after the last line.`);
          return { tables: seen.size, rows };
        }
        hash.update(`${line.text}\n`);
        const section = line.value;
        if (!isObject(section) || typeof section.table !== 'string' || !Number.isSafeInteger(section.rows)) {
          throw new BackupError(
            `line ${lineNumber}: expected a table's first line, such as {"table":"regions","rows":9}.`,
          );
        }
        const table = tables.get(section.table);
        if (!table) throw new BackupError(`line ${lineNumber}: there is no table ${section.table} in this database.`);
        if (seen.has(table.name)) throw new BackupError(`line ${lineNumber}: the table ${table.name} comes twice.`);
        seen.add(table.name);
        const count = section.rows as number;
        let batch: string[] = [];
        let batchStart = lineNumber + 1;
        const flush = async () => {
          if (batch.length === 0) return;
          try {
            await tx.execute(
              sql`INSERT INTO ${sql.identifier(table.name)} SELECT * FROM jsonb_populate_recordset(NULL::${sql.identifier(table.name)}, ${`[${batch.join(',')}]`}::jsonb)`,
            );
          } catch (error) {
            const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
            throw new BackupError(
              `lines ${batchStart}–${lineNumber} (table ${table.name}): the database refused the rows: ${cause.split('\n')[0]}`,
            );
          }
          batch = [];
          batchStart = lineNumber + 1;
        };
        for (let i = 0; i < count; i++) {
          const row = await next();
          if (!row) {
            throw new BackupError(
              `The file ends at line ${lineNumber}, in the table ${table.name} (${i} of its ${count} rows): it is truncated.`,
            );
          }
          if (!isObject(row.value))
            throw new BackupError(`line ${lineNumber}: a row of ${table.name} must be a JSON object.`);
          hash.update(`${row.text}\n`);
          batch.push(row.text);
          if (batch.length >= PAGE_ROWS) await flush();
        }
        await flush();
        rows += count;
        for (const { column, sequence } of table.sequences) {
          await tx.execute(
            sql`SELECT setval(${sequence}::regclass, COALESCE((SELECT max(${sql.identifier(column)}) FROM ${sql.identifier(table.name)}), 0) + 1, false)`,
          );
        }
      }
    });
    const upgraded = await migrate(database, [...migrations]);
    return { ...loaded, upgraded };
  } finally {
    await lines.return?.();
  }
}
