// The watchdog with a restart command that records its calls: a stale heartbeat restarts the loop,
// a fresh one never does (state-heartbeat.json or state.json's updated_at, the fresher one counts),
// the hourly limit holds, and giving up alerts once.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../state/db.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { runCli, tempDir } from '../../testkit/run-cli.ts';

/** A script appending a line to `log` per call, exiting `code`. */
function recorder(dir: string, log: string, code = 0): string {
  const file = path.join(dir, `record-${path.basename(log)}-${code}.sh`);
  writeFileSync(file, `#!/bin/sh\necho "$@" >> ${log}\nexit ${code}\n`);
  chmodSync(file, 0o755);
  return file;
}

/**
 * A loop whose heartbeat file is `heartbeatAgeS` old (none when null) and whose state.json was
 * updated `stateAgeS` ago (an hour before the heartbeat by default), with a watchdog to run on it.
 */
function setup(heartbeatAgeS: number | null, stateAgeS = (heartbeatAgeS ?? 0) + 3600) {
  const loopDir = tempDir('watchdog-loop');
  const dataDir = tempDir('watchdog-data');
  writeTestLoop(loopDir, 2);
  const age = (file: string, key: string, seconds: number) => {
    const record = JSON.parse(readFileSync(path.join(loopDir, file), 'utf8'));
    writeFileSync(path.join(loopDir, file), JSON.stringify({ ...record, [key]: new Date(Date.now() - seconds * 1000).toISOString() }));
  };
  if (heartbeatAgeS === null) rmSync(path.join(loopDir, 'state-heartbeat.json'));
  else age('state-heartbeat.json', 'ts', heartbeatAgeS);
  age('state.json', 'updated_at', stateAgeS);
  const calls = path.join(dataDir, 'restarts.log');
  const alerts = path.join(dataDir, 'alerts.log');
  const tools = tempDir('watchdog-tools');
  const env = {
    JOURNEY_RESTART_COMMAND: `${recorder(tools, calls)} restart autoswe.service`,
    JOURNEY_SERVICE_FAILED_COMMAND: '', JOURNEY_MAX_RESTARTS_PER_HOUR: '3',
    JOURNEY_ALERT_COMMAND: recorder(tools, alerts),
  };
  const run = (extra: NodeJS.ProcessEnv = {}) => runCli('ops/watchdog-cli.ts', ['--loop-dir', loopDir, '--data-dir', dataDir], { ...env, ...extra });
  const count = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0);
  return { loopDir, dataDir, run, restarts: () => count(calls), alerts: () => count(alerts) };
}

describe('npm run watchdog', () => {
  it('never restarts a loop whose heartbeat is fresh', async () => {
    const dog = setup(30);
    for (let i = 0; i < 3; i++) expect((await dog.run()).code).toBe(0);
    expect(dog.restarts()).toBe(0);
  }, 60_000);

  it('restarts a stale loop once per run, at most 3 times an hour, then gives up with CRIT and alerts once', async () => {
    const dog = setup(1000);
    const first = await dog.run();
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/watchdog: restart: heartbeat \d+ s old \(limit 900 s\); restarted/);
    expect(dog.restarts()).toBe(1);
    expect((await dog.run()).code).toBe(1);
    expect((await dog.run()).code).toBe(1);
    expect(dog.restarts()).toBe(3);
    const fourth = await dog.run();
    expect(fourth.code).toBe(2);
    expect(fourth.stderr).toMatch(/not restarting: 3 restarts in the last hour \(limit 3\)/);
    expect((await dog.run()).code).toBe(2);
    expect(dog.restarts()).toBe(3); // the limit holds
    expect(dog.alerts()).toBe(1); // giving up alerts once, not per run
    const db = openDb(dog.dataDir);
    try {
      const actions = db.prepare('SELECT action, reason, outcome FROM watchdog_actions ORDER BY id').all() as { action: string; reason: string; outcome: string }[];
      expect(actions.map((a) => a.action)).toEqual(['restart', 'restart', 'restart', 'gave-up', 'gave-up']);
      expect(actions[0]).toMatchObject({ reason: expect.stringMatching(/^heartbeat \d+ s old/), outcome: 'exit 0' });
    } finally {
      db.close();
    }
  }, 90_000);

  it('restarts a loop that writes only state.json once its updated_at is stale, and never while it is fresh', async () => {
    const fresh = setup(null, 30);
    expect((await fresh.run()).code).toBe(0);
    expect(fresh.restarts()).toBe(0);
    const stale = setup(null, 1000);
    const run = await stale.run();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/watchdog: restart: heartbeat 100\d s old \(state\.json updated_at; limit 900 s\); restarted/);
    expect(stale.restarts()).toBe(1);
  }, 60_000);

  it('lets the fresher of state-heartbeat.json and state.json decide: either one fresh is a live loop', async () => {
    const freshState = setup(1000, 30); // the heartbeat file is stale, state.json is not
    expect((await freshState.run()).code).toBe(0);
    const freshBeat = setup(30, 1000); // and the other way round
    expect((await freshBeat.run()).code).toBe(0);
    expect(freshState.restarts() + freshBeat.restarts()).toBe(0);
    const bothStale = setup(1000, 2000);
    const run = await bothStale.run();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/heartbeat 100\d s old \(limit 900 s\); restarted/); // the fresher one, the heartbeat file, is named by its age
  }, 60_000);

  it('restarts a loop whose service has failed even with a fresh heartbeat, and reports a failing restart as CRIT', async () => {
    const dog = setup(30);
    const failed = await dog.run({ JOURNEY_SERVICE_FAILED_COMMAND: 'true' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/the loop's service is in a failed state/);
    const broken = await dog.run({ JOURNEY_SERVICE_FAILED_COMMAND: 'true', JOURNEY_RESTART_COMMAND: 'false' });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/the restart failed: exit 1/);
  }, 60_000);
});
