// The leak scan's memory in journey.db: the SHA-256 of every file a scan passed, per detector epoch,
// so a publish scans only what is new, and a new detector (a rule, a known secret) scans everything again.
import type { Db } from './db.ts';

/**
 * The hashes the scan passed under `epoch`.
 *
 * @example
 * const clean = readScannedClean(db, epoch); // Set { 'e3b0c442...' }
 */
export function readScannedClean(db: Db, epoch: string): Set<string> {
  return new Set((db.prepare('SELECT sha256 FROM scan_cache WHERE epoch = ?').all(epoch) as { sha256: string }[]).map((r) => r.sha256));
}

/**
 * Remembers the files of a release as passed under `epoch` (in the caller's transaction): those not
 * remembered yet, so a publish writes what changed. Hashes of other epochs go; so does everything
 * when the table holds more than twice the release (pages that are gone), and the release is then
 * remembered whole, so the table stays the size of one site.
 */
export function rememberScannedClean(db: Db, hashes: readonly string[], remembered: ReadonlySet<string>, epoch: string): void {
  db.prepare('DELETE FROM scan_cache WHERE epoch <> ?').run(epoch);
  const newHashes = hashes.filter((hash) => !remembered.has(hash));
  let toInsert: readonly string[] = newHashes;
  // With the publish lease held, this epoch's rows are the ones `remembered` was read from.
  if (remembered.size + newHashes.length > 2 * hashes.length) {
    db.prepare('DELETE FROM scan_cache').run();
    toInsert = hashes;
  }
  const remember = db.prepare('INSERT OR IGNORE INTO scan_cache (sha256, epoch) VALUES (?, ?)');
  for (const hash of toInsert) remember.run(hash, epoch);
}
