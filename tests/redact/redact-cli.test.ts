import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../testkit/run-cli.ts';

const token = ['gh', 'p_', 'Zq9'.repeat(12)].join('');
const mail = ['mara', '@', 'acme-robotics.io'].join('');
const env = { JOURNEY_REDACT_KEY: 'redact-cli-test-key-0123456789' };
const unterminated = ['-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEowIBAAKCAQEA'].join('');

describe('npm run redact', () => {
  it('redacts stdin to stdout and exits 0', async () => {
    const result = await runCli('admin/redact-cli.ts', [], env, 60_000, `mail ${mail}\ntoken ${token}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^mail \[REDACTED:email#[0-9a-f]{4}\]\ntoken \[REDACTED:github-token#[0-9a-f]{4}\]\n$/);
  });

  it('refuses a text it cannot vouch for: exit 1, reason and position on stderr, nothing on stdout', async () => {
    const result = await runCli('admin/redact-cli.ts', [], env, 60_000, `line\n${unterminated}\n`);
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
    const result = await runCli('admin/redact-cli.ts', ['--jsonl'], env, 60_000, `${input}\n`);
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

  it('keeps every --jsonl line whole JSON when a value ends right before the line\'s closing quote', async () => {
    // The output filter read `[REDACTED…]"}` as a value run past its marker and swallowed the line's end;
    // so did a prompt's answer (attack 35).
    const texts = ['password: |\n  Xq8-abc-Def12', 'psql "host=db user=admin password=Vb2-meadow-Quin58"', '[db]\npassword = Hq4-lantern-Vox82', 'password: >-\n  Jm5-copper-Tal36',
      "Password for 'https://bo@github.com': Ab3-cove-Lin21"];
    const input = texts.map((text, id) => JSON.stringify({ id, text })).join('\n');
    const result = await runCli('admin/redact-cli.ts', ['--jsonl'], env, 60_000, `${input}\n`);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: number; text: string });
    expect(lines.map((line) => line.id)).toEqual([0, 1, 2, 3, 4]);
    for (const line of lines) expect(line.text).toMatch(/\[REDACTED:[a-z-]+#[0-9a-f]{4}\]"?$/);
    for (const secret of ['Xq8-abc-Def12', 'Vb2-meadow-Quin58', 'Hq4-lantern-Vox82', 'Jm5-copper-Tal36', 'Ab3-cove-Lin21']) expect(result.stdout).not.toContain(secret);
  });

  it('keeps a --jsonl line whole JSON when the redactor keeps an answer the output filter reads again in the escaped reply', async () => {
    // Attack 41: the prompt rule read `purple.monkey"}` of the escaped reply as the answer, its string's end included.
    const input = JSON.stringify({ id: 1, text: 'Router notes.\nPassword:\npurple.monkey' });
    const result = await runCli('admin/redact-cli.ts', ['--jsonl'], env, 60_000, `${input}\n`);
    expect(result.code).toBe(0);
    const [line] = result.stdout.trim().split('\n');
    expect(() => JSON.parse(line!)).not.toThrow();
    expect((JSON.parse(line!) as { id: number }).id).toBe(1);
  });

  it('redacts the values of a configured .env file wherever they appear, and warns without a key', async () => {
    const dataDir = tempDir('redact-known');
    const secretFile = path.join(dataDir, 'loop.env');
    writeFileSync(secretFile, 'export DB_PASS="plain words okay"\n# comment\nSHORT=abc\n');
    const result = await runCli('admin/redact-cli.ts', ['--data-dir', dataDir], { JOURNEY_SECRET_ENV_FILE: secretFile }, 60_000,
      `said plain words okay and ${Buffer.from('plain words okay').toString('base64')}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^said \[REDACTED:known-secret#([0-9a-f]{4})\] and \[REDACTED:known-secret#[0-9a-f]{4}\]\n$/);
    expect(result.stderr).toContain('fingerprints use a per-process key');
  });
});
