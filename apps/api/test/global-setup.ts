/**
 * Starts a throw-away PostgreSQL 15 server for the API tests (so every API test runs on PostgreSQL as
 * well as PGlite), creates a migrated template database with the reference data and DfE's published
 * statistics, and stops the server at the end. The binaries are Debian's (`/usr/lib/postgresql/15/bin`,
 * or PG_BIN). Under CI a missing server fails the run; elsewhere the PostgreSQL half is skipped with a warning.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { dfeNeighbourModel, dfePublishedRelease } from '../src/db/paths.js';
import { seedReferenceData } from '../src/db/reference.js';
import { ensureNeighbourModel } from '../src/services/neighbours.js';
import { ensurePublishedRelease } from '../src/services/published.js';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTemplateUrl: string;
  }
}

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Runs a server binary as the postgres user when we are root (initdb refuses root). */
function pgRun(binary: string, args: string[]): void {
  const command = join(PG_BIN, binary);
  if (process.getuid?.() === 0) {
    const quoted = [command, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe' });
  } else {
    execFileSync(command, args, { stdio: 'pipe' });
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_POSTGRES === 'off' || !existsSync(join(PG_BIN, 'initdb'))) {
    const message = `PostgreSQL server binaries not found in ${PG_BIN}: API tests run on PGlite only.`;
    if (process.env.CI && process.env.TEST_POSTGRES !== 'off')
      throw new Error(`${message} CI must test both databases.`);
    console.warn(message);
    project.provide('postgresTemplateUrl', '');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'csc-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  pgRun('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  pgRun('pg_ctl', [
    '-D',
    dataDir,
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`,
    '-w',
    '-l',
    join(dir, 'log'),
    'start',
  ]);
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const admin = await openDatabase({ databaseUrl: `${base}/postgres`, poolSize: 1 });
  await admin.exec('CREATE DATABASE csc_template');
  await admin.close();
  const template = await openDatabase({ databaseUrl: `${base}/csc_template`, poolSize: 1 });
  await migrate(template);
  await seedReferenceData(template.db);
  await ensurePublishedRelease(template.db, dfePublishedRelease());
  await ensureNeighbourModel(template.db, dfeNeighbourModel());
  await template.close();
  project.provide('postgresTemplateUrl', `${base}/csc_template`);
  return () => {
    try {
      pgRun('pg_ctl', ['-D', dataDir, 'stop', '-m', 'immediate']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
