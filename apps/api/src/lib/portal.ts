/**
 * Serves the built portal (apps/portal/dist) at /: its hashed assets with a long cache life, and
 * index.html for every other GET that is not the API (the portal routes in the browser).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppOpenAPI } from './types.js';

/** Adds the portal's routes to the app when `dir` holds a built portal; returns whether it did. */
export function servePortal(app: AppOpenAPI, dir: string): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  const files = serveStatic({ root: dir });
  const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
  // Hashed file names: cached for good.
  app.use('/assets/*', async (c, next) => {
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return files(c, next);
  });
  app.use('*', async (c, next) => (isApi(c.req.path) || c.req.path.startsWith('/assets/') ? next() : files(c, next)));
  // Any other page is the app's: the portal routes in the browser.
  const page = serveStatic({ path: index });
  app.get('*', async (c, next) => {
    if (isApi(c.req.path) || c.req.path.startsWith('/assets/')) return next();
    c.header('Cache-Control', 'no-cache');
    return page(c, next);
  });
  return true;
}
