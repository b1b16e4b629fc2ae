import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableName, is, SQL, sql, TransactionRollbackError } from 'drizzle-orm';
import { getTableConfig, type Index, IndexedColumn, type PgColumn, PgDialect, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, test } from 'vitest';
import { createEmptyDatabase, DB_KINDS, type DbKind } from '../../test/harness.js';
import { type Database, type Db, openDatabase, rowsOf } from './client.js';
import { DEMO_ROUND } from './demo.js';
import { loadMigrations, migrate, splitStatements } from './migrate.js';
import { readReferenceData, seedReferenceData } from './reference.js';
import * as schema from './schema.js';
import { readTemplate, writeTemplates } from './template.js';

const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => v instanceof PgTable);

const dialect = new PgDialect();

/** SQL the schema holds (a default, a partial index's condition) as text: it takes no parameters. */
function sqlText(value: SQL): string {
  const query = dialect.sqlToQuery(value);
  expect(query.params).toEqual([]);
  return query.sql;
}

/** A column as the comparison reads it, the same from the catalogue and from the schema. */
function describeColumn(
  table: string,
  column: string,
  c: { type: string; notNull: boolean; default: string | null; generated: string | null },
): string {
  const parts = [c.type, c.notNull ? 'not null' : 'null'];
  if (c.default !== null) parts.push(`default ${c.default}`);
  if (c.generated !== null) parts.push(`generated always as (${c.generated})`);
  return `${table}.${column}: ${parts.join(', ')}`;
}

/** The serial types PostgreSQL turns into an integer with a sequence. */
const SERIALS: Record<string, string> = { serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' };

/**
 * A column as the schema declares it, with its default written as PostgreSQL writes it (and its
 * expression, for a generated column, as PostgreSQL wrote it).
 */
function declaredColumn(table: string, column: PgColumn, generated: string | null): string {
  const declaredType = column.getSQLType();
  const serial = SERIALS[declaredType];
  const type = serial ?? declaredType;
  const value = column.default as unknown;
  let written: string | null = null;
  if (serial) written = `nextval('${table}_${column.name}_seq'::regclass)`;
  else if (is(value, SQL)) written = sqlText(value);
  else if (typeof value === 'string') written = `'${value.replaceAll("'", "''")}'::${type}`;
  else if (typeof value === 'number' || typeof value === 'boolean') written = String(value);
  else expect(value, `${table}.${column.name}'s default`).toBeUndefined();
  return describeColumn(table, column.name, {
    type,
    notNull: column.notNull,
    default: written,
    generated,
  });
}

/** The statement that adds a generated column the schema declares, under another name. */
function addGeneratedColumn(table: string, column: PgColumn, name: string): string {
  const as = column.generated?.as;
  const expression = typeof as === 'function' ? as() : as;
  const text = is(expression, SQL) ? sqlText(expression) : String(expression);
  return `ALTER TABLE "${table}" ADD COLUMN "${name}" ${column.getSQLType()} GENERATED ALWAYS AS (${text}) STORED`;
}

/** Runs `check` on a new, migrated database of the kind, dropped after. */
async function onMigrated(kind: DbKind, check: (database: Database) => Promise<void>): Promise<void> {
  const { database, drop } = await createEmptyDatabase(kind);
  try {
    await migrate(database);
    await check(database);
  } finally {
    await drop();
  }
}

/** The stand-in name of the `n`th declaration {@link asPostgresWrites} makes. */
const standInName = (n: number) => `schema_check_${n}`;

/**
 * What PostgreSQL writes for each of some declarations: each is made under a stand-in name (beside
 * the migrations' own) by `make`, read back by `read` (one row, one column `written`), and all of it
 * rolled back.
 */
async function asPostgresWrites<T>(
  db: Db,
  declared: readonly T[],
  make: (item: T, standIn: string) => string,
  read: (item: T, standIn: string) => SQL,
): Promise<string[]> {
  const written: string[] = [];
  await db
    .transaction(async (tx) => {
      for (const [n, item] of declared.entries()) {
        const standIn = standInName(n);
        await tx.execute(sql.raw(make(item, standIn)));
        const [row] = rowsOf<{ written: string }>(await tx.execute(read(item, standIn)));
        written.push(row?.written ?? '');
      }
      tx.rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof TransactionRollbackError)) throw error;
    });
  return written;
}

/** The columns of an index from its definition: `… USING btree (a, b) …` gives `a, b`. */
const indexColumns = (definition: string) => /USING \w+ \((.*?)\)(?: WHERE|$)/.exec(definition)?.[1] ?? definition;

