// Test runner config: real builds are CPU-bound, so at most two test files run at once.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Every publish of the suite, in any data folder, uses one render bundle per version of the site
 * code: built once by the first publish that needs it, not once per test's fresh data folder.
 * A test of the bundle's own build sets JOURNEY_RENDER_CACHE_DIR itself.
 */
const RENDER_CACHE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules', '.cache', 'journey-render');

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { JOURNEY_RENDER_CACHE_DIR: RENDER_CACHE },
  },
});
