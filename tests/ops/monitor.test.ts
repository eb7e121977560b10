// The monitor against real dependencies on loopback: a vLLM /metrics server serving recorded text
// (a counter that advances, one that stalls, a server that hangs), fake nvidia-smi programs on PATH
// (recorded output, an error, nothing), and a loop folder with a heartbeat of a chosen age.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heartbeatState } from '../../ops/monitor-checks.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, runCli, tempDir } from '../../testkit/run-cli.ts';

/** vLLM's metrics as recorded from a real server, with the figures the test sets. */
const metrics = (running: number, waiting: number, tokens: number) => [
  '# HELP vllm:num_requests_running Number of requests currently running on GPU.',
  '# TYPE vllm:num_requests_running gauge',
  `vllm:num_requests_running{engine="0",model_name="Qwen2.5-Coder-32B-Instruct"} ${running}.0`,
  '# TYPE vllm:num_requests_waiting gauge',
  `vllm:num_requests_waiting{engine="0",model_name="Qwen2.5-Coder-32B-Instruct"} ${waiting}.0`,
  '# TYPE vllm:generation_tokens_total counter',
  `vllm:generation_tokens_total{engine="0",model_name="Qwen2.5-Coder-32B-Instruct"} ${tokens}.0`,
  'vllm:prompt_tokens_total{engine="0",model_name="Qwen2.5-Coder-32B-Instruct"} 99999.0', '',
].join('\n');

let server: Server;
let base = '';
const served = { mode: 'advancing' as 'advancing' | 'stalled' | 'hang', tokens: 10_000 };

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    if (served.mode === 'hang') return; // never answers
    if (served.mode === 'advancing') served.tokens += 300; // 300 tokens per read: the window sees them
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(metrics(3, 2, served.tokens));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
}));

