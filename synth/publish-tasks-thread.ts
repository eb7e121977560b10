// The body of one publish worker thread: the same functions the main thread runs for a small
// publish, fed by messages from thread-pool.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { JourneyError } from '../core/journey-error.ts';
import { createDetector } from '../redact/detect.ts';
import { scanFiles } from '../redact/read-scan-dir.ts';
import { ingestIteration, type IngestJob } from './read-changed-iterations.ts';
import { createRedactor } from './redact-item.ts';
import { readRenderer } from './render/read-renderer.ts';
import { findUnredacted, type PublicFile } from './verify-redacted.ts';
import type { PoolSetup, TaskFailure } from './thread-pool.ts';

const setup = workerData as PoolSetup;
// A Buffer key arrives as a plain Uint8Array; the fingerprints must not change with the thread.
const key = typeof setup.detector.key === 'string' ? setup.detector.key : Buffer.from(setup.detector.key);
const detector = createDetector({ ...setup.detector, key });
const redactor = createRedactor(detector);
// Never expected (the same options make the same detector), but a thread that detects differently must not work.
const sameDetector = detector.identity === setup.identity;

const tasks: Record<string, (input: never) => unknown> = {
  ingest: (jobs: IngestJob[]) => jobs.map((job) => ingestIteration(job, setup.loopRoot, setup.maxBytes, redactor)),
  verify: (texts: PublicFile[]) => findUnredacted(texts, detector),
  render: async ({ entry, route, pageJson, as, site }: { entry: string; route: string; pageJson: string; as: 'page' | 'stepPage' | 'comparePages'; site: { noindex: boolean; basePath: string } }) => {
    const render = await readRenderer(entry, site);
    return render(route, { [as]: JSON.parse(pageJson) });
  },
  scan: async ({ root, files }: { root: string; files: string[] }) => [await scanFiles(root, files, detector)],
};

function failure(error: unknown): TaskFailure {
  const e = error instanceof Error ? error : new Error(String(error));
  const cause = e.cause instanceof Error ? e.cause.stack ?? e.cause.message : e.cause === undefined ? undefined : String(e.cause);
  return {
    message: e.message, ...(e.stack ? { stack: e.stack } : {}), ...(cause ? { cause } : {}),
    ...(error instanceof JourneyError ? { code: error.code, ...(error.fix ? { fix: error.fix } : {}) } : {}),
  };
}

parentPort!.on('message', async ({ id, task, input }: { id: number; task: string; input: never }) => {
  try {
    if (!sameDetector) {
      throw new JourneyError('JOURNEY_INTERNAL', 'a publish worker thread built a different detector than the main thread', {
        fix: 'Run the publish again; report this if it repeats.',
      });
    }
    const value = await tasks[task]!(input);
    parentPort!.postMessage({ id, value });
  } catch (error) {
    parentPort!.postMessage({ id, failure: failure(error) });
  }
});
