// The yardsticks of the API benchmarks: a bare Hono route on @hono/node-server, the same framework and
// server as the API, with nothing else. By default it answers "hello"; with HELLO_RESPONSE (a JSON file
// of { headers, body: base64 }) it answers those very headers and bytes, so that a scenario can be set
// beside the same response served with no work at all. Prints its URL when listening.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
if (process.env.HELLO_RESPONSE) {
  const saved = JSON.parse(readFileSync(process.env.HELLO_RESPONSE, 'utf8'));
  const body = new Uint8Array(Buffer.from(saved.body, 'base64'));
  app.get('/', () => new Response(body, { status: 200, headers: saved.headers }));
} else {
  app.get('/', (c) => c.text('hello'));
}
serve({ fetch: app.fetch, port: Number(process.env.HELLO_PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`http://127.0.0.1:${info.port}`);
});
// Exit on SIGTERM as the API does, so that a CPU profile (BENCH_PROFILE) is written.
process.on('SIGTERM', () => process.exit(0));
