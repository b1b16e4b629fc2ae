import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/** GOV.UK Frontend's fonts and images: its CSS asks for them at /assets/…, so resolve them from the package. */
const govukAssets = join(
  dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist/govuk/assets/',
);

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Workspace packages from their TypeScript source, as everywhere in the repo; Vite's defaults kept.
    conditions: ['@csc-workforce/source', ...defaultClientConditions],
    alias: [{ find: /^\/assets\/(fonts|images)\//, replacement: `${govukAssets}$1/` }],
  },
  css: {
    // GOV.UK Frontend's CSS keeps an old IE hack (`@media screen\0`) that the minifier drops with a warning.
    lightningcss: { errorRecovery: true },
    // `@use "govuk-frontend/dist/govuk"` from node_modules; silence the package's own deprecation notices.
    preprocessorOptions: {
      scss: { loadPaths: [join(govukAssets, '..', '..', '..', '..')], quietDeps: true },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed file names under /assets, which the API serves with a long cache life.
    assetsDir: 'assets',
    sourcemap: false,
  },
});
