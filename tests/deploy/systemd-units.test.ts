// The systemd units as rendered for this checkout: systemd-analyze accepts every one, each carries
// the hardening and the exact commands, schedules and exit statuses; and each unit's real command,
// run with the unit's environment (recording scripts for systemctl), does its job.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderUnits, type UnitOptions } from '../../deploy/render-units.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { REPO, runCli, tempDir } from '../../testkit/run-cli.ts';
import { fetchText, until } from '../../testkit/serve.ts';

const ANALYZE = '/usr/bin/systemd-analyze';

function render(extra: Partial<UnitOptions> = {}) {
  const dataDir = tempDir('units-data');
  const loopDir = tempDir('units-loop');
  const options: UnitOptions = {
    prefix: REPO.replace(/\/$/, ''), node: process.execPath, user: 'journey', dataDir, loopDir, loopUnit: 'autoswe.service',
    envFile: '/etc/journey/journey.env', secretEnvFile: '/etc/journey/loop-secrets.env', triggerConsumer: 'server', ...extra,
  };
  return { options, files: renderUnits(options) };
}

/** `Key=value` lines of a unit's section, in order. */
function keys(unit: string, section: string): [string, string][] {
  const body = unit.split(/^\[/m).find((part) => part.startsWith(`${section}]`)) ?? '';
  return body.split('\n').slice(1).filter((line) => /^\w+=/.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
}
const values = (unit: string, section: string, key: string) => keys(unit, section).filter(([k]) => k === key).map(([, v]) => v);

/**
 * Runs rendered units' commands the way systemd would: their command line and environment, with
 * systemd's %d (the credentials folder) and /usr/bin/systemctl mapped to the test's.
 */
function unitRunner(files: Map<string, string>) {
  const bin = tempDir('units-bin');
  const credentials = tempDir('units-credentials');
  writeFileSync(path.join(credentials, 'loop-secrets.env'), '');
  const command = (name: string) => {
    const unit = files.get(`systemd/${name}`)!;
    const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env['PATH']}`, JOURNEY_REDACT_KEY: 'units-test-key-0123456789', JOURNEY_PORT: '0', JOURNEY_HOST: '127.0.0.1' };
    for (const line of values(unit, 'Service', 'Environment')) {
      for (const pair of line.startsWith('"') ? [line.slice(1, -1)] : line.split(' ')) {
        const at = pair.indexOf('=');
        env[pair.slice(0, at)] = pair.slice(at + 1).replace('%d', credentials).replaceAll('/usr/bin/systemctl', path.join(bin, 'systemctl'));
      }
    }
    const [node, script, ...args] = values(unit, 'Service', 'ExecStart')[0]!.split(' ');
    return { node: node!, script: path.relative(REPO, script!), args, env };
  };
  return { bin, command };
}

describe('npm run deploy:install', () => {
  it.skipIf(!existsSync(ANALYZE))('renders units that systemd-analyze verify accepts without a warning, and timers whose schedules parse', () => {
    const out = tempDir('units-out');
    const run = spawnSync(process.execPath, [path.join(REPO, 'deploy/install-cli.ts'), '--data-dir', tempDir('d'), '--loop-dir', tempDir('l'), '--out', out], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const dir = path.join(out, 'systemd');
    const units = readdirSync(dir).sort();
    expect(units).toEqual([
      'journey-meta-judge.service', 'journey-meta-judge.timer', 'journey-monitor.service', 'journey-monitor.timer', 'journey-server.service',
      'journey-synth-bridge.path', 'journey-synth-bridge.service', 'journey-synth.service', 'journey-synth.timer', 'journey-watchdog.service', 'journey-watchdog.timer',
    ]);
    const verify = spawnSync(ANALYZE, ['verify', '--man=no', ...units.map((u) => path.join(dir, u))], { encoding: 'utf8' });
    expect({ status: verify.status, warnings: verify.stderr.trim() }).toEqual({ status: 0, warnings: '' });
    for (const unit of units.filter((u) => u.endsWith('.timer'))) {
      const calendar = values(readFileSync(path.join(dir, unit), 'utf8'), 'Timer', 'OnCalendar')[0]!;
      const parsed = execFileSync(ANALYZE, ['calendar', calendar], { encoding: 'utf8' });
      expect(parsed, unit).toMatch(/Normalized form: \*-\*-\* \*:00\/(3|5|15|30):00/);
    }
    expect(existsSync(path.join(out, 'polkit-1/rules.d/50-journey-watchdog.rules'))).toBe(true);
  });

  it('hardens every unit and runs node on the entry scripts with the exact schedules, timeouts and exit statuses', () => {
    const { options, files } = render();
    for (const [name, unit] of files) {
      if (!name.endsWith('.service')) continue;
      const service = Object.fromEntries(keys(unit, 'Service'));
      expect(service, name).toMatchObject({
        User: 'journey', NoNewPrivileges: 'yes', ProtectSystem: 'strict', ReadWritePaths: options.dataDir, ProtectHome: 'yes', PrivateTmp: 'yes',
        CapabilityBoundingSet: '', MemoryMax: expect.stringMatching(/^\d+[MG]$/), EnvironmentFile: '-/etc/journey/journey.env',
        LoadCredential: 'loop-secrets.env:/etc/journey/loop-secrets.env',
      });
      expect(values(unit, 'Service', 'ExecStart')[0], name).toMatch(new RegExp(`^${process.execPath.replace(/[.+]/g, '\\$&')} ${options.prefix}/\\w+/[\\w-]+\\.ts`));
      expect(unit, name).not.toMatch(/\bnpm\b(?! run deploy:install)/);
    }
    const service = (name: string) => Object.fromEntries(keys(files.get(`systemd/${name}`)!, 'Service'));
    const timer = (name: string) => Object.fromEntries(keys(files.get(`systemd/${name}`)!, 'Timer'));
    expect(service('journey-server.service')).toMatchObject({ Restart: 'on-failure', RestartSec: '10', ExecStart: `${process.execPath} ${options.prefix}/server/serve-cli.ts` });
    // The worker's publishes skip the narrative step, like the synth units' --no-codex-cleanup.
    expect(values(files.get('systemd/journey-server.service')!, 'Service', 'Environment')).toContain('JOURNEY_NO_CODEX_CLEANUP=1');
    for (const name of ['journey-synth.service', 'journey-synth-bridge.service']) {
      expect(service(name)).toMatchObject({ Type: 'oneshot', Nice: '10', SuccessExitStatus: '3', TimeoutStartSec: '600',
        ExecStart: `${process.execPath} ${options.prefix}/synth/synth-cli.ts --public --no-codex-cleanup --rebuild-site` });
      expect(values(files.get(`systemd/${name}`)!, 'Service', 'Environment')).toContain('JOURNEY_PUBLISH=1');
    }
    expect(service('journey-synth-bridge.service').ExecStartPre).toBe(`/bin/rm -f ${options.dataDir}/synth-trigger`);
    expect(Object.fromEntries(keys(files.get('systemd/journey-synth-bridge.path')!, 'Path'))).toEqual({ PathExists: `${options.dataDir}/synth-trigger`, Unit: 'journey-synth-bridge.service' });
    expect(service('journey-monitor.service')).toMatchObject({ Nice: '15', SuccessExitStatus: '1 2', ExecStart: `${process.execPath} ${options.prefix}/ops/monitor-cli.ts --log` });
    expect(timer('journey-synth.timer')).toMatchObject({ OnBootSec: '2min', OnCalendar: '*:0/15', AccuracySec: '30s' });
    expect(timer('journey-monitor.timer')).toMatchObject({ OnBootSec: '1min', OnCalendar: '*:0/3', AccuracySec: '15s' });
    expect(timer('journey-watchdog.timer')).toMatchObject({ OnBootSec: '2min', OnCalendar: '*:0/5', AccuracySec: '30s' });
    expect(timer('journey-meta-judge.timer')).toMatchObject({ OnBootSec: '5min', OnCalendar: '*:0/30', AccuracySec: '1min' });
    expect(values(files.get('systemd/journey-watchdog.service')!, 'Service', 'Environment')).toContain('"JOURNEY_RESTART_COMMAND=/usr/bin/systemctl restart autoswe.service"');
    const rule = files.get('polkit-1/rules.d/50-journey-watchdog.rules')!;
    expect(rule).toContain('action.lookup("unit") == "autoswe.service"');
    expect(rule).toContain('action.lookup("verb") == "restart"');
    expect(rule).toContain('subject.user == "journey"');
    expect(render({ triggerConsumer: 'path' }).files.get('systemd/journey-server.service')).toContain('/server/serve-cli.ts --no-trigger');
  });

  it('prints what it would write without --out, and refuses a bad user name', async () => {
    const dry = await runCli('deploy/install-cli.ts', ['--data-dir', '/data/autoswe', '--loop-dir', '/srv/autoswe']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('# systemd/journey-server.service (would be written with --out DIR, or to /etc/systemd/system/journey-server.service with --install)');
    expect(dry.stderr).toContain('systemctl enable --now journey-server.service');
    const bad = await runCli('deploy/install-cli.ts', ['--data-dir', '/data/autoswe', '--loop-dir', '/srv/autoswe', '--user', 'root;rm']);
    expect(bad.code).toBe(2);
  });

  it('runs each unit\'s real command with the unit\'s environment: serve, publish, monitor, watchdog, meta-judge', async () => {
    const { options, files } = render();
    writeTestLoop(options.loopDir, 3);
    // The loop's heartbeat and state.json are stale: the watchdog must restart it (through a recording systemctl).
    const beat = path.join(options.loopDir, 'state-heartbeat.json');
    writeFileSync(beat, JSON.stringify({ ...JSON.parse(readFileSync(beat, 'utf8')), ts: new Date(Date.now() - 3600_000).toISOString() }));
    const state = path.join(options.loopDir, 'state.json');
    writeFileSync(state, JSON.stringify({ ...JSON.parse(readFileSync(state, 'utf8')), updated_at: new Date(Date.now() - 3600_000).toISOString() }));
    const { bin, command } = unitRunner(files);
    const calls = path.join(options.dataDir, 'systemctl.calls');
    writeFileSync(path.join(bin, 'systemctl'), `#!/bin/sh\necho "$@" >> ${calls}\n[ "$1" = "is-failed" ] && exit 1\nexit 0\n`);
    chmodSync(path.join(bin, 'systemctl'), 0o755);
    const synth = command('journey-synth.service');
    const published = await runCli(synth.script, synth.args, synth.env, 120_000);
    expect([0, 3]).toContain(published.code);
    expect(existsSync(path.join(options.dataDir, 'current', 'index.html'))).toBe(true);

    const monitor = command('journey-monitor.service');
    const sampled = await runCli(monitor.script, monitor.args, { ...monitor.env, JOURNEY_VLLM_URL: '', JOURNEY_NVIDIA_SMI: '' }, 60_000);
    expect([0, 1, 2]).toContain(sampled.code); // SuccessExitStatus=1 2: WARN and CRIT are results, not failures
    expect(readFileSync(path.join(options.dataDir, 'system-state.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);

    const watchdog = command('journey-watchdog.service');
    const restarted = await runCli(watchdog.script, watchdog.args, watchdog.env, 60_000);
    expect(restarted.code, restarted.stderr).toBe(1);
    // A stale heartbeat is reason enough: one restart, through systemctl, of the loop's unit only.
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual(['restart autoswe.service']);

    // The meta-judge, with a recording script standing in for the reviewer CLI.
    const judge = command('journey-meta-judge.service');
    const prompts = path.join(options.dataDir, 'reviewer.calls');
    writeFileSync(path.join(bin, 'reviewer'), `#!/bin/sh\necho called >> ${prompts}\necho codex\necho "Health score: 81/100"\n`);
    chmodSync(path.join(bin, 'reviewer'), 0o755);
    const reviewed = await runCli(judge.script, judge.args, { ...judge.env, JOURNEY_REVIEWER_COMMAND: path.join(bin, 'reviewer') }, 60_000);
    expect(reviewed.code, reviewed.stderr).toBe(0);
    expect(readFileSync(prompts, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(options.dataDir, 'reviews', 'meta-judge.jsonl'), 'utf8')).score).toBe(81);

    const server = command('journey-server.service');
    const child = spawn(process.execPath, [path.join(REPO, server.script), ...server.args, '--no-worker'], { cwd: REPO, env: { ...process.env, ...server.env }, detached: true });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await until(() => /http:\/\/127\.0\.0\.1:\d+\//.test(output), 'the server to listen', 30_000, () => output);
      const base = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)![1]!;
      expect((await fetchText(base, '/')).status).toBe(200);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  }, 180_000);

  it.skipIf(!existsSync(ANALYZE))('names the units the seed\'s way with --unit-prefix autoswe, and systemd-analyze verify accepts them', async () => {
    const out = tempDir('units-prefixed');
    const run = await runCli('deploy/install-cli.ts', ['--unit-prefix', 'autoswe', '--data-dir', tempDir('d'), '--loop-dir', tempDir('l'), '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const dir = path.join(out, 'systemd');
    const units = readdirSync(dir).sort();
    expect(units).toEqual([
      'autoswe-journey-server.service', 'autoswe-journey-synth.service', 'autoswe-journey-synth.timer', 'autoswe-meta-judge.service', 'autoswe-meta-judge.timer',
      'autoswe-monitor.service', 'autoswe-monitor.timer', 'autoswe-synth-bridge.path', 'autoswe-synth-bridge.service', 'autoswe-watchdog.service', 'autoswe-watchdog.timer',
    ]);
    const verify = spawnSync(ANALYZE, ['verify', '--man=no', ...units.map((u) => path.join(dir, u))], { encoding: 'utf8' });
    expect({ status: verify.status, warnings: verify.stderr.trim() }).toEqual({ status: 0, warnings: '' });
    // Each timer and path unit starts its own service, under the new name.
    for (const unit of units.filter((u) => /\.(timer|path)$/.test(u))) {
      const section = unit.endsWith('.timer') ? 'Timer' : 'Path';
      expect(values(readFileSync(path.join(dir, unit), 'utf8'), section, 'Unit'), unit).toEqual([unit.replace(/\.(timer|path)$/, '.service')]);
    }
    expect(readdirSync(path.join(out, 'polkit-1/rules.d'))).toEqual(['50-autoswe-watchdog.rules']);
    expect(run.stderr).toContain('systemctl enable --now autoswe-journey-server.service');
    expect(run.stderr).toContain('systemctl enable --now autoswe-journey-synth.timer autoswe-monitor.timer autoswe-watchdog.timer autoswe-meta-judge.timer');
    // The default names stay, and a prefix that is no unit name is refused.
    expect([...render().files.keys()].filter((f) => f.startsWith('systemd/')).every((f) => f.startsWith('systemd/journey-'))).toBe(true);
    const bad = await runCli('deploy/install-cli.ts', ['--unit-prefix', 'auto swe/', '--data-dir', '/data/autoswe', '--loop-dir', '/srv/autoswe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('JOURNEY_USAGE: --unit-prefix "auto swe/" is not a unit name prefix');
  });

  it('runs the server unit\'s publish worker without the narrative step, which the worker runs when the unit\'s setting is gone', async () => {
    const { options, files } = render();
    writeTestLoop(options.loopDir, 3);
    const { bin, command } = unitRunner(files);
    const narrated = path.join(options.dataDir, 'narrative.calls');
    writeFileSync(path.join(bin, 'narrate'), `#!/bin/sh\necho "$@" >> ${narrated}\necho "A steady journey."\n`);
    chmodSync(path.join(bin, 'narrate'), 0o755);
    const server = command('journey-server.service');
    /**
     * Starts the unit's server, waits for its worker's publish (at once with nothing published yet,
     * else on the trigger) and stops it; returns the server's publish log line.
     */
    const publishOnce = async (env: NodeJS.ProcessEnv) => {
      const first = !existsSync(path.join(options.dataDir, 'current'));
      const child = spawn(process.execPath, [path.join(REPO, server.script), ...server.args], {
        cwd: REPO, env: { ...process.env, ...env, JOURNEY_NARRATIVE_COMMAND: 'narrate' }, detached: true,
      });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const logged = () => /\{"t":"[^"]+","kind":"publish".*\}/.exec(output)?.[0];
      try {
        await until(() => /http:\/\/127\.0\.0\.1:\d+\//.test(output), 'the server to listen', 60_000, () => output);
        if (!first) await until(() => /publish worker ready/.test(output), 'the worker', 60_000, () => output);
        if (!first) writeFileSync(path.join(options.dataDir, 'synth-trigger'), '');
        await until(() => logged() !== undefined, 'a publish', 150_000, () => output);
        return JSON.parse(logged()!) as { outcome: string };
      } finally {
        process.kill(-child.pid!, 'SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    };
    expect(server.env['JOURNEY_NO_CODEX_CLEANUP']).toBe('1');
    expect((await publishOnce(server.env)).outcome).toBe('published');
    expect(existsSync(narrated)).toBe(false);
    // The same server without the unit's setting runs the narrative: the check above can fail.
    const { JOURNEY_NO_CODEX_CLEANUP: _, ...without } = server.env;
    expect((await publishOnce(without)).outcome).toBe('published'); // the narrative is new public text
    expect(readFileSync(narrated, 'utf8').trim().split('\n')).toEqual([options.loopDir]);
  }, 300_000);
});
