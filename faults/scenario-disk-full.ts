// Scenario 3: the disk fills during a publish. First an injected ENOSPC while the release's files are
// written; then, where this machine lets us mount one, a real size-limited tmpfs data folder filled to
// its last kilobytes. Each time the publish is refused with JOURNEY_DISK_FULL and a fix, the current
// release keeps serving, journey.db passes `PRAGMA integrity_check`, and once there is room again the
// next publish succeeds by itself.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startServer } from '../server/http/start-server.ts';
import { currentReleaseId } from '../synth/release/write-release.ts';
import { failedFigure, startReader, withFixture, type Fixture } from './fault-fixture.ts';
import type { Scenario } from './scenario.ts';
import { DATA_LAYOUT } from '../core/data-layout.ts';

/** The data folder's tmpfs: room for a few releases, then filled to its last few kilobytes. */
const TMPFS_SIZE = '16m';
const LEFT_FREE_BYTES = 256 * 1024;

function integrity(dataDir: string): string {
  const db = new Database(path.join(dataDir, DATA_LAYOUT.db), { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/** One refused publish while a reader reads: what broke, if anything, and the figure's words. */
async function refusedPublish(fixture: Fixture, env: NodeJS.ProcessEnv, what: string): Promise<{ broken: string[]; said: string[]; figure: string }> {
  const { dataDir } = fixture;
  const before = currentReleaseId(dataDir);
  const server = await startServer({ dataDir, host: '127.0.0.1', port: 0 });
  const reader = startReader(server.url, ['/', '/build.json']);
  fixture.setGoal(`Disk full: ${what}`);
  const run = await fixture.publish(env);
  const read = await reader.stop();
  await server.close();
  const said = run.stderr.split('\n').filter((line) => /JOURNEY_DISK_FULL|fix:/.test(line));
  const clear = /JOURNEY_DISK_FULL: the disk filled while publishing \((ENOSPC|SQLITE_FULL)\)/.test(run.stderr) && /fix: Free space/.test(run.stderr);
  const unchanged = currentReleaseId(dataDir) === before;
  const check = integrity(dataDir);
  const broken = [
    ...(run.code === 1 && clear ? [] : [`${what}: exit ${run.code}, ${clear ? 'a clear message' : `no JOURNEY_DISK_FULL message: ${run.stderr.trim().split('\n').slice(-2).join(' / ')}`}`]),
    ...(unchanged ? [] : [`${what}: current moved`]),
    ...(check === 'ok' ? [] : [`${what}: integrity_check said ${check}`]),
    ...read.failures.slice(0, 1),
  ];
  return { broken, said, figure: `${what}: exit ${run.code} JOURNEY_DISK_FULL, current unchanged: ${unchanged}, integrity_check ${check}, ${read.requests} requests, ${failedFigure(read.failures)}` };
}

/** Mounts a tmpfs of `size` at `dir`; undefined, or why it could not. */
function mountTmpfs(dir: string, size: string): string | undefined {
  mkdirSync(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'journey-fault-tmpfs', dir], { encoding: 'utf8' });
  if (mounted.error) return mounted.error.message;
  return mounted.status === 0 ? undefined : (mounted.stderr.trim() || `mount exited ${mounted.status}`);
}

export const diskFull: Scenario = {
  name: 'disk full',
  promise: 'ENOSPC during the build (injected, then a real full tmpfs): publish refused with a clear error, current serves, integrity_check ok, the next run recovers',
  async run({ log }) {
    return withFixture('disk', 12, async (fixture) => {
      const injected = await refusedPublish(fixture, { JOURNEY_FAULT: 'build-write:enospc' }, 'injected ENOSPC');
      const after = await fixture.publish();
      if (after.code !== 0) injected.broken.push(`the publish after the injected ENOSPC exited ${after.code}`);
      log(`  ${injected.figure}\n    ${injected.said.join('\n    ')}`);

      // A real full disk: the data folder on a 16 MB tmpfs.
      const mount = path.join(fixture.root, 'tmpfs');
      const why = mountTmpfs(mount, TMPFS_SIZE);
      if (why !== undefined) {
        log(`  tmpfs skipped: ${why}`);
        return { ok: injected.broken.length === 0, figure: `${injected.figure}; next publish exit ${after.code}; tmpfs: skipped (${why})${injected.broken.length ? `; BROKEN: ${injected.broken[0]}` : ''}` };
      }
      try {
        const small = fixture.withDataDir(mount);
        const seeded = await small.publish();
        if (seeded.code !== 0) return { ok: false, figure: `the first publish onto the tmpfs failed (exit ${seeded.code}): ${seeded.stderr.trim().split('\n').at(-1)}` };
        const { bavail, bsize } = statfsSync(mount);
        const filler = path.join(mount, 'filler');
        writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - LEFT_FREE_BYTES)));
        // A change whose pages need far more than the room left (a 2 MB plan), so the database's small
        // writes pass and the release's files meet the full disk. The up-front check (maxDiskUsedPercent)
        // would refuse before any write: it is lifted so the writes meet the disk.
        appendFileSync(path.join(fixture.loopDir, 'iterations', '0001', 'plan.md'), `\n${'A long plan line that fills the disk.\n'.repeat(56_000)}`);
        const real = await refusedPublish(small, { JOURNEY_MAX_DISK_USED_PERCENT: '100' }, 'full tmpfs');
        rmSync(filler);
        const room = await small.publish();
        if (room.code !== 0) real.broken.push(`with room again the publish exited ${room.code}`);
        const broken = [...injected.broken, ...real.broken];
        log(`  ${real.figure}\n    ${real.said.join('\n    ')}`);
        return {
          ok: broken.length === 0,
          figure: `${injected.figure}; next publish exit ${after.code}. ${real.figure} (${TMPFS_SIZE} tmpfs, ${LEFT_FREE_BYTES / 1024} KB left free); with room again exit ${room.code}${broken.length ? `; BROKEN: ${broken[0]}` : ''}`,
        };
      } finally {
        spawnSync('umount', ['-l', mount]);
      }
    });
  },
};
