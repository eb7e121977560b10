// Turns the trigger file into publish requests: chokidar on the trigger's folder (depth 0), and a
// periodic check in case the kernel dropped an event.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { watch } from 'chokidar';

export interface TriggerBridge {
  close(): Promise<void>;
}

/**
 * Calls `onRequest` with the file's mtime whenever `trigger` appears or changes, and every
 * `reconcileMs` while it exists.
 * The folder is watched, not the file (the file comes and goes): chokidar reports a file re-created
 * soon after its deletion as `change`, not `add`, so both count. Whoever publishes deletes the file
 * first; requests while a publish runs are the publisher's to coalesce. Resolves once watching.
 *
 * @example
 * const bridge = await watchTrigger('/data/autoswe/synth-trigger', 60_000, (why, at) => publisher.request(why, at));
 */
export async function watchTrigger(trigger: string, reconcileMs: number, onRequest: (why: 'trigger' | 'reconcile', writtenAt: number) => void): Promise<TriggerBridge> {
  const folder = path.dirname(trigger);
  mkdirSync(folder, { recursive: true });
  /** The trigger's last write, or undefined when it is gone (an event that arrives after the publisher deleted it). */
  const writtenAt = () => statSync(trigger, { throwIfNoEntry: false })?.mtimeMs;
  const watcher = watch(folder, { depth: 0, ignored: (file) => file !== folder && file !== trigger, persistent: true });
  watcher.on('all', (event, file) => {
    if (file !== trigger || (event !== 'add' && event !== 'change')) return;
    const at = writtenAt();
    if (at !== undefined) onRequest('trigger', at);
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  const reconcile = setInterval(() => {
    const at = writtenAt();
    if (at !== undefined) onRequest('reconcile', at);
  }, reconcileMs);
  reconcile.unref();
  return {
    async close() {
      clearInterval(reconcile);
      await watcher.close();
    },
  };
}
