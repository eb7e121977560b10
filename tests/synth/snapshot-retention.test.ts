// Snapshot retention reads a snapshot's age from its id (the publish's clock), never from the file
// system's clock: a data folder on a volume whose clock lags keeps its snapshots.
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneSnapshots, snapshotTime } from '../../synth/release/write-snapshot.ts';
import { tempDir } from '../../testkit/run-cli.ts';

const DAY = 86_400_000;
const idAt = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

function plant(dataDir: string, id: string, mtime: Date): void {
  const folder = path.join(dataDir, 'snapshots', id);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'site-data.json'), '{}\n');
  utimesSync(folder, mtime, mtime);
}

describe('snapshot retention', () => {
  it('reads the time a snapshot was taken from its id', () => {
    expect(new Date(snapshotTime('20261121T120000Z')).toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(new Date(snapshotTime('20261121T120000Z-3')).toISOString()).toBe('2026-11-21T12:00:00.000Z');
  });

  it('keeps a recent snapshot whose folder looks a year old, and prunes an old one whose folder looks new', () => {
    // Built from the real clock, so the test holds on any date.
    const now = new Date();
    const dataDir = tempDir('snapshot-retention');
    const recent = idAt(now.getTime() - 2 * DAY);
    const old = idAt(now.getTime() - 40 * DAY);
    plant(dataDir, recent, new Date(now.getTime() - 400 * DAY));
    plant(dataDir, old, now);
    expect(pruneSnapshots(dataDir, { days: 30, max: 500 }, now)).toBe(1);
    expect(readdirSync(path.join(dataDir, 'snapshots'))).toEqual([recent]);
  });
});
