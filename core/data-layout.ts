// The data folder's layout, spelled once: every name journey gives a file or folder under <data>.
// The publisher writes these, the server, the operations tools and the console read them.
import path from 'node:path';

/** Names under the data folder, relative to it. */
export const DATA_LAYOUT = {
  /** SQLite (WAL): iterations, releases, the lease, parity history, breakers. */
  db: 'journey.db',
  /** Immutable, leak-scanned releases, one folder each. */
  releases: 'releases',
  /** Where the next release is assembled before it is sealed and renamed into releases/. */
  staging: 'staging',
  /** The symlink the server follows: releases/<id>. */
  current: 'current',
  /** The redacted public data of the last publish. */
  public: 'public',
  /** site-data.json of each publish, one folder per UTC stamp. */
  snapshots: 'snapshots',
  /** The only list of snapshots the public server answers. */
  servedSnapshots: 'served-snapshots',
  /** The monitor's samples, one JSON object a line. */
  samples: 'system-state.jsonl',
  /** The meta-judge's reviews, one JSON object a line. */
  reviews: 'reviews/meta-judge.jsonl',
  /** Touched to ask for a publish (unless the `trigger` setting names another file). */
  trigger: 'synth-trigger',
  /** Present while `npm run unpublish` is in force: every path answers the maintenance page. */
  unpublished: 'unpublished',
  /** The site's render bundles, one folder per version of the site code (unless the `renderCacheDir` setting names another folder). */
  renderCache: 'cache/render',
} as const;

/** The files journey's own operations write (the monitor and the meta-judge), which a publish reads. */
export const OPS_FILES = { samples: DATA_LAYOUT.samples, reviews: DATA_LAYOUT.reviews } as const;

/**
 * The UTC second of `now`, compact (`20261121T101500Z`): the start of every release's and snapshot's name.
 *
 * @example
 * utcStamp(new Date('2026-11-21T10:15:00.123Z')) // '20261121T101500Z'
 */
export const utcStamp = (now: Date): string => now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * Where a configuration's trigger file is: the `trigger` setting, else the data folder's.
 *
 * @example
 * triggerPath({ dataDir: '/data/autoswe' }) // '/data/autoswe/synth-trigger'
 */
export function triggerPath(config: { trigger?: string | undefined; dataDir: string }): string {
  return config.trigger ?? path.join(config.dataDir, DATA_LAYOUT.trigger);
}

/**
 * Where a configuration's render bundles are: the `renderCacheDir` setting, else the data folder's.
 *
 * @example
 * renderCachePath({ dataDir: '/data/autoswe' }) // '/data/autoswe/cache/render'
 */
export function renderCachePath(config: { renderCacheDir?: string | undefined; dataDir: string }): string {
  return config.renderCacheDir ?? path.join(config.dataDir, DATA_LAYOUT.renderCache);
}

/** A snapshot folder's name: its UTC stamp, with a counter when two publishes share a second. */
export const SNAPSHOT_ID = /^\d{8}T\d{6}Z(?:-\d+)?$/;

/**
 * The absolute paths of the release folders of a data folder.
 *
 * @example
 * dataPaths('/data/autoswe').current // '/data/autoswe/current'
 */
export const dataPaths = (dataDir: string) => ({
  releases: path.join(dataDir, DATA_LAYOUT.releases),
  staging: path.join(dataDir, DATA_LAYOUT.staging),
  current: path.join(dataDir, DATA_LAYOUT.current),
  public: path.join(dataDir, DATA_LAYOUT.public),
  snapshots: path.join(dataDir, DATA_LAYOUT.snapshots),
});
