import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The topology test (issue 17): nginx, three server processes, PostgreSQL, Redis and the sandbox at
 * once. It takes the whole machine for about a minute, so it is not one of the workspace's vitest
 * projects (which run files side by side); `scripts/test-all.mjs` runs it as its own step.
 */
export default defineConfig({
  test: {
    name: 'topology',
    // The repository root, like the workspace's vitest, so report paths are relative to it.
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['packages/server/topology/*.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 240_000,
  },
});
