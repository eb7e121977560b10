// Follows <data>/served-snapshots: which snapshots the server answers, read again only when the list
// changes (a publish, a prune, a rollback, a takedown), never a walk of the snapshots folder per request.
import { statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { formatError } from '../../core/journey-error.ts';
import { info } from '../../core/log.ts';
import { DATA_LAYOUT } from '../../core/data-layout.ts';
import { readServedSnapshots, type ReleaseFile } from './read-release-index.ts';

/**
 * The list is looked at (one stat) at most this often under load. A watch on the data folder makes a
 * local change visible at once; the period bounds how late a change made by another host on a shared
 * volume is noticed (the same as for `current`).
 */
const RECHECK_MS = 50;

/**
 * `file(id)` is the snapshot to answer, or undefined (404): only snapshots the list names. Until the
 * list exists, and while it cannot be read, no snapshot is served (fail-closed).
 *
 * @example
 * const snapshots = createSnapshotTracker('/data/autoswe');
 * snapshots.file('20261121T101500Z') // a ReleaseFile, or undefined once its release is withdrawn or pruned
 */
export function createSnapshotTracker(dataDir: string) {
  const list = path.join(dataDir, DATA_LAYOUT.servedSnapshots);
  let served: { version: string; files: Map<string, ReleaseFile> } = { version: '', files: new Map() };
  let checkedAt = -Infinity;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dataDir, { persistent: false }, (_event, name) => {
      if (name === null || name === DATA_LAYOUT.servedSnapshots || name.startsWith(`.${DATA_LAYOUT.servedSnapshots}`)) checkedAt = -Infinity;
    });
    watcher.on('error', () => (watcher = undefined));
  } catch {
    // no watch (an unusual file system): the recheck period alone applies
  }

  const refresh = () => {
    let version = '';
    try {
      const stat = statSync(list);
      // Each write is a new file renamed into place: a new inode, whatever the clocks say.
      version = `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
    } catch {
      version = ''; // no list yet: nothing is served
    }
    if (version === served.version) return;
    try {
      served = { version, files: version === '' ? new Map() : readServedSnapshots(dataDir) };
    } catch (error) {
      served = { version, files: new Map() };
      info(`${formatError(error)}\nno snapshot is served until the list can be read`);
    }
  };

  return {
    file(id: string): ReleaseFile | undefined {
      const now = performance.now();
      if (now - checkedAt >= RECHECK_MS) {
        checkedAt = now;
        refresh();
      }
      return served.files.get(id);
    },
    close() {
      watcher?.close();
    },
  };
}
