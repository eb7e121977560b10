// Runs one Astro build script in a child process with a time limit, keeping its output for the error.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JourneyError } from '../../core/journey-error.ts';
import { waitForLock } from '../../core/write-lock.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs `node <script>` from the repository root with `env` added. Rejects with JOURNEY_BUILD_FAILED on
 * a non-zero exit, a signal or the timeout; the child's last output is in the message.
 *
 * @example
 * await runAstroProcess(fileURLToPath(import.meta.url), { JOURNEY_OUT_DIR: out }, 600_000, 'the Astro build');
 */
export function runAstroProcess(script: string, env: Record<string, string>, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: REPO_ROOT, env: { ...process.env, ...env, ASTRO_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new JourneyError('JOURNEY_BUILD_FAILED', `could not start ${what}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const why = signal ? `was killed by ${signal}` : `exited with ${code}`;
      reject(new JourneyError('JOURNEY_BUILD_FAILED', `${what} ${why}:\n${output.trim()}`, {
        fix: 'Read the build output above; a site/ change may be at fault. Publish again after fixing it.',
      }));
    });
  });
}

/**
 * Astro writes its prerender chunks below <root>/.astro, shared by every build of this checkout: two
 * data folders building at once would overwrite each other's chunks. Builds take turns.
 */
export async function withBuildLock(work: () => Promise<void>): Promise<void> {
  mkdirSync(path.join(REPO_ROOT, '.astro'), { recursive: true });
  const release = await waitForLock(path.join(REPO_ROOT, '.astro', 'journey-build.lock'), 600_000);
  try {
    await work();
  } finally {
    release();
  }
}
