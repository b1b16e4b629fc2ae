import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      globalSetup: ['test/global-setup.ts'],
      // Each file opens its own embedded database; PGlite is CPU-bound, so run files one or two at a time.
      maxWorkers: 2,
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }),
);
