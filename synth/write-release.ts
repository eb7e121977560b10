// Releases: immutable folders under <data>/releases, a manifest each, `current` swapped atomically.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { isErrno } from '../cli/journey-error.ts';
import { fsyncDir, swapSymlink, writeFileAtomic } from './write-atomic.ts';

export interface ReleaseManifest {
  id: string;
  created: string;
  /** Hash of the public data and the site's code this release was built from. */
  inputHash: string;
  files: { path: string; sha256: string; bytes: number }[];
}

export const paths = (dataDir: string) => ({
  releases: path.join(dataDir, 'releases'),
  manifests: path.join(dataDir, 'manifests'),
  staging: path.join(dataDir, 'staging'),
  current: path.join(dataDir, 'current'),
  public: path.join(dataDir, 'public'),
});

/** Lists every file below `dir` with its hash, sorted by path. */
export function hashTree(dir: string): ReleaseManifest['files'] {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return entries
    .map((entry) => {
      const absolute = path.join(entry.parentPath, entry.name);
      const content = readFileSync(absolute);
      return { path: path.relative(dir, absolute), sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length };
    })
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** `YYYYMMDDTHHMMSSZ-<short hash>`. */
export function releaseId(now: Date, files: ReleaseManifest['files']): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const hash = createHash('sha256').update(files.map((f) => `${f.path}\0${f.sha256}`).join('\n')).digest('hex').slice(0, 8);
  return `${stamp}-${hash}`;
}

/** The id `current` points at, or undefined before the first publish. */
export function currentReleaseId(dataDir: string): string | undefined {
  try {
    return path.basename(readlinkSync(paths(dataDir).current));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

export function readManifest(dataDir: string, id: string): ReleaseManifest | undefined {
  try {
    return JSON.parse(readFileSync(path.join(paths(dataDir).manifests, `${id}.json`), 'utf8')) as ReleaseManifest;
  } catch {
    return undefined;
  }
}

/**
 * Moves a built and scanned folder into releases/<id>, writes its manifest, then swaps `current`.
 * A crash before the swap leaves the previous release current; the next run removes the leftovers.
 */
export function publishRelease(dataDir: string, builtDir: string, manifest: ReleaseManifest): void {
  const where = paths(dataDir);
  mkdirSync(where.releases, { recursive: true });
  mkdirSync(where.manifests, { recursive: true });
  const target = path.join(where.releases, manifest.id);
  renameSync(builtDir, target);
  fsyncDir(where.releases);
  writeFileAtomic(path.join(where.manifests, `${manifest.id}.json`), `${JSON.stringify(manifest, null, 1)}\n`);
  swapSymlink(where.current, path.join('releases', manifest.id));
}

/** Replaces <data>/public with the public folder this release was built from. */
export function replacePublicDir(dataDir: string, stagedPublic: string): void {
  const where = paths(dataDir);
  const old = `${where.public}.old-${process.pid}`;
  try {
    renameSync(where.public, old);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  renameSync(stagedPublic, where.public);
  rmSync(old, { recursive: true, force: true });
}

/** Removes staging folders left by crashed runs (call with the lock held). */
export function removeStaging(dataDir: string): void {
  const where = paths(dataDir);
  rmSync(where.staging, { recursive: true, force: true });
  for (const name of readdirSync(dataDir)) {
    if (name.startsWith('public.old-')) rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
}

/** Keeps the newest `keep` releases and always the current one; returns how many were removed. */
export function pruneReleases(dataDir: string, keep: number): number {
  const where = paths(dataDir);
  const current = currentReleaseId(dataDir);
  const ids = readdirSync(where.releases).filter((id) => statSync(path.join(where.releases, id)).isDirectory()).sort();
  const doomed = ids.slice(0, Math.max(0, ids.length - keep)).filter((id) => id !== current);
  for (const id of doomed) {
    rmSync(path.join(where.releases, id), { recursive: true, force: true });
    rmSync(path.join(where.manifests, `${id}.json`), { force: true });
  }
  return doomed.length;
}
