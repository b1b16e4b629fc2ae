import { defineConfig } from 'vitest/config';

/**
 * Vitest settings shared by every workspace: resolve sibling packages to their TypeScript source
 * (the `@csc-workforce/source` export condition), so tests never need `dist` built first.
 */
export const sourceConditions = ['@csc-workforce/source'];

export default defineConfig({
  // A generous limit: the property-based tests run thousands of cases, and a busy 2-core machine can
  // take several times as long as a quiet one. A test that hangs still fails, it just fails later.
  test: { testTimeout: 60_000, hookTimeout: 120_000 },
  resolve: { conditions: [...sourceConditions, 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: [...sourceConditions, 'module', 'node', 'development|production'] } },
});
