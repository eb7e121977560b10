// Fingerprints must not help guess a value: a weak key is refused, and a guessable value gets none.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JourneyError } from '../../core/journey-error.ts';
import { createDetector } from '../../redact/detect.ts';
import { isGuessable } from '../../redact/guessable-values.ts';
import { insideMarker, replaceOwnMarkers } from '../../redact/placeholders.ts';
import { readRedactKey, REDACT_KEY_ENV } from '../../redact/read-redact-key.ts';
import { fingerprint, NO_FINGERPRINT, redactText, scanText } from '../../redact/redact-text.ts';
import { runCli, tempDir } from '../../testkit/run-cli.ts';

const detector = createDetector({ key: 'fingerprints-test-key-0123456789' });
const j = (...parts: string[]) => parts.join('');

describe('fingerprints of guessable values', () => {
  it('counts PINs, short values and common passwords as guessable, and long or mixed values as not', () => {
    for (const value of ['4821', '482913', '10.0.0.5', 'password123', 'Summer2024!', '12345678901234']) expect(isGuessable(value), value).toBe(true);
    for (const value of ['Lantern-harbor-2931', '192.168.1.10', 'mara@acme-robotics.io', '4111111111111111', j('gh', 'p_', 'Zq9'.repeat(12))]) {
      expect(isGuessable(value), value).toBe(false);
    }
  });

  it('writes a placeholder without a fingerprint for a guessable value, and one with a fingerprint otherwise', () => {
    const mail = j('mara', '@', 'acme-robotics.io');
    const result = redactText(`host 10.0.0.5 mailed ${mail}\n`, detector);
    expect(result.text).toMatch(/^host \[REDACTED:ipv4\] mailed \[REDACTED:email#[0-9a-f]{4}\]\n$/);
    expect(result.findings.map((f) => f.fingerprint)).toEqual([NO_FINGERPRINT, expect.stringMatching(/^[0-9a-f]{4}$/)]);
    expect(fingerprint('4821', detector.key)).toBe(NO_FINGERPRINT);
    expect(result.unsure).toBeUndefined();
  });

  it("counts a placeholder without a fingerprint as journey's own, and one naming no rule as not", () => {
    const text = 'a [REDACTED:ipv4] b';
    expect(insideMarker(text, 3, 17)).toBe(true);
    expect(replaceOwnMarkers(text, 'x')).toBe('a x b');
    expect(scanText(text, detector).findings).toEqual([]);
    expect(replaceOwnMarkers('[REDACTED:hunter2-prod]', 'x')).toBe('[REDACTED:hunter2-prod]');
  });

  it("counts a value read past a marker over a page's markup and its entity-written quotes as the marker's, and not one with text after it", () => {
    // As a built page shows a tool call's arguments: JSON in a <pre>, its quotes as entities (attack 39's refusal of a redacted site).
    const page = '<pre>{&quot;command&quot;:&quot;rabbitmqctl add_user app [REDACTED:ipv4]&quot;}</pre></div><div class="observation">';
    const marker = page.indexOf('[REDACTED');
    expect(insideMarker(page, marker, page.indexOf('<div'))).toBe(true);
    expect(insideMarker(page, marker + 12, page.indexOf('</pre>') + 6)).toBe(true);
    const more = 'Password: [REDACTED:ipv4]</p><p>Hq4-lantern-Vox82</p>';
    expect(insideMarker(more, more.indexOf('['), more.length)).toBe(false);
  });
});

describe('the fingerprint key', () => {
  const saved = process.env[REDACT_KEY_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[REDACT_KEY_ENV];
    else process.env[REDACT_KEY_ENV] = saved;
  });

  it('refuses a weak JOURNEY_REDACT_KEY, names the fix and never prints the key', () => {
    for (const weak of ['x', 'hunter2', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'passwordpassword']) {
      process.env[REDACT_KEY_ENV] = weak;
      let error: unknown;
      try {
        readRedactKey(tempDir('weak-key'), { create: true });
      } catch (caught) {
        error = caught;
      }
      expect(error, weak).toBeInstanceOf(JourneyError);
      expect((error as JourneyError).code).toBe('JOURNEY_REDACT_KEY_WEAK');
      expect((error as JourneyError).fix).toContain('openssl rand -hex 32');
      if (weak.length > 1) expect(`${(error as JourneyError).message} ${(error as JourneyError).fix}`).not.toContain(weak);
    }
  });

  it('accepts a random key and the key file it writes itself, and refuses a weak key file', () => {
    process.env[REDACT_KEY_ENV] = 'c3f1a9e07b5d42e8961f0a7cd2b48e15f6a3c9d0e7b21f84a5c6d9e0f1b2a3c4';
    expect(readRedactKey(tempDir('good-key'), { create: false }).length).toBe(64);
    delete process.env[REDACT_KEY_ENV];
    const dataDir = tempDir('key-file');
    expect(readRedactKey(dataDir, { create: true }).length).toBe(32);
    writeFileSync(path.join(dataDir, 'fingerprint.key'), 'short');
    expect(() => readRedactKey(dataDir, { create: true })).toThrow(/fingerprint\.key is too weak/);
  });

  it('makes npm run redact exit 2 on a weak key, with the code and fix on stderr', async () => {
    const result = await runCli('admin/redact-cli.ts', [], { [REDACT_KEY_ENV]: 'hunter2' }, 60_000, 'hello\n');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('JOURNEY_REDACT_KEY_WEAK');
    expect(result.stderr).toContain('openssl rand -hex 32');
    expect(result.stderr).not.toContain('hunter2');
  });
});
