/**
 * Logical backups: an export of every table imported into an empty database, on each engine and
 * across them, gives back the same rows; an export made before a migration imports and is upgraded;
 * a broken file or a database that is not empty is refused with a message naming the line or table,
 * and leaves nothing behind. The command line (`npm run db:export` / `db:import`) on the built API.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fingerprint } from '../../test/fingerprint.js';
import { PERIOD, VALID_RETURN } from '../../test/fixtures.js';
import {
  createEmptyDatabase,
  createTestContext,
  DB_KINDS,
  type DbKind,
  json,
  signInAll,
  type TestContext,
} from '../../test/harness.js';
import { runBuilt, serverDatabase } from '../../test/server-process.js';
import { BackupError, exportDatabase, importDatabase } from './backup.js';
import { rowsOf } from './client.js';
import { loadMigrations, migrate } from './migrate.js';
import { seedReferenceData } from './reference.js';
import { auditLog, loginFailures, publishedFigures } from './schema.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'csc-backup-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database with something in every kind of table: sessions, tokens, periods, returns and revisions, audit, failures. */
async function busyDatabase(kind: DbKind): Promise<TestContext> {
  const ctx = await createTestContext(kind);
  const { admin, coventrySubmitter, westMidlandsLead } = await signInAll(ctx, [
    'admin',
    'coventrySubmitter',
    'westMidlandsLead',
  ]);
  expect(
    (await admin.request('POST', '/api/periods', { id: PERIOD, status: 'open', dueDate: '2024-11-15' })).status,
  ).toBe(201);
  const path = `/api/returns/E08000026/${PERIOD}`;
  expect((await coventrySubmitter.request('PUT', path, { version: 0, figures: VALID_RETURN })).status).toBe(201);
  const comment = 'Zoë’s “quoted” note — 😀, a tab\there and a line\nbreak';
  const saved = await coventrySubmitter.request('PUT', path, { version: 1, figures: { ...VALID_RETURN, comment } });
  expect(saved.status, await saved.clone().text()).toBe(200);
  expect((await coventrySubmitter.request('POST', `${path}/submit`, { version: 2, declaration: true })).status).toBe(
    200,
  );
  expect((await coventrySubmitter.request('POST', '/api/auth/tokens', { name: 'nightly' })).status).toBe(201);
  expect((await json(await westMidlandsLead.request('GET', '/api/returns'))).length).toBe(1);
  await ctx.database.db.insert(loginFailures).values({ key: 'email:nobody@test.example' });
  // DfE's 2023 figures only (about 3,600 of 25,000 rows): the same kinds of value, a quicker test.
  await ctx.database.db.delete(publishedFigures).where(lt(publishedFigures.timePeriod, 2023));
  return ctx;
}

/**
 * The lines of an export but its first (which says when and from which engine it was made) and its
 * last (whose checksum covers the first).
 */
const body = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1, -2).join('\n');

describe.each(DB_KINDS)('export from %s', (kind) => {
  let source: TestContext;
  let file: string;
  beforeAll(async () => {
    source = await busyDatabase(kind);
    file = join(dir, `${kind}.jsonl`);
  });
  afterAll(() => source.close());

  test('writes every table, parents first, with counts and a checksum', async () => {
    const summary = await exportDatabase(source.database, file, new Date('2025-01-02T03:04:05Z'));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0] as string);
    expect(header).toEqual({
      format: 'csc-workforce-export',
      version: 1,
      exportedAt: '2025-01-02T03:04:05.000Z',
      database: kind,
      migrations: loadMigrations().map((m) => m.name),
    });
    const tables = lines.map((l) => JSON.parse(l)).filter((v) => typeof v.table === 'string');
    const names = tables.map((t) => t.table);
    expect(names.indexOf('regions')).toBeLessThan(names.indexOf('authorities'));
    expect(names.indexOf('returns')).toBeLessThan(names.indexOf('return_revisions'));
    expect(names).toEqual(expect.arrayContaining(['sessions', 'api_tokens', 'audit_log', 'published_figures']));
    expect(tables.find((t) => t.table === 'return_revisions').rows).toBe(3);
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ end: true, tables: names.length, rows: summary.rows });
    expect(summary.tables).toBe(names.length);
    expect(lines).toHaveLength(1 + names.length + summary.rows + 1);
  });

  test('into a database that is not empty: refused, nothing changed', async () => {
    const before = await fingerprint(source.database.db);
    await expect(importDatabase(source.database, file)).rejects.toThrow(
      /The database is not empty: the table \w+ has rows/,
    );
    expect(await fingerprint(source.database.db)).toEqual(before);
  });

  for (const target of DB_KINDS) {
    test(`imports into an empty ${target} database: the same rows, the sequences moved on, the same export again`, async () => {
      const { database, drop } = await createEmptyDatabase(target);
      try {
        const summary = await importDatabase(database, file);
        expect(summary.upgraded).toEqual([]);
        expect(await fingerprint(database.db)).toEqual(await fingerprint(source.database.db));
        // New rows get ids after the imported ones.
        const [max] = rowsOf<{ id: number }>(await database.db.execute(sql`SELECT max(id)::int AS id FROM audit_log`));
        const [added] = await database.db
          .insert(auditLog)
          .values({ action: 'test', entity: 'test', entityId: 'x' })
          .returning();
        expect(added?.id).toBeGreaterThan(max?.id ?? 0);
        await database.db.delete(auditLog).where(sql`action = 'test'`);
        const again = join(dir, `${kind}-to-${target}.jsonl`);
        await exportDatabase(database, again);
        expect(body(again)).toBe(body(file));
      } finally {
        await drop();
      }
    });
  }
});

