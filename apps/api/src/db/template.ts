/**
 * A ready-made embedded database: PGlite creating a new data folder runs initdb, about 4 s here,
 * while loading a dump of one takes about half a second. The build dumps a database with the
 * migrations applied and the reference data loaded (`npm run build` in apps/api), and the first start
 * on an empty DATA_DIR loads it instead of creating a cluster from nothing. Migrations still run at
 * every start, so a dump older than the code is brought up to date as any database would be. The dump
 * holds DfE's published statistics too, which would otherwise take about 2 s more at the first start.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { ensurePublishedRelease } from '../services/published.js';
import { openDatabase } from './client.js';
import { migrate } from './migrate.js';
import { dfePublishedRelease } from './paths.js';
import { seedReferenceData } from './reference.js';

/** Writes the template: a gzipped dump of a migrated database with the reference data and DfE's release. */
export async function writeTemplate(file: string): Promise<void> {
  const pglite = await PGlite.create('memory://');
  const database = await openDatabase({ pglite });
  await migrate(database);
  await seedReferenceData(database.db);
  await ensurePublishedRelease(database.db, dfePublishedRelease());
  const dump = await pglite.dumpDataDir('gzip');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
}

/** The template to start a new data folder from, if the build made one. */
export function readTemplate(file: string): Blob | undefined {
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}
