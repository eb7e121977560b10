// The publish worker beside `npm run serve`: touching the trigger publishes a new iteration, and
// triggers during a run coalesce into one follow-up run.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../synth/db.ts';
import { writeTestLoop } from '../helpers/demo-loop.ts';
import { REPO, tempDir } from '../helpers/run-cli.ts';
import { fetchText } from '../helpers/serve.ts';

const loopDir = tempDir('worker-loop');
const dataDir = tempDir('worker-data');
let child: ChildProcess;
let output = '';
let base = '';

const addIteration = (number: number) => {
  const target = path.join(loopDir, 'iterations', String(number).padStart(4, '0'));
  cpSync(path.join(loopDir, 'iterations', '0003'), target, { recursive: true });
  const meta = path.join(target, 'iteration.json');
  writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), iteration: number, title: `Iteration added as ${number}` }));
};

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}:\n${output.slice(-3000)}`);
}

beforeAll(async () => {
  writeTestLoop(loopDir, 3);
  child = spawn(process.execPath, [path.join(REPO, 'server/serve-cli.ts'), '--loop-dir', loopDir, '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1'], {
    cwd: REPO, detached: true, env: { ...process.env, NO_COLOR: '1', JOURNEY_REDACT_KEY: 'worker-test-key-0123456789' },
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until(() => output.includes('publishing when'), 'the server and its worker');
  base = /journey serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)![1]!;
});

afterAll(() => {
  if (child?.pid) process.kill(-child.pid, 'SIGTERM');
});

describe('the publish worker', () => {
  it('publishes a new iteration when the trigger file appears, and deletes the trigger', async () => {
    addIteration(4);
    expect((await fetchText(base, '/iterations/4/')).status).toBe(404);
    writeFileSync(path.join(dataDir, 'synth-trigger'), '');
    await until(async () => (await fetchText(base, '/iterations/4/')).status === 200, 'iteration 4 to go live');
    expect((await fetchText(base, '/iterations/4/')).text).toContain('Iteration added as 4');
    expect(existsSync(path.join(dataDir, 'synth-trigger'))).toBe(false);
  });

  it('coalesces a burst of triggers during a run into one follow-up run', async () => {
    const db = openDb(dataDir);
    const runs = () => (db.prepare(`SELECT count(*) AS n FROM runs WHERE trigger IN ('trigger', 'follow-up')`).get() as { n: number }).n;
    const before = runs();
    addIteration(5);
    for (let burst = 0; burst < 10; burst++) {
      writeFileSync(path.join(dataDir, 'synth-trigger'), String(burst));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(async () => (await fetchText(base, '/iterations/5/')).status === 200, 'iteration 5 to go live');
    await new Promise((resolve) => setTimeout(resolve, 3000)); // any follow-up run ends
    const made = runs() - before;
    expect(made).toBeGreaterThanOrEqual(1);
    expect(made).toBeLessThanOrEqual(3); // ten triggers within one run: the run, one follow-up, at most one late one
    db.close();
  });
});
