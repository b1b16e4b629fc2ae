/**
 * Starting: several instances at once on a new PostgreSQL database migrate and seed it once (under
 * one lock) and all serve; and an error at start is logged as errors in requests are, with no query
 * parameter, e-mail address or password hash in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { type Database, openDatabase, rowsOf } from '../src/db/client.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/db/demo.js';
import { loadMigrations, migrate } from '../src/db/migrate.js';
import { templateDir } from '../src/db/paths.js';
import { readTemplate } from '../src/db/template.js';
import { DB_KINDS, postgresDatabase } from './harness.js';
import { runBuilt, startServer } from './server-process.js';

const count = async (database: Database, query: string) =>
  Number(rowsOf<{ n: string }>(await database.db.execute(sql.raw(`SELECT count(*) AS n FROM ${query}`)))[0]?.n);

describe.runIf(DB_KINDS.includes('postgres'))('instances starting together on a new PostgreSQL database', () => {
  for (const demo of [false, true]) {
    test(`three at once, ${demo ? 'with' : 'without'} the demo: all serve, and everything is written once`, async () => {
      const { database, url, drop } = await postgresDatabase({ empty: true, poolSize: 2 });
      try {
        const instances = await Promise.all(
          [1, 2, 3].map(() => startServer({ DATABASE_URL: url, DEMO: String(demo) })),
        );
        try {
          for (const instance of instances) {
            const health = await fetch(`${instance.url}/api/health`);
            expect(health.status, instance.output()).toBe(200);
          }
          expect(await count(database, 'schema_migrations')).toBe(loadMigrations().length);
          expect(await count(database, 'authorities')).toBe(153);
          expect(await count(database, 'published_releases')).toBe(1);
          expect(await count(database, 'neighbour_models')).toBe(1);
          expect(await count(database, "audit_log WHERE action = 'load-published-release'")).toBe(1);
          expect(await count(database, "audit_log WHERE action = 'load-neighbour-model'")).toBe(1);
          expect(await count(database, 'users')).toBe(demo ? DEMO_USERS.length : 0);
          if (demo) {
            // The demo's returns once: each authority's, for each demo quarter, one return.
            const [dupes] = rowsOf<{ n: string }>(
              await database.db.execute(
                sql`SELECT count(*) AS n FROM (SELECT authority_code, period_id FROM returns GROUP BY 1, 2 HAVING count(*) > 1) d`,
              ),
            );
            expect(Number(dupes?.n)).toBe(0);
            expect(await count(database, 'practice_notes')).toBeGreaterThan(0);
          }
        } finally {
          await Promise.all(instances.map((i) => i.stop()));
        }
      } finally {
        await drop();
      }
    }, 240_000);
  }
});

/** A database whose first demo user cannot be inserted: a trigger refuses it, so the start fails there. */
const REFUSE_USERS = `
  CREATE FUNCTION refuse_users() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''refused by the test''; END';
  CREATE TRIGGER refuse_users BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION refuse_users();
`;

describe.each(DB_KINDS)('an error at start on %s', (kind) => {
  test('is logged as errors in requests are: its kind, code and frames, no parameter, e-mail or hash', async () => {
    let env: Record<string, string>;
    let cleanUp: () => Promise<void>;
    if (kind === 'postgres') {
      const { database, url, drop } = await postgresDatabase({ empty: true, poolSize: 2 });
      await migrate(database);
      await database.exec(REFUSE_USERS);
      env = { DATABASE_URL: url };
      cleanUp = drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'csc-start-'));
      const dataDir = join(dir, 'data');
      const database = await openDatabase({ dataDir, template: readTemplate(templateDir('base')) });
      await migrate(database);
      await database.exec(REFUSE_USERS);
      await database.close();
      env = { DATA_DIR: dataDir };
      cleanUp = async () => rmSync(dir, { recursive: true, force: true });
    }
    try {
      // The demo is seeded on an empty database: inserting its users (e-mails, password hashes) fails.
      const { code, stdout, stderr } = await runBuilt('server.js', [], { ...env, DEMO: 'true', LOG_LEVEL: 'info' });
      const output = `${stdout}\n${stderr}`;
      expect(code, output).toBe(1);
      const line = output.split('\n').find((l) => l.includes('the server could not start'));
      expect(line, output).toBeDefined();
      const logged = JSON.parse(line as string);
      expect(logged).toMatchObject({ level: 'error', code: 'P0001' });
      expect(logged.at).toMatch(/at /);
      for (const secret of ['@demo.test', 'scrypt$', DEMO_PASSWORD, 'refused by the test', 'insert into'])
        expect(output.toLowerCase(), secret).not.toContain(secret.toLowerCase());
    } finally {
      await cleanUp();
    }
  }, 120_000);
});
