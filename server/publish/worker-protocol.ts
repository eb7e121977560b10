// What the server and its publish worker say to each other over IPC, and where the trigger file is.
// Kept apart from the worker itself: the serving processes must not load the publishing pipeline.
import path from 'node:path';

/** The default trigger file, in the data folder. */
const TRIGGER_FILE = 'synth-trigger';

/** Server → worker: publish once. */
export type WorkerRequest = { type: 'publish'; id: number; trigger: string };

/** Worker → server: ready for requests; a publish ended. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; outcome: string; exitCode: number; release?: string; errorCode?: string };

/**
 * Where a configuration's trigger file is.
 *
 * @example
 * triggerPath({ dataDir: '/data/autoswe' }) // '/data/autoswe/synth-trigger'
 */
export function triggerPath(config: { trigger?: string | undefined; dataDir: string }): string {
  return config.trigger ?? path.join(config.dataDir, TRIGGER_FILE);
}
