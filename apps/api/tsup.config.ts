import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/server.ts', 'src/build-template.ts', 'src/backup-cli.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  // Workspace packages are bundled from their source; npm dependencies stay external.
  noExternal: [/^@csc-workforce\//],
  esbuildOptions(options) {
    options.conditions = ['@csc-workforce/source'];
  },
});