/** The primary key and unique constraints the schema declares, on columns or on the table. */
function declaredKeys(table: PgTable): string[] {
  const name = getTableName(table);
  const config = getTableConfig(table);
  const names = (columns: readonly PgColumn[]) => columns.map((c) => c.name).join(', ');
  return [
    ...config.columns.filter((c) => c.primary).map((c) => `${name}: primary key (${c.name})`),
    ...config.primaryKeys.map((key) => `${name}: primary key (${names(key.columns)})`),
    ...config.columns.filter((c) => c.isUnique).map((c) => `${name}: unique (${c.name})`),
    ...config.uniqueConstraints.map((key) => `${name}: unique (${names(key.columns)})`),
  ];
}

/** The statement that creates an index the schema declares, under another name. */
function createIndex(table: string, index: Index, name: string): string {
  const { columns, unique, method, where } = index.config;
  const parts = columns.map((column) => {
    if (is(column, SQL)) return sqlText(column);
    if (!is(column, IndexedColumn)) throw new Error(`An index of ${table} on something unexpected`);
    // Written only where they differ from PostgreSQL's defaults (ascending, nulls last; descending,
    // nulls first), as Drizzle gives every column both.
    const { order = 'asc', nulls, opClass } = column.indexConfig;
    const defaultNulls = order === 'desc' ? 'first' : 'last';
    return [`"${column.name}"`, opClass, order === 'desc' ? 'DESC' : undefined]
      .concat(nulls && nulls !== defaultNulls ? `NULLS ${nulls.toUpperCase()}` : [])
      .filter(Boolean)
      .join(' ');
  });
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX "${name}" ON "${table}" USING ${method ?? 'btree'} (${parts.join(', ')})${where ? ` WHERE ${sqlText(where)}` : ''}`;
}

describe('migration files', () => {
  test('are numbered, and split into statements with nothing lost', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.name)[0]).toBe('0001_init.sql');
    for (const m of migrations) {
      const statements = splitStatements(m);
      expect(statements.length).toBeGreaterThan(0);
      const creates = (m.sql.match(/CREATE (TABLE|INDEX)/g) ?? []).length;
      expect(statements.filter((s) => /CREATE (TABLE|INDEX)/.test(s))).toHaveLength(creates);
    }
    expect(() => splitStatements({ name: 'x.sql', sql: 'CREATE FUNCTION f() AS $$ SELECT 1; $$;' })).toThrow(/dollar/);
  });

  test('a new data folder starts from the build’s template (with migrations, reference data and DfE’s release; or the demo too), and stays itself after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pglite-template-'));
    try {
      await writeTemplates({ base: join(dir, 'template'), demo: join(dir, 'demo-template') });
      const template = readTemplate(join(dir, 'template'));
      expect(template).toBeDefined();
      const demo = await openDatabase({
        dataDir: join(dir, 'demo'),
        template: readTemplate(join(dir, 'demo-template')),
      });
      expect(await demo.db.$count(schema.returns)).toBe(153 * 8 + DEMO_ROUND.length);
      await demo.close();
      const first = await openDatabase({ dataDir: join(dir, 'data'), template });
      expect(await migrate(first)).toEqual([]);
      expect(await first.db.$count(schema.authorities)).toBe(153);
      expect(await first.db.$count(schema.publishedReleases)).toBe(1);
      await first.db.insert(schema.periods).values({ id: '2024-25-Q1', status: 'open' });
      await first.close();
      // An existing folder is opened as it is: the template is not loaded over it.
      const again = await openDatabase({ dataDir: join(dir, 'data'), template });
      expect(await again.db.$count(schema.periods)).toBe(1);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  test('the reference data has the 9 regions and 153 authorities, London whole', () => {
    const data = readReferenceData();
    expect(data.regions.map((r) => r.code)).toEqual([
      'E12000001',
      'E12000002',
      'E12000003',
      'E12000004',
      'E12000005',
      'E12000006',
      'E12000007',
      'E12000008',
      'E12000009',
    ]);
    expect(data.authorities).toHaveLength(153);
    expect(new Set(data.authorities.map((a) => a.code)).size).toBe(153);
    // 32 boroughs and the City of London, listed by DfE under Inner and Outer London.
    expect(data.authorities.filter((a) => a.regionCode === 'E12000007')).toHaveLength(33);
    expect(data.authorities.find((a) => a.code === 'E06000062')).toMatchObject({
      name: 'West Northamptonshire',
      regionCode: 'E12000004',
      oldLaCode: '941',
    });
    expect(data.authorities.every((a) => /^E\d{8}$/.test(a.code))).toBe(true);
  });
});

describe.each(DB_KINDS)('migrations on %s', (kind) => {
  test('apply once on an empty database, then find nothing to do; reference data loads idempotently', async () => {
    const { database, drop } = await createEmptyDatabase(kind);
    try {
      expect(await migrate(database)).toEqual(loadMigrations().map((m) => m.name));
      expect(await migrate(database)).toEqual([]);
      expect(await seedReferenceData(database.db)).toEqual({ regions: 9, authorities: 153 });
      expect(await seedReferenceData(database.db)).toEqual({ regions: 0, authorities: 0 });
    } finally {
      await drop();
    }
  });

  test('the Drizzle schema matches the tables the migrations create, column by column: type, nullability, default', async () => {
    await onMigrated(kind, async (database) => {
      const columns = rowsOf<{
        table_name: string;
        column_name: string;
        is_nullable: string;
        type: string;
        column_default: string | null;
        generation_expression: string | null;
      }>(
        await database.db.execute(
          sql`SELECT c.table_name, c.column_name, c.is_nullable, format_type(a.atttypid, a.atttypmod) AS type,
                c.column_default, c.generation_expression
              FROM information_schema.columns c
              JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass
                AND a.attname = c.column_name
              WHERE c.table_schema = 'public' AND c.table_name <> 'schema_migrations'`,
        ),
      );
      const actual = columns
        .map((c) =>
          describeColumn(c.table_name, c.column_name, {
            type: c.type,
            notNull: c.is_nullable === 'NO',
            default: c.column_default,
            generated: c.generation_expression,
          }),
        )
        .sort();
      // A generated column's expression as PostgreSQL writes it: added beside the migrations' own
      // under a stand-in name, read back, and rolled back.
      const generated = tables.flatMap((table) =>
        getTableConfig(table)
          .columns.filter((column) => column.generated !== undefined)
          .map((column) => ({ table: getTableName(table), column })),
      );
      const expressions = await asPostgresWrites(
        database.db,
        generated,
        ({ table, column }, standIn) => addGeneratedColumn(table, column, standIn),
        ({ table }, standIn) =>
          sql`SELECT generation_expression AS written FROM information_schema.columns
              WHERE table_schema = 'public' AND table_name = ${table} AND column_name = ${standIn}`,
      );
      const expressionOf = new Map(generated.map(({ column }, n) => [column, expressions[n] ?? '']));
      const expected = tables
        .flatMap((table) =>
          getTableConfig(table).columns.map((column) =>
            declaredColumn(getTableName(table), column, expressionOf.get(column) ?? null),
          ),
        )
        .sort();
      expect(actual).toEqual(expected);
    });
  });

  test('the Drizzle schema declares the keys and indexes the migrations create', async () => {
    await onMigrated(kind, async (database) => {
      const indexes = rowsOf<{ table_name: string; definition: string; constraint_type: string | null }>(
        await database.db.execute(
          sql`SELECT t.relname AS table_name, pg_get_indexdef(x.indexrelid) AS definition, c.contype AS constraint_type
              FROM pg_index x
              JOIN pg_class t ON t.oid = x.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace
              LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.contype IN ('p', 'u')
              WHERE n.nspname = 'public' AND t.relname <> 'schema_migrations'`,
        ),
      );
      const actual = indexes
        .map((i) =>
          i.constraint_type === null
            ? i.definition
            : `${i.table_name}: ${i.constraint_type === 'p' ? 'primary key' : 'unique'} (${indexColumns(i.definition)})`,
        )
        .sort();
      // Each index the schema declares, as PostgreSQL writes it: created beside the migrations' own
      // under a stand-in name, read back, and rolled back.
      const declared = tables.flatMap((table) => getTableConfig(table).indexes.map((index) => ({ table, index })));
      const definitions = await asPostgresWrites(
        database.db,
        declared,
        ({ table, index }, standIn) => createIndex(getTableName(table), index, standIn),
        (_, standIn) =>
          sql`SELECT indexdef AS written FROM pg_indexes WHERE schemaname = 'public' AND indexname = ${standIn}`,
      );
      const named = definitions.map((definition, n) =>
        definition.replace(standInName(n), declared[n]?.index.config.name ?? ''),
      );
      const expected = [...named, ...tables.flatMap(declaredKeys)].sort();
      expect(actual).toEqual(expected);
    });
  });

  test.runIf(kind === 'postgres')(
    'two instances starting at once: one migrates, the other waits and finds nothing',
    async () => {
      const { database, url, drop } = await createEmptyDatabase(kind);
      const second = await openDatabase({ databaseUrl: url, poolSize: 2 });
      try {
        const [a, b] = await Promise.all([migrate(database), migrate(second)]);
        expect([a.length, b.length].sort()).toEqual([0, loadMigrations().length]);
      } finally {
        await second.close();
        await drop();
      }
    },
  );
});
