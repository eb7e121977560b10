// Snapshots: every publish keeps its site-data.json under <data>/snapshots/<YYYYMMDDTHHMMSSZ>/ with
// its SHA-256, served read-only at /snapshots/<id>/site-data.json; old ones are removed by age and count.
import { existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from './release-manifest.ts';
import { fsyncDir, writeFileAtomic } from './write-atomic.ts';
import { paths } from './write-release.ts';

/** Snapshot ids: a UTC second, with `-2`, `-3`... when two publishes share one. */
export const SNAPSHOT_ID = /^\d{8}T\d{6}Z(?:-\d+)?$/;

/**
 * Stores `siteDataFile` (the release's own file, hardlinked: no copy) as a new snapshot.
 * Returns its id.
 *
 * @example
 * writeSnapshot('./data', 'data/releases/x/site-data.json', siteDataText, new Date());
 */
export function writeSnapshot(dataDir: string, siteDataFile: string, text: string | Buffer, now: Date): string {
  const root = paths(dataDir).snapshots;
  mkdirSync(root, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let id = stamp;
  for (let n = 2; existsSync(path.join(root, id)); n++) id = `${stamp}-${n}`;
  const building = path.join(root, `.${id}.tmp-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building);
  linkSync(siteDataFile, path.join(building, 'site-data.json'));
  writeFileAtomic(path.join(building, 'site-data.json.sha256'), `${sha256(text)}  site-data.json\n`);
  renameSync(building, path.join(root, id));
  fsyncDir(root);
  return id;
}

/** Snapshot ids, oldest first. */
export function listSnapshots(dataDir: string): string[] {
  const root = paths(dataDir).snapshots;
  return existsSync(root) ? readdirSync(root).filter((id) => SNAPSHOT_ID.test(id)).sort(bySnapshotTime) : [];
}

function bySnapshotTime(a: string, b: string): number {
  const [stampA = '', nA = '1'] = a.split('-');
  const [stampB = '', nB = '1'] = b.split('-');
  return stampA < stampB ? -1 : stampA > stampB ? 1 : Number(nA) - Number(nB);
}

/** Removes snapshots older than `days` and all but the newest `max`; returns how many went. */
export function pruneSnapshots(dataDir: string, retention: { days: number; max: number }, now: Date): number {
  const root = paths(dataDir).snapshots;
  const ids = listSnapshots(dataDir);
  const cutoff = now.getTime() - retention.days * 86_400_000;
  const doomed = ids.filter((id, index) => index < ids.length - retention.max || statSync(path.join(root, id)).mtimeMs < cutoff);
  for (const id of doomed) rmSync(path.join(root, id), { recursive: true, force: true });
  for (const name of readdirSync(root)) if (name.startsWith('.') && name.includes('.tmp-')) rmSync(path.join(root, name), { recursive: true, force: true });
  return doomed.length;
}
