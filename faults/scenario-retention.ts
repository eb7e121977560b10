// Scenario 9: after many publishes (50; 8 in the short form) exactly the configured number of
// releases and snapshots remain, `current` is always one of them, and a client reading the site
// all along never gets an error (no pruned release was in use).
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDemo } from '../demo/generate-demo.ts';
import { writeDemo } from '../demo/write-demo.ts';
import { startServer } from '../server/start-server.ts';
import { runNode } from '../bench/bench-publish.ts';
import type { Scenario } from './scenario.ts';

const KEEP = 3;
const SNAPSHOTS = 4;

export const retention: Scenario = {
  name: 'retention',
  promise: `after N publishes exactly ${KEEP} releases and ${SNAPSHOTS} snapshots remain; none in use was pruned`,
  async run({ short, log }) {
    const root = mkdtempSync(path.join(tmpdir(), 'journey-fault-retention-'));
    const loopDir = path.join(root, 'loop');
    const dataDir = path.join(root, 'data');
    writeDemo(loopDir, generateDemo({ iterations: 3, seed: 'faults', now: new Date('2026-11-21T12:00:00Z') }));
    const env = ['--loop-dir', loopDir, '--data-dir', dataDir];
    const publishes = short ? 8 : 50;
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    let reading = true;
    const failures: string[] = [];
    let requests = 0;
    try {
      for (let round = 1; round <= publishes; round++) {
        const state = path.join(loopDir, 'state.json');
        writeFileSync(state, JSON.stringify({ ...JSON.parse(readFileSync(state, 'utf8')), goal: `Retention round ${round}` }));
        const run = await runNode('synth/synth-cli.ts', ['--public', '--rebuild-site', ...env], 120_000, {
          JOURNEY_KEEP_RELEASES: String(KEEP), JOURNEY_RELEASE_GRACE_SECONDS: '0', JOURNEY_SNAPSHOT_MAX: String(SNAPSHOTS),
        });
        if (run.code !== 0 && run.code !== 3) failures.push(`publish ${round} exited ${run.code}`);
        if (round === 1) {
          server = await startServer({ dataDir, host: '127.0.0.1', port: 0 });
          const url = server.url;
          void (async () => {
            while (reading) {
              const response = await fetch(url).catch((error: Error) => ({ status: 0, statusText: error.message, text: async () => '' }));
              requests++;
              if (response.status !== 200) failures.push(`GET / answered ${response.status}`);
              await response.text();
            }
          })();
        }
      }
      reading = false;
      const releases = readdirSync(path.join(dataDir, 'releases'));
      const snapshots = readdirSync(path.join(dataDir, 'snapshots')).filter((name) => !name.startsWith('.'));
      const current = path.basename(readlinkSync(path.join(dataDir, 'current')));
      log(`  ${publishes} publishes: ${releases.length} releases, ${snapshots.length} snapshots, ${requests} requests meanwhile`);
      const ok = releases.length === KEEP && snapshots.length === SNAPSHOTS && releases.includes(current) && failures.length === 0;
      return {
        ok,
        figure: `${publishes} publishes: ${releases.length} releases (want ${KEEP}), ${snapshots.length} snapshots (want ${SNAPSHOTS}), current kept: ${releases.includes(current)}, ${requests} requests meanwhile, ${failures.length} failed${failures.length ? ` (${failures[0]})` : ''}`,
      };
    } finally {
      reading = false;
      await server?.close();
      rmSync(root, { recursive: true, force: true });
    }
  },
};
