import { describe, expect, it } from 'vitest';
import { redactText, scanText } from '../../redact/redact-text.ts';
import { RULES } from '../../redact/rules.ts';

const key = 'test-key';

describe('rule table', () => {
  for (const rule of RULES) {
    it(`${rule.id}: redacts every true-positive example and keeps every false-positive example`, () => {
      for (const example of rule.truePositives) {
        const result = redactText(`before ${example} after`, { key });
        expect(result.findings.map((f) => f.rule), `true positive #${rule.truePositives.indexOf(example)}`).toContain(rule.id);
        expect(scanText(result.text, { key })).toEqual([]);
      }
      for (const example of rule.falsePositives) {
        expect(scanText(example, { key }).filter((f) => f.rule === rule.id), example).toEqual([]);
      }
    });
  }
});

describe('redactText', () => {
  it('writes typed placeholders with a stable keyed fingerprint, the same for two mentions', () => {
    const mail = ['alice', '@', 'acme-robotics.io'].join('');
    const result = redactText(`to ${mail}, cc ${mail}`, { key });
    expect(result.text).toMatch(/^to \[REDACTED:email#([0-9a-f]{4})\], cc \[REDACTED:email#\1\]$/);
    expect(redactText(mail, { key: 'other' }).text).not.toBe(redactText(mail, { key }).text);
  });

  it('reports line and column of each finding and never the value', () => {
    const token = ['gh', 'p_', 'a'.repeat(36)].join('');
    const [finding] = redactText(`line one\n  token ${token}`, { key }).findings;
    expect(finding).toEqual({ rule: 'github-token', line: 2, column: 9, fingerprint: expect.stringMatching(/^[0-9a-f]{4}$/) });
    expect(JSON.stringify(finding)).not.toContain(token);
  });

  it('locates findings exactly in a large log, on the first and on the last of 50,000 lines', () => {
    const mail = ['bob', '@', 'acme-robotics.io'].join('');
    const log = [`x ${mail}`, ...Array.from({ length: 49_998 }, (_, i) => `line ${i}`), `  at ${mail}`].join('\n');
    const findings = redactText(log, { key }).findings;
    expect(findings.map(({ line, column }) => [line, column])).toEqual([[1, 3], [50_000, 6]]);
    expect(scanText(log, { key }).map(({ line, column }) => [line, column])).toEqual([[1, 3], [50_000, 6]]);
  });

  it('is unsure about a private key block without its end marker', () => {
    const text = ['-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEowIBAAKCAQEA'].join('');
    expect(redactText(text, { key }).unsure).toMatch(/without its end marker/);
  });

  it('redacts operator denylist words case-insensitively', () => {
    expect(redactText('deployed by Project Falcon team', { key, denylist: ['project falcon'] }).text).toMatch(
      /^deployed by \[REDACTED:denylist#[0-9a-f]{4}\] team$/,
    );
  });

  it('scans JSON-escaped text without counting placeholders as secrets', () => {
    const json = JSON.stringify({ log: 'Authorization: Bearer [REDACTED:jwt#ab12]\nnext line' });
    expect(scanText(json, { key })).toEqual([]);
  });
});
