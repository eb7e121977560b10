// Writes a release the way synth seals one (files plus a complete MANIFEST) and points `current` at it,
// for server tests that need particular files (a large one, a precompressed one) rather than a site.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatManifest } from '../synth/release/release-manifest.ts';
import { sha256 } from '../core/public-json.ts';
import { swapSymlink } from '../core/write-atomic.ts';

/** Writes `files` (relative path → bytes) as release `id` under `dataDir`, sealed by a MANIFEST; not yet current. */
export function writeReleaseFolder(dataDir: string, id: string, files: Record<string, string | Buffer>): string {
  const release = path.join(dataDir, 'releases', id);
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(release, name)), { recursive: true });
    writeFileSync(path.join(release, name), bytes);
  }
  const entries = Object.entries(files).map(([name, bytes]) => ({ path: name, sha256: sha256(bytes), bytes: Buffer.byteLength(bytes), key: '-' }));
  writeFileSync(path.join(release, 'MANIFEST'), formatManifest(entries));
  return release;
}

/** Points `current` at release `id` the way synth swaps it (a new link renamed over the old). */
export function makeCurrent(dataDir: string, id: string): void {
  swapSymlink(path.join(dataDir, 'current'), path.join('releases', id));
}

/** Writes release `id` and makes it current. */
export function writeFakeRelease(dataDir: string, id: string, files: Record<string, string | Buffer>): string {
  const release = writeReleaseFolder(dataDir, id, files);
  makeCurrent(dataDir, id);
  return release;
}
