// V8 compiles a pattern to machine code once it has run often enough; its compiled code for a `(?i:…)`
// modifier group lost the case-insensitivity, so `SSN: …`, `Phone: …` and `Login: …` went unmatched
// after some hundred texts in one process. The rule table is compiled without modifier groups.
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../redact/detect.ts';
import { withoutCaseModifiers } from '../../redact/match-rules.ts';
import { redactText } from '../../redact/redact-text.ts';
import { loadCases } from './load-cases.ts';

describe('rules with a case-insensitive part, after many texts', () => {
  it('still catch every marked value of the label rules once V8 has compiled their patterns', () => {
    const cases = loadCases().filter((c) => c.mustCatch);
    const detectorFor = (c: (typeof cases)[number]) => createDetector({ key: 'test-key', denylist: c.denylist, knownSecrets: c.knownSecrets, detectors: c.detectors });
    for (let round = 0; round < 3; round++) for (const c of cases) redactText(c.input, detectorFor(c));
    for (const name of ['ng.national-ids', 'ng.phone-numbers', 'ng.login-name']) {
      const c = cases.find((each) => each.name === name);
      if (!c) continue;
      const result = redactText(c.input, detectorFor(c));
      expect(c.secrets.filter((secret) => result.text.includes(secret)).length, name).toBe(0);
    }
  }, 300_000);

  it('writes a modifier group out as letter classes, escapes and character classes as they were', () => {
    expect(withoutCaseModifiers(String.raw`(?<![\w-])(?i:ssn|no\.?)[ \t]*(?<v>[A-Z]+)`)).toBe(String.raw`(?<![\w-])(?:[sS][sS][nN]|[nN][oO]\.?)[ \t]*(?<v>[A-Z]+)`);
    expect(withoutCaseModifiers(String.raw`(?i:(?:^|\n)(?<name>x)|\buser)`)).toBe(String.raw`(?:(?:^|\n)(?<name>[xX])|\b[uU][sS][eE][rR])`);
    expect(withoutCaseModifiers('a\\(?i:b)')).toBe('a\\(?i:b)');
  });
});
