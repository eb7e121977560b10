// Starts the publish worker as a child process (own process group, nice 10) and restarts it when it dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { info } from '../cli/log.ts';

const WORKER = fileURLToPath(new URL('./publish-worker.ts', import.meta.url));

/** The file a loop (or an operator) touches to ask for a publish: <data>/synth-trigger. */
export const TRIGGER_FILE = 'synth-trigger';

/**
 * Runs the worker for `loopDir`/`dataDir`; resolves once it watches the trigger. `stop()` ends it.
 *
 * @example
 * const worker = await runPublishWorker({ loopDir, dataDir, timer: true });
 * process.once('SIGTERM', () => worker.stop());
 */
export function runPublishWorker(options: { loopDir: string; dataDir: string; timer: boolean }): Promise<{ stop(): void }> {
  let child: ChildProcess | undefined;
  let stopped = false;
  return new Promise((resolve) => {
    const start = () => {
      child = spawn(process.execPath, [WORKER], {
        env: { ...process.env, JOURNEY_LOOP_DIR: options.loopDir, JOURNEY_DATA_DIR: options.dataDir, ...(options.timer ? {} : { JOURNEY_NO_TIMER: '1' }) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        detached: true,
      });
      try {
        if (child.pid) setPriority(child.pid, 10); // serving keeps priority over publishing
      } catch {
        // lowering priority is best effort (some containers forbid it)
      }
      child.on('message', () => resolve({ stop }));
      child.on('exit', (code, signal) => {
        if (stopped) return;
        info(`the publish worker exited (${signal ?? code}); restarting it in 10 s`);
        setTimeout(start, 10_000).unref();
      });
    };
    const stop = () => {
      stopped = true;
      if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    };
    start();
  });
}
