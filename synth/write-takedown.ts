// Takedown purge: after the republish, no kept release or snapshot may still hold a taken-down value
// or the old text of a taken-down iteration. Releases are immutable, so one that holds it is deleted;
// a snapshot is rewritten with the value redacted (or the iteration withheld) and re-hashed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDetector } from '../redact/detect.ts';
import { readScanDir } from '../redact/read-scan-dir.ts';
import { redactText } from '../redact/redact-text.ts';
import { audit, withDb, write } from './db.ts';
import { markPruned } from './db-releases.ts';
import { publicJson } from './plan-public-files.ts';
import { TAKEN_DOWN } from './project-public.ts';
import { sha256 } from './release-manifest.ts';
import type { SiteData } from './site-data-schema.ts';
import { writeFileAtomic } from './write-atomic.ts';
import { currentReleaseId, listCompleteReleases, paths, readManifest, removeRelease } from './write-release.ts';
import { listSnapshots } from './write-snapshot.ts';

export interface TakedownTarget {
  values: readonly string[];
  iterations: readonly number[];
}

export interface PurgeReport {
  releasesRemoved: string[];
  snapshotsRewritten: string[];
  /** Files of the current release that still hold a value (must be empty, or the takedown failed). */
  currentHits: string[];
}

/**
 * Deletes every kept release but the current one that holds a value (in any encoding the known-secret
 * rule covers) or a different text of a taken-down iteration, and rewrites the snapshots that do.
 *
 * @example
 * const report = await purgeTakedown('./data', { values: ['hunter2-hunter2'], iterations: [] }, key);
 */
export async function purgeTakedown(dataDir: string, target: TakedownTarget, key: Buffer | string, now: Date = new Date(), dbDir?: string): Promise<PurgeReport> {
  const detector = createDetector({ key, knownSecrets: target.values, rules: [] });
  // The leak scanner's own reading (packed and binary files included), with only the taken-down values.
  const filesHolding = async (dir: string) => target.values.length === 0 ? [] : [...new Set((await readScanDir(dir, detector, { secretlint: false }))
    .findings.filter((f) => f.rule === 'known-secret').map((f) => f.file))];
  const current = currentReleaseId(dataDir);
  const currentEntries = new Map((current ? readManifest(dataDir, current) ?? [] : []).map((e) => [e.path, e.sha256]));
  const report: PurgeReport = { releasesRemoved: [], snapshotsRewritten: [], currentHits: [] };
  for (const id of listCompleteReleases(dataDir)) {
    const dir = path.join(paths(dataDir).releases, id);
    const hits = await filesHolding(dir);
    if (id === current) {
      report.currentHits = hits;
      continue;
    }
    const entries = new Map((readManifest(dataDir, id) ?? []).map((e) => [e.path, e.sha256]));
    const oldIteration = target.iterations.some((n) => [`iterations/${n}.json`, `iterations/${n}.html`]
      .some((file) => entries.has(file) && entries.get(file) !== currentEntries.get(file)));
    if (hits.length > 0 || oldIteration) {
      removeRelease(dataDir, id);
      report.releasesRemoved.push(id);
    }
  }
  for (const id of listSnapshots(dataDir)) {
    const file = path.join(paths(dataDir).snapshots, id, 'site-data.json');
    const text = readFileSync(file, 'utf8');
    let rewritten = target.values.length > 0 ? redactText(text, detector).text : text;
    if (target.iterations.length > 0) {
      const data = JSON.parse(rewritten) as SiteData;
      const taken = new Set(target.iterations);
      if (data.iterations.some((it) => taken.has(it.number) && it.status !== 'withheld')) {
        data.iterations = data.iterations.map((it) => taken.has(it.number)
          ? { ...it, title: `Iteration ${it.number}`, status: 'withheld', started_at: null, ended_at: null, verdict: null, score: null }
          : it);
        data.withheld = [...data.withheld.filter((w) => !target.iterations.some((n) => w.item === `iteration ${n}`)),
          ...target.iterations.map((n) => ({ item: `iteration ${n}`, reason: TAKEN_DOWN }))];
        rewritten = publicJson(data);
      }
    }
    if (rewritten === text) continue;
    // A new file, not an edit: the snapshot's bytes may be hardlinked to a release's.
    writeFileAtomic(file, rewritten);
    writeFileAtomic(`${file}.sha256`, `${sha256(rewritten)}  site-data.json\n`);
    report.snapshotsRewritten.push(id);
  }
  withDb({ dataDir, dbDir }, (db) => write(db, () => {
    for (const id of report.releasesRemoved) markPruned(db, id, now.toISOString());
    audit(db, 'takedown-purge', `${report.releasesRemoved.length} releases removed (${report.releasesRemoved.join(', ') || 'none'}), ${report.snapshotsRewritten.length} snapshots rewritten`, now);
  }));
  return report;
}
