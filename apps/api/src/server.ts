/**
 * The process: reads the configuration, opens the database (PGlite in DATA_DIR, or DATABASE_URL),
 * applies migrations, loads the reference data (and DfE's published statistics when no release exists), seeds the demo when asked and the database is empty,
 * and serves the API and the built portal on one port.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createApp, nodeListener } from './app.js';
import { openDatabase } from './db/client.js';
import { DEMO_PASSWORD, seedDemo } from './db/demo.js';
import { migrate } from './db/migrate.js';
import { dfeNeighbourModel, dfePublishedRelease, templateDir } from './db/paths.js';
import { readReferenceData, seedReferenceData } from './db/reference.js';
import { readTemplate } from './db/template.js';
import { EnvError, loadEnv } from './env.js';
import { describeError } from './lib/create-app.js';
import { createLogger } from './lib/logger.js';
import { RegistrationSweeper } from './services/agency.js';
import { ensureNeighbourModel } from './services/neighbours.js';
import { ensurePublishedRelease } from './services/published.js';
import { ReleaseScheduler } from './services/releases.js';

async function main(): Promise<void> {
  const started = performance.now();
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(env.LOG_LEVEL);
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    template: env.DATABASE_URL ? undefined : readTemplate(templateDir(env.DEMO ? 'demo' : 'base')),
  });
  phase('openMs');
  // Everything a starting instance writes happens once, under one lock: instances starting together on
  // a new database wait for the first, then find it done (each step is idempotent).
  const { applied, reference, publishedLoaded, demoUsers } = await database.withLock(STARTUP_LOCK, async () => {
    const applied = await migrate(database);
    phase('migrateMs');
    const referenceData = readReferenceData();
    const reference = await seedReferenceData(database.db, referenceData);
    phase('referenceMs');
    const publishedLoaded = await ensurePublishedRelease(database.db, dfePublishedRelease());
    await ensureNeighbourModel(database.db, dfeNeighbourModel());
    phase('publishedMs');
    const demoUsers = env.DEMO
      ? await seedDemo(
          database,
          referenceData.authorities.map((a) => a.code),
        )
      : null;
    phase('demoMs');
    return { applied, reference, publishedLoaded, demoUsers };
  });
  logger.log('info', 'database ready', {
    database: database.kind,
    ...(database.kind === 'pglite' ? { dataDir: env.DATA_DIR } : {}),
    migrationsApplied: applied,
    referenceAdded: reference,
    publishedReleaseLoaded: publishedLoaded,
    ...phases,
  });
  const now = () => new Date();
  const deps = { database, env, logger, now };
  const app = createApp(deps);
  // Comparison releases: first releases when collections close, scheduled re-releases (DESIGN section 6).
  const releases = new ReleaseScheduler(database.db, env, now, (error) =>
    logger.log('error', 'release check failed', describeError(error)),
  ).start();
  // Registration numbers of agency assignments removed after their retention (docs/operations.md).
  const sweeper = new RegistrationSweeper(
    database.db,
    env.AGENCY_REGISTRATION_RETENTION_DAYS,
    now,
    (error) => logger.log('error', 'registration retention sweep failed', describeError(error)),
    (count) => logger.log('info', 'registration numbers removed after their retention', { count }),
  ).start();
  // Comparison answers asked for again are replayed before the app runs (lib/replay.ts).
  const server = createServer(nodeListener(deps, getRequestListener(app.fetch, { hostname: env.HOST })));
  server.listen(env.PORT, env.HOST, () => {
    const info = server.address() as AddressInfo;
    const host = env.HOST === '0.0.0.0' ? 'localhost' : env.HOST;
    console.log(
      `\nChildren's social care workforce exchange: http://${host}:${info.port}/ (API docs /api/docs), ready in ${Math.round(performance.now() - started)} ms\n`,
    );
    if (env.DEMO) {
      console.log(
        `Demo mode${demoUsers ? ' (demo data seeded now)' : ''}: sign in with password "${DEMO_PASSWORD}" as one of\n` +
          '  admin@demo.test, lead.west-midlands@demo.test, lead.north-west@demo.test,\n' +
          '  submitter.coventry@demo.test, viewer.coventry@demo.test, submitter.warwickshire@demo.test,\n' +
          '  viewer.manchester@demo.test\n',
      );
    }
  });
  const stop = async (signal: string) => {
    logger.log('info', 'stopping', { signal });
    server.close();
    releases.stop();
    sweeper.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** The advisory lock the start holds while it migrates and seeds (any number no other lock uses). */
const STARTUP_LOCK = 7_240_001;

main().catch((error) => {
  // As errors in requests are logged: the kind, the database's code and where, never the message (a
  // failed query's message and parameters carry e-mail addresses, password hashes, figures).
  console.error(JSON.stringify({ level: 'error', message: 'the server could not start', ...describeError(error) }));
  process.exit(1);
});
