// A secret split across two neighbouring texts of a page (a token a terminal printed across two polls)
// is read at their seam whatever their lengths, and each text's part of it is redacted where it stands.
// Also where each redaction of a text stood, read back from the redactor's result.
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../redact/detect.ts';
import { redactedSpans } from '../../redact/redacted-spans.ts';
import { redactText } from '../../redact/redact-text.ts';
import { j } from '../../redact/rule.ts';
import { createRedactor, redactItem } from '../../synth/redact-item.ts';

const detector = createDetector({ key: 'long-text-seams-test' });
const redactor = createRedactor(detector);

/** A build log of `lines` lines, each as wide as a terminal prints it. */
const buildLog = (lines: number) => Array.from({ length: lines }, (_, i) => `10:00:${String(i % 60).padStart(2, '0')} INFO build step ${i + 1} finished in ${(i * 37) % 900} ms`).join('\n');

describe('redactedSpans', () => {
  it('reads back the span of every finding, a guessable one without a fingerprint among them', () => {
    const mail = j('zoe.hart', '@', 'northwind-labs.com');
    const input = `mail ${mail} and /home/zoe/app\nthen ${mail} again`;
    const result = redactText(input, detector);
    const spans = redactedSpans(input, result)!;
    expect(spans.length).toBe(result.findings.length);
    expect(spans.map((span) => input.slice(span.start, span.end))).toContain(mail);
    let rebuilt = '';
    let cursor = 0;
    for (const span of spans) [rebuilt, cursor] = [rebuilt + input.slice(cursor, span.start) + span.placeholder, span.end];
    expect(rebuilt + input.slice(cursor)).toBe(result.text);
  });

  it('takes the redactor\'s own spans when the result has them, and reads back a result without them', () => {
    const input = `key ${j('ghp_', 'Zq7Lm2Xw9Rt4Yb8Nc3Vd6Hf1Jk5Pa0Se2Gu7q')} now`;
    const result = redactText(input, detector);
    expect(redactedSpans(input, result)!.map((span) => [span.start, span.end])).toEqual(result.spans!.map(([start, end]) => [start, end]));
    expect(redactedSpans(input, { ...result, spans: undefined })!.map((span) => [span.start, span.end])).toEqual([[4, input.length - 4]]);
    // Read back, a result that was not made from the text maps onto nothing.
    expect(redactedSpans('key something else entirely', { ...result, spans: undefined })).toBeUndefined();
  });
});

describe('redactItem across the seam of a long text', () => {
  const [head, tail] = [j('ghp_', 'Wq4Tn8Lp2Xz6Rb9Mc1V'), j('k7Jd3Hs5Fa0Ge2Pu4')];

  it('redacts both parts of a token split across two observations when the first is over 4,096 characters', () => {
    const first = `${buildLog(90)}\nminting deploy token... ${head}`;
    expect(first.length).toBeGreaterThan(4096);
    const { value } = redactItem({ results: [{ call_id: 'c1', content: first }, { call_id: 'c2', content: `${tail}\ndone` }] }, redactor);
    const published = JSON.stringify(value);
    expect(published).not.toContain(head.slice(4));
    expect(published).not.toContain(tail);
    const [a, b] = [value.results[0]!.content, value.results[1]!.content];
    expect(a.startsWith('10:00:00 INFO build step 1 finished')).toBe(true);
    expect(b).toMatch(/^\[REDACTED:github-token#[0-9a-f]{4}\]\ndone$/);
    expect(a.endsWith(b.slice(0, -'\ndone'.length))).toBe(true);
  });

  it('redacts both parts when a text already holds a placeholder the redactor writes (a loop quoting its own public page)', () => {
    const item = { lines: [`host 10.0.0.1 was [REDACTED:ipv4] then 10.0.0.2 and minting ${head}`, `${tail}\ndone`] };
    const published = JSON.stringify(redactItem(item, redactor).value);
    expect(published).not.toContain(tail);
    expect(published).not.toContain(head.slice(4));
  });

  it('redacts both parts when a text holds control characters the redactor reads past', () => {
    const item = { lines: [`build\u0007 bell\u0000 then minting ${head}`, `${tail}\ndone`] };
    const published = JSON.stringify(redactItem(item, redactor).value);
    expect(published).not.toContain(tail);
    expect(published).not.toContain(head.slice(4));
  });

  it('reads the seam at the start of a long text too: a token one field ends and a long log goes on with', () => {
    const second = `${tail}\n${buildLog(90)}`;
    expect(second.length).toBeGreaterThan(4096);
    const { value } = redactItem({ lines: [`minting deploy token for the release... ${head}`, second] }, redactor);
    expect(JSON.stringify(value)).not.toContain(tail);
    expect(JSON.stringify(value)).not.toContain(head.slice(4));
    expect(value.lines[1]!.endsWith(buildLog(90).slice(-200))).toBe(true);
  });

  it('learns nothing from the seams of long texts that hold no secret, and leaves every text as it was', () => {
    const texts = [buildLog(90), 'step 91 finished', buildLog(120), `${'a'.repeat(5000)} done`];
    const { value, learned } = redactItem({ texts }, redactor);
    expect(learned).toEqual([]);
    expect(value.texts).toEqual(texts);
  });
});