describe.each(DB_KINDS)('import into %s', (kind) => {
  test('an export made before the newest migrations imports, then the rest are applied', async () => {
    const migrations = loadMigrations();
    const older = migrations.slice(0, -1);
    const { database: old, drop: dropOld } = await createEmptyDatabase(kind);
    const { database, drop } = await createEmptyDatabase(kind);
    try {
      await migrate(old, older);
      await seedReferenceData(old.db);
      const file = join(dir, `older-${kind}.jsonl`);
      await exportDatabase(old, file);
      const summary = await importDatabase(database, file, migrations);
      expect(summary.upgraded).toEqual([migrations.at(-1)?.name]);
      expect(await database.db.$count(sql`authorities`)).toBe(153);
      expect(await migrate(database)).toEqual([]);
    } finally {
      await dropOld();
      await drop();
    }
  });
});

describe('a broken file', () => {
  let good: string[];
  let target: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    const { database, drop } = await createEmptyDatabase('pglite');
    await migrate(database);
    await seedReferenceData(database.db);
    const file = join(dir, 'good.jsonl');
    await exportDatabase(database, file);
    await drop();
    good = readFileSync(file, 'utf8').split('\n');
    // One database for every case: each refused import must leave it as empty as it found it.
    target = await createEmptyDatabase('pglite');
  });
  afterAll(() => target.drop());

  const rowLine = () => good.findIndex((l) => l.startsWith('{"code": "E12000001"'));
  const cases: [string, () => string, RegExp][] = [
    ['an empty file', () => '', /The file is empty/],
    ['another kind of file', () => 'authority_code,period\nE08000026,2024-25-Q1\n', /line 1: not valid JSON/],
    ['JSON of something else', () => '{"hello":"world"}\n', /line 1: not an export of this application/],
    [
      'a later format',
      () => [good[0]?.replace('"version":1', '"version":2'), ...good.slice(1)].join('\n'),
      /line 1: the file is format version 2/,
    ],
    [
      'a newer version of the application',
      () => [good[0]?.replace('"migrations":[', '"migrations":["0999_future.sql",'), ...good.slice(1)].join('\n'),
      /exported by a newer version .*0999_future\.sql/,
    ],
    [
      'a damaged line',
      () => good.map((l, i) => (i === rowLine() ? l.slice(0, 10) : l)).join('\n'),
      /^line \d+: not valid JSON/,
    ],
    ['a truncated file', () => good.slice(0, Math.floor(good.length / 2)).join('\n'), /truncated/],
    ['a file without its last line', () => good.slice(0, -2).join('\n'), /without its last line: it is truncated/],
    [
      'an altered value',
      () => good.map((l, i) => (i === rowLine() ? l.replace('North East', 'North Easy') : l)).join('\n'),
      /the checksum does not match/,
    ],
    [
      'an unknown table',
      () => good.map((l) => l.replace('{"table":"settings"', '{"table":"nothing_here"')).join('\n'),
      /there is no table nothing_here/,
    ],
    [
      'a row the database refuses',
      () => good.map((l, i) => (i === rowLine() ? '{"code": "E12000001", "name": null}' : l)).join('\n'),
      /table regions\): the database refused the rows: .*null/,
    ],
  ];

  test.each(cases)('%s: refused with a message, nothing loaded', async (_, content, message) => {
    const file = join(dir, 'broken.jsonl');
    writeFileSync(file, content());
    const error = await importDatabase(target.database, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(message);
    const prints = Object.values(await fingerprint(target.database.db));
    expect(prints.every((p) => p.startsWith('0:'))).toBe(true);
  });

  test('and the good file loads into the same database after them', async () => {
    const file = join(dir, 'good-again.jsonl');
    writeFileSync(file, good.join('\n'));
    expect((await importDatabase(target.database, file)).rows).toBe(9 + 153);
  });
});

describe('npm run db:export / db:import (the built command)', () => {
  test('from a data folder into an empty database; refusals exit 1 with the reason', async () => {
    const store = await serverDatabase('pglite');
    const small = await store.open();
    await small.db.delete(publishedFigures).where(lt(publishedFigures.timePeriod, 2023));
    await small.close();
    const file = join(dir, 'cli.jsonl');
    // Into PostgreSQL when the tests have a server (across engines, and quicker than a new data folder).
    const target = DB_KINDS.includes('postgres') ? await createEmptyDatabase('postgres') : null;
    const targetEnv: Record<string, string> = target?.url
      ? { DATABASE_URL: target.url }
      : { DATA_DIR: join(dir, 'cli-target') };
    try {
      const exported = await runBuilt('backup-cli.js', ['export', file], store.env);
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.stdout).toMatch(/^Exported \d+ tables, \d+ rows \(.* MB\) of the embedded database/);
      const imported = await runBuilt('backup-cli.js', ['import', file], targetEnv);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(/^Imported \d+ tables, \d+ rows from .*cli\.jsonl into the/);
      const again = await runBuilt('backup-cli.js', ['import', file], targetEnv);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/Import refused: .*cli\.jsonl: The database is not empty/);
      // A data folder that a server has open is refused (PGlite takes one process at a time).
      writeFileSync(join(store.env.DATA_DIR as string, 'postmaster.pid'), '-42\n');
      const open = await runBuilt('backup-cli.js', ['export', file], store.env);
      expect(open.code).toBe(1);
      expect(open.stderr).toMatch(/is open in another process: stop the server first/);
      const missing = await runBuilt('backup-cli.js', ['export', file], { DATA_DIR: join(dir, 'nothing') });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/There is no database in DATA_DIR/);
      const usage = await runBuilt('backup-cli.js', ['restore'], store.env);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/Usage: npm run db:export -- FILE/);
    } finally {
      await store.remove();
      await target?.drop();
    }
  }, 120_000);
});
