// Runs `synth` as a niced child process with a time limit; the server never publishes in-process.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

const SYNTH_CLI = fileURLToPath(new URL('../synth/synth-cli.ts', import.meta.url));

/**
 * Runs one synth and resolves with its exit code (1 on timeout or signal). Output goes to our stderr.
 *
 * @example
 * const code = await runSynthProcess({ loopDir, dataDir, timeoutMs: 600_000 });
 */
export function runSynthProcess(options: { loopDir: string; dataDir: string; timeoutMs: number; extraArgs?: string[] }): Promise<number> {
  return new Promise((resolve) => {
    const args = [SYNTH_CLI, '--public', '--rebuild-site', '--loop-dir', options.loopDir, '--data-dir', options.dataDir, ...(options.extraArgs ?? [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    try {
      if (child.pid) setPriority(child.pid, 10); // nice 10: serving keeps priority over publishing
    } catch {
      // lowering priority is best effort (some containers forbid it)
    }
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(1);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}
