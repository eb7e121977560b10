import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTestLoop } from '../helpers/demo-loop.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';

const token = ['gh', 'p_', 'Zq9'.repeat(12)].join('');
const mail = ['mara', '@', 'acme-robotics.io'].join('');
const env = { JOURNEY_REDACT_KEY: 'test-key' };
const unterminated = ['-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEowIBAAKCAQEA'].join('');

describe('npm run redact', () => {
  it('redacts stdin to stdout and exits 0', async () => {
    const result = await runCli('redact/redact-cli.ts', [], env, 60_000, `mail ${mail}\ntoken ${token}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^mail \[REDACTED:email#[0-9a-f]{4}\]\ntoken \[REDACTED:github-token#[0-9a-f]{4}\]\n$/);
  });

  it('refuses a text it cannot vouch for: exit 1, reason and position on stderr, nothing on stdout', async () => {
    const result = await runCli('redact/redact-cli.ts', [], env, 60_000, `line\n${unterminated}\n`);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('refused: a private key block without its end marker (rule private-key at line 2, column 1)');
    expect(result.stderr).not.toContain('MIIEow');
  });

  it('answers one JSON line per input line in order with --jsonl, malformed lines included, exit 0', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: `mail ${mail}` }),
      `{"id": "b", "text": "${token}`,
      JSON.stringify({ id: 7, text: unterminated }),
      JSON.stringify({ text: 'no id' }),
      JSON.stringify({ id: 'e', text: 'nothing secret' }),
    ].join('\n');
    const result = await runCli('redact/redact-cli.ts', ['--jsonl'], env, 60_000, `${input}\n`);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { id: 'a', text: expect.stringMatching(/^mail \[REDACTED:email#[0-9a-f]{4}\]$/) },
      { line: 2, refused: true, reason: 'not valid JSON' },
      { id: 7, refused: true, reason: 'a private key block without its end marker (rule private-key at line 1, column 1)' },
      { line: 4, refused: true, reason: 'expected an object with "id" (string or number) and "text" (string)' },
      { id: 'e', text: 'nothing secret' },
    ]);
    expect(result.stdout + result.stderr).not.toContain(token);
  });

  it('redacts the values of a configured .env file wherever they appear, and warns without a key', async () => {
    const dataDir = tempDir('redact-known');
    const secretFile = path.join(dataDir, 'loop.env');
    writeFileSync(secretFile, 'export DB_PASS="plain words okay"\n# comment\nSHORT=abc\n');
    const result = await runCli('redact/redact-cli.ts', ['--data-dir', dataDir], { JOURNEY_SECRET_ENV_FILE: secretFile }, 60_000,
      `said plain words okay and ${Buffer.from('plain words okay').toString('base64')}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^said \[REDACTED:known-secret#([0-9a-f]{4})\] and \[REDACTED:known-secret#[0-9a-f]{4}\]\n$/);
    expect(result.stderr).toContain('fingerprints use a per-process key');
  });
});

describe('npm run synth with a text the redactor cannot vouch for', () => {
  it('withholds that field behind a visible marker, names file, line, column and rule, publishes the rest, exits 3', async () => {
    const loopDir = tempDir('withhold-loop');
    const dataDir = tempDir('withhold-data');
    writeTestLoop(loopDir, 3);
    const planFile = path.join(loopDir, 'iterations', '0002', 'plan.md');
    writeFileSync(planFile, `# Plan\nread the deploy key:\n${unterminated}\n`);
    const result = await runCli('synth/synth-cli.ts', ['--public', '--loop-dir', loopDir, '--data-dir', dataDir]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('JOURNEY_REDACT_UNSURE: iterations/0002/plan.md:3:1 field "plan" rule private-key: withheld: a private key block without its end marker');
    expect(result.stderr + result.stdout).not.toContain('MIIEow');
    const page = readFileSync(path.join(dataDir, 'current', 'iterations', '2', 'index.html'), 'utf8');
    expect(page).toContain('[WITHHELD: could not be redacted safely]');
    expect(page).toContain('<h2 id="diff">');
    const data = JSON.parse(readFileSync(path.join(dataDir, 'current', 'site-data.json'), 'utf8'));
    expect(data.withheld).toContainEqual({ item: 'iteration 2 plan', reason: 'could not be redacted safely' });
    expect(data.iterations[1].withheld_fields).toBe(1);
    expect(data.redactions.total).toBeGreaterThan(0);
    expect(data.iterations.some((it: { redactions: number }) => it.redactions > 0)).toBe(true);
  }, 180_000);
});
