// The reference build: a plain static `astro build` of a public folder, in a child process. Publishing
// renders pages from a warm bundle instead (build-renderer-process.ts); the tests hold the two equal.
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, runAstroProcess, withBuildLock } from './run-astro-process.ts';

const THIS_FILE = fileURLToPath(import.meta.url);

export interface BuildRequest {
  publicDir: string;
  outDir: string;
  cacheDir: string;
  /** Kill the build after this long. */
  timeoutMs: number;
}

/**
 * Builds the Astro site from `publicDir` into `outDir`. Rejects with JOURNEY_BUILD_FAILED on a
 * non-zero exit, a signal or the timeout; the child's output is kept for the error message.
 *
 * @example
 * await buildSite({ publicDir: 'data/staging/x/public', outDir: 'data/staging/x/site', cacheDir: 'data/cache/astro', timeoutMs: 600_000 });
 */
export function buildSite(request: BuildRequest): Promise<void> {
  return runAstroProcess(THIS_FILE, {
    JOURNEY_PUBLIC_DIR: request.publicDir, JOURNEY_OUT_DIR: request.outDir, JOURNEY_CACHE_DIR: request.cacheDir,
  }, request.timeoutMs, 'the reference Astro build');
}

if (import.meta.main) {
  await withBuildLock(async () => {
    const { build } = await import('astro');
    await build({ root: REPO_ROOT, outDir: process.env['JOURNEY_OUT_DIR']!, cacheDir: process.env['JOURNEY_CACHE_DIR']!, logLevel: 'warn' });
  });
}
