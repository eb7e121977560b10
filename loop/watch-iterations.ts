// Which iteration folders changed since their stamp was read, so the long-lived publish worker stats
// only those instead of every folder of a long journey. One kernel watch (fs.watch, inotify on Linux)
// per iteration folder and one on iterations/ itself, up to half the kernel's per-user limit (the newest
// folders first: they are the ones the loop writes). A folder that is not watched is stat'ed every
// time; `forget` (the timer's periodic full reconcile) stats everything again, which also catches
// what a watch cannot see (a file that is a symlink to somewhere else).
import { readdirSync, readFileSync, realpathSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { readIterationStamp, type IterationStamp } from './read-iteration.ts';

/** A folder's iteration number; -1 (the oldest) for a name that is not a number. */
const numberOf = (folder: string) => {
  const number = Number(path.basename(folder));
  return Number.isNaN(number) ? -1 : number;
};

/**
 * How many folders to watch: half of what the kernel allows this user (fs.inotify.max_user_watches),
 * so the loop and everything else on the host keep watches of their own; 4,096 when it cannot be read.
 */
function watchBudget(): number {
  try {
    return Math.max(64, Math.floor(Number(readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim()) / 2));
  } catch {
    return 4096;
  }
}

export interface IterationWatch {
  /** The folder's stamp: the one read last when nothing in the folder changed since, else read now. */
  stampOf(root: string, folder: string): IterationStamp;
  /** Forgets every remembered stamp: the next run stats every folder. */
  forget(): void;
  /** How many folders are watched. */
  watched(): number;
  close(): void;
}

/**
 * Watches `<loopDir>/iterations/` and each folder in it. `onProblem` hears, once, why watching
 * stopped (too many watches for the kernel's limit, the folder replaced): publishing goes on with a
 * stat of each folder not watched.
 *
 * @example
 * const watch = watchIterations('/data/autoswe', (why) => info(why));
 * await runSynth({ config, rebuildSite: true, stamps: watch });
 */
export function watchIterations(loopDir: string, onProblem: (message: string) => void, maxWatches = watchBudget()): IterationWatch {
  const root = realpathSync(loopDir);
  const watchers = new Map<string, FSWatcher>();
  /** Each event's sequence number; a stamp read at sequence n is good until its folder has an event after n. */
  let sequence = 0;
  const lastEvent = new Map<string, number>();
  const remembered = new Map<string, { stamp: IterationStamp; readAt: number }>();
  let told = false;
  const tell = (message: string) => {
    if (!told) onProblem(message);
    told = true;
  };

  const changed = (folder: string) => lastEvent.set(folder, ++sequence);
  const stop = (folder: string) => {
    watchers.get(folder)?.close();
    watchers.delete(folder);
    remembered.delete(folder);
  };
  /** The watched folder with the lowest number: the one to give up for a newer folder at the cap. */
  const oldestWatched = () => {
    let oldest: string | undefined;
    for (const folder of watchers.keys()) if (oldest === undefined || numberOf(folder) < numberOf(oldest)) oldest = folder;
    return oldest;
  };
  /** A new, replaced or removed entry of iterations/: watched anew (a watch dies with the folder it watched). */
  const add = (name: string) => {
    const folder = `iterations/${name}`;
    changed(folder);
    stop(folder);
    if (name.startsWith('.')) return;
    if (watchers.size >= maxWatches) {
      const oldest = oldestWatched()!;
      if (numberOf(oldest) > numberOf(folder)) return; // the newest folders are watched: they are the ones the loop writes
      stop(oldest);
    }
    try {
      const watcher = watch(path.join(root, folder), { persistent: false }, () => changed(folder));
      watcher.on('error', () => stop(folder));
      watchers.set(folder, watcher);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOENT/ENOTDIR: gone already, or no folder. ENOSPC: the kernel's watch limit (fs.inotify.max_user_watches).
      if (code === 'ENOSPC') tell(`iteration folders beyond ${watchers.size} are not watched (the kernel's limit of watches, fs.inotify.max_user_watches, was reached): they are stat'ed on every publish`);
    }
  };
  const restart = () => {
    for (const folder of [...watchers.keys()]) stop(folder);
    remembered.clear();
    watchList();
    try {
      const names = readdirSync(path.join(root, 'iterations')).sort((a, b) => numberOf(b) - numberOf(a)); // newest first
      for (const name of names.slice(0, maxWatches)) add(name);
      for (const name of names.slice(maxWatches)) changed(`iterations/${name}`);
    } catch {
      // No iterations/ yet: every folder is stat'ed until it appears (the loop folder's watch sees it).
    }
  };

  const top = watch(root, { persistent: false }, (_event, name) => {
    if (name === null || name === 'iterations') restart(); // iterations/ made, replaced or removed
  });
  top.on('error', () => tell('the loop folder can no longer be watched: every iteration folder is stat\'ed on every publish'));
  let list: FSWatcher | undefined;
  function watchList() {
    list?.close();
    try {
      list = watch(path.join(root, 'iterations'), { persistent: false }, (_event, name) => (name === null ? restart() : add(name)));
      list.on('error', () => {
        list = undefined;
        restart();
      });
    } catch {
      list = undefined;
    }
  }
  restart();

  return {
    stampOf(at, folder) {
      if (at !== root || !watchers.has(folder) || list === undefined) return readIterationStamp(at, folder);
      const known = remembered.get(folder);
      if (known && (lastEvent.get(folder) ?? 0) <= known.readAt) return known.stamp;
      const readAt = sequence;
      const stamp = readIterationStamp(root, folder);
      if (!stamp.stamp.includes(':!')) remembered.set(folder, { stamp, readAt }); // an unreadable file is read again each time
      return stamp;
    },
    forget: () => remembered.clear(),
    watched: () => watchers.size,
    close() {
      top.close();
      list?.close();
      for (const folder of [...watchers.keys()]) stop(folder);
    },
  };
}
