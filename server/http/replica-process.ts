// Extra serving processes: each listens on the server's port too (SO_REUSEPORT, the kernel spreads
// connections) and answers from the same `current`, so serving uses every core.
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { formatError } from '../../core/journey-error.ts';
import { info } from '../../core/log.ts';
import { resolveConfig } from '../../config/resolve-config.ts';
import { createAccessLog } from './access-log.ts';
import { startServer } from './start-server.ts';

const REPLICA = fileURLToPath(new URL(import.meta.url));

export interface Replicas {
  stop(): Promise<void>;
}

/**
 * Starts `count` serving processes on `port` (already bound by this process with reusePort) and
 * restarts any that dies; resolves once all listen.
 *
 * @example
 * const replicas = await startReplicas(1, { port: 8765, env: process.env, configArgs: [] });
 */
export async function startReplicas(count: number, options: { port: number; env: NodeJS.ProcessEnv; configArgs: string[] }): Promise<Replicas> {
  const children = new Set<ChildProcess>();
  let stopping = false;
  const spawnOne = (): Promise<void> => new Promise((resolve) => {
    const child = fork(REPLICA, options.configArgs, {
      env: { ...options.env, JOURNEY_PORT: String(options.port) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(child);
    child.once('message', () => resolve());
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve();
      if (stopping) return;
      info(`a serving process exited (${signal ?? code}); starting another`);
      setTimeout(() => void (stopping || spawnOne()), 1_000).unref();
    });
  });
  await Promise.all(Array.from({ length: count }, spawnOne));
  return {
    async stop() {
      stopping = true;
      await Promise.all([...children].map((child) => new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      })));
    },
  };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { config: { type: 'string' } }, strict: false });
  const { config } = resolveConfig({ flags: { config: values['config'] }, env: process.env, cwd: process.cwd() });
  const log = createAccessLog();
  try {
    const running = await startServer({ ...config, log, reusePort: true });
    const stop = async () => {
      await running.close(config.shutdownSeconds * 1000);
      log.flush();
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop());
    process.once('SIGINT', () => {}); // a terminal's Ctrl-C reaches the whole group: the primary decides
    process.on('disconnect', () => void stop());
    process.send?.({ listening: running.port });
  } catch (error) {
    info(formatError(error));
    process.exit(1);
  }
}
