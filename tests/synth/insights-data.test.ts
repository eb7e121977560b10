// What the Insights page needs of the site data beyond the iterations: the watchdog's restarts, read
// from journey.db with their time and action only, and the site freshness state of each sample.
import { describe, expect, it } from 'vitest';
import type { MonitorSample } from '../../contract/ops-schemas.ts';
import { runWatchdog } from '../../ops/run-watchdog.ts';
import { projectHealth } from '../../synth/project-ops.ts';
import { openDb } from '../../state/db.ts';
import { readWatchdogActions } from '../../state/watchdog-actions.ts';
import { TEST_NOW, writeTestLoop } from '../../testkit/demo-loop.ts';
import { tempDir } from '../../testkit/run-cli.ts';

const sample = (ms: number, site: MonitorSample['site_state']): MonitorSample => ({ ts: new Date(ms).toISOString(), overall: 'OK', site_state: site });

describe('the operations data of the insights', () => {
  it('publishes a real watchdog restart by its time and action, never its reason, over the monitor\'s days', async () => {
    const loopDir = tempDir('insights-watchdog-loop');
    writeTestLoop(loopDir, 2);
    const db = openDb(tempDir('insights-watchdog-data'));
    try {
      // The demo's heartbeat is 20 s old at TEST_NOW: an hour later it is stale and the watchdog restarts the loop.
      const now = new Date(TEST_NOW.getTime() + 3_600_000);
      const config = { loopDir, restartCommand: [process.execPath, '-e', ''], serviceFailedCommand: undefined, maxRestartsPerHour: 3, checkTimeoutSeconds: 10 };
      expect((await runWatchdog(db, config, now)).action).toBe('restart');
      const actions = readWatchdogActions(db);
      expect(actions).toEqual([{ at: now.toISOString(), action: 'restart' }]);
      const health = projectHealth([sample(now.getTime() - 60_000, 'OK'), sample(now.getTime() + 60_000, 'CRIT')], actions);
      expect(health.restarts).toEqual([{ at: now.toISOString(), action: 'restart' }]);
      expect(JSON.stringify(health)).not.toMatch(/heartbeat \d+ s old|restarted|-e/); // the reason and the command stay in journey.db
      expect(health.series.map((p) => p.site_state)).toEqual(['OK', 'CRIT']);
      // Eight days on, the restart is older than the days the health data covers.
      expect(projectHealth([sample(now.getTime() + 8 * 86_400_000, 'OK')], actions).restarts).toEqual([]);
      expect(projectHealth([], actions).restarts).toEqual(actions); // no samples: the newest actions
    } finally {
      db.close();
    }
  });

  it('keeps a sample without a site freshness check as null', () => {
    expect(projectHealth([sample(TEST_NOW.getTime(), undefined)]).series[0]!.site_state).toBeNull();
  });
});
