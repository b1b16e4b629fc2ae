/**
 * A ready-made embedded database. PGlite creating a new data folder runs initdb (about 4 s here), and
 * loading a gzipped dump of one is not much quicker (about 3 s: it is unpacked into the WebAssembly
 * file system and written out again), but opening an existing folder takes about 0.4 s. So the build
 * (`npm run build` in apps/api) writes two ready data folders into dist: one with the migrations
 * applied, the reference data and DfE's published release loaded, and a twin with the demo seeded as
 * well. The first start on an empty DATA_DIR copies the right one into place (a plain file copy,
 * a few tens of milliseconds) and opens it as an existing folder. A PostgreSQL data directory is
 * relocatable, so the copy is a database like any other. Migrations still run at every start, so a
 * template older than the code is brought up to date as any database would be.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNeighbourModel } from '../services/neighbours.js';
import { ensurePublishedRelease } from '../services/published.js';
import { openDatabase } from './client.js';
import { seedDemo } from './demo.js';
import { migrate } from './migrate.js';
import { dfeNeighbourModel, dfePublishedRelease } from './paths.js';
import { readReferenceData, seedReferenceData } from './reference.js';

/**
 * Writes the templates: a migrated data folder with the reference data and DfE's release, and (copied
 * from it, so one initdb) its twin with the demo seeded as well, which a first start in demo mode uses.
 */
export async function writeTemplates(dirs: { readonly base: string; readonly demo: string }): Promise<void> {
  for (const dir of [dirs.base, dirs.demo]) rmSync(dir, { recursive: true, force: true });
  const base = await openDatabase({ dataDir: dirs.base });
  await migrate(base);
  const reference = readReferenceData();
  await seedReferenceData(base.db, reference);
  await ensurePublishedRelease(base.db, dfePublishedRelease());
  await ensureNeighbourModel(base.db, dfeNeighbourModel());
  await base.close();
  cpSync(dirs.base, dirs.demo, { recursive: true });
  const demo = await openDatabase({ dataDir: dirs.demo });
  await seedDemo(
    demo,
    reference.authorities.map((a) => a.code),
  );
  await demo.close();
}

/** The template folder to start a new data folder from, if the build made one. */
export function readTemplate(dir: string): string | undefined {
  return existsSync(join(dir, 'PG_VERSION')) ? dir : undefined;
}
