// The fault suite's short form, as `npm test` runs it: every scenario's promise holds.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../faults/run-faults-cli.ts';
import { runCli } from '../../testkit/run-cli.ts';

describe('npm run test:faults -- --short', () => {
  it('prints a figure for every scenario and holds every promise', async () => {
    const run = await runCli('faults/run-faults-cli.ts', ['--short'], {}, 480_000);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const rows = run.stdout.split('\n').filter((line) => /^ {2}(HELD|BROKEN) /.test(line));
    expect(rows).toHaveLength(SCENARIOS.length);
    expect(rows.every((row) => row.startsWith('  HELD'))).toBe(true);
    expect(run.stdout).toMatch(new RegExp(`\\n${SCENARIOS.length}/${SCENARIOS.length} promises held in \\d+\\.\\d s\\n`));
    expect(run.stdout).toMatch(/kill -9 during publish .*: current unchanged \d\/4 \(\d killed before the swap step, \d in it\), 0 broken; \d+ requests, 0 failed; after: 0 runs "running" \(\d+ recorded interrupted\), staging left: no, next publish exit 0/);
    expect(run.stdout).toMatch(/crash around the swap .*: killed at 4 points: current stayed on the old release at 3\/3 before the rename, moved to a complete one after it; \d+ requests, 0 failed; 2 leftovers, each removed by the next publish \(exit 0\); torn MANIFEST: a fresh server answered 503, the next publish pointed current at a complete release: true/);
    expect(run.stdout).toMatch(/disk full .*: injected ENOSPC: exit 1 JOURNEY_DISK_FULL, current unchanged: true, integrity_check ok, \d+ requests, 0 failed; next publish exit 0\. (full tmpfs: exit 1 JOURNEY_DISK_FULL, current unchanged: true, integrity_check ok, \d+ requests, 0 failed .*; with room again exit 0|tmpfs: skipped)/);
    expect(run.stdout).toMatch(/scanner faults .*: publish refused 5\/5 .*; old site served: \d+ requests, 0 failed/);
    expect(run.stdout).toMatch(/canary sweep .*: \d+ canaries planted .*: 0 hits; positive control on [1-9]\d* release files, in site-data\.json: true; monitor record and review written: true/);
    expect(run.stdout).toMatch(/bad input at scale .*: 64 MB log, 10 MB one-line JSON, 2000 folders: publish published, 6\/6 named clearly, peak RSS \d+ MB \(limit \d+\); server: \d+ requests, 0 failed/);
    expect(run.stdout).toMatch(/concurrent SQLite writers .*: 800\/800 writes kept, 0 SQLITE_BUSY/);
    expect(run.stdout).toMatch(/graceful stop under load .*: \d+ requests sent before SIGTERM, 0 reset or cut short; exited \d+\.\d+ s after it/);
    expect(run.stdout).toMatch(/retention .*: 8 publishes: 3 releases \(want 3\), 4 snapshots \(want 4\), current kept: true, \d+ requests meanwhile, 0 failed/);
  }, 480_000); // a bound, not a speed goal: the scenarios take 3 to 4 minutes on a shared 2-core machine

  it('exits 1 and marks the row BROKEN when a promise breaks: the canary sweep while the leak scanner can read no file', async () => {
    // Every publish is refused (unreadable files), so the positive control never reaches a release.
    const run = await runCli('faults/run-faults-cli.ts', ['--short', '--only', 'canary sweep'], { JOURNEY_FAULT: 'scan-read:eacces' }, 120_000);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(/^ {2}BROKEN {2}canary sweep \([\d.]+ s\): .*positive control on 0 release files, in site-data\.json: (true|false)/m);
    expect(run.stdout).toContain('0/1 promises held');
  }, 120_000);
});
