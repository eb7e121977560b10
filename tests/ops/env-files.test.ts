// The operations tools' environment files: journey's /etc/journey/journey.env (JOURNEY_ENV_FILE here)
// and the seed's ~/.config/autoswe/cluster.env (HOME here), read by the real monitor with fake
// nvidia-smi programs that tell which file's setting won.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../ops/read-env-files.ts';
import { runCli, tempDir } from '../../testkit/run-cli.ts';

/** A fake nvidia-smi reporting one GPU `utilPct` busy: the sample tells which program ran. */
function smi(dir: string, utilPct: number): string {
  const file = path.join(dir, `smi-${utilPct}`);
  writeFileSync(file, `#!/bin/sh\nprintf '${utilPct}, 1755, 1593, 286.41, 71, 1000, 81920, 0x0000000000000000\\n'\n`);
  chmodSync(file, 0o755);
  return file;
}

function setup() {
  const dir = tempDir('env-files');
  const home = path.join(dir, 'home');
  mkdirSync(path.join(home, '.config', 'autoswe'), { recursive: true });
  const journeyEnv = path.join(dir, 'journey.env');
  const clusterEnv = path.join(home, '.config', 'autoswe', 'cluster.env');
  writeFileSync(journeyEnv, '# nothing yet\n');
  /** The GPU utilisation the monitor reports: whose nvidia-smi it ran. */
  const busy = async (env: NodeJS.ProcessEnv) => {
    const run = await runCli('ops/monitor-cli.ts', ['--json', '--check', 'gpu', '--data-dir', path.join(dir, 'data')], {
      HOME: home, JOURNEY_ENV_FILE: journeyEnv, JOURNEY_NVIDIA_SMI: undefined, ...env,
    }, 60_000);
    return run.code === 3 ? run.stderr : (JSON.parse(run.stdout) as { gpu_util_pct: number }).gpu_util_pct;
  };
  return { dir, journeyEnv, clusterEnv, busy };
}

describe('the environment files of the operations tools', () => {
  it('take JOURNEY_* settings from the seed\'s cluster.env, then journey.env over it, and the real environment over both', async () => {
    const { dir, journeyEnv, clusterEnv, busy } = setup();
    writeFileSync(clusterEnv, `# the seed's settings\nexport HF_HOME=/srv/hf\nexport JOURNEY_NVIDIA_SMI="${smi(dir, 11)}"\n`);
    expect(await busy({})).toBe(11); // the seed's file alone works
    writeFileSync(journeyEnv, `JOURNEY_NVIDIA_SMI=${smi(dir, 22)}\n`);
    expect(await busy({})).toBe(22); // journey.env wins over cluster.env
    expect(await busy({ JOURNEY_NVIDIA_SMI: smi(dir, 33) })).toBe(33); // the real environment wins over both
    expect(await busy({ JOURNEY_ENV_FILE: '' })).toBe(11); // JOURNEY_ENV_FILE empty: no journey.env (the units: systemd read it)
  }, 90_000);

  it('treat an empty real variable as the configuration does: unset, unless empty switches the setting off', async () => {
    const { dir, clusterEnv } = setup();
    writeFileSync(clusterEnv, `JOURNEY_NVIDIA_SMI=${smi(dir, 44)}\nJOURNEY_GPU_MEMORY_WARN_PERCENT=1\n`);
    const gpu = async (env: NodeJS.ProcessEnv) => JSON.parse((await runCli('ops/monitor-cli.ts', ['--json', '--check', 'gpu', '--data-dir', path.join(dir, 'data')], {
      HOME: path.join(dir, 'home'), JOURNEY_ENV_FILE: '', ...env,
    })).stdout) as { gpu_state: string; gpu_util_pct?: number };
    // JOURNEY_GPU_MEMORY_WARN_PERCENT= is unset: the file's 1% applies, and 1.2% used is WARN.
    expect(await gpu({ JOURNEY_NVIDIA_SMI: undefined, JOURNEY_GPU_MEMORY_WARN_PERCENT: '' })).toMatchObject({ gpu_state: 'WARN', gpu_util_pct: 44 });
    // JOURNEY_NVIDIA_SMI= means "no GPU": the file does not override that.
    expect(await gpu({ JOURNEY_NVIDIA_SMI: '' })).toMatchObject({ gpu_state: 'n/a' });
  }, 60_000);

  it('are read by the other operations tools too: status, watchdog and judge', async () => {
    const { dir, clusterEnv } = setup();
    writeFileSync(clusterEnv, 'JOURNEY_DAILY_BUDGET_USD=25\n');
    mkdirSync(path.join(dir, 'data'));
    const status = await runCli('ops/status-cli.ts', ['--data-dir', path.join(dir, 'data')], { HOME: path.join(dir, 'home'), JOURNEY_ENV_FILE: '' });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).budget).toMatchObject({ daily_usd: 25 });
    for (const entry of ['ops/watchdog-cli.ts', 'ops/judge-cli.ts']) {
      const run = await runCli(entry, ['--data-dir', path.join(dir, 'data')], { HOME: path.join(dir, 'home'), JOURNEY_ENV_FILE: path.join(dir, 'missing.env') });
      expect(run.stderr, entry).toContain('JOURNEY_CONFIG_FILE_UNREADABLE: cannot read the environment file');
      expect(run.code, entry).toBe(2);
    }
  }, 60_000);

  it('stop with a coded error and its fix when JOURNEY_ENV_FILE names a file that cannot be read', async () => {
    const { dir, busy } = setup();
    const stderr = await busy({ JOURNEY_ENV_FILE: path.join(dir, 'missing.env') });
    expect(stderr).toContain(`JOURNEY_CONFIG_FILE_UNREADABLE: cannot read the environment file ${path.join(dir, 'missing.env')} (JOURNEY_ENV_FILE)`);
    expect(stderr).toContain('Point JOURNEY_ENV_FILE at a readable file of KEY=VALUE lines, or set it empty to read none.');
  }, 60_000);

  it('parse KEY=VALUE lines: comments, export, quotes; no expansion, other shapes skipped', () => {
    const text = [
      '\uFEFF# comment', '; also a comment', '', 'export JOURNEY_A="quoted value"', "JOURNEY_B='single $HOME'", 'JOURNEY_C=plain#not-a-comment',
      '  JOURNEY_D = spaced  ', 'JOURNEY_E="escaped \\"quote\\""', 'not a pair', '=novalue', '1BAD=x', 'JOURNEY_F=',
    ].join('\r\n');
    expect(Object.fromEntries(parseEnvFile(text))).toEqual({
      JOURNEY_A: 'quoted value', JOURNEY_B: 'single $HOME', JOURNEY_C: 'plain#not-a-comment', JOURNEY_D: 'spaced', JOURNEY_E: 'escaped "quote"', JOURNEY_F: '',
    });
  });
});
