// The yardstick of the API benchmarks: a bare Hono "hello" route on @hono/node-server, the same
// framework and server as the API, with nothing else. Prints its URL when listening.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.text('hello'));
serve({ fetch: app.fetch, port: Number(process.env.HELLO_PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`http://127.0.0.1:${info.port}`);
});
