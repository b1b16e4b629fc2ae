import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            include: ['e2e/**/*.test.ts'],
            environment: 'node',
            // Starts the built API (serving the built portal) and one Chromium for the whole run.
            globalSetup: ['e2e/global-setup.ts'],
            // The files share one server and its demo data: one at a time, so no test changes another's return.
            fileParallelism: false,
            // Long journeys through several browsers: room for a busy 2-core machine (a limit, not a timing check).
            testTimeout: 180_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  }),
);
