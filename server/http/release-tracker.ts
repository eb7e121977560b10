// Follows `<data>/current` and `<data>/unpublished`: a fresh index whenever `current` points somewhere new.
import { existsSync, readlinkSync, watch, type FSWatcher } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { formatError } from '../../core/journey-error.ts';
import { info } from '../../core/log.ts';
import { readReleaseIndex, type ReleaseIndex } from './read-release-index.ts';
import { DATA_LAYOUT, dataPaths } from '../../core/data-layout.ts';

/** `current` must name a folder directly under `<data>/releases`; anything else is never followed. */
const RELEASE_LINK = /^releases\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A release that failed to index is tried again after this long, not on every request. */
const RETRY_MS = 5_000;

/**
 * `current` and `unpublished` are read again at most this often under load. A watch on the data folder
 * makes a local swap visible at once; the period bounds how late a swap made by another host on a
 * shared volume (where no watch sees it) is noticed.
 */
const RECHECK_MS = 50;

export interface ReleaseState {
  unpublished: boolean;
  /** The release to answer from; a promise while a new one is being indexed. */
  index: ReleaseIndex | undefined | Promise<ReleaseIndex | undefined>;
}

/**
 * `state()` says what to answer from now. The first request after a swap waits for the new index (a
 * few ms per thousand files); later ones get it at once. When the new target cannot be served (no
 * complete MANIFEST, a link inside), the last good index keeps serving and the operator is told once.
 *
 * @example
 * const releases = createReleaseTracker('/data/autoswe');
 * const { unpublished, index } = releases.state(); // index: undefined before the first publish
 */
export function createReleaseTracker(dataDir: string) {
  const link = dataPaths(dataDir).current;
  const unpublishedMarker = path.join(dataDir, DATA_LAYOUT.unpublished);
  let served: { target: string; index: ReleaseIndex } | undefined;
  let loading: { target: string; promise: Promise<ReleaseIndex | undefined> } | undefined;
  let failed: { target: string; at: number } | undefined;
  let checked: { at: number; target: string | undefined; unpublished: boolean } | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dataDir, { persistent: false }, (_event, name) => {
      if (name === null || name === DATA_LAYOUT.current || name === DATA_LAYOUT.unpublished || name.startsWith('.current')) checked = undefined;
    });
    watcher.on('error', () => (watcher = undefined));
  } catch {
    // no watch (an unusual file system): the recheck period alone applies
  }

  const load = (target: string): Promise<ReleaseIndex | undefined> => {
    const promise = (async () => {
      try {
        if (!RELEASE_LINK.test(target)) throw new Error(`current points at ${JSON.stringify(target)}, not at a folder in releases/`);
        const index = await readReleaseIndex(await realpath(path.join(dataDir, target)));
        served = { target, index };
        return index;
      } catch (error) {
        failed = { target, at: Date.now() };
        info(`${formatError(error)}\nthe server keeps answering from ${served ? `release ${served.index.id}` : 'no release (503)'}`);
        return served?.index;
      } finally {
        loading = undefined;
      }
    })();
    loading = { target, promise };
    return promise;
  };

  const look = (now: number) => {
    let target: string | undefined;
    try {
      target = readlinkSync(link);
    } catch {
      target = undefined; // no `current` yet, or removed by hand: keep what was last served
    }
    checked = { at: now, target, unpublished: existsSync(unpublishedMarker) };
    return checked;
  };

  let answer: { for: ReleaseIndex | undefined; unpublished: boolean; state: ReleaseState } | undefined;
  return {
    state(): ReleaseState {
      const now = performance.now();
      const { target, unpublished } = checked && now - checked.at < RECHECK_MS ? checked : look(now);
      if (target === undefined || target === served?.target) {
        // The common case, once per request under load: the same answer object as last time.
        if (answer?.for !== served?.index || answer?.unpublished !== unpublished) {
          answer = { for: served?.index, unpublished, state: { unpublished, index: served?.index } };
        }
        return answer!.state;
      }
      if (loading?.target === target) return { unpublished, index: loading.promise };
      if (failed?.target === target && Date.now() - failed.at < RETRY_MS) return { unpublished, index: served?.index };
      return { unpublished, index: load(target) };
    },
    close() {
      watcher?.close();
    },
  };
}