/** True when something accepts connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** A fake nvidia-smi printing `stdout`, writing `stderr` and exiting with `code`. */
function fakeSmi(dir: string, stdout: string, code = 0, stderr = ''): string {
  const file = path.join(dir, 'nvidia-smi');
  writeFileSync(file, `#!/bin/sh\nprintf '%s' '${stdout}'\nprintf '%s' '${stderr}' >&2\nexit ${code}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A loop whose heartbeat file is `ageS` old, and whose state.json was updated `stateAgeS` ago (an hour older by default). */
function loopWithHeartbeat(ageS: number, stateAgeS = ageS + 3600): string {
  const loopDir = tempDir('monitor-loop');
  writeTestLoop(loopDir, 3);
  const age = (file: string, key: string, seconds: number) => {
    const record = JSON.parse(readFileSync(path.join(loopDir, file), 'utf8'));
    writeFileSync(path.join(loopDir, file), JSON.stringify({ ...record, [key]: new Date(Date.now() - seconds * 1000).toISOString() }));
  };
  age('state-heartbeat.json', 'ts', ageS);
  age('state.json', 'updated_at', stateAgeS);
  return loopDir;
}

const monitor = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli('ops/monitor-cli.ts', args, {
  JOURNEY_VLLM_WINDOW_SECONDS: '1', JOURNEY_CHECK_TIMEOUT_SECONDS: '2', JOURNEY_VLLM_URL: '', JOURNEY_NVIDIA_SMI: '', ...env,
}, 60_000);

describe('npm run monitor', () => {
  it('reports vLLM from its /metrics: requests, live tokens/s, and a stall when requests run but no token comes', async () => {
    const dataDir = tempDir('monitor-data');
    served.mode = 'advancing';
    const ok = await monitor(['--json', '--check', 'vllm', '--data-dir', dataDir], { JOURNEY_VLLM_URL: base });
    const record = JSON.parse(ok.stdout);
    expect(record).toMatchObject({ overall: 'OK', vllm_state: 'OK', vllm_running: 3, vllm_waiting: 2 });
    expect(record.vllm_tokens_per_s).toBe(300); // 300 tokens between two reads one second apart
    expect(ok.code).toBe(0);
    served.mode = 'stalled';
    const stalled = await monitor(['--json', '--check', 'vllm', '--data-dir', dataDir], { JOURNEY_VLLM_URL: base });
    expect(JSON.parse(stalled.stdout)).toMatchObject({ overall: 'CRIT', vllm_state: 'CRIT', vllm_running: 3, vllm_tokens_per_s: 0 });
    expect(stalled.code).toBe(2);
    // Configured but unreachable: WARN. Not configured: n/a, and it does not count.
    const down = await monitor(['--check', 'vllm', '--data-dir', dataDir], { JOURNEY_VLLM_URL: 'http://127.0.0.1:9' });
    expect(down.stdout).toMatch(/^vllm\s+WARN\s+unreachable: http:\/\/127\.0\.0\.1:9\/metrics/m);
    expect(down.code).toBe(1);
    const none = await monitor(['--json', '--check', 'vllm', '--data-dir', dataDir]);
    expect(JSON.parse(none.stdout)).toMatchObject({ overall: 'OK', vllm_state: 'n/a' });
    expect(none.code).toBe(0);
  }, 60_000);

  it('reports vLLM n/a when the URL is the default and nothing listens there, and WARN when that same URL is configured', async (context) => {
    if (await listening(8010)) return context.skip(); // a vLLM (or something) runs here: the default is in use
    const dataDir = tempDir('monitor-data');
    const absent = await monitor(['--check', 'vllm', '--data-dir', dataDir], { JOURNEY_VLLM_URL: undefined });
    expect(absent.stdout).toMatch(/^vllm\s+n\/a\s+not configured: nothing listens at the default http:\/\/127\.0\.0\.1:8010 \(set JOURNEY_VLLM_URL to watch a vLLM\)$/m);
    expect(absent.stdout).toMatch(/^overall\s+OK$/m);
    expect(absent.code).toBe(0);
    const configured = await monitor(['--check', 'vllm', '--data-dir', dataDir], { JOURNEY_VLLM_URL: 'http://127.0.0.1:8010' });
    expect(configured.stdout).toMatch(/^vllm\s+WARN\s+unreachable: http:\/\/127\.0\.0\.1:8010\/metrics: connect ECONNREFUSED/m);
    expect(configured.code).toBe(1);
  }, 60_000);

  it('says the verdict numbers are iterations: "last 2 verdicts: iteration 1 pass, iteration 2 fail"', async () => {
    const loopDir = loopWithHeartbeat(10);
    const line = (iteration: number, verdict: string) => JSON.stringify({ iteration, verdict, score: 0.5, judge: 'judge', ts: new Date().toISOString(), issues: [], summary: 'ok' });
    writeFileSync(path.join(loopDir, 'verdicts.jsonl'), `${line(1, 'pass')}\n${line(2, 'fail')}\n`);
    const two = await monitor(['--check', 'verdicts', '--loop-dir', loopDir, '--data-dir', tempDir('monitor-data')]);
    expect(two.stdout).toMatch(/^verdicts\s+OK\s+last 2 verdicts: iteration 1 pass, iteration 2 fail$/m);
    writeFileSync(path.join(loopDir, 'verdicts.jsonl'), `${line(7, 'partial')}\n`);
    const one = await monitor(['--check', 'verdicts', '--loop-dir', loopDir, '--data-dir', tempDir('monitor-data')]);
    expect(one.stdout).toMatch(/^verdicts\s+OK\s+last verdict: iteration 7 partial$/m);
  }, 60_000);

  it('cuts off a dependency that hangs at its timeout', async () => {
    served.mode = 'hang';
    const started = performance.now();
    const hung = await monitor(['--json', '--check', 'vllm', '--check', 'disk', '--data-dir', tempDir('monitor-data')], { JOURNEY_VLLM_URL: base });
    expect(performance.now() - started).toBeLessThan(20_000); // 2 s timeout per read, not forever
    expect(JSON.parse(hung.stdout)).toMatchObject({ vllm_state: 'WARN', disk_state: expect.stringMatching(/^(OK|WARN|CRIT)$/) });
    expect(hung.code).toBeGreaterThanOrEqual(1);
    served.mode = 'advancing';
  }, 60_000);

  it('reads the GPU from nvidia-smi: recorded output, an error, nothing, and no tool at all', async () => {
    const dir = tempDir('smi');
    const dataDir = tempDir('monitor-data');
    const gpu = (smi: string) => monitor(['--json', '--check', 'gpu', '--data-dir', dataDir], { JOURNEY_NVIDIA_SMI: smi });
    const recorded = await gpu(fakeSmi(dir, '87, 1755, 1593, 286.41, 71, 40000, 81559, 0x0000000000000000\n'));
    expect(JSON.parse(recorded.stdout)).toMatchObject({ gpu_state: 'OK', gpu_util_pct: 87, gpu_temp_c: 71, gpu_power_w: 286.4 });
    const failing = await gpu(fakeSmi(dir, '', 9, 'NVIDIA-SMI has failed because of an internal error'));
    expect(JSON.parse(failing.stdout)).toMatchObject({ gpu_state: 'WARN', overall: 'WARN' });
    expect(failing.code).toBe(1);
    const silent = await gpu(fakeSmi(dir, ''));
    expect(JSON.parse(silent.stdout)).toMatchObject({ gpu_state: 'n/a', overall: 'OK' });
    const missing = await monitor(['--check', 'gpu', '--data-dir', dataDir], { JOURNEY_NVIDIA_SMI: path.join(dir, 'no-such-tool') });
    expect(missing.stdout).toMatch(/^gpu\s+n\/a\s+.*no-such-tool is not installed/m);
    expect(missing.code).toBe(0);
  }, 60_000);

  it('keeps GPU memory used and total and the SM and memory clocks, and grades memory pressure: WARN from 90%, CRIT from 97%', async () => {
    const dir = tempDir('smi-memory');
    const dataDir = tempDir('monitor-data');
    const gpu = async (csv: string, env: NodeJS.ProcessEnv = {}) => {
      const run = await monitor(['--json', '--check', 'gpu', '--data-dir', dataDir], { JOURNEY_NVIDIA_SMI: fakeSmi(dir, csv), ...env });
      return { ...JSON.parse(run.stdout), code: run.code };
    };
    // Two GPUs: memory adds up, the fullest one is graded, clocks are averaged; [N/A] power is no figure.
    const two = await gpu('40, 1410, 1593, [N/A], 60, 20000, 81920, 0x0000000000000000\n60, 1390, 1593, [N/A], 62, 73728, 81920, 0x0000000000000000\n');
    expect(two).toMatchObject({
      gpu_state: 'WARN', gpu_mem_used_mib: 93728, gpu_mem_total_mib: 163840, gpu_mem_used_pct: 90, gpu_sm_clock_mhz: 1400, gpu_mem_clock_mhz: 1593,
      gpu_power_w: null, code: 1,
    });
    const figures = (used: number) => `87, 1755, 1593, 286.41, 71, ${used}, 81920, 0x0000000000000000\n`;
    const graded = [];
    for (const used of [73000, 73728, 79400, 79463]) { // 89.1%, 90.0%, 96.9%, 97.0%
      const sample = await gpu(figures(used));
      graded.push([sample.gpu_mem_used_pct, sample.gpu_state, sample.code]);
    }
    expect(graded).toEqual([[89.1, 'OK', 0], [90, 'WARN', 1], [96.9, 'WARN', 1], [97, 'CRIT', 2]]);
    const table = await monitor(['--check', 'gpu', '--data-dir', dataDir], { JOURNEY_NVIDIA_SMI: fakeSmi(dir, figures(79463)) });
    expect(table.stdout).toMatch(/^gpu\s+CRIT\s+1 GPU, 87% busy, 71 °C, 286.4 W, memory 79463\/81920 MiB \(97%\), SM 1755 MHz, memory clock 1593 MHz; memory nearly full \(CRIT at 97%\)$/m);
    // A vLLM host reserves 90% of the memory on purpose: the thresholds are settings.
    expect(await gpu(figures(75000), { JOURNEY_GPU_MEMORY_WARN_PERCENT: '95' })).toMatchObject({ gpu_state: 'OK', gpu_mem_used_pct: 91.6 });
    expect(await gpu(figures(79463), { JOURNEY_GPU_MEMORY_CRIT_PERCENT: '99' })).toMatchObject({ gpu_state: 'WARN' });
  }, 90_000);

  it('shows GPU memory and clocks on the Health page once a sample holding them is published', async () => {
    const loopDir = loopWithHeartbeat(10);
    const dataDir = tempDir('monitor-health');
    const smi = fakeSmi(tempDir('smi-page'), '87, 1755, 1593, 286.41, 71, 74000, 81920, 0x0000000000000000\n');
    const logged = await monitor(['--log', '--check', 'gpu', '--data-dir', dataDir], { JOURNEY_NVIDIA_SMI: smi });
    expect(logged.code).toBe(1); // 90.3% used: WARN
    const published = await publishLoop(loopDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'monitor-health-key-0123456789' }, extra: ['--no-codex-cleanup'] });
    expect([0, 3], published.stderr).toContain(published.code);
    const page = readFileSync(path.join(dataDir, 'current', 'health', 'index.html'), 'utf8');
    expect(page).toMatch(/data-check="GPU".*87% busy, 71 °C, 286.4 W, memory 74000 of 81920 MiB used \(90.3%\), clocks: SM 1755 MHz, memory 1593 MHz/s);
  }, 180_000);

  it('grades heartbeat ages 599, 601, 899 and 901 s as OK, WARN, WARN and CRIT, and exits 0, 1, 1, 2', async () => {
    expect([599, 601, 899, 901].map(heartbeatState)).toEqual(['OK', 'WARN', 'WARN', 'CRIT']);
    const codes = [];
    // The command runs a second or so after the heartbeat is written (several on a loaded machine):
    // the runs stay 10 s from each edge, and the age read may only have grown, by less than that.
    for (const age of [590, 610, 890, 910]) {
      const run = await monitor(['--json', '--check', 'loop', '--loop-dir', loopWithHeartbeat(age), '--data-dir', tempDir('monitor-data')]);
      const record = JSON.parse(run.stdout);
      expect(record.heartbeat_age_s - age).toBeGreaterThanOrEqual(-1);
      expect(record.heartbeat_age_s - age).toBeLessThan(10);
      codes.push([record.loop_state, run.code]);
    }
    expect(codes).toEqual([['OK', 0], ['WARN', 1], ['WARN', 1], ['CRIT', 2]]);
  }, 60_000);

  it("takes the loop's age from state.json's updated_at when it is fresher than the heartbeat file, or the only one", async () => {
    const check = async (loopDir: string) => {
      const run = await monitor(['--check', 'loop', '--loop-dir', loopDir, '--data-dir', tempDir('monitor-data')]);
      return { line: /^loop\s+.*$/m.exec(run.stdout)![0], code: run.code };
    };
    const fresher = await check(loopWithHeartbeat(1000, 20));
    expect(fresher.line).toMatch(/^loop\s+OK\s+iteration \d+, \w+, \w+; heartbeat (2\d) s old \(state\.json updated_at\)$/);
    const onlyState = loopWithHeartbeat(10, 1000);
    rmSync(path.join(onlyState, 'state-heartbeat.json'));
    const stale = await check(onlyState);
    expect(stale.line).toMatch(/^loop\s+CRIT\s+.*; heartbeat 100\d s old \(state\.json updated_at\)$/);
    expect(stale.code).toBe(2);
  }, 60_000);

  it('appends one record per run to system-state.jsonl with --log, drops samples past retention, and exits 3 on a usage error', async () => {
    const dataDir = tempDir('monitor-data');
    const old = { ts: new Date(Date.now() - 20 * 86_400_000).toISOString(), overall: 'OK' };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'system-state.jsonl'), `${JSON.stringify(old)}\n`);
    const loopDir = loopWithHeartbeat(10);
    for (let i = 0; i < 2; i++) expect((await monitor(['--log', '--check', 'loop', '--loop-dir', loopDir, '--data-dir', dataDir])).code).toBe(0);
    const lines = readFileSync(path.join(dataDir, 'system-state.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2); // the 20-day-old sample went (14 days kept)
    expect(lines.every((l) => l.loop_state === 'OK')).toBe(true);
    const usage = await monitor(['--check', 'nonsense']);
    expect(usage.code).toBe(3);
    expect(usage.stderr).toMatch(/JOURNEY_USAGE: unknown check nonsense/);
  }, 60_000);

  it('runs the alert command once when the overall state worsens, not again while it stays', async () => {
    const dataDir = tempDir('monitor-data');
    const calls = path.join(dataDir, 'alerts.jsonl');
    const alert = path.join(tempDir('alert'), 'alert.sh');
    writeFileSync(alert, `#!/bin/sh\ncat >> ${calls}\n`);
    chmodSync(alert, 0o755);
    const run = (age: number) => monitor(['--check', 'loop', '--loop-dir', loopWithHeartbeat(age), '--data-dir', dataDir, '--alert-command', alert]);
    await run(10); // OK: nothing
    await run(1000); // CRIT: alert
    await run(1000); // still CRIT: no alert
    await run(10); // back to OK
    await run(700); // WARN: alert
    const alerts = readFileSync(calls, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(alerts.map((a) => [a.source, a.previous, a.state])).toEqual([['monitor', 'OK', 'CRIT'], ['monitor', 'OK', 'WARN']]);
    expect(alerts[0].summary).toMatch(/^loop: .*heartbeat \d+ s old/);
  }, 60_000);
});
