// A reader that goes away (`| head -1`) closes the pipe: the command ends quietly with its own exit code,
// never with an unhandled EPIPE stack trace (STYLE rule 19), whichever command it is.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../../testkit/run-cli.ts';

interface ClosedRun {
  code: number | null;
  stderr: string;
}

/** Runs a command whose stdout reader has already gone: every write it makes meets EPIPE. */
function runWithStdoutClosed(entry: string, args: string[]): Promise<ClosedRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, entry), ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1', JOURNEY_LOOP_DIR: '' } });
    child.stdout.destroy(); // the only read end: closed before the command prints anything
    child.stdin.end();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Runs a command whose stderr reader has already gone. */
function runWithStderrClosed(entry: string, args: string[]): Promise<{ code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, entry), ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1', JOURNEY_LOOP_DIR: '' } });
    child.stderr.destroy();
    child.stdin.end();
    child.stdout.resume();
    child.on('close', (code) => resolve({ code }));
  });
}

describe('a closed output pipe', () => {
  it('npm run config -- --print | head -1 prints one line and no stack trace, and the pipeline exits 0', () => {
    const dataDir = tempDir('pipe-config');
    const result = spawnSync('bash', ['-c', `set -o pipefail; node admin/config-cli.ts --print --data-dir '${dataDir}' | head -1`],
      { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stdout).toMatch(/^loopDir +\(unset\) +the default\n$/);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each([
    ['admin/config-cli.ts', ['--print']],
    ['admin/config-cli.ts', ['--json']],
    ['synth/synth-cli.ts', ['--help']],
  ])('%s %s with its stdout closed ends quietly with exit 0', async (entry, args) => {
    const result = await runWithStdoutClosed(entry, [...args, '--data-dir', tempDir('pipe-out')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('a command with its stderr closed still ends quietly, with its own exit code', async () => {
    expect((await runWithStderrClosed('synth/synth-cli.ts', ['--pubic'])).code).toBe(2);
    expect((await runWithStderrClosed('demo/demo-cli.ts', ['--out', path.join(tempDir('pipe-err'), 'loop'), '--iterations', '2'])).code).toBe(0);
  });
});
