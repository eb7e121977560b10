// Takedown purge: after the republish, no kept release or snapshot may still hold a taken-down value
// or the old text of a taken-down iteration. Releases are immutable, so one that holds it is deleted
// (its snapshot is then no longer served); a snapshot is rewritten with the value redacted (or the
// iteration withheld) and re-hashed, withdrawn from the served list while that happens.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDetector, type Detector } from '../../redact/detect.ts';
import { readScanDir } from '../../redact/read-scan-dir.ts';
import { redactText } from '../../redact/redact-text.ts';
import { audit, openDb, write, type Db } from '../../state/db.ts';
import { markPruned } from '../../state/releases.ts';
import { publicJson, sha256 } from '../../core/public-json.ts';
import { TAKEN_DOWN } from '../project-public.ts';
import type { SiteData } from '../../contract/site-data-schema.ts';
import { writeFileAtomic } from '../../core/write-atomic.ts';
import { currentReleaseId, listCompleteReleases, readManifest, removeRelease } from './write-release.ts';
import { dataPaths } from '../../core/data-layout.ts';
import { writeServedSnapshots } from './write-served-snapshots.ts';
import { listSnapshots } from './write-snapshot.ts';
import { stepPagesFolder } from './plan-step-pages.ts';
import { comparePagesNaming } from './plan-compare-pages.ts';

export interface TakedownTarget {
  values: readonly string[];
  iterations: readonly number[];
}

export interface PurgeReport {
  releasesRemoved: string[];
  snapshotsRewritten: string[];
}

/**
 * Deletes every kept release but the current one that holds a value (in any encoding the known-secret
 * rule covers) or a different text of a taken-down iteration, and rewrites the snapshots that do.
 * What is still live afterwards is checked apart (read-still-live.ts).
 *
 * @example
 * const report = await purgeTakedown('./data', { values: ['hunter2-hunter2'], iterations: [] }, key);
 */
export async function purgeTakedown(dataDir: string, target: TakedownTarget, key: Buffer | string, now: Date = new Date(), dbDir?: string): Promise<PurgeReport> {
  const db = openDb({ dataDir, dbDir });
  try {
    return await purge(db, dataDir, target, key, now);
  } finally {
    db.close();
  }
}

async function purge(db: Db, dataDir: string, target: TakedownTarget, key: Buffer | string, now: Date): Promise<PurgeReport> {
  const detector = createDetector({ key, knownSecrets: target.values, rules: [] });
  // The leak scanner's own reading (packed and binary files included), with only the taken-down values.
  const filesHolding = async (dir: string) => target.values.length === 0 ? [] : [...new Set((await readScanDir(dir, detector, { secretlint: false }))
    .findings.filter((f) => f.rule === 'known-secret').map((f) => f.file))];
  const current = currentReleaseId(dataDir);
  const currentEntries = new Map((current ? readManifest(dataDir, current) ?? [] : []).map((e) => [e.path, e.sha256]));
  const report: PurgeReport = { releasesRemoved: [], snapshotsRewritten: [] };
  for (const id of listCompleteReleases(dataDir)) {
    if (id === current) continue;
    const dir = path.join(dataPaths(dataDir).releases, id);
    const hits = await filesHolding(dir);
    const entries = new Map((readManifest(dataDir, id) ?? []).map((e) => [e.path, e.sha256]));
    const oldIteration = target.iterations.some((n) => [`iterations/${n}.json`, `iterations/${n}.html`, `iterations/${n}/trajectory.json`, ...stepPagesIn(entries, n),
      ...comparePagesNaming(entries.keys(), n)]
      .some((file) => entries.has(file) && entries.get(file) !== currentEntries.get(file)));
    if (hits.length > 0 || oldIteration) {
      removeRelease(dataDir, id);
      write(db, () => markPruned(db, id, now.toISOString()));
      report.releasesRemoved.push(id);
    }
  }
  const file = (id: string) => path.join(dataPaths(dataDir).snapshots, id, 'site-data.json');
  const purged = (id: string) => {
    const text = readFileSync(file(id), 'utf8');
    const rewritten = purgeSnapshotText(text, target, detector);
    return rewritten === text ? undefined : rewritten;
  };
  // Withdrawn first, rewritten next, listed again last: a reader never gets new bytes under an old checksum.
  const changing = new Set(listSnapshots(dataDir).filter((id) => purged(id) !== undefined));
  writeServedSnapshots(db, dataDir, changing);
  for (const id of changing) {
    const rewritten = purged(id);
    if (rewritten === undefined) continue;
    // A new file, not an edit: the snapshot's bytes may be hardlinked to a release's.
    writeFileAtomic(file(id), rewritten);
    writeFileAtomic(`${file(id)}.sha256`, `${sha256(rewritten)}  site-data.json\n`);
    report.snapshotsRewritten.push(id);
  }
  writeServedSnapshots(db, dataDir);
  write(db, () => audit(db, 'takedown-purge', `${report.releasesRemoved.length} releases removed (${report.releasesRemoved.join(', ') || 'none'}), ${report.snapshotsRewritten.length} snapshots rewritten`, now));
  return report;
}

/** The step pages of iteration `n`'s long trace a release holds (iterations/<n>/steps/<k>.html). */
function stepPagesIn(entries: ReadonlyMap<string, string>, n: number): string[] {
  const folder = stepPagesFolder(n);
  return [...entries.keys()].filter((file) => file.startsWith(folder));
}

/** A snapshot's text with the values redacted and the iterations withheld (the same text when neither is in it). */
function purgeSnapshotText(text: string, target: TakedownTarget, detector: Detector): string {
  let rewritten = target.values.length > 0 ? redactText(text, detector).text : text;
  if (target.iterations.length === 0) return rewritten;
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
  return rewritten;
}
