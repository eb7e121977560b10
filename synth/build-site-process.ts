// The reference build: a plain static `astro build` of a public folder, in a child process. Publishing
// renders pages from a warm bundle instead (build-renderer-process.ts); the tests hold the two equal.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JourneyError } from '../cli/journey-error.ts';
import { waitForLock } from './write-lock.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [THIS_FILE], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        JOURNEY_PUBLIC_DIR: request.publicDir,
        JOURNEY_OUT_DIR: request.outDir,
        JOURNEY_CACHE_DIR: request.cacheDir,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), request.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new JourneyError('JOURNEY_BUILD_FAILED', 'could not start the Astro build', { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const why = signal ? `was killed by ${signal}` : `exited with ${code}`;
      reject(new JourneyError('JOURNEY_BUILD_FAILED', `the Astro build ${why}:\n${output.trim()}`, {
        fix: 'Read the build output above; a site/ change may be at fault. Run `npm run synth -- --rebuild-site` again after fixing it.',
      }));
    });
  });
}

if (import.meta.main) {
  // Astro writes its prerender chunks to <root>/.astro/.prerender, shared by every build of this
  // checkout: two data folders publishing at once would overwrite each other's chunks. One at a time.
  mkdirSync(path.join(REPO_ROOT, '.astro'), { recursive: true });
  const release = await waitForLock(path.join(REPO_ROOT, '.astro', 'journey-build.lock'), 600_000);
  try {
    const { build } = await import('astro');
    await build({
      root: REPO_ROOT,
      outDir: process.env['JOURNEY_OUT_DIR']!,
      cacheDir: process.env['JOURNEY_CACHE_DIR']!,
      logLevel: 'warn',
    });
  } finally {
    release();
  }
}
