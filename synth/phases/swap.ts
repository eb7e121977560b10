// Phases `swap`, `snapshot`, `prune` and `purge`: the release made current and recorded, then the history kept and pruned.
import path from 'node:path';
import { info } from '../../core/log.ts';
import { audit, write } from '../../state/db.ts';
import { recordRelease } from '../../state/releases.ts';
import { rememberScannedClean } from '../../state/scan-cache.ts';
import { purgeTakedown } from '../release/write-takedown.ts';
import { pruneSnapshots, writeSnapshot } from '../release/write-snapshot.ts';
import { pruneReleases } from '../release/write-retention.ts';
import { writeServedSnapshots } from '../release/write-served-snapshots.ts';
import { publishRelease, releaseId, rememberManifest, sealRelease } from '../release/write-release.ts';
import { dataPaths } from '../../core/data-layout.ts';
import type { buildAndScan } from './build-and-scan.ts';
import { type ReleasePlan, keepOf, retentionOf } from './plan-release.ts';
import type { PublishContext } from './publish-context.ts';
import type { Redacted } from './redact-site.ts';

/** Phase `swap`: the release sealed, renamed into releases/ and made current; journey.db records it and what it scanned. */
export function swap(ctx: PublishContext, plan: ReleasePlan, staging: string, built: Awaited<ReturnType<typeof buildAndScan>>): Promise<string> {
  const { db, now } = ctx;
  const { assembled, report } = built;
  return ctx.step('swap', () => {
    const manifestHash = sealRelease(staging, assembled.entries);
    const id = releaseId(now, manifestHash);
    publishRelease(ctx.config.dataDir, staging, id);
    rememberManifest(ctx.config.dataDir, id, assembled.entries);
    write(db, () => {
      recordRelease(db, {
        id, createdAt: now.toISOString(), fileCount: assembled.entries.length, bytes: assembled.entries.reduce((sum, e) => sum + e.bytes, 0),
        manifestHash, scanOutcome: `clean: ${report.files} scanned, ${assembled.entries.length - report.files} known clean`,
      }, plan.currentId, now.toISOString());
      rememberScannedClean(db, assembled.entries.map((e) => e.sha256), plan.remembered, ctx.epoch);
      audit(db, 'publish', `release ${id}: ${assembled.made.length} new files, ${assembled.linked} linked`, now);
    });
    return id;
  }, (id) => `current -> releases/${id}`);
}

/**
 * Phases `snapshot` and `prune` after the swap: the site data kept as a snapshot, old releases and
 * snapshots pruned, the served list written; `purge`: values an earlier release held bare.
 */
export async function keepHistory(ctx: PublishContext, plan: ReleasePlan, id: string, redacted: Redacted): Promise<string> {
  const { db, config, now } = ctx;
  const releaseDir = path.join(dataPaths(config.dataDir).releases, id);
  const snapshot = await ctx.step('snapshot', () => writeSnapshot(config.dataDir, plan.snapshotId, path.join(releaseDir, 'site-data.json'), redacted.siteDataText, id),
    (snapshot) => `snapshots/${snapshot}`);
  const pruned = await ctx.step('prune', () => {
    const snapshots = pruneSnapshots(config.dataDir, retentionOf(config), now);
    const releases = pruneReleases(db, config.dataDir, keepOf(config), now);
    writeServedSnapshots(db, config.dataDir); // the new snapshot served; those of pruned releases no longer
    return { snapshots, releases: releases.length };
  }, (p) => `${p.releases} releases, ${p.snapshots} snapshots`);
  if (redacted.purge.length > 0) {
    // A secret named only now stood bare in a page published earlier: no kept release or snapshot may keep it.
    const purged = await ctx.step('purge', () => purgeTakedown(config.dataDir, { values: redacted.purge, iterations: [] }, ctx.detector.key, now, config.dbDir),
      (p) => `${p.releasesRemoved.length} releases deleted, ${p.snapshotsRewritten.length} snapshots rewritten`);
    info(`  ${redacted.purge.length === 1 ? 'a secret' : `${redacted.purge.length} secrets`} named only now stood in earlier releases: ${purged.releasesRemoved.length} releases deleted, ${purged.snapshotsRewritten.length} snapshots rewritten`);
  }
  const extra = [pruned.releases ? `${pruned.releases} old releases pruned` : '', pruned.snapshots ? `${pruned.snapshots} old snapshots pruned` : ''].filter(Boolean);
  return `snapshot ${snapshot}${extra.length ? `, ${extra.join(', ')}` : ''}`;
}
