// The operator console: loopback only, answering only a Host that names it (DNS rebinding), raw beside
// public with the redactions marked, its actions same-origin only; and none of its routes on the public port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoLoop } from '../../demo/generate-demo.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, REPO, runCli, tempDir } from '../../testkit/run-cli.ts';
import { fetchText, rawRequest, startServeProcess, until, type RawResponse, type ServeProcess } from '../../testkit/serve.ts';

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

/** A request to the console at `address`:`port` carrying exactly the Host lines given (none: no Host). */
function withHost(port: number, hosts: string[], options: { address?: string; head?: string; extra?: string[] } = {}): Promise<RawResponse> {
  const lines = [options.head ?? 'GET /console/ HTTP/1.1', ...hosts.map((host) => `Host: ${host}`), ...(options.extra ?? [])];
  return rawRequest(port, lines.join('\r\n'), 10_000, options.address);
}

/** Host headers that name something other than the console's listener on `port` (127.0.0.1 or ::1). */
function hostileHosts(port: number, family: 'IPv4' | 'IPv6'): string[] {
  const own = family === 'IPv4' ? '127.0.0.1' : '[::1]';
  return [
    `evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `localhost.attacker.io:${port}`,
    `attacker.io:${port}`, `${own}.evil.example:${port}`, `evil.example:${port}@${own}:${port}`, `${own}:${port}.evil.example`,
    `LOCALHOST:${port}`, `Localhost:${port}`, `localhost.:${port}`, `${own}.:${port}`, 'localhost', own, `localhost:`, `${own}:`,
    `localhost:${port + 1}`, `${own}:${port + 1}`, `${own}:0${port}`, `${own}:${port}0`, `localhost:80`, '',
    `127.1:${port}`, `2130706433:${port}`, `0x7f.0.0.1:${port}`, `127.0.0.2:${port}`, `0.0.0.0:${port}`,
    `[0:0:0:0:0:0:0:1]:${port}`, `[::ffff:127.0.0.1]:${port}`, `::1:${port}`, `[::1%lo]:${port}`, `[::1]`,
    family === 'IPv4' ? `[::1]:${port}` : `127.0.0.1:${port}`,
  ];
}

describe('npm run console', () => {
  it('refuses to start on any address but loopback', async () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'example.org']) {
      const run = await runCli('console/console-cli.ts', ['--host', host, '--data-dir', dataDir]);
      expect(run.code, host).toBe(2);
      expect(run.stderr.replace(/\[REDACTED:ipv4#[0-9a-f]{4}\]/, host)).toContain(`--host ${host} is not a loopback address`);
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

  it('answers only a Host naming its own address and port (or localhost), and 421 to every other, naming nothing of the request', async () => {
    const port = Number(new URL(base).port);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) expect((await withHost(port, [host])).status, host).toBe(200);
    for (const host of hostileHosts(port, 'IPv4')) {
      const answer = await withHost(port, [host]);
      expect(answer.status, JSON.stringify(host)).toBe(421);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const body = answer.body.toString('latin1');
      for (const word of ['evil', 'attacker', 'localhost', '127.', String(port), '::']) expect(body, JSON.stringify(host)).not.toContain(word);
    }
    // Two Host headers (whichever comes first), none at all on HTTP/1.0, none on HTTP/1.1 (Node's parser answers 400).
    expect((await withHost(port, [`127.0.0.1:${port}`, `evil.example:${port}`])).status).toBe(421);
    expect((await withHost(port, [`evil.example:${port}`, `127.0.0.1:${port}`])).status).toBe(421);
    expect((await withHost(port, [], { head: 'GET /console/ HTTP/1.0' })).status).toBe(421);
    expect((await withHost(port, [])).status).toBe(400);
  }, 60_000);

  it('refuses a rebound page: raw pages and both buttons answer 421 to another name for 127.0.0.1, even with its own Origin', async () => {
    const port = Number(new URL(base).port);
    const rebound = `rebind.attacker.io:${port}`;
    const sameSite = [`Origin: http://${rebound}`, 'Sec-Fetch-Site: same-origin', 'Content-Length: 0'];
    const releaseBefore = readlinkSync(path.join(dataDir, 'current'));
    const trigger = path.join(dataDir, 'synth-trigger');
    const triggered = existsSync(trigger);
    expect((await withHost(port, [rebound], { head: 'GET /console/iterations/1/ HTTP/1.1' })).status).toBe(421);
    expect((await withHost(port, [rebound], { head: 'POST /console/actions/rollback HTTP/1.1', extra: sameSite })).status).toBe(421);
    expect((await withHost(port, [rebound], { head: 'POST /console/actions/publish HTTP/1.1', extra: sameSite })).status).toBe(421);
    expect(readlinkSync(path.join(dataDir, 'current'))).toBe(releaseBefore);
    expect(existsSync(trigger)).toBe(triggered);
    // Its own name still passes the Host check, and the cross-origin check still guards the buttons.
    const foreign = await withHost(port, [`127.0.0.1:${port}`], { head: 'POST /console/actions/rollback HTTP/1.1', extra: ['Origin: http://evil.example', 'Content-Length: 0'] });
    expect(foreign.status).toBe(403);
    expect(readlinkSync(path.join(dataDir, 'current'))).toBe(releaseBefore);
  }, 60_000);

  it('on an IPv6 loopback listener answers [::1]:port and localhost:port only', async () => {
    let log = '';
    const six = spawn(process.execPath, [path.join(REPO, 'console/console-cli.ts'), '--host', '::1', '--port', '0', '--loop-dir', loopDir, '--data-dir', dataDir], {
      cwd: REPO, env: { ...process.env, ...KEY, NO_COLOR: '1' },
    });
    six.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    try {
      await until(() => /console on http:\/\/\[::1\]:(\d+)\//.test(log), 'the IPv6 console to listen', 120_000, () => log);
      const port = Number(/console on http:\/\/\[::1\]:(\d+)\//.exec(log)![1]);
      for (const host of [`[::1]:${port}`, `localhost:${port}`]) expect((await withHost(port, [host], { address: '::1' })).status, host).toBe(200);
      for (const host of hostileHosts(port, 'IPv6')) expect((await withHost(port, [host], { address: '::1' })).status, JSON.stringify(host)).toBe(421);
    } finally {
      six.kill('SIGTERM');
    }
  }, 180_000);

  it('has none of its routes on the public port', async () => {
    for (const route of ['/console/', '/console/iterations/1/', '/console', '/console/actions/publish']) {
      expect((await fetchText(publicServer.base, route)).status, route).toBe(404);
    }
    expect((await fetchText(publicServer.base, '/console/actions/publish', { method: 'POST' })).status).toBe(405);
    expect((await fetchText(publicServer.base, '/')).status).toBe(200);
  }, 60_000);
});
