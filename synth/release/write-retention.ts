// Release retention: the newest K are kept for rollback; an older one goes only after it has been
// out of service for the grace period, so downloads that started on it can finish.
import { audit, write, type Db } from '../../state/db.ts';
import { markPruned, newestFirst, readPin, readReleases } from '../../state/releases.ts';
import { currentReleaseId, listCompleteReleases, removeRelease } from './write-release.ts';

/**
 * Prunes releases beyond `keep`, never the current or the pinned one, never one retired less than
 * `graceMs` ago. Returns the ids removed.
 *
 * @example
 * pruneReleases(db, './data', { keep: 5, graceMs: 600_000 }, new Date());
 */
export function pruneReleases(db: Db, dataDir: string, policy: { keep: number; graceMs: number }, now: Date): string[] {
  const rows = readReleases(db);
  const ids = newestFirst(db, listCompleteReleases(dataDir), rows);
  const doomed = doomedReleases(ids, new Map(rows.map((r) => [r.id, r.retiredAt])), [currentReleaseId(dataDir), readPin(db)], policy, now);
  for (const id of doomed) {
    removeRelease(dataDir, id);
    write(db, () => {
      markPruned(db, id, now.toISOString());
      audit(db, 'prune-release', id, now);
    });
  }
  return doomed;
}

/**
 * Which of `ids` (newest first) retention removes: those beyond `keep`, except the protected ones
 * (current, pinned) and those retired less than `graceMs` ago (`retired`: when each recorded release
 * stopped being current, null while it is; an unrecorded release has no grace).
 *
 * @example
 * doomedReleases(['r3', 'r2', 'r1'], new Map([['r1', '2026-11-21T10:00:00Z']]), ['r3'], { keep: 2, graceMs: 0 }, now) // ['r1']
 */
export function doomedReleases(
  ids: readonly string[], retired: ReadonlyMap<string, string | null>, protect: readonly (string | undefined)[], policy: { keep: number; graceMs: number }, now: Date,
): string[] {
  return ids.slice(policy.keep).filter((id) => {
    if (protect.includes(id)) return false;
    const since = retired.get(id);
    return since === undefined || since === null ? !retired.has(id) : now.getTime() - Date.parse(since) >= policy.graceMs;
  });
}
