/**
 * `npm run db:export -- FILE` and `npm run db:import -- FILE`: a logical backup of the database that
 * the configuration names (DATABASE_URL, else the embedded database in DATA_DIR) written to FILE, or
 * FILE read into an empty database. See db/backup.ts for the file's format and docs/operations.md
 * for when to use them. Exit code 0 when done, 1 when refused (the reason on stderr), 2 for a bad
 * command line or configuration.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BackupError, exportDatabase, importDatabase } from './db/backup.js';
import { openDatabase } from './db/client.js';
import { EnvError, loadEnv } from './env.js';
import { describeError } from './lib/create-app.js';

const USAGE = `Usage: npm run db:export -- FILE    (writes every table of the database to FILE)
       npm run db:import -- FILE    (reads FILE into an empty database)
The database is DATABASE_URL's, or the embedded one in DATA_DIR (default ./data).`;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

async function main(): Promise<void> {
  const [command, file, ...rest] = process.argv.slice(2);
  if ((command !== 'export' && command !== 'import') || !file || rest.length > 0) fail(USAGE, 2);
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message, 2);
    throw error;
  }
  const where = env.DATABASE_URL
    ? 'the PostgreSQL database of DATABASE_URL'
    : `the embedded database in ${env.DATA_DIR}`;
  if (!env.DATABASE_URL) {
    if (env.DATA_DIR.startsWith('memory://'))
      fail('DATA_DIR is memory://: there is no database to back up or restore.', 2);
    const hasData = existsSync(env.DATA_DIR) && readdirSync(env.DATA_DIR).length > 0;
    if (command === 'export' && !hasData) fail(`There is no database in DATA_DIR (${resolve(env.DATA_DIR)}).`, 1);
    // PGlite writes postmaster.pid while a process has the folder open, and removes it when closed.
    if (existsSync(join(env.DATA_DIR, 'postmaster.pid'))) {
      fail(
        `The database in DATA_DIR (${resolve(env.DATA_DIR)}) is open in another process: stop the server first (the embedded database takes one process at a time). If the server crashed, start it and stop it once to recover the folder.`,
        1,
      );
    }
  }
  const path = resolve(file);
  if (command === 'import' && !(existsSync(path) && statSync(path).isFile())) fail(`There is no file ${path}.`, 1);
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: 2 });
  let refused: string | undefined;
  try {
    if (command === 'export') {
      const summary = await exportDatabase(database, path);
      console.log(
        `Exported ${summary.tables} tables, ${summary.rows} rows (${(summary.bytes / 1024 / 1024).toFixed(1)} MB) of ${where} to ${path}`,
      );
    } else {
      const summary = await importDatabase(database, path);
      console.log(
        `Imported ${summary.tables} tables, ${summary.rows} rows from ${path} into ${where}` +
          (summary.upgraded.length > 0 ? `; then applied the migrations ${summary.upgraded.join(', ')}` : ''),
      );
    }
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    refused = `${command === 'export' ? 'Export' : 'Import'} refused: ${path}: ${error.message}`;
  } finally {
    await database.close();
  }
  if (refused) fail(refused, 1);
}

main().catch((error) => {
  // The kind, the database's code and where; never the message, which for a failed query carries its
  // parameters (a backup holds e-mail addresses and password hashes).
  console.error(JSON.stringify({ level: 'error', message: 'the backup command failed', ...describeError(error) }));
  process.exit(1);
});
