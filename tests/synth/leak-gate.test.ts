// The leak scan of the built files is a gate of its own: with the redactor and the verify gate
// switched off (JOURNEY_FAULT=redact:off, a test-only fault point), it alone refuses the publish,
// names every credential the demo plants by place, rule and fingerprint, and leaves nothing live.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../redact/redact-text.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

const KEY = 'leak-gate-test-key';
/** The planted kinds that are credentials (must-tier); personal data (e-mail, addresses, paths) is the should-tier. */
const MUST = new Set(['aws-access-key-id', 'github-token', 'openai-key', 'anthropic-key', 'slack-token', 'stripe-key', 'huggingface-token',
  'env-password', 'url-password', 'jwt', 'private-key']);

describe('the leak scan alone', () => {
  it('refuses a publish whose redactor was switched off, naming every planted credential, and publishes nothing', async () => {
    const loopDir = tempDir('gate-loop');
    const dataDir = tempDir('gate-data');
    const demo = writeTestLoop(loopDir, 12);
    const result = await publishLoop(loopDir, dataDir, { env: { JOURNEY_FAULT: 'redact:off', JOURNEY_REDACT_KEY: KEY } });
    expect(result.code, result.stderr.slice(-3000)).toBe(1);
    expect(result.stderr).toContain('JOURNEY_LEAK_SCAN_FAILED');
    expect(result.stderr).not.toContain('✓ verify');
    expect(result.stderr).toMatch(/by rule: .+\(\d+\)/);
    expect(existsSync(path.join(dataDir, 'current'))).toBe(false);
    const { findings } = JSON.parse(readFileSync(path.join(dataDir, 'leak-findings.json'), 'utf8')) as { findings: Array<{ file: string; rule: string; fingerprint: string }> };
    const printed = new Set(findings.map((f) => f.fingerprint));
    const rules = new Set(findings.map((f) => f.rule));
    // A credential that stands alone is reported with its own fingerprint; one inside a longer value
    // (a URL's user info, a key block's line) is reported by the rule that took the whole.
    const within: Record<string, string> = { 'url-password': 'url-credentials', 'private-key': 'private-key', 'github-token': 'url-credentials' };
    const loopText = readdirSync(loopDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8')).join('\n');
    const present = demo.planted.filter((p) => MUST.has(p.kind) && loopText.includes(p.value));
    expect(present.length).toBeGreaterThanOrEqual(6);
    const missed = present
      .filter((p) => !printed.has(fingerprint(p.value, KEY)) && !(within[p.kind] !== undefined && rules.has(within[p.kind]!)))
      .map((p) => p.kind);
    expect(missed).toEqual([]);
    // The public data the refused release was built from is withdrawn where it holds a refused value:
    // the operator's copy in <data>/public counts as published.
    expect(result.stderr).toMatch(/withdrew \d+ public files holding a refused value/);
    const publicDir = path.join(dataDir, 'public');
    const publicText = readdirSync(publicDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8')).join('\n');
    expect(present.filter((p) => publicText.includes(p.value) || publicText.includes(JSON.stringify(p.value).slice(1, -1))).map((p) => p.kind)).toEqual([]);
  }, 120_000);
});
