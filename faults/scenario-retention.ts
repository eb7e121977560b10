// Scenario 9: after many publishes (50; 8 in the short form) exactly the configured number of
// releases and snapshots remain, `current` is always one of them, and a client reading the site
// all along never gets an error (no pruned release was in use).
import { readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../server/http/start-server.ts';
import { failedFigure, startReader, withFixture, type Reader } from './fault-fixture.ts';
import type { Scenario } from './scenario.ts';

const KEEP = 3;
const SNAPSHOTS = 4;

export const retention: Scenario = {
  name: 'retention',
  promise: `after N publishes exactly ${KEEP} releases and ${SNAPSHOTS} snapshots remain; none in use was pruned`,
  async run({ short, log }) {
    return withFixture('retention', 3, async (fixture) => {
      const { dataDir } = fixture;
      const publishes = short ? 8 : 50;
      const server = await startServer({ dataDir, host: '127.0.0.1', port: 0 });
      let reader: Reader | undefined;
      let requests = 0;
      const failures: string[] = [];
      try {
        reader = startReader(server.url, ['/']);
        for (let round = 2; round <= publishes; round++) { // the fixture made the first
          fixture.setGoal(`Retention round ${round}`);
          const run = await fixture.publish({ JOURNEY_KEEP_RELEASES: String(KEEP), JOURNEY_RELEASE_GRACE_SECONDS: '0', JOURNEY_SNAPSHOT_MAX: String(SNAPSHOTS) }, 120_000);
          if (run.code !== 0 && run.code !== 3) failures.push(`publish ${round} exited ${run.code}`);
        }
      } finally {
        const read = await reader?.stop();
        failures.push(...(read?.failures ?? []));
        requests = read?.requests ?? 0;
        await server.close();
      }
      const releases = readdirSync(path.join(dataDir, 'releases'));
      const snapshots = readdirSync(path.join(dataDir, 'snapshots')).filter((name) => !name.startsWith('.'));
      const current = path.basename(readlinkSync(path.join(dataDir, 'current')));
      log(`  ${publishes} publishes: ${releases.length} releases, ${snapshots.length} snapshots, ${requests} requests meanwhile`);
      const ok = releases.length === KEEP && snapshots.length === SNAPSHOTS && releases.includes(current) && failures.length === 0;
      return {
        ok,
        figure: `${publishes} publishes: ${releases.length} releases (want ${KEEP}), ${snapshots.length} snapshots (want ${SNAPSHOTS}), current kept: ${releases.includes(current)}, ${requests} requests meanwhile, ${failedFigure(failures)}`,
      };
    });
  },
};
