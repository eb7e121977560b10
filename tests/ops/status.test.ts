// npm run status: one JSON document about the publisher, breakers, monitor and budget.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../state/db.ts';
import { recordBreaker } from '../../state/breaker.ts';
import { writeTestLoop, writeTestOps } from '../../testkit/demo-loop.ts';
import { publishLoop, runCli, tempDir } from '../../testkit/run-cli.ts';

describe('npm run status', () => {
  it('reports the last publish, the current release, an open breaker, the monitor state and cost against the budget', async () => {
    const loopDir = tempDir('status-loop');
    const dataDir = tempDir('status-data');
    writeTestLoop(loopDir, 4);
    writeTestOps(dataDir, 4);
    expect((await publishLoop(loopDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'status-test-key-0123456789' } })).code).toBe(0);
    const db = openDb(dataDir);
    for (let i = 0; i < 5; i++) recordBreaker(db, 'reviewer', false, 5, new Date());
    db.close();
    const run = await runCli('ops/status-cli.ts', ['--data-dir', dataDir], { JOURNEY_DAILY_BUDGET_USD: '0.000001' });
    expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse(run.stdout);
    expect(status.publisher.current_release).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    expect(status.publisher.last_publish).toMatchObject({ outcome: 'published', release: status.publisher.current_release, trigger: 'manual' });
    expect(status.publisher.running).toBeNull();
    expect(status.breakers).toEqual([{ name: 'reviewer', state: 'open', failures: 5, open_until: expect.any(String) }]);
    expect(status.monitor).toMatchObject({ overall: expect.stringMatching(/^(OK|WARN|CRIT)$/) });
    // The demo's iterations ran "today" (the test clock's day): cost today counts them only if today is that day.
    expect(status.budget).toMatchObject({ daily_usd: 0.000001, state: status.budget.today_usd > 0.000001 ? 'over' : 'within' });
    const missing = await runCli('ops/status-cli.ts', ['--data-dir', path.join(dataDir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/JOURNEY_DATA_DIR_MISSING/);
  }, 120_000);
});
