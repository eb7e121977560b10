import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/resolve-config.ts';
import { runCli, tempDir } from '../../testkit/run-cli.ts';

describe('configuration', () => {
  it('takes flags over environment over the config file over defaults', () => {
    const dataDir = tempDir('config');
    writeFileSync(path.join(dataDir, 'journey.config.json'), JSON.stringify({ port: 7000, host: '127.0.0.2', keepReleases: 9 }));
    const { config, sources } = resolveConfig({
      flags: { 'data-dir': dataDir, port: '9000' },
      env: { JOURNEY_HOST: '127.0.0.3', JOURNEY_PORT: '8000' },
      cwd: '/',
    });
    expect(config.port).toBe(9000);
    expect(sources.port).toBe('flag');
    expect(config.host).toBe('127.0.0.3');
    expect(sources.host).toBe('env');
    expect(config.keepReleases).toBe(9);
    expect(sources.keepReleases).toBe('file');
    expect(config.maxFileBytes).toBe(20 * 1024 * 1024);
    expect(sources.maxFileBytes).toBe('default');
  });

  it('resolves a relative loop folder in the config file against the file, and in a flag against the cwd', () => {
    const dir = tempDir('config-rel');
    mkdirSync(path.join(dir, 'etc'));
    writeFileSync(path.join(dir, 'etc', 'j.json'), JSON.stringify({ loopDir: '../loop' }));
    expect(resolveConfig({ flags: { config: 'etc/j.json' }, env: {}, cwd: dir }).config.loopDir).toBe(path.join(dir, 'loop'));
    expect(resolveConfig({ flags: { 'loop-dir': 'x' }, env: {}, cwd: dir }).config.loopDir).toBe(path.join(dir, 'x'));
  });

  it('rejects an invalid value with a coded error naming the setting and its source', () => {
    expect(() => resolveConfig({ flags: {}, env: { JOURNEY_PORT: '80a' }, cwd: '/' })).toThrowError(
      /setting "port" from environment JOURNEY_PORT must be an integer from 0 to 65535/,
    );
  });

  it('rejects unknown keys and broken JSON in the config file', () => {
    const dir = tempDir('config-bad');
    writeFileSync(path.join(dir, 'a.json'), '{"prot": 1}');
    writeFileSync(path.join(dir, 'b.json'), '{"port": ');
    expect(() => resolveConfig({ flags: { config: path.join(dir, 'a.json') }, env: {}, cwd: '/' })).toThrowError(/unknown key "prot"/);
    expect(() => resolveConfig({ flags: { config: path.join(dir, 'b.json') }, env: {}, cwd: '/' })).toThrowError(/is not valid JSON/);
  });

  it('npm run config -- --print shows each value and where it came from', async () => {
    const dataDir = tempDir('config-print');
    // The suite shares one render cache (vitest.config.ts): unset here, the default shows.
    const result = await runCli('admin/config-cli.ts', ['--print', '--data-dir', dataDir, '--port', '9001'], { JOURNEY_HOST: '127.0.0.1', JOURNEY_RENDER_CACHE_DIR: '' });
    expect(result.code).toBe(0);
    const table = result.stdout.replaceAll(dataDir, '<data>').trim().split('\n').map((line) => line.split(/ {2,}/).join(' | '));
    expect(table).toMatchInlineSnapshot(`
      [
        "loopDir | (unset) | the default",
        "source | auto | the default",
        "dataDir | <data> | flag --data-dir",
        "port | 9001 | flag --port",
        "host | 127.0.0.1 | environment JOURNEY_HOST",
        "maxFileBytes | 20971520 | the default",
        "keepReleases | 5 | the default",
        "releaseGraceSeconds | 600 | the default",
        "snapshotDays | 30 | the default",
        "snapshotMax | 500 | the default",
        "maxDiskUsedPercent | 90 | the default",
        "publishThreads | 0 | the default",
        "timerFirstSeconds | 120 | the default",
        "timerEverySeconds | 900 | the default",
        "siteUrl | (unset) | the default",
        "noindex | false | the default",
        "basePath | (empty) | the default",
        "dbDir | <data> | default: the data folder",
        "renderCacheDir | <data>/cache/render | default: <data>/cache/render",
        "trigger | <data>/synth-trigger | default: <data>/synth-trigger",
        "workerCommand | node server/publish/publish-worker.ts | default: journey's own publish worker",
        "publishTimeoutSeconds | 600 | the default",
        "killGraceSeconds | 10 | the default",
        "reconcileSeconds | 60 | the default",
        "serveProcesses | 0 | the default",
        "hotBytes | 67108864 | the default",
        "headersTimeoutMs | 10000 | the default",
        "requestTimeoutMs | 30000 | the default",
        "keepAliveTimeoutMs | 5000 | the default",
        "maxHeaderBytes | 16384 | the default",
        "maxConnections | 1024 | the default",
        "shutdownSeconds | 10 | the default",
        "narrativeCommand | (unset) | the default",
        "vllmUrl | http://127.0.0.1:8010 | the default",
        "vllmWindowSeconds | 6 | the default",
        "checkTimeoutSeconds | 10 | the default",
        "nvidiaSmi | nvidia-smi | the default",
        "gpuMemoryWarnPercent | 90 | the default",
        "gpuMemoryCritPercent | 97 | the default",
        "phaseBudgetMinutes | {"planner":10,"writer":15,"judge":12} | the default",
        "sampleRetentionDays | 14 | the default",
        "alertCommand | (unset) | the default",
        "restartCommand | ["systemctl","restart","autoswe.service"] | the default",
        "serviceFailedCommand | ["systemctl","is-failed","--quiet","autoswe.service"] | the default",
        "maxRestartsPerHour | 3 | the default",
        "reviewerCommand | ["codex","exec","--skip-git-repo-check","--sandbox","read-only","--model","gpt-5.5","-c","model_reasoning_effort=high"] | the default",
        "reviewerMarker | codex | the default",
        "judgeTimeoutSeconds | 420 | the default",
        "breakerFailures | 5 | the default",
        "breakerCooldownSeconds | 900 | the default",
        "dailyBudgetUsd | 0 | the default",
        "denylist | [] | the default",
        "secretEnvFile | (unset) | the default",
        "secretDir | (unset) | the default",
        "secretEnvVars | ["*_TOKEN","*_API_KEY","*_SECRET","*_SECRET_KEY","*_PASSWORD","*_ACCESS_KEY"] | the default",
      ]
    `);
  });

  it('npm run config -- --print shows lists and records as JSON, a default that follows from the data folder resolved, and never the denylist words', async () => {
    const dataDir = tempDir('config-print-values');
    writeFileSync(path.join(dataDir, 'journey.config.json'), JSON.stringify({ denylist: ['Project Falcon', 'gpu-box-7'], secretEnvVars: ['MY_TOKEN'] }));
    const result = await runCli('admin/config-cli.ts', ['--print', '--data-dir', dataDir], { JOURNEY_PHASE_BUDGETS: 'planner=30,writer=15' });
    expect(result.code).toBe(0);
    const rows = new Map(result.stdout.replaceAll(dataDir, '<data>').trim().split('\n').map((line) => {
      const [key, ...rest] = line.split(/ {2,}/);
      return [key!, rest.join(' | ')];
    }));
    expect(rows.get('phaseBudgetMinutes')).toBe('{"planner":30,"writer":15} | environment JOURNEY_PHASE_BUDGETS');
    expect(rows.get('trigger')).toBe('<data>/synth-trigger | default: <data>/synth-trigger');
    expect(rows.get('dbDir')).toBe('<data> | default: the data folder');
    expect(rows.get('secretEnvVars')).toBe('["MY_TOKEN"] | <data>/journey.config.json key "secretEnvVars"');
    expect(rows.get('denylist')).toBe('(2 entries, not shown) | <data>/journey.config.json key "denylist"');
    expect(result.stdout).not.toContain('Falcon');
    const given = await runCli('admin/config-cli.ts', ['--print', '--data-dir', dataDir, '--trigger', '/run/journey/trigger']);
    expect(given.stdout).toMatch(/^trigger +\/run\/journey\/trigger +flag --trigger$/m);
  });

  it('every command but npm start exits 2 when no loop folder is configured', async () => {
    for (const entry of ['synth/synth-cli.ts', 'server/serve-cli.ts', 'admin/takedown-cli.ts']) {
      const result = await runCli(entry, ['--data-dir', tempDir('noloop')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('no loop folder: pass --loop-dir or set JOURNEY_LOOP_DIR');
    }
  });

  it('every command prints --help with usage, options and examples, and rejects unknown flags with exit 2', async () => {
    for (const entry of ['synth/synth-cli.ts', 'server/serve-cli.ts', 'server/start-cli.ts', 'demo/demo-cli.ts', 'admin/config-cli.ts', 'admin/scan-cli.ts',
      'admin/redact-cli.ts', 'bench/bench-cli.ts', 'admin/releases-cli.ts', 'admin/rollback-cli.ts', 'admin/unpin-cli.ts', 'admin/takedown-cli.ts',
      'admin/unpublish-cli.ts', 'admin/publish-resume-cli.ts']) {
      const help = await runCli(entry, ['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: /);
      for (const flag of ['--loop-dir', '--data-dir', '--config', '--help', 'Examples:']) expect(help.stdout).toContain(flag);
      const bad = await runCli(entry, ['--no-such-flag']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/JOURNEY_USAGE: unknown option --no-such-flag\nRun `npm (?:start|run [\w:-]+|run --silent redact) -- --help` for usage\.\n$/);
    }
  });
});
