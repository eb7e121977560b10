import { describe, expect, it } from 'vitest';
import { createDetector } from '../../redact/detect.ts';
import { redactText } from '../../redact/redact-text.ts';
import { RULES } from '../../redact/rules.ts';
import { loadCases, type RedactCase } from './load-cases.ts';

const key = 'test-key';
const cases = loadCases();
const detectorFor = (c: RedactCase, rules?: typeof RULES) =>
  createDetector({ key, denylist: c.denylist, knownSecrets: c.knownSecrets, detectors: c.detectors, ...(rules ? { rules } : {}) });

/** Why a must-catch case is not handled, or undefined when it is. Never returns a secret value. */
function failureOf(c: RedactCase, rules?: typeof RULES): string | undefined {
  const result = redactText(c.input, detectorFor(c, rules));
  if (c.refuse) return result.unsure ? undefined : 'was not refused';
  if (result.unsure) return `refused: ${result.unsure.reason}`;
  const survivors = c.secrets.filter((secret) => result.text.includes(secret)).length;
  if (survivors > 0) return `${survivors} marked values survived`;
  const missing = c.rules.filter((rule) => !result.findings.some((f) => f.rule === rule));
  return missing.length > 0 ? `rules not reported: ${missing.join(', ')}` : undefined;
}

describe('redaction cases', () => {
  it('has must-catch cases with marked values and must-survive cases without', () => {
    expect(cases.filter((c) => c.mustCatch).length).toBeGreaterThan(70);
    expect(cases.filter((c) => !c.mustCatch).length).toBeGreaterThan(15);
    for (const c of cases) expect(c.secrets.length > 0, c.name).toBe(c.mustCatch);
  });

  for (const c of cases.filter((c) => c.mustCatch)) {
    it(`catches ${c.name}`, () => {
      expect(failureOf(c)).toBeUndefined();
    });
  }

  for (const c of cases.filter((c) => !c.mustCatch)) {
    it(`keeps ${c.name} byte for byte`, () => {
      const result = redactText(c.input, detectorFor(c));
      expect(result.findings.map((f) => `${f.rule} at ${f.line}:${f.column}`)).toEqual([]);
      expect(result.unsure).toBeUndefined();
      expect(result.text === c.input).toBe(true);
    });
  }

  it('covers every rule of the table with a must-catch case', () => {
    const covered = new Set(cases.flatMap((c) => c.rules));
    expect(RULES.map((rule) => rule.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('mutation test', () => {
  // Each rule is needed: without it, some must-catch case fails.
  for (const rule of RULES) {
    it(`some case fails when rule ${rule.id} is disabled`, () => {
      const reduced = RULES.filter((other) => other !== rule);
      const failing = cases.filter((c) => c.mustCatch && c.rules.includes(rule.id)).filter((c) => failureOf(c, reduced) !== undefined);
      expect(failing.length).toBeGreaterThan(0);
    });
  }
});
