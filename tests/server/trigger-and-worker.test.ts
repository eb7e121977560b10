// The trigger bridge, the publish supervisor and the serve modes, run as `npm run serve` runs them,
// with a stub worker (tests/server/fixtures/stub-worker.ts) that records every run it is asked for.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchTrigger } from '../../server/publish/trigger-bridge.ts';
import { openDb } from '../../state/db.ts';
import { REPO, tempDir } from '../../testkit/run-cli.ts';
import { fetchText, isAlive, startServeProcess, until, type ServeProcess } from '../../testkit/serve.ts';

const STUB = path.join(REPO, 'tests/server/fixtures/stub-worker.ts');
const running: ServeProcess[] = [];

interface Stub { server: ServeProcess; dataDir: string; trigger: string; hold: string; log: string }

/** Starts `npm run serve` with the stub worker; waits for its start-up publish (nothing is current) to end. */
async function serveWithStub(env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<Stub> {
  const dataDir = tempDir('trigger-data');
  const paths = { dataDir, trigger: path.join(dataDir, 'synth-trigger'), hold: path.join(dataDir, 'stub-hold'), log: path.join(dataDir, 'stub.log') };
  writeFileSync(paths.log, '');
  const server = await startServeProcess('serve-cli.ts', ['--loop-dir', tempDir('trigger-loop'), '--data-dir', dataDir, ...args], {
    JOURNEY_WORKER_COMMAND: `${process.execPath} ${STUB}`, STUB_LOG: paths.log, STUB_HOLD: paths.hold,
    JOURNEY_SERVE_PROCESSES: '1', JOURNEY_RECONCILE_SECONDS: '3600', ...env,
  });
  running.push(server);
  const stub = { server, ...paths };
  if (!args.includes('--no-worker') && env['STUB_HANG'] !== '1') await until(() => runs(stub).some((run) => run.trigger === 'start' && run.ended), 'the start-up publish', 20_000, server.output);
  return stub;
}

interface Run { id: number; trigger: string; started: number; ended: number | undefined }

/** The runs the stub recorded, in order. */
function runs(stub: Stub): Run[] {
  const list = new Map<number, Run>();
  for (const line of readFileSync(stub.log, 'utf8').split('\n')) {
    const [word, id, a, b] = line.split(' ');
    if (word === 'start') list.set(Number(id), { id: Number(id), trigger: a!, started: Number(b), ended: undefined });
    if (word === 'end') list.get(Number(id))!.ended = Number(a);
  }
  return [...list.values()];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

describe('the trigger bridge', () => {
  it('turns 1,000 touches in 10 s during a slow publish into at most 2 runs, never overlapping', async () => {
    const stub = await serveWithStub();
    const before = runs(stub).length;
    writeFileSync(stub.hold, '');
    const started = Date.now();
    for (let touch = 0; touch < 1000; touch++) {
      writeFileSync(stub.trigger, String(touch));
      await sleep(Math.max(0, started + touch * 10 - Date.now()));
    }
    expect(Date.now() - started).toBeLessThan(12_000);
    rmSync(stub.hold);
    await until(() => runs(stub).every((run) => run.ended) && !existsSync(stub.trigger), 'the runs to end', 10_000, stub.server.output);
    await sleep(1000); // a late third run would start here
    const made = runs(stub).slice(before);
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(made.length).toBeLessThanOrEqual(2);
    for (let i = 1; i < made.length; i++) expect(made[i]!.started).toBeGreaterThanOrEqual(made[i - 1]!.ended!);
  }, 40_000);

  it('runs exactly once more for a trigger created during a run', async () => {
    const stub = await serveWithStub();
    const before = runs(stub).length;
    writeFileSync(stub.hold, '');
    writeFileSync(stub.trigger, '');
    await until(() => runs(stub).length === before + 1, 'the first run', 10_000, stub.server.output);
    await sleep(200);
    writeFileSync(stub.trigger, '');
    await sleep(500);
    rmSync(stub.hold);
    await until(() => runs(stub).length === before + 2 && runs(stub).every((run) => run.ended), 'the follow-up run', 10_000, stub.server.output);
    await sleep(1000);
    expect(runs(stub).length).toBe(before + 2);
  }, 30_000);

  it('runs once more for a trigger created during a run even when the file system clock lags ours by a year', async () => {
    // A shared volume or a clock step: every trigger's mtime is far behind the server's clock, as
    // on a machine whose date moved on. Only the order of the files' own mtimes may count.
    const lag = 400 * 86_400_000;
    const touchLagging = (stub: Stub) => {
      const temp = `${stub.trigger}.tmp`;
      writeFileSync(temp, '');
      const at = new Date(Date.now() - lag);
      utimesSync(temp, at, at);
      renameSync(temp, stub.trigger);
    };
    const stub = await serveWithStub();
    const before = runs(stub).length;
    writeFileSync(stub.hold, '');
    touchLagging(stub);
    await until(() => runs(stub).length === before + 1, 'the first run', 10_000, stub.server.output);
    await sleep(200);
    touchLagging(stub);
    await sleep(500);
    rmSync(stub.hold);
    await until(() => runs(stub).length === before + 2 && runs(stub).every((run) => run.ended), 'the follow-up run', 10_000, stub.server.output);
    await sleep(1000);
    expect(runs(stub).length).toBe(before + 2);
  }, 30_000);

  it('sees a trigger re-created 20 ms after its deletion, 20 times out of 20', async () => {
    const stub = await serveWithStub();
    for (let trial = 0; trial < 20; trial++) {
      const before = runs(stub).length;
      writeFileSync(stub.trigger, `trial ${trial}`);
      await until(() => !existsSync(stub.trigger), `the worker to delete the trigger (trial ${trial})`, 10_000, stub.server.output);
      await sleep(20);
      writeFileSync(stub.trigger, `trial ${trial} again`);
      await until(() => runs(stub).length >= before + 2, `the re-created trigger to be seen (trial ${trial})`, 10_000, stub.server.output);
      await until(() => runs(stub).every((run) => run.ended) && !existsSync(stub.trigger), 'quiet', 10_000);
    }
  }, 120_000);

  it('checks for the trigger every reconcile period, so a trigger the watcher missed is still seen', async () => {
    const folder = path.join(tempDir('reconcile'), 'trigger-folder');
    const trigger = path.join(folder, 'synth-trigger');
    const seen: string[] = [];
    const bridge = await watchTrigger(trigger, 300, (why) => seen.push(why));
    try {
      // The folder is replaced under the watcher (a remounted volume): its events are lost.
      rmSync(folder, { recursive: true });
      mkdirSync(folder);
      await sleep(200);
      writeFileSync(trigger, '');
      await until(() => seen.includes('reconcile'), 'the reconcile check to see the trigger', 5_000);
    } finally {
      await bridge.close();
    }
  });
});

describe('the publish worker', () => {
  it('kills a worker that ignores SIGTERM at the timeout, with its child, records it, and starts a fresh one', async () => {
    const stub = await serveWithStub({ STUB_HANG: '1', JOURNEY_PUBLISH_TIMEOUT_SECONDS: '2', JOURNEY_KILL_GRACE_SECONDS: '1' });
    await until(() => /grandchild/.test(readFileSync(stub.log, 'utf8')), 'the hanging start-up publish', 10_000, stub.server.output);
    const firstWorker = Number(/worker (\d+)/.exec(readFileSync(stub.log, 'utf8'))![1]);
    // The start-up publish hangs; wait for its timeout and the fresh worker.
    await until(() => (readFileSync(stub.log, 'utf8').match(/^worker /gm) ?? []).length >= 2, 'a fresh worker', 15_000, stub.server.output);
    const log = readFileSync(stub.log, 'utf8');
    const grandchild = Number(/grandchild (\d+)/.exec(log)![1]);
    expect(log).toContain(`ignored SIGTERM ${firstWorker}`);
    await until(() => !isAlive(firstWorker) && !isAlive(grandchild), 'the old group to be gone', 5_000);
    expect(stub.server.output()).toMatch(/"kind":"publish","trigger":"start","outcome":"timed-out"/);
    const db = openDb(stub.dataDir);
    const rows = db.prepare(`SELECT trigger, pid FROM runs WHERE outcome = 'timed-out'`).all();
    db.close();
    expect(rows).toEqual([{ trigger: 'start', pid: firstWorker }]);
    expect((await fetchText(stub.server.base, '/')).status).toBe(503); // still serving: nothing published yet
  }, 30_000);

  it('keeps serving, and stops on SIGTERM, when the worker command cannot start', async () => {
    const dataDir = tempDir('no-worker-binary');
    const server = await startServeProcess('serve-cli.ts', ['--loop-dir', tempDir('no-worker-loop'), '--data-dir', dataDir], {
      JOURNEY_WORKER_COMMAND: path.join(dataDir, 'no-such-worker'), JOURNEY_SERVE_PROCESSES: '1',
    });
    running.push(server);
    await until(() => server.output().includes('the publish worker could not start'), 'the failure to be reported', 10_000, server.output);
    expect((await fetchText(server.base, '/')).status).toBe(503);
    expect(await server.stop()).toBe(0);
  }, 30_000);

  it('runs the worker with JOURNEY_PUBLISH=1 in its own process group, and stops the group on SIGTERM', async () => {
    const stub = await serveWithStub();
    const worker = Number(/worker (\d+) 1$/m.exec(readFileSync(stub.log, 'utf8'))![1]);
    expect(isAlive(worker)).toBe(true);
    expect(await stub.server.stop()).toBe(0);
    expect(stub.server.output()).toContain('stopped');
    await until(() => !isAlive(worker), 'the worker to stop', 5_000);
  }, 30_000);
});

describe('serve modes', () => {
  it('--no-worker serves only: no worker starts and the trigger stays untouched', async () => {
    const stub = await serveWithStub({}, ['--no-worker']);
    writeFileSync(stub.trigger, '');
    await sleep(1000);
    expect(existsSync(stub.trigger)).toBe(true);
    expect(readFileSync(stub.log, 'utf8')).toBe('');
    expect(stub.server.output()).toContain('serve only');
  }, 30_000);

  it('--no-trigger runs the worker but leaves the trigger to another consumer', async () => {
    const stub = await serveWithStub({}, ['--no-trigger']);
    writeFileSync(stub.trigger, '');
    await sleep(1000);
    expect(existsSync(stub.trigger)).toBe(true);
    expect(runs(stub).map((run) => run.trigger)).toEqual(['start']);
  }, 30_000);

  it('--trigger watches another path', async () => {
    const elsewhere = path.join(tempDir('trigger-elsewhere'), 'please-publish');
    const stub = await serveWithStub({}, ['--trigger', elsewhere]);
    writeFileSync(elsewhere, '');
    await until(() => runs(stub).some((run) => run.trigger === 'trigger'), 'a run from the other trigger path', 10_000, stub.server.output);
  }, 30_000);

  it('npm start mode publishes on the timer; npm run serve does not', async () => {
    const timing = { JOURNEY_TIMER_FIRST_SECONDS: '1', JOURNEY_TIMER_EVERY_SECONDS: '1' };
    const serve = await serveWithStub(timing);
    const dataDir = tempDir('timer-data');
    const log = path.join(dataDir, 'stub.log');
    writeFileSync(log, '');
    const start = await startServeProcess('start-cli.ts', ['--loop-dir', tempDir('timer-loop'), '--data-dir', dataDir], {
      JOURNEY_WORKER_COMMAND: `${process.execPath} ${STUB}`, STUB_LOG: log, JOURNEY_SERVE_PROCESSES: '1', ...timing,
    });
    running.push(start);
    await until(() => (readFileSync(log, 'utf8').match(/ timer /g) ?? []).length >= 2, 'two timer runs', 10_000, start.output);
    expect(runs(serve).some((run) => run.trigger === 'timer')).toBe(false);
  }, 30_000);
});
