// The publish worker beside `npm run serve`: touching the trigger publishes a new iteration, and
// a burst of triggers makes one publish.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../state/db.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { tempDir } from '../../testkit/run-cli.ts';
import { fetchText, startServeProcess, until, type ServeProcess } from '../../testkit/serve.ts';

const loopDir = tempDir('worker-loop');
const dataDir = tempDir('worker-data');
let server: ServeProcess;
let base = '';

const addIteration = (number: number) => {
  const target = path.join(loopDir, 'iterations', String(number).padStart(4, '0'));
  cpSync(path.join(loopDir, 'iterations', '0003'), target, { recursive: true });
  const meta = path.join(target, 'iteration.json');
  writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), iteration: number, title: `Iteration added as ${number}` }));
};

beforeAll(async () => {
  writeTestLoop(loopDir, 3);
  server = await startServeProcess('serve-cli.ts', ['--loop-dir', loopDir, '--data-dir', dataDir]);
  base = server.base;
  // Nothing is current yet: the worker publishes at once while the server answers 503.
  await until(async () => (await fetchText(base, '/')).status === 200, 'the first publish', 120_000, server.output);
});

afterAll(async () => {
  await server?.stop();
});

describe('the publish worker', () => {
  it('publishes a new iteration when the trigger file appears, and deletes the trigger', async () => {
    addIteration(4);
    expect((await fetchText(base, '/iterations/4/')).status).toBe(404);
    writeFileSync(path.join(dataDir, 'synth-trigger'), '');
    await until(async () => (await fetchText(base, '/iterations/4/')).status === 200, 'iteration 4 to go live', 60_000, server.output);
    expect((await fetchText(base, '/iterations/4/')).text).toContain('Iteration added as 4');
    expect(existsSync(path.join(dataDir, 'synth-trigger'))).toBe(false);
    expect(server.output()).toMatch(/publish worker ready: render bundle loaded in /); // warm before its first request
  });

  it('turns a burst of triggers into one publish (two at most), never overlapping, and logs each publish', async () => {
    const db = openDb(dataDir);
    type Row = { trigger: string; started_at: string; ended_at: string };
    const rows = () => db.prepare(`SELECT trigger, started_at, ended_at FROM runs WHERE trigger = 'trigger' ORDER BY id`).all() as Row[];
    const before = rows().length;
    addIteration(5);
    for (let burst = 0; burst < 10; burst++) writeFileSync(path.join(dataDir, 'synth-trigger'), String(burst));
    await until(async () => (await fetchText(base, '/iterations/5/')).status === 200, 'iteration 5 to go live', 60_000, server.output);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // any further run ends
    const made = rows().slice(before);
    db.close();
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(made.length).toBeLessThanOrEqual(2);
    for (let i = 1; i < made.length; i++) expect(made[i]!.started_at >= made[i - 1]!.ended_at).toBe(true);
    expect(server.output()).toMatch(/\{"t":"[^"]+","kind":"publish","trigger":"trigger","outcome":"published","exitCode":0,"ms":\d+,"release":"\d{8}T\d{6}Z-[0-9a-f]+"\}/);
  });

  it('publishes an edit inside an older iteration\'s folder on the next trigger: its watch saw the change', async () => {
    expect(server.output()).toMatch(/publish worker: watching \d+ iteration folders/);
    const plan = path.join(loopDir, 'iterations', '0002', 'plan.md');
    writeFileSync(plan, `${readFileSync(plan, 'utf8')}\n\nA late note from the planner, written in place.\n`);
    writeFileSync(path.join(dataDir, 'synth-trigger'), '');
    await until(async () => (await fetchText(base, '/iterations/2/')).text.includes('A late note from the planner'), 'the edit to go live', 60_000, server.output);
  });
});
