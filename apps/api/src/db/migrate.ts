/**
 * Applies the SQL migrations in apps/api/migrations, in file-name order, each once and in its own
 * transaction, recorded in `schema_migrations`. An advisory lock makes concurrent starts of several
 * API instances safe: one migrates, the others wait and then find nothing to do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from './client.js';
import { migrationsDir } from './paths.js';

const LOCK_ID = 4_826_101; // any constant shared by every instance of this application

export interface Migration {
  readonly name: string;
  readonly sql: string;
}

/** The migration files, sorted by name. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * The statements of a migration. Statements end with `;` at the end of a line, and migrations hold
 * no dollar-quoted bodies; both drivers then run them one by one inside one transaction (PGlite's
 * extended protocol takes one statement per query).
 * @throws {Error} for a migration with a dollar-quoted body.
 */
export function splitStatements(migration: Migration): string[] {
  if (migration.sql.includes('$$')) throw new Error(`${migration.name}: dollar-quoted bodies are not supported`);
  return migration.sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}

/** Applies the pending migrations; returns the names applied. */
export async function migrate(database: Database, migrations = loadMigrations()): Promise<string[]> {
  const { db } = database;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_ID})`);
    await tx.execute(
      sql`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = rowsOf<{ name: string }>(await tx.execute(sql`SELECT name FROM schema_migrations`));
    const applied = new Set(done.map((r) => r.name));
    const run: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      for (const statement of splitStatements(migration)) await tx.execute(sql.raw(statement));
      await tx.execute(sql`INSERT INTO schema_migrations (name) VALUES (${migration.name})`);
      run.push(migration.name);
    }
    return run;
  });
}
