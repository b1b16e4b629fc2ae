import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createApp } from './app.ts';
import { openDatabase } from './db/client.ts';
import { templateDir } from './db/paths.ts';
import { loadEnv } from './env.ts';
import { createLogger } from './lib/logger.ts';
const src = process.argv[2] ?? templateDir('demo');
const dir = mkdtempSync(join(os.tmpdir(), 'q-'));
cpSync(src, dir, { recursive: true });
const database = await openDatabase({ pglite: await PGlite.create(dir) });
const app = createApp({ database, env: loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO: 'false' }), logger: createLogger('silent'), now: () => new Date() });
const sess = async (email: string) => {
  const r = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo-password' }) });
  return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0], csrf: (await r.json()).csrfToken };
};
const admin = await sess('admin@demo.test'); const sub = await sess('submitter.coventry@demo.test'); const view = await sess('viewer.coventry@demo.test');
const h = (s: any) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' });
await app.request('/api/periods', { method: 'POST', headers: h(admin), body: JSON.stringify({ id: '2049-50-Q4', status: 'open' }) });
let version = 0; const ms: number[] = [];
for (let i = 0; i < 15; i++) {
  const s = await app.request('/api/returns/E08000026/2049-50-Q4', { method: 'PUT', headers: h(sub), body: JSON.stringify({ version, figures: { casesHeld: 1000 + i } }) });
  version = (await s.json()).version;
  const t = performance.now();
  const r = await app.request('/api/comparisons/2023-24-Q4', { headers: { cookie: view.cookie } });
  await r.text();
  ms.push(performance.now() - t);
}
console.log(src, ms.map((x) => x.toFixed(1)).join(' '));
process.exit(0);
