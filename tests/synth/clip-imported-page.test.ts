// An imported page is cut after redaction, by what the redactor read: the cut never falls past the
// margin the redactor read beyond it, however much redaction shrank the text, and a title is the
// first line of the redacted text, never of the text before redaction.
import { describe, expect, it } from 'vitest';
import { redactedText } from '../../core/public-text.ts';
import { placeholderOf, type RedactResult } from '../../redact/redact-text.ts';
import { clipImportedPage, clipShown } from '../../synth/clip-imported-page.ts';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 97}`).join(' ');
const nothingFound = (text: string): RedactResult => ({ text: redactedText(text), findings: [], unsure: undefined, spans: [] });

/** `read` with each [start, end) replaced by a placeholder of `rule`, as the redactor writes it, and its result. */
function redact(read: string, spans: Array<[number, number]>, rule: string): RedactResult {
  const findings = spans.map((_, i) => ({ rule, line: 1, column: 1, fingerprint: `f${i}` }));
  let text = '';
  let at = 0;
  spans.forEach(([start, end], i) => {
    text += read.slice(at, start) + placeholderOf(findings[i]!);
    at = end;
  });
  return { text: redactedText(text + read.slice(at)), findings, unsure: undefined, spans };
}

describe('clipShown', () => {
  it('keeps a text the redactor read whole when it is no longer than a page shows', () => {
    const text = words(1000);
    expect(text.length).toBeLessThanOrEqual(8000);
    expect(clipShown(text, redactedText(text), nothingFound(text))).toBe(text);
  });

  it('cuts a long text at 8,000 characters when redaction changed nothing', () => {
    const text = words(2000);
    const shown = clipShown(text, redactedText(text), nothingFound(text));
    expect(shown.length).toBeLessThanOrEqual(8000);
    expect(shown.length).toBeGreaterThan(7900);
    expect(text.startsWith(shown)).toBe(true);
  });

  it('moves the cut back by as much as redaction shrank the text before it, so it never lies past 8,000 characters of what was read', () => {
    // Read: a 6,000-character key block, then prose to 12,000. Redacted: the block is a short placeholder.
    const block = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(5950)}\n-----END PRIVATE KEY-----`;
    const read = `${block}\n${words(1200)}`.slice(0, 12_000);
    const result = redact(read, [[0, block.length]], 'private-key');
    const shown = clipShown(read, result.text, result);
    const placeholder = placeholderOf(result.findings[0]!);
    // Counted in what was read, the shown text ends before 8,000: the 4,000 characters past it were read.
    expect(shown.length - placeholder.length + block.length).toBeLessThanOrEqual(8000);
    expect(result.text.startsWith(shown)).toBe(true);
  });

  it('holds the cut at 8,000 characters read when redaction shrank the text before it and grew it after', () => {
    // Shrunk before the cut (a key block), grown after it (short values becoming longer placeholders):
    // the net shrink is small, and a cut by it would show text past 8,000 characters read.
    const block = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(2950)}\n-----END PRIVATE KEY-----`;
    const head = `${block}\n${words(2000)}`.slice(0, 8050);
    const read = `${head} PASTTHECUT ${'pw=ab12 '.repeat(480)}`.slice(0, 12_000);
    const values = [...read.matchAll(/ab12/g)].map((m) => [m.index, m.index + 4] as [number, number]);
    const result = redact(read, [[0, block.length], ...values], 'password');
    expect(result.text.length).toBeGreaterThan(read.length - 100); // barely shrunk overall
    const shown = clipShown(read, result.text, result);
    expect(shown).not.toContain('PASTTHECUT');
    expect(shown.length).toBeGreaterThan(4000);
  });
});

describe('clipImportedPage', () => {
  it('takes the title and every subagent title from the first line of the redacted text, cut to 200 characters', () => {
    const page = { title: 'Fix the parser\n@db.internal and more', trace: { steps: [], subruns: [{ title: `${words(100)}\nsecond line` }, { title: null }] } };
    const clipped = clipImportedPage(page);
    expect(clipped.title).toBe('Fix the parser');
    expect(clipped.trace.subruns[0]!.title!.length).toBeLessThanOrEqual(201);
    expect(clipped.trace.subruns[0]!.title!.endsWith('…')).toBe(true);
    expect(clipped.trace.subruns[1]!.title).toBeNull();
  });
});
