// `npm start` on a fresh data folder: generates the demo, publishes it, serves it; nothing planted leaks.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate-demo.ts';
import { DEMO_ITERATIONS } from '../../server/start-cli.ts';
import { REPO, tempDir } from '../../testkit/run-cli.ts';
import { fetchText, until } from '../../testkit/serve.ts';

const dataDir = tempDir('npm-start');
const demo = generateDemo({ iterations: DEMO_ITERATIONS, seed: 'journey', now: new Date() });
let child: ChildProcess;
let output = '';
let base = '';

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  child = spawn('npm', ['start', '--', '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1'], {
    cwd: REPO, detached: true, env: { ...process.env, NO_COLOR: '1', JOURNEY_LOOP_DIR: '' },
  });
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not serve within 150 s:\n${output}`)), 150_000);
    const poll = setInterval(() => {
      const match = /journey serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(match[1]!);
      }
    }, 100);
    child.on('exit', () => reject(new Error(`npm start exited early:\n${output}`)));
  });
  // The server listens at once; the worker publishes the demo while it answers 503.
  await until(async () => (await fetchText(base, '/')).status === 200, 'the demo to be published', 150_000, () => output);
});

afterAll(() => {
  if (child?.pid) process.kill(-child.pid, 'SIGTERM');
});

describe('npm start on a fresh data folder', () => {
  it('serves an overview with the goal, the current iteration and the counts of the demo loop', async () => {
    const state = JSON.parse(demo.files.get('state.json')!);
    const home = await fetchText(base, '/');
    expect(home.status).toBe(200);
    expect(home.text).toContain(state.goal);
    expect(home.text).toMatch(new RegExp(`id="current-iteration">${state.iteration}<`));
    expect(home.text).toContain('id="loop-status">running<');
    const verdicts = demo.files.get('verdicts.jsonl')!.trim().split('\n').map((line) => JSON.parse(line));
    const passes = verdicts.filter((v) => v.verdict === 'pass').length;
    expect(home.text).toContain(`data-verdict="pass">${passes}<`);
  });

  it('serves a page for every demo iteration with its title, plan and diff', async () => {
    for (let n = 1; n <= DEMO_ITERATIONS; n++) {
      const folder = `iterations/${String(n).padStart(4, '0')}`;
      const meta = JSON.parse(demo.files.get(`${folder}/iteration.json`)!);
      const page = await fetchText(base, `/iterations/${n}/`);
      expect(page.status, `iteration ${n}`).toBe(200);
      expect(page.text).toContain(`Iteration ${n}: ${meta.title}`);
      expect(page.text).toContain('<h2 id="plan">');
      if (n < DEMO_ITERATIONS) expect(page.text).toMatch(/<span class="add">\+/);
      else expect(page.text).toContain('in-progress');
    }
    const list = await fetchText(base, '/iterations/');
    expect(list.text.match(/<tr data-iteration=/g)).toHaveLength(DEMO_ITERATIONS);
    const data = JSON.parse((await fetchText(base, '/site-data.json')).text);
    expect(data.iterations).toHaveLength(DEMO_ITERATIONS);
  });

  it('renders hostile HTML in a plan as inert text', async () => {
    const page = await fetchText(base, '/iterations/1/');
    expect(demo.files.get('iterations/0001/plan.md')).toContain('<script>');
    expect(page.text).not.toMatch(/<script>alert|onerror=|href="javascript:/i);
  });

  it('answers 404 for /api/journey, /raw and /status while it runs', async () => {
    for (const route of ['/api/journey', '/raw', '/status']) expect((await fetchText(base, route)).status, route).toBe(404);
  });

  it('leaks no planted demo secret into the release, site-data.json, the public folder or its output', () => {
    const files = [...allFiles(path.join(dataDir, 'current') + '/'), ...allFiles(path.join(dataDir, 'public'))];
    expect(files.length).toBeGreaterThan(DEMO_ITERATIONS * 2);
    const published = files.map((file) => readFileSync(file, 'latin1')).join('\n');
    expect(published).toContain('[REDACTED:'); // positive control: the planted secrets were there and got replaced
    for (const secret of demo.planted) {
      expect(published.includes(secret.value), `${secret.kind} in published files`).toBe(false);
      expect(output.includes(secret.value), `${secret.kind} in npm start output`).toBe(false);
    }
  });
});
