// The publish worker: a long-lived child of the server that keeps the render bundle warm and
// publishes on the trigger file and the timer, so a publish pays neither Node's nor Astro's start-up
// and serving never waits for it.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';
import { formatError } from '../cli/journey-error.ts';
import { info } from '../cli/log.ts';
import { resolveConfig } from '../config/resolve-config.ts';
import { runSynth } from '../synth/run.ts';
import { TRIGGER_FILE } from './run-publish-worker.ts';

/**
 * Publishes one at a time: a request while a publish runs is remembered once and runs right after
 * (many triggers during a run make one follow-up, not many).
 */
function createPublisher(publish: (why: string) => Promise<void>) {
  let running = false;
  let again: string | undefined;
  const request = async (why: string): Promise<void> => {
    if (running) {
      again = why;
      return;
    }
    running = true;
    try {
      await publish(why);
    } finally {
      running = false;
    }
    if (again !== undefined) {
      const next = again;
      again = undefined;
      await request(next);
    }
  };
  return request;
}

if (import.meta.main) {
  const { config } = resolveConfig({ flags: {}, env: process.env, cwd: process.cwd() });
  const loopDir = config.loopDir!;
  mkdirSync(config.dataDir, { recursive: true });
  const trigger = path.join(config.dataDir, TRIGGER_FILE);
  const publish = createPublisher(async (why) => {
    try {
      await runSynth({ config: { ...config, loopDir }, rebuildSite: true, trigger: why, narrative: process.env['JOURNEY_NO_CODEX_CLEANUP'] !== '1' });
    } catch (error) {
      info(formatError(error)); // the last good release keeps serving; the next trigger or timer tries again
    }
  });
  // Watch the data folder itself (it exists), not the trigger file (it comes and goes): chokidar
  // reports a file re-created soon after its deletion as `change`, so both events count.
  const watcher = watch(config.dataDir, { depth: 0, ignored: (file) => file !== config.dataDir && file !== trigger, awaitWriteFinish: false });
  watcher.on('all', (event, file) => {
    if (file !== trigger || (event !== 'add' && event !== 'change')) return;
    rmSync(trigger, { force: true }); // delete first: triggers during the run coalesce into one follow-up
    void publish('trigger');
  });
  watcher.on('ready', () => process.send?.({ ready: true }));
  if (config.timerEverySeconds > 0 && process.env['JOURNEY_NO_TIMER'] !== '1') {
    setTimeout(() => {
      void publish('timer');
      setInterval(() => void publish('timer'), config.timerEverySeconds * 1000);
    }, config.timerFirstSeconds * 1000);
  }
  process.on('SIGTERM', () => {
    void watcher.close().then(() => process.exit(0));
  });
}
