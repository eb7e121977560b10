// The meta-judge with reviewer scripts standing in for the external CLI: several marked sections,
// one that hangs past the timeout, one that reads stdin, one that keeps failing, one that repeats a
// secret; and a prompt that holds nothing of the loop's raw files.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, runCli, tempDir } from '../../testkit/run-cli.ts';
import { resolveConfig } from '../../config/resolve-config.ts';
import { isAlive, until } from '../../testkit/serve.ts';
import type { DemoLoop } from '../../demo/generate-demo.ts';

const loopDir = tempDir('judge-loop');
const dataDir = tempDir('judge-data');
const tools = tempDir('judge-tools');
let demo: DemoLoop;

beforeAll(async () => {
  demo = writeTestLoop(loopDir, 6);
  const published = await publishLoop(loopDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'judge-test-key-0123456789' }, extra: ['--no-codex-cleanup'] });
  expect(published.code, published.stderr).toBe(0);
}, 120_000);

/** A reviewer: a shell script with `body`; `$LAST` is its last argument (the prompt). */
function reviewer(name: string, body: string): string {
  const file = path.join(tools, `${name}.sh`);
  writeFileSync(file, `#!/bin/sh\nfor LAST in "$@"; do :; done\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const judge = (command: string, env: NodeJS.ProcessEnv = {}, data = dataDir) => runCli('ops/judge-cli.ts', ['--data-dir', data], {
  JOURNEY_REVIEWER_COMMAND: command, JOURNEY_JUDGE_TIMEOUT_SECONDS: '420', ...env,
}, 60_000);
const reviews = (data = dataDir) => (existsSync(path.join(data, 'reviews/meta-judge.jsonl'))
  ? readFileSync(path.join(data, 'reviews/meta-judge.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : []);

describe('npm run judge', () => {
  it('keeps the last section under the marker and appends its score and findings', async () => {
    const prompt = path.join(tools, 'prompt.txt');
    const script = reviewer('sections', `printf '%s' "$LAST" > ${prompt}
cat <<'OUT'
thinking...
codex
Health score: 12/100
- [crit] an early draft
codex
Health score: 77/100
Summary: Steady progress; verdicts match the tests.
- [warn] The writer retried the same fix (iterations 4, 5)
- [info] Plans stay small
OUT`);
    const run = await judge(`${script} exec`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('review added: health score 77, 2 findings');
    const [review] = reviews();
    expect(review).toMatchObject({
      score: 77, summary: 'Steady progress; verdicts match the tests.', reviewer: script,
      findings: [{ severity: 'warn', text: 'The writer retried the same fix', iterations: [4, 5] }, { severity: 'info', text: 'Plans stay small', iterations: [] }],
    });
    // The prompt came from the public data only: no planted secret of the raw loop files is in it.
    const text = readFileSync(prompt, 'utf8');
    expect(text).toMatch(/^You review an autonomous software-engineering loop/);
    expect(text).toContain('## Iteration 6:');
    expect(demo.planted.length).toBeGreaterThan(5);
    expect(demo.planted.filter((secret) => text.includes(secret.value)).map((secret) => secret.kind)).toEqual([]);
  }, 60_000);

  it('gives a reviewer that reads stdin end-of-file at once, and kills one that hangs, with its children, at the timeout', async () => {
    const stdin = reviewer('stdin', 'cat > /dev/null\necho codex\necho "Health score: 64/100"');
    const started = performance.now();
    expect((await judge(stdin)).code).toBe(0);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(reviews().at(-1).score).toBe(64);
    const pids = path.join(tools, 'hang.pids');
    const hang = reviewer('hang', `sleep 300 &\necho $! > ${pids}\necho $$ >> ${pids}\nwait`);
    const hung = await judge(hang, { JOURNEY_JUDGE_TIMEOUT_SECONDS: '2' });
    expect(hung.code).toBe(1);
    expect(hung.stderr).toMatch(/reviewer failed \(killed after 2 s\)/);
    const started2 = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(started2).toHaveLength(2);
    await until(async () => started2.every((pid) => !isAlive(pid)), 'the reviewer and its child to be gone', 5_000);
  }, 60_000);

  it('opens its breaker after 5 failures in a row, keeps it open across restarts, and half-opens after the cool-down', async () => {
    const data = tempDir('judge-breaker');
    const { cpSync } = await import('node:fs');
    // The judge reads the live release (what passed the leak scan), not <data>/public.
    cpSync(path.join(dataDir, 'current'), path.join(data, 'current'), { recursive: true, dereference: true });
    const calls = path.join(tools, 'failing.calls');
    const failing = reviewer('failing', `echo call >> ${calls}\necho "model overloaded" >&2\nexit 1`);
    // A cool-down longer than six runs take on a busy machine, short enough to wait out.
    const env = { JOURNEY_BREAKER_COOLDOWN_SECONDS: '12' };
    for (let i = 1; i <= 5; i++) {
      const run = await judge(failing, env, data);
      expect(run.stderr).toContain(`${i} failure${i === 1 ? '' : 's'} in a row`);
    }
    const skipped = await judge(failing, env, data); // a new process: the breaker lives in journey.db
    expect(skipped.code).toBe(1);
    expect(skipped.stderr).toMatch(/reviewer not called: its breaker is open until .* after 5 failures in a row/);
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(5);
    await new Promise((resolve) => setTimeout(resolve, 12_200));
    const healthy = reviewer('healthy', 'echo codex\necho "Health score: 90/100"');
    const halfOpen = await judge(healthy, env, data);
    expect(halfOpen.stderr).toContain('reviewer breaker half-open: one try');
    expect(halfOpen.code).toBe(0);
    expect((await judge(healthy, env, data)).stderr).not.toContain('half-open'); // closed again
  }, 90_000);

  it('runs the seed\'s reviewer by default: codex exec, gpt-5.5 at high reasoning effort, read-only, the prompt as its last argument, stdin closed, 420 s', async () => {
    const { config, sources } = resolveConfig({ flags: {}, env: {}, cwd: tempDir('judge-cwd') }); // no config file there
    expect({ command: config.reviewerCommand, timeout: config.judgeTimeoutSeconds, source: sources.reviewerCommand }).toEqual({
      command: ['codex', 'exec', '--skip-git-repo-check', '--sandbox', 'read-only', '--model', 'gpt-5.5', '-c', 'model_reasoning_effort=high'],
      timeout: 420, source: 'default',
    });
    // A codex on PATH that records how it was called and what its stdin held.
    const bin = tempDir('judge-codex');
    const record = path.join(bin, 'call.json');
    writeFileSync(path.join(bin, 'codex'), `#!${process.execPath}
const fs = require('node:fs');
fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), stdin: fs.readFileSync(0, 'utf8'), fd0: fs.readlinkSync('/proc/self/fd/0') }));
console.log('codex\\nHealth score: 70/100\\nSummary: Fine.');
`);
    chmodSync(path.join(bin, 'codex'), 0o755);
    const run = await runCli('ops/judge-cli.ts', ['--data-dir', dataDir], { PATH: `${bin}:${process.env['PATH']}`, JOURNEY_REVIEWER_COMMAND: undefined }, 60_000);
    expect(run.code, run.stderr).toBe(0);
    const call = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; stdin: string; fd0: string };
    expect(call.argv.slice(0, -1)).toEqual(['exec', '--skip-git-repo-check', '--sandbox', 'read-only', '--model', 'gpt-5.5', '-c', 'model_reasoning_effort=high']);
    expect(call.argv.at(-1)).toMatch(/^You review an autonomous software-engineering loop/);
    expect({ stdin: call.stdin, fd0: call.fd0 }).toEqual({ stdin: '', fd0: '/dev/null' }); // nothing piped: codex would append a piped stdin to the prompt
    expect(reviews().at(-1)).toMatchObject({ score: 70, summary: 'Fine.', reviewer: 'codex' });
    // Overridable as before.
    const other = reviewer('override', 'echo codex\necho "Health score: 66/100"');
    expect((await judge(`${other} --flag`)).code).toBe(0);
    expect(reviews().at(-1)).toMatchObject({ score: 66, reviewer: other });
  }, 60_000);

  it('redacts what the reviewer says before storing it: a secret it read elsewhere never reaches the reviews file', async () => {
    const token = ['gh', 'p_', 'R4v'.repeat(12)].join('');
    const leaky = reviewer('leaky', `echo codex\necho "Health score: 55/100"\necho "Summary: found ${token} in the loop folder"\necho "- [crit] the writer pasted ${token} (iterations 3)"`);
    const run = await judge(leaky);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('review redacted: 2 redactions, 0 texts withheld');
    const text = readFileSync(path.join(dataDir, 'reviews/meta-judge.jsonl'), 'utf8');
    expect(text).not.toContain(token);
    expect(reviews().at(-1)).toMatchObject({ score: 55, summary: expect.stringMatching(/^found \[REDACTED:github-token#[0-9a-f]+\] in the loop folder$/), findings: [{ severity: 'crit', iterations: [3] }] });
  }, 60_000);
});
