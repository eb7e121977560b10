// The operator console: loopback only, raw beside public with the redactions marked, its actions
// same-origin only; and none of its routes on the public port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLoop } from '../../demo/generate-demo.ts';
import { writeTestLoop } from '../helpers/demo-loop.ts';
import { publishLoop, REPO, runCli, tempDir } from '../helpers/run-cli.ts';
import { fetchText, startServeProcess, until, type ServeProcess } from '../helpers/serve.ts';

const KEY = { JOURNEY_REDACT_KEY: 'console-test-key-0123456789' };
const loopDir = tempDir('console-loop');
const dataDir = tempDir('console-data');
let demo: DemoLoop;
let console_: ChildProcess;
let base = '';
let output = '';
let publicServer: ServeProcess;

beforeAll(async () => {
  demo = writeTestLoop(loopDir, 4);
  expect((await publishLoop(loopDir, dataDir, { env: KEY })).code).toBe(0);
  console_ = spawn(process.execPath, [path.join(REPO, 'console/console-cli.ts'), '--port', '0', '--loop-dir', loopDir, '--data-dir', dataDir], {
    cwd: REPO, env: { ...process.env, ...KEY, NO_COLOR: '1' },
  });
  console_.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until(() => /console on (http:\/\/127\.0\.0\.1:\d+)\//.test(output), 'the console to listen', 120_000, () => output);
  base = /console on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)![1]!;
  publicServer = await startServeProcess('serve-cli.ts', ['--data-dir', dataDir, '--no-worker'], { JOURNEY_SERVE_PROCESSES: '1' });
}, 180_000);

afterAll(async () => {
  console_?.kill('SIGTERM');
  await publicServer?.stop();
});

describe('npm run console', () => {
  it('refuses to start on any address but loopback', async () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'example.org']) {
      const run = await runCli('console/console-cli.ts', ['--host', host, '--data-dir', dataDir]);
      expect(run.code, host).toBe(2);
      expect(run.stderr).toContain(`--host ${host} is not a loopback address`);
    }
  }, 60_000);

  it('shows each raw file beside its public text, every redaction marked with its rule and fingerprint', async () => {
    const home = await fetchText(base, '/console/');
    expect(home.status).toBe(200);
    expect(home.text).toMatch(/Current release <code id="current-release">\d{8}T\d{6}Z-[0-9a-f]{8}<\/code>/);
    const pages = await Promise.all([1, 2, 3, 4].map((n) => fetchText(base, `/console/iterations/${n}/`)));
    const html = pages.map((p) => p.text).join('\n');
    expect(pages.every((p) => p.status === 200)).toBe(true);
    const marks = [...html.matchAll(/<mark data-rule="([\w-]+)" title="[\w-]+#([0-9a-f]{4})">/g)];
    expect(marks.length).toBeGreaterThan(3);
    // The public side shows the same fingerprint as a placeholder.
    const [, rule, fp] = marks[0]!;
    expect(html).toContain(`[REDACTED:${rule}#${fp}]`);
    // Raw values do show here, on the operator's loopback console: that is its purpose.
    expect(demo.planted.some((secret) => html.includes(secret.value))).toBe(true);
    expect(home.headers.get('cache-control')).toBe('no-store');
    expect((await fetchText(base, '/console/iterations/99/')).status).toBe(404);
    expect((await fetchText(base, '/')).status).toBe(404); // the console is not the public site
  }, 60_000);

  it('requests a publish by touching the trigger, from its own page only', async () => {
    const trigger = path.join(dataDir, 'synth-trigger');
    const foreign = await fetchText(base, '/console/actions/publish', { method: 'POST', headers: { Origin: 'http://evil.example' }, redirect: 'manual' });
    expect(foreign.status).toBe(403);
    expect(existsSync(trigger)).toBe(false);
    const own = await fetchText(base, '/console/actions/publish', { method: 'POST', headers: { Origin: base }, redirect: 'manual' });
    expect(own.status).toBe(303);
    expect(own.headers.get('location')).toMatch(/^\/console\/\?done=publish%20requested/);
    expect(existsSync(trigger)).toBe(true);
    expect((await fetchText(base, '/console/actions/publish')).status).toBe(405);
  }, 60_000);

  it('has none of its routes on the public port', async () => {
    for (const route of ['/console/', '/console/iterations/1/', '/console', '/console/actions/publish']) {
      expect((await fetchText(publicServer.base, route)).status, route).toBe(404);
    }
    expect((await fetchText(publicServer.base, '/console/actions/publish', { method: 'POST' })).status).toBe(405);
    expect((await fetchText(publicServer.base, '/')).status).toBe(200);
  }, 60_000);
});
