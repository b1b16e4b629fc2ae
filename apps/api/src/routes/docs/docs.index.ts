/**
 * The interactive API reference at /api/docs: Scalar's standalone bundle, served from node_modules
 * (no CDN: installations may have no internet), reading /api/openapi.json. Not part of the OpenAPI
 * document itself.
 */
import { createReadStream, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { createRouter } from '../../lib/create-app.js';

const require = createRequire(import.meta.url);

/** Scalar's self-contained browser bundle (not in the package's exports: found beside its entry point, dist/index.js). */
function scalarBundle(): string {
  return join(dirname(require.resolve('@scalar/api-reference')), 'browser', 'standalone.js');
}

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>API reference – Children's social care workforce exchange</title>
  </head>
  <body>
    <main id="app" aria-label="API reference"></main>
    <script src="/api/docs/scalar.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>`;

const INIT = `window.Scalar.createApiReference('#app', { url: '/api/openapi.json', hideClientButton: false, withDefaultFonts: false });\n`;

export const docsRouter = createRouter()
  // Its Content-Security-Policy (inline styles allowed, for Scalar) is set with the others in create-app.ts.
  .get('/api/docs', (c) => c.html(PAGE))
  .get('/api/docs/init.js', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  })
  .get('/api/docs/scalar.js', (c) => {
    const file = scalarBundle();
    const { size } = statSync(file);
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(Readable.toWeb(createReadStream(file)) as ReadableStream, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'content-length': String(size),
    });
  });
