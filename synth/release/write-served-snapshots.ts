// Writes <data>/served-snapshots, the only list of snapshots the public server answers
// (served-snapshots.ts), atomically, whenever releases or snapshots change: publish and prune,
// rollback, takedown.
import path from 'node:path';
import type { Db } from '../../state/db.ts';
import { newestFirst, readReleases, readWithdrawn } from '../../state/releases.ts';
import { formatServedSnapshots, servableSnapshots, type ReleaseStanding, type SnapshotRecord } from './served-snapshots.ts';
import { DATA_LAYOUT } from '../../core/data-layout.ts';
import { writeFileAtomic } from '../../core/write-atomic.ts';
import { currentReleaseId, listCompleteReleases } from './write-release.ts';
import { doomedReleases } from './write-retention.ts';
import { listSnapshots, readSnapshotRecord } from './write-snapshot.ts';

/** Every stored snapshot, oldest first (those whose folder is not plain are left out). */
function readSnapshotRecords(dataDir: string): SnapshotRecord[] {
  return listSnapshots(dataDir).flatMap((id) => readSnapshotRecord(dataDir, id) ?? []);
}

/** The releases kept on disk, and those of them a rollback withdrew. */
function readReleaseStanding(db: Db, dataDir: string): ReleaseStanding {
  return { kept: new Set(listCompleteReleases(dataDir)), withdrawn: readWithdrawn(db) };
}

/**
 * Rewrites <data>/served-snapshots from the disk and journey.db: the snapshots whose release is kept
 * and not withdrawn, less `withhold` (snapshots about to be rewritten, so no reader meets new bytes
 * under an old checksum). Returns what it lists.
 *
 * @example
 * writeServedSnapshots(db, './data'); // after a publish, a prune, a rollback or a takedown
 */
export function writeServedSnapshots(db: Db, dataDir: string, withhold: ReadonlySet<string> = new Set()): SnapshotRecord[] {
  const served = servableSnapshots(readSnapshotRecords(dataDir), readReleaseStanding(db, dataDir)).filter((r) => !withhold.has(r.id));
  writeFileAtomic(path.join(dataDir, DATA_LAYOUT.servedSnapshots), formatServedSnapshots(served));
  return served;
}

/** Stands for the release a publish is about to make (its id depends on what it builds). */
const NEXT_RELEASE = '\0next';

/**
 * Which stored snapshots will still be served once a publish at `now` has swapped in its new release
 * and pruned with `policy`: what /history/ may link to, worked out before that release is built.
 *
 * @example
 * const served = planServedAfterPublish(db, './data', { keep: 5, graceMs: 600_000 }, now);
 * planSnapshotHistory('./data', incoming, retention, now, served);
 */
export function planServedAfterPublish(db: Db, dataDir: string, policy: { keep: number; graceMs: number }, now: Date): (record: SnapshotRecord) => boolean {
  const rows = readReleases(db);
  const retired = new Map<string, string | null>(rows.map((r) => [r.id, r.retiredAt]));
  const current = currentReleaseId(dataDir);
  if (current !== undefined) retired.set(current, now.toISOString()); // the publish retires it now
  retired.set(NEXT_RELEASE, null);
  // A publish that goes live is never pinned (a pinned run stops before it builds).
  const ids = [NEXT_RELEASE, ...newestFirst(db, listCompleteReleases(dataDir), rows)];
  const doomed = new Set(doomedReleases(ids, retired, [NEXT_RELEASE], policy, now));
  const standing: ReleaseStanding = { kept: new Set(ids.filter((id) => !doomed.has(id))), withdrawn: readWithdrawn(db) };
  return (record) => servableSnapshots([record], standing).length === 1;
}
