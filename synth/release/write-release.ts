// Releases: immutable folders under <data>/releases, assembled in staging from the current release
// (hardlinks) plus newly made files, sealed by a MANIFEST written last, then swapped in as `current`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, statSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { faultPoint, plantedFile } from '../../core/fault-point.ts';
import { isErrno } from '../../core/journey-error.ts';
import { matchesPrevious, type WantedFile } from './plan-release-files.ts';
import { formatManifest, parseManifest, sortedByPath, type ManifestEntry } from './release-manifest.ts';
import { sha256 } from '../../core/public-json.ts';
import { dataPaths, utcStamp } from '../../core/data-layout.ts';
import { fsyncDir, swapSymlink, writeFileAtomic } from '../../core/write-atomic.ts';

export const MANIFEST = 'MANIFEST';

/** Files being made at once (rendering in worker threads while this thread writes). */
const MAKING_AT_ONCE = 16;

export interface Assembled {
  entries: ManifestEntry[];
  /** Files made by this run (the ones the leak scan must read unless their hash is known clean). */
  made: ManifestEntry[];
  linked: number;
}

/** The id `current` points at, or undefined before the first publish. */
export function currentReleaseId(dataDir: string): string | undefined {
  try {
    return path.basename(readlinkSync(dataPaths(dataDir).current));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/**
 * Sealed manifests, parsed, by file: a sealed manifest never changes, so a long-lived process (the
 * publish worker, which reads every kept release's manifest for recovery, retention and snapshots)
 * parses each once. Keyed by the file's stat stamp: a rewritten or torn file is read again.
 */
const parsedManifests = new Map<string, { stamp: string; entries: readonly ManifestEntry[] }>();

const MANIFESTS_REMEMBERED = 64;

function manifestStamp(file: string): string {
  const info = statSync(file, { bigint: true });
  return `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

function rememberParsed(file: string, stamp: string, entries: readonly ManifestEntry[] | undefined): void {
  parsedManifests.delete(file);
  if (entries) parsedManifests.set(file, { stamp, entries });
  if (parsedManifests.size > MANIFESTS_REMEMBERED) parsedManifests.delete(parsedManifests.keys().next().value!);
}

/** The entries of a release's MANIFEST (shared: do not change them); undefined when it is missing or incomplete. */
export function readManifest(dataDir: string, id: string): readonly ManifestEntry[] | undefined {
  const file = path.join(dataPaths(dataDir).releases, id, MANIFEST);
  try {
    const stamp = manifestStamp(file);
    const known = parsedManifests.get(file);
    if (known?.stamp === stamp) return known.entries;
    const entries = parseManifest(readFileSync(file, 'utf8'));
    rememberParsed(file, stamp, entries);
    return entries;
  } catch {
    return undefined;
  }
}

/** Remembers the manifest this process just published, so nothing reads and parses it again. */
export function rememberManifest(dataDir: string, id: string, entries: readonly ManifestEntry[]): void {
  const file = path.join(dataPaths(dataDir).releases, id, MANIFEST);
  rememberParsed(file, manifestStamp(file), sortedByPath(entries));
}

/** `YYYYMMDDTHHMMSSZ-<first 8 of the manifest hash>`. */
export function releaseId(now: Date, manifestHash: string): string {
  return `${utcStamp(now)}-${manifestHash.slice(0, 8)}`;
}

/**
 * Fills `stagingDir` with `wanted`: a file whose key (or known hash) matches the previous release's
 * is hardlinked from it, everything else is made and written. Never touches the previous release.
 *
 * @example
 * const assembled = await assembleRelease('data/staging/7', previous, wanted, () => bar.tick());
 */
export async function assembleRelease(
  stagingDir: string, previous: { dir: string; entries: readonly ManifestEntry[] } | undefined, wanted: readonly WantedFile[], onFile?: () => void,
): Promise<Assembled> {
  const before = new Map(previous?.entries.map((e) => [e.path, e]));
  const entries: ManifestEntry[] = new Array(wanted.length);
  const isMade: boolean[] = new Array(wanted.length).fill(false);
  const dirs = new Set<string>();
  const ensureDir = (file: string) => {
    const dir = path.dirname(file);
    if (!dirs.has(dir)) {
      mkdirSync(path.join(stagingDir, dir), { recursive: true });
      dirs.add(dir);
    }
  };
  // Makers may run in worker threads: keep a few in flight and write each as it arrives. A failed
  // maker fails the assembly once every started one has settled (none is left unobserved).
  const inFlight: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  let linked = 0;
  for (const [index, file] of wanted.entries()) {
    if (failure) break;
    ensureDir(file.path);
    const old = before.get(file.path);
    if (previous && matchesPrevious(old, file)) {
      linkSync(path.join(previous.dir, file.path), path.join(stagingDir, file.path));
      entries[index] = old;
      linked += 1;
      onFile?.();
      continue;
    }
    if (file.linkFrom && file.sha256) {
      const target = path.join(stagingDir, file.path);
      entries[index] = { path: file.path, sha256: file.sha256, bytes: linkOrCopy(file.linkFrom, target), key: file.key };
      isMade[index] = true;
      onFile?.();
      continue;
    }
    inFlight.push(Promise.resolve().then(() => file.make()).then((content) => {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      faultPoint('build-write');
      writeFileSync(path.join(stagingDir, file.path), bytes, { mode: 0o644 });
      entries[index] = { path: file.path, sha256: sha256(bytes), bytes: bytes.length, key: file.key };
      isMade[index] = true;
      onFile?.();
    }, (error: unknown) => {
      failure ??= { error };
    }));
    if (inFlight.length >= MAKING_AT_ONCE) await inFlight.shift();
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  const planted = plantedFile('build-extra');
  if (planted) {
    writeFileSync(path.join(stagingDir, planted.path), planted.bytes, { mode: 0o644 });
    entries.push({ path: planted.path, sha256: sha256(planted.bytes), bytes: planted.bytes.length, key: '-' });
    isMade.push(true);
  }
  return { entries, made: entries.filter((_, index) => isMade[index]), linked };
}

/** Hardlinks `from` as `to` (a copy across file systems); returns the size. */
function linkOrCopy(from: string, to: string): number {
  try {
    linkSync(from, to);
  } catch (error) {
    if (!isErrno(error, 'EXDEV')) throw error;
    copyFileSync(from, to);
  }
  return statSync(to).size;
}

/**
 * Flushes the staged files to disk (syncfs via `sync --file-system`, one call for thousands of
 * files), then writes the MANIFEST last, fsynced. Returns the manifest's hash.
 */
export function sealRelease(stagingDir: string, entries: readonly ManifestEntry[]): string {
  const synced = spawnSync('sync', ['--file-system', stagingDir], { stdio: 'ignore' });
  if (synced.status !== 0) spawnSync('sync', { stdio: 'ignore' }); // older coreutils: flush everything
  const text = formatManifest(entries);
  faultPoint('seal-before-manifest');
  writeFileAtomic(path.join(stagingDir, MANIFEST), text);
  return sha256(text);
}

/**
 * Renames a sealed staging folder to releases/<id> and swaps `current` to it. A crash before the
 * swap leaves the previous release current; the next run removes the leftovers.
 */
export function publishRelease(dataDir: string, stagingDir: string, id: string): void {
  const where = dataPaths(dataDir);
  mkdirSync(where.releases, { recursive: true });
  const target = path.join(where.releases, id);
  if (existsSync(target)) rmSync(stagingDir, { recursive: true, force: true }); // the same bytes were published before
  else renameSync(stagingDir, target);
  faultPoint('release-renamed');
  fsyncDir(where.releases);
  swapSymlink(where.current, path.join('releases', id));
}

/** Points `current` at a kept, complete release (rollback). */
export function swapToRelease(dataDir: string, id: string): void {
  swapSymlink(dataPaths(dataDir).current, path.join('releases', id));
}

/** The release folder `current` resolves to, or undefined. */
export function currentReleaseDir(dataDir: string): string | undefined {
  try {
    return realpathSync(dataPaths(dataDir).current);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** Kept release ids that have a complete manifest. */
export function listCompleteReleases(dataDir: string): string[] {
  const dir = dataPaths(dataDir).releases;
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((id) => readManifest(dataDir, id) !== undefined);
}

/** Removes a release folder (pruning, takedown); never the current one. */
export function removeRelease(dataDir: string, id: string): void {
  if (id === currentReleaseId(dataDir)) throw new Error(`refusing to remove the current release ${id}`);
  rmSync(path.join(dataPaths(dataDir).releases, id), { recursive: true, force: true });
  parsedManifests.delete(path.join(dataPaths(dataDir).releases, id, MANIFEST));
}

/**
 * Start-up recovery, with the publish lease held: removes staging leftovers and releases without a
 * complete manifest, and points `current` back at the newest complete release when it resolves to
 * nothing complete. Returns what it did, for the log and the audit trail.
 *
 * @example
 * for (const line of recoverReleases('./data', newestFirst)) info(`recovered: ${line}`);
 */
export function recoverReleases(dataDir: string, newestFirst: (ids: string[]) => string[]): string[] {
  const where = dataPaths(dataDir);
  const done: string[] = [];
  if (existsSync(where.staging)) {
    const left = readdirSync(where.staging);
    rmSync(where.staging, { recursive: true, force: true });
    if (left.length > 0) done.push(`removed ${left.length} staging folder(s) left by an interrupted run`);
  }
  for (const name of existsSync(dataDir) ? readdirSync(dataDir) : []) {
    if (name.startsWith('.current.tmp-')) rmSync(path.join(dataDir, name), { force: true });
  }
  const current = currentReleaseId(dataDir);
  const complete = listCompleteReleases(dataDir);
  if (current !== undefined && !complete.includes(current)) {
    const fallback = newestFirst(complete)[0];
    if (fallback) {
      swapToRelease(dataDir, fallback);
      done.push(`current pointed at ${current}, which has no complete manifest: now ${fallback}`);
    } else {
      rmSync(where.current, { force: true });
      done.push(`current pointed at ${current}, which has no complete manifest, and no complete release is kept: nothing is served until the next publish`);
    }
  }
  const served = currentReleaseId(dataDir);
  for (const id of existsSync(where.releases) ? readdirSync(where.releases) : []) {
    if (!complete.includes(id) && id !== served) {
      rmSync(path.join(where.releases, id), { recursive: true, force: true });
      done.push(`removed release ${id}: its manifest is incomplete`);
    }
  }
  return done;
}
