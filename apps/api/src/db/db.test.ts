import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, test } from 'vitest';
import { createEmptyDatabase, DB_KINDS } from '../../test/harness.js';
import { openDatabase, rowsOf } from './client.js';
import { DEMO_ROUND } from './demo.js';
import { loadMigrations, migrate, splitStatements } from './migrate.js';
import { readReferenceData, seedReferenceData } from './reference.js';
import * as schema from './schema.js';
import { readTemplate, writeTemplates } from './template.js';

const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => v instanceof PgTable);

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

  test('the Drizzle schema matches the tables the migrations create, column by column', async () => {
    const { database, drop } = await createEmptyDatabase(kind);
    try {
      await migrate(database);
      const columns = rowsOf<{ table_name: string; column_name: string; is_nullable: string }>(
        await database.db.execute(
          sql`SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
        ),
      );
      const actual = columns
        .map((c) => `${c.table_name}.${c.column_name}:${c.is_nullable === 'NO' ? 'not null' : 'null'}`)
        .sort();
      const expected = tables
        .flatMap((table) =>
          Object.values(getTableColumns(table)).map(
            (column) => `${getTableName(table)}.${column.name}:${column.notNull ? 'not null' : 'null'}`,
          ),
        )
        .sort();
      expect(actual).toEqual(expected);
    } finally {
      await drop();
    }
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
