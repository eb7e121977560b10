// Runs one journey command (`node <entry>` from the repository root) as a child process, timed, with
// all it printed: how the benchmarks and the fault scenarios drive the real commands.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

export interface NodeRun {
  /** null when a signal ended it (a timeout's SIGKILL, a fault's kill -9). */
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * `node <entry> ...args` with `env` over this process's environment, `stdin` written then closed,
 * killed with SIGKILL after `timeoutMs`; run from `repo` (another checkout) when given.
 *
 * @example
 * const run = await runNodeProcess('synth/synth-cli.ts', ['--public'], { timeoutMs: 300_000, env: { NO_COLOR: '1' } });
 */
export function runNodeProcess(entry: string, args: readonly string[], options: { timeoutMs: number; env?: NodeJS.ProcessEnv; stdin?: string; repo?: string }): Promise<NodeRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const repo = options.repo ?? REPO; // another checkout (the publish benchmark's baseline)
    const child = spawn(process.execPath, [path.join(repo, entry), ...args], { cwd: repo, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => {}); // a command that exits without reading its stdin
    child.stdin.end(options.stdin ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}
