// `npm run serve`: serves the current release of a configured loop, publishing once if none exists yet.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { main, SERVER_FLAGS, type CommandSpec } from '../cli/define-command.ts';
import { info } from '../cli/log.ts';
import type { JourneyConfig } from '../config/config-schema.ts';
import { requireLoopDir } from '../config/resolve-config.ts';
import { runPublishWorker, TRIGGER_FILE } from './run-publish-worker.ts';
import { runSynthProcess } from './run-synth-process.ts';
import { startServer } from './start-server.ts';

/**
 * Publishes first when nothing is current yet, then serves until SIGINT or SIGTERM, with the publish
 * worker beside the server (trigger file; the timer too when `timer`).
 */
export async function publishAndServe(config: JourneyConfig, loopDir: string, options: { timer: boolean }): Promise<number> {
  if (!existsSync(path.join(config.dataDir, 'current'))) {
    info(`no release in ${config.dataDir} yet: publishing ${loopDir} first`);
    const code = await runSynthProcess({ loopDir, dataDir: config.dataDir, timeoutMs: 600_000 });
    if (code !== 0 && code !== 3) info(`the first publish failed (exit ${code}); serving answers 503 until a publish succeeds`);
  }
  const running = await startServer({ dataDir: config.dataDir, host: config.host, port: config.port });
  info(`journey serving ${path.join(config.dataDir, 'current')} at ${running.url}`);
  const worker = await runPublishWorker({ loopDir, dataDir: config.dataDir, timer: options.timer });
  info(`publishing when ${path.join(config.dataDir, TRIGGER_FILE)} appears${options.timer ? `, and every ${config.timerEverySeconds} s` : ''}`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  worker.stop();
  await running.close();
  return 0;
}

export const serveCommand: CommandSpec = {
  invocation: 'npm run serve --',
  summary: 'Serve the leak-scanned current release of a configured loop on the public port (0.0.0.0:8765 by default),\nand publish when <data>/synth-trigger appears (no timer: under systemd the timer is a unit).',
  flags: SERVER_FLAGS,
  examples: ['npm run serve -- --loop-dir /srv/loop --data-dir /data/autoswe', 'JOURNEY_PORT=9000 npm run serve -- --loop-dir /srv/loop --host 127.0.0.1'],
  run({ config }) {
    return publishAndServe(config, requireLoopDir(config), { timer: false }); // under systemd, timers are units
  },
};

if (import.meta.main) main(serveCommand);
