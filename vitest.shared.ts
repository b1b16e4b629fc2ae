import { defineConfig } from 'vitest/config';

/**
 * Vitest settings shared by every workspace: resolve sibling packages to their TypeScript source
 * (the `@csc-workforce/source` export condition), so tests never need `dist` built first.
 */
export const sourceConditions = ['@csc-workforce/source'];

export default defineConfig({
  resolve: { conditions: [...sourceConditions, 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: [...sourceConditions, 'module', 'node', 'development|production'] } },
});
