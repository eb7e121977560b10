// An imported page is cut after redaction, by what the redactor read: the cut never falls past the
// margin the redactor read beyond it, however much redaction shrank the text, and a title is the
// first line of the redacted text, never of the text before redaction.
import { describe, expect, it } from 'vitest';
import { redactedText } from '../../core/public-text.ts';
import { clipImportedPage, clipShown } from '../../synth/clip-imported-page.ts';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 97}`).join(' ');

describe('clipShown', () => {
  it('keeps a text the redactor read whole when it is no longer than a page shows', () => {
    const text = words(1000);
    expect(text.length).toBeLessThanOrEqual(8000);
    expect(clipShown(text, redactedText(text))).toBe(text);
  });

  it('cuts a long text at 8,000 characters when redaction changed nothing', () => {
    const text = words(2000);
    const shown = clipShown(text, redactedText(text));
    expect(shown.length).toBeLessThanOrEqual(8000);
    expect(shown.length).toBeGreaterThan(7900);
    expect(text.startsWith(shown)).toBe(true);
  });

  it('moves the cut back by as much as redaction shrank the text, so it never lies past 8,000 characters of what was read', () => {
    // Read: a 6,000-character key block, then prose to 12,000. Redacted: the block is a short placeholder.
    const block = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(5950)}\n-----END PRIVATE KEY-----`;
    const prose = words(1200);
    const read = `${block}\n${prose}`.slice(0, 12_000);
    const redacted = redactedText(read.replace(block, '[REDACTED:private-key#ab12]'));
    const shown = clipShown(read, redacted);
    const shrink = read.length - redacted.length;
    // Counted in what was read, the shown text ends before 8,000: the 4,000 characters past it were read.
    expect(shown.length + shrink).toBeLessThanOrEqual(8000);
    expect(redacted.startsWith(shown)).toBe(true);
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
