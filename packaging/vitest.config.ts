import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The installed-package test: slow (it builds, packs and `npm install`s all four packages), so it is
 * not one of the workspace's vitest projects. `scripts/test-all.mjs` runs it with this config.
 */
export default defineConfig({
  test: {
    name: 'installed',
    // The repository root, like the workspace's vitest, so report paths are relative to it.
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['packaging/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    // Packing builds every package; npm compiles better-sqlite3 when its cache has no build.
    hookTimeout: 600_000,
  },
});
