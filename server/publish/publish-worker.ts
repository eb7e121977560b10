// The publish worker: a long-lived child of the server that takes publish requests over IPC and runs
// each as `synth --public --rebuild-site` would, in-process, so a publish pays neither Node's nor
// Astro's start-up again. The server decides when to publish (trigger, timer) and when to give up.
import { mkdirSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatError, JourneyError } from '../../core/journey-error.ts';
import { formatDuration, info, setOutputFilter } from '../../core/log.ts';
import { readOutputFilter } from '../../redact/read-output-filter.ts';
import { requireLoopDir, resolveConfig } from '../../config/resolve-config.ts';
import { ensureRenderer } from '../../synth/render/build-renderer-process.ts';
import { readSiteCodeHash } from '../../synth/read-code-hash.ts';
import { readRenderer, readRendererAssets } from '../../synth/render/read-renderer.ts';
import { runSynth } from '../../synth/run.ts';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.ts';
import { renderCachePath, triggerPath } from '../../core/data-layout.ts';
import { watchIterations, type IterationWatch } from '../../loop/watch-iterations.ts';
import type { LinesMemory } from '../../loop/read-loop.ts';

/**
 * Builds the render bundle of the site code this worker runs (when it is not cached yet) and loads
 * it, so the first publish pays neither. A failure is only reported: the publish retries it.
 */
async function warmUp(cacheDir: string): Promise<void> {
  const started = performance.now();
  try {
    const { entry } = await ensureRenderer({ cacheDir, siteHash: readSiteCodeHash(), timeoutMs: 600_000 });
    await readRenderer(entry);
    readRendererAssets(entry);
    info(`publish worker ready: render bundle loaded in ${formatDuration(performance.now() - started)}`);
  } catch (error) {
    info(`publish worker: the render bundle could not be loaded yet (${formatError(error)}); the first publish tries again`);
  }
}

/** The watch of the loop's iteration folders, or undefined when the loop folder cannot be watched (every publish stats every folder). */
function watchLoop(loopDir: string): IterationWatch | undefined {
  const started = performance.now();
  try {
    const watch = watchIterations(loopDir, (why) => info(`publish worker: ${why}`));
    info(`publish worker: watching ${watch.watched()} iteration folders (${formatDuration(performance.now() - started)})`);
    return watch;
  } catch (error) {
    info(`publish worker: the loop folder cannot be watched (${(error as NodeJS.ErrnoException).code ?? 'error'}); every publish stats every iteration folder`);
    return undefined;
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { config: { type: 'string' } }, strict: false });
  const { config } = resolveConfig({ flags: { config: values['config'] }, env: process.env, cwd: process.cwd() });
  setOutputFilter(readOutputFilter(config)); // the publish's lines name the loop's files, as synth's do
  const loopDir = requireLoopDir(config);
  const send = (message: WorkerMessage) => process.send?.(message);
  const trigger = triggerPath(config);
  const stamps = watchLoop(loopDir);
  const linesRead: LinesMemory = new Map();
  process.on('message', async (request: WorkerRequest) => {
    if (request.type !== 'publish') return;
    rmSync(trigger, { force: true }); // delete first: a trigger during the run asks for one more run
    // Events the kernel queued before this request are handled before the folders' stamps are read.
    await new Promise((resolve) => setImmediate(resolve));
    if (request.trigger !== 'trigger') {
      // The timer's run (and the first) is the full reconcile: every folder stat'ed, every JSON Lines file read whole.
      stamps?.forget();
      linesRead.clear();
    }
    try {
      const outcome = await runSynth({
        config: { ...config, loopDir }, rebuildSite: true, trigger: request.trigger, narrative: process.env['JOURNEY_NO_CODEX_CLEANUP'] !== '1',
        ...(stamps ? { stamps } : {}), linesRead,
      });
      send({ type: 'done', id: request.id, outcome: outcome.result, exitCode: outcome.exitCode, ...(outcome.releaseId ? { release: outcome.releaseId } : {}) });
    } catch (error) {
      info(formatError(error)); // the last good release keeps serving; the next trigger or timer tries again
      const code = error instanceof JourneyError ? error.code : 'JOURNEY_INTERNAL';
      send({ type: 'done', id: request.id, outcome: error instanceof JourneyError ? 'refused' : 'failed', exitCode: 1, errorCode: code });
    }
  });
  process.on('disconnect', () => process.exit(0)); // the server is gone: so is its worker
  mkdirSync(config.dataDir, { recursive: true });
  await warmUp(renderCachePath(config));
  send({ type: 'ready' });
}
