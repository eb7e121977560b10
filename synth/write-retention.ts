// Release retention: the newest K are kept for rollback; an older one goes only after it has been
// out of service for the grace period, so downloads that started on it can finish.
import { audit, write, type Db } from './db.ts';
import { markPruned, newestFirst, readPin, readReleases } from './db-releases.ts';
import { currentReleaseId, listCompleteReleases, removeRelease } from './write-release.ts';

/**
 * Prunes releases beyond `keep`, never the current or the pinned one, never one retired less than
 * `graceMs` ago. Returns the ids removed.
 *
 * @example
 * pruneReleases(db, './data', { keep: 5, graceMs: 600_000 }, new Date());
 */
export function pruneReleases(db: Db, dataDir: string, policy: { keep: number; graceMs: number }, now: Date): string[] {
  const current = currentReleaseId(dataDir);
  const pinned = readPin(db);
  const rows = readReleases(db);
  const retired = new Map(rows.map((r) => [r.id, r.retiredAt]));
  const ids = newestFirst(db, listCompleteReleases(dataDir), rows);
  const doomed = ids.slice(policy.keep).filter((id) => {
    if (id === current || id === pinned) return false;
    const since = retired.get(id);
    return since === undefined || since === null ? !retired.has(id) : now.getTime() - Date.parse(since) >= policy.graceMs;
  });
  for (const id of doomed) {
    removeRelease(dataDir, id);
    write(db, () => {
      markPruned(db, id, now.toISOString());
      audit(db, 'prune-release', id, now);
    });
  }
  return doomed;
}
