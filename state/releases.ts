// Releases in journey.db: when each was made, how big, how it scanned, when it stopped being current.
import { readSetting, writeSetting, type Db } from './db.ts';

export interface ReleaseRow {
  id: string;
  createdAt: string;
  fileCount: number;
  bytes: number;
  manifestHash: string;
  scanOutcome: string;
  retiredAt: string | null;
  prunedAt: string | null;
  /** When a rollback went back past it (its snapshot is no longer served); null while it stands. */
  withdrawnAt: string | null;
}

const PIN = 'pinned_release';

/** Records a new current release and retires the one it replaces (in the caller's transaction). */
export function recordRelease(db: Db, release: Omit<ReleaseRow, 'retiredAt' | 'prunedAt' | 'withdrawnAt'>, previous: string | undefined, now: string): void {
  db.prepare(`INSERT INTO releases (id, created_at, file_count, bytes, manifest_hash, scan_outcome) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET retired_at = NULL, pruned_at = NULL`)
    .run(release.id, release.createdAt, release.fileCount, release.bytes, release.manifestHash, release.scanOutcome);
  markCurrent(db, release.id, previous, now);
}

/** `id` becomes current (and stands again if a rollback had withdrawn it), `previous` is retired now (rollback and publish). */
export function markCurrent(db: Db, id: string, previous: string | undefined, now: string): void {
  db.prepare('UPDATE releases SET retired_at = NULL, withdrawn_at = NULL WHERE id = ?').run(id);
  if (previous && previous !== id) db.prepare('UPDATE releases SET retired_at = ? WHERE id = ?').run(now, previous);
}

export function markPruned(db: Db, id: string, now: string): void {
  db.prepare('UPDATE releases SET pruned_at = ? WHERE id = ?').run(now, id);
}

/** Withdraws releases (a rollback went back past them) at `now`, or lets them stand again with `null`. */
export function markWithdrawn(db: Db, ids: readonly string[], now: string | null): void {
  const mark = db.prepare('UPDATE releases SET withdrawn_at = ? WHERE id = ?');
  for (const id of ids) mark.run(now, id);
}

/** The ids of kept releases a rollback withdrew. */
export function readWithdrawn(db: Db): Set<string> {
  return new Set((db.prepare('SELECT id FROM releases WHERE withdrawn_at IS NOT NULL AND pruned_at IS NULL').all() as { id: string }[]).map((r) => r.id));
}

/** Every release journey has made that is still kept, newest first. */
export function readReleases(db: Db): ReleaseRow[] {
  return (db.prepare(`SELECT id, created_at AS createdAt, file_count AS fileCount, bytes, manifest_hash AS manifestHash,
    scan_outcome AS scanOutcome, retired_at AS retiredAt, pruned_at AS prunedAt, withdrawn_at AS withdrawnAt FROM releases WHERE pruned_at IS NULL ORDER BY rowid DESC`).all()) as ReleaseRow[];
}

/** Orders ids newest first: by when journey recorded them, unknown ones last. */
export function newestFirst(db: Db, ids: readonly string[], rows: readonly ReleaseRow[] = readReleases(db)): string[] {
  const order = new Map(rows.map((r, index) => [r.id, index]));
  return [...ids].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || (a < b ? 1 : -1));
}

/** The release a rollback pinned; publishes wait while it is set. */
export const readPin = (db: Db): string | undefined => readSetting(db, PIN);

export const writePin = (db: Db, id: string | undefined): void => writeSetting(db, PIN, id);
