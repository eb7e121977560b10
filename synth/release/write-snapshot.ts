// Snapshots: every publish keeps its site-data.json under <data>/snapshots/<YYYYMMDDTHHMMSSZ>/ with
// its SHA-256 and the release it was taken of, served read-only at /snapshots/<id>/site-data.json while
// that release is kept and not withdrawn (served-snapshots.ts); old ones are removed by age and count.
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../../core/public-json.ts';
import type { SnapshotEntry } from '../../contract/read-public-data.ts';
import type { SnapshotRecord } from './served-snapshots.ts';
import { fsyncDir, writeFileAtomic } from '../../core/write-atomic.ts';
import { dataPaths, SNAPSHOT_ID, utcStamp } from '../../core/data-layout.ts';

/** The id the next snapshot taken at `now` gets: its UTC second, `-2`, `-3`... when taken. */
export function nextSnapshotId(dataDir: string, now: Date): string {
  const root = dataPaths(dataDir).snapshots;
  const stamp = utcStamp(now);
  let id = stamp;
  for (let n = 2; existsSync(path.join(root, id)); n++) id = `${stamp}-${n}`;
  return id;
}

/** The file in a snapshot's folder that names the release it was taken of. */
const RELEASE_FILE = 'release';
const RELEASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Stores `siteDataFile` (the release's own file, hardlinked: no copy) as snapshot `id`
 * (nextSnapshotId), with its SHA-256 and the id of its release beside it.
 *
 * @example
 * writeSnapshot('./data', nextSnapshotId('./data', now), 'data/releases/x/site-data.json', siteDataText, 'x');
 */
export function writeSnapshot(dataDir: string, id: string, siteDataFile: string, text: string | Buffer, release: string): string {
  const root = dataPaths(dataDir).snapshots;
  mkdirSync(root, { recursive: true });
  const building = path.join(root, `.${id}.tmp-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building);
  linkSync(siteDataFile, path.join(building, 'site-data.json'));
  writeFileAtomic(path.join(building, 'site-data.json.sha256'), `${sha256(text)}  site-data.json\n`);
  writeFileAtomic(path.join(building, RELEASE_FILE), `${release}\n`);
  renameSync(building, path.join(root, id));
  fsyncDir(root);
  return id;
}

/** Snapshot ids, oldest first. */
export function listSnapshots(dataDir: string): string[] {
  const root = dataPaths(dataDir).snapshots;
  return existsSync(root) ? readdirSync(root).filter((id) => SNAPSHOT_ID.test(id)).sort(bySnapshotTime) : [];
}

function bySnapshotTime(a: string, b: string): number {
  const [stampA = '', nA = '1'] = a.split('-');
  const [stampB = '', nB = '1'] = b.split('-');
  return stampA < stampB ? -1 : stampA > stampB ? 1 : Number(nA) - Number(nB);
}

export interface SnapshotRetention {
  days: number;
  max: number;
}

/** When snapshot `id` was taken: the UTC second its name holds (the publish's own clock, not the file system's). */
export function snapshotTime(id: string): number {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id) ?? [];
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

/**
 * Which of `ids` (oldest first) retention removes: all but the newest `max`, and those older than
 * `days`. Age comes from the id, never from an mtime: a file system's clock need not be ours.
 */
function doomedSnapshots(ids: readonly string[], retention: SnapshotRetention, now: Date): string[] {
  const cutoff = now.getTime() - retention.days * 86_400_000;
  return ids.filter((id, index) => index < ids.length - retention.max || snapshotTime(id) < cutoff);
}

/**
 * The snapshots the server will answer once this publish has stored snapshot `incoming` (with
 * `sha256`) and pruned: what /history/ lists, worked out before the release is built. Newest first.
 * `served` says which stored snapshots stay servable (their release kept after this publish's
 * prune, not withdrawn); this publish's own always is.
 *
 * @example
 * planSnapshotHistory('./data', { id: '20261121T120000Z', sha256 }, { days: 30, max: 500 }, now, (r) => kept.has(r.release))
 */
export function planSnapshotHistory(
  dataDir: string, incoming: SnapshotEntry, retention: SnapshotRetention, now: Date, served: (record: SnapshotRecord) => boolean,
): SnapshotEntry[] {
  const ids = [...listSnapshots(dataDir), incoming.id];
  const doomed = new Set(doomedSnapshots(ids, retention, now));
  return ids.filter((id) => !doomed.has(id)).reverse().flatMap((id) => {
    if (id === incoming.id) return [incoming];
    const record = readSnapshotRecord(dataDir, id);
    return record && served(record) ? [{ id, sha256: record.sha256 }] : [];
  });
}

/**
 * Snapshot `id` as served-snapshots.ts lists it: its release, SHA-256 and size. Undefined when its
 * folder or file is not a plain folder and file (nothing reached through a link) or has no checksum;
 * `release` is undefined for a snapshot made before journey recorded it.
 *
 * @example
 * readSnapshotRecord('./data', '20261121T101500Z') // { id, release: '20261121T101500Z-ab12cd34', sha256, bytes }
 */
export function readSnapshotRecord(dataDir: string, id: string): SnapshotRecord | undefined {
  const folder = path.join(dataPaths(dataDir).snapshots, id);
  try {
    if (!lstatSync(folder).isDirectory()) return undefined;
    const file = lstatSync(path.join(folder, 'site-data.json'));
    const sha = readSnapshotSha(dataPaths(dataDir).snapshots, id);
    if (!file.isFile() || !/^[0-9a-f]{64}$/.test(sha)) return undefined;
    return { id, release: readSnapshotRelease(folder), sha256: sha, bytes: file.size };
  } catch {
    return undefined; // removed meanwhile (pruning), or unreadable: not listed
  }
}

/** The release a snapshot folder names; undefined when it names none (made before journey recorded it). */
function readSnapshotRelease(folder: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(folder, RELEASE_FILE), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return RELEASE_ID.test(text) ? text : undefined;
}

function readSnapshotSha(root: string, id: string): string {
  try {
    return readFileSync(path.join(root, id, 'site-data.json.sha256'), 'utf8').split(' ')[0] ?? '';
  } catch {
    return ''; // an older snapshot without its checksum file: listed without one
  }
}

/** Removes snapshots older than `days` and all but the newest `max`; returns how many went. */
export function pruneSnapshots(dataDir: string, retention: SnapshotRetention, now: Date): number {
  const root = dataPaths(dataDir).snapshots;
  const doomed = doomedSnapshots(listSnapshots(dataDir), retention, now);
  for (const id of doomed) rmSync(path.join(root, id), { recursive: true, force: true });
  for (const name of readdirSync(root)) if (name.startsWith('.') && name.includes('.tmp-')) rmSync(path.join(root, name), { recursive: true, force: true });
  return doomed.length;
}
