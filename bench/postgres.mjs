// A throw-away PostgreSQL 15 server for the benchmarks on a real server (`node bench/api.mjs
// --postgres`): Debian's binaries (/usr/lib/postgresql/15/bin, or PG_BIN), a new cluster in a
// temporary folder with PostgreSQL's own defaults (fsync and synchronous commit on, as an installation
// runs it), one database, and the process ids of the server and its backends, for their CPU time.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './lib.mjs';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Runs a server binary as the postgres user when we are root (initdb refuses root). */
function pgRun(binary, args) {
  const command = join(PG_BIN, binary);
  if (process.getuid?.() === 0) {
    const quoted = [command, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe' });
  } else {
    execFileSync(command, args, { stdio: 'pipe' });
  }
}

/** The process ids of a server (its postmaster) and every process it started (backends, workers). */
function processesOf(postmaster) {
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Starts a server with a database `csc`: its URL, its processes now, and `stop()`. */
export async function startPostgres() {
  if (!existsSync(join(PG_BIN, 'initdb'))) throw new Error(`PostgreSQL 15 server binaries not found in ${PG_BIN}`);
  const dir = mkdtempSync(join(os.tmpdir(), 'csc-bench-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  pgRun('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  pgRun('pg_ctl', [
    '-D',
    dataDir,
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`,
    '-w',
    '-l',
    join(dir, 'log'),
    'start',
  ]);
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE csc');
  await admin.end();
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url: `${base}/csc`,
    processes: () => processesOf(postmaster),
    stop() {
      try {
        pgRun('pg_ctl', ['-D', dataDir, 'stop', '-m', 'fast']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
