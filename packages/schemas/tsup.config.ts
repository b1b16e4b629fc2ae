import { defineConfig } from 'tsup';

export default defineConfig({
  // The main entry, and the lists, labels and patterns without zod.
  entry: ['src/index.ts', 'src/constants.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
