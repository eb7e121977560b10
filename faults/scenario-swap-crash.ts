// Scenario 2: a publish killed at each step around its swap (MANIFEST not yet written; the release
// renamed into place before its fsync; the new link made before the rename; `current` renamed before
// the fsync) while a client reads: only a release with a complete MANIFEST is ever answered from.
// Then a power cut that lost the unsynced MANIFEST is played out (the new release's MANIFEST torn):
// a fresh server refuses it, and the next publish points `current` back at a complete release.
import { existsSync, readdirSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';
import type { FaultPoint } from '../core/fault-point.ts';
import { startServer } from '../server/http/start-server.ts';
import { currentReleaseId, readManifest, MANIFEST } from '../synth/release/write-release.ts';
import { dataPaths } from '../core/data-layout.ts';
import { failedFigure, startReader, withFixture, type Fixture } from './fault-fixture.ts';
import type { Scenario } from './scenario.ts';

/** The kill points, in the order a publish reaches them; the last one leaves the new release current. */
const POINTS: readonly FaultPoint[] = ['seal-before-manifest', 'release-renamed', 'swap-linked', 'swap-renamed'];

/** build.json of every release whose MANIFEST is complete now. */
function completeBuilds(dataDir: string): Set<string> {
  const releases = dataPaths(dataDir).releases;
  return new Set(readdirSync(releases).filter((id) => readManifest(dataDir, id) !== undefined)
    .map((id) => readFileSync(path.join(releases, id, 'build.json'), 'utf8')));
}

/** What a crashed run may leave: staging folders, a half-made link beside `current`, incomplete releases. */
function leftovers(dataDir: string): string[] {
  const where = dataPaths(dataDir);
  return [
    ...(existsSync(where.staging) ? readdirSync(where.staging).map((name) => `staging/${name}`) : []),
    ...readdirSync(dataDir).filter((name) => name.startsWith('.current.tmp-')),
    ...readdirSync(where.releases).filter((id) => readManifest(dataDir, id) === undefined).map((id) => `releases/${id} (no complete MANIFEST)`),
  ];
}

/** Kills a publish at `point`; says what went wrong, if anything. */
async function killAt(fixture: Fixture, point: FaultPoint): Promise<string | undefined> {
  const before = currentReleaseId(fixture.dataDir);
  fixture.setGoal(`Swap crash at ${point}`);
  const run = await fixture.publish({ JOURNEY_FAULT: `${point}:kill` });
  if (run.code !== null || !run.stderr.includes(`fault injected: ${point}:kill`)) return `${point}: the run was not killed there (exit ${run.code})`;
  const after = currentReleaseId(fixture.dataDir);
  if (after === undefined || readManifest(fixture.dataDir, after) === undefined) return `${point}: current -> ${after} without a complete MANIFEST`;
  const moved = after !== before;
  if (moved !== (point === 'swap-renamed')) return `${point}: current ${moved ? 'moved' : 'stayed'}`;
  return undefined;
}

export const swapCrash: Scenario = {
  name: 'crash around the swap',
  promise: 'killed at each step of the swap, or a power cut losing the unsynced MANIFEST: only a release with a complete MANIFEST is served',
  async run({ log }) {
    return withFixture('swap', 12, async (fixture) => {
      const { dataDir } = fixture;
      const server = await startServer({ dataDir, host: '127.0.0.1', port: 0 });
      const broken: string[] = [];
      let fresh: Awaited<ReturnType<typeof startServer>> | undefined;
      try {
        // A response counts only when it is the build.json of a release complete at that moment.
        const reader = startReader(server.url, ['/build.json'], (_route, body) => (completeBuilds(dataDir).has(body) ? undefined : 'answered from a release without a complete MANIFEST'));
        let leftBehind = 0; // each run recovers what the kill before it left
        for (const point of POINTS) {
          const wrong = await killAt(fixture, point);
          if (wrong) broken.push(wrong);
          const left = leftovers(dataDir);
          leftBehind += left.length;
          log(`  killed at ${point}: current -> ${currentReleaseId(dataDir)}; left: ${left.join(', ') || 'nothing'}`);
        }
        const recovered = await fixture.publish();
        const leftAfter = leftovers(dataDir);
        if (recovered.code !== 0) broken.push(`the publish after the kills exited ${recovered.code}`);
        const read = await reader.stop();
        broken.push(...read.failures.slice(0, 3));

        // Power cut: the rename over `current` reached the disk, the MANIFEST behind it did not.
        fixture.setGoal('Swap crash, torn manifest');
        await fixture.publish({ JOURNEY_FAULT: 'swap-renamed:kill' });
        const torn = currentReleaseId(dataDir)!;
        truncateSync(path.join(dataPaths(dataDir).releases, torn, MANIFEST), 40);
        fresh = await startServer({ dataDir, host: '127.0.0.1', port: 0 });
        const refused = (await fetch(new URL('/build.json', fresh.url))).status;
        await fresh.close();
        fresh = undefined;
        const repaired = await fixture.publish();
        const servedAfter = currentReleaseId(dataDir);
        const recoveryLine = /recovered: current pointed at \S+, which has no complete manifest: now \S+/.test(repaired.stderr);
        fresh = await startServer({ dataDir, host: '127.0.0.1', port: 0 });
        const answered = await fetch(new URL('/build.json', fresh.url));
        const servesComplete = answered.status === 200 && completeBuilds(dataDir).has(await answered.text());
        if (refused !== 503) broken.push(`a fresh server on the torn release answered ${refused}, not 503`);
        if (!recoveryLine || repaired.code !== 0 || !servesComplete || servedAfter === torn) broken.push(`the publish after the torn MANIFEST did not recover (exit ${repaired.code})`);
        if (leftAfter.length > 0) broken.push(`left after recovery: ${leftAfter.join(', ')}`);
        return {
          ok: broken.length === 0,
          figure: `killed at ${POINTS.length} points: current stayed on the old release at ${POINTS.length - 1}/${POINTS.length - 1} before the rename, `
            + `moved to a complete one after it; ${read.requests} requests, ${failedFigure(read.failures)}; ${leftBehind} leftovers, each removed by the next publish (exit ${recovered.code}); `
            + `torn MANIFEST: a fresh server answered ${refused}, the next publish pointed current at a complete release: ${servesComplete}`
            + `${broken.length ? `; BROKEN: ${broken[0]}` : ''}`,
        };
      } finally {
        await server.close();
        await fresh?.close();
      }
    });
  },
};
