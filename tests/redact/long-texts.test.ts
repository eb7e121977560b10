// Long texts are searched in pieces, and base views hold characters beyond Latin-1 folded. Neither may
// change what is found: these tests compare against one whole-text search and against real values.
import { describe, expect, it } from 'vitest';
import { ansiView, rawView } from '../../redact/build-views.ts';
import { createDetector, detect, type Detection } from '../../redact/detect.ts';
import { redactText, scanText } from '../../redact/redact-text.ts';
import { fill, j } from '../../redact/rule.ts';
import { RULES } from '../../redact/rules.ts';
import { foldText } from '../../redact/text-bytes.ts';

const key = 'test-key';
const whole = createDetector({ key, pieceLength: Number.MAX_SAFE_INTEGER });

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const covered = (detections: Detection[], by: Detection[]) =>
  detections.filter((d) => !by.some((p) => p.start <= d.start && p.end >= d.end));

describe('pieces of a long text', () => {
  // Every rule's true positives among filler lines, in a text cut at many places.
  const next = random(7);
  const lines: string[] = [];
  for (const rule of RULES) {
    for (const example of rule.truePositives) {
      for (let filler = Math.floor(next() * 4); filler > 0; filler--) lines.push(`step ${lines.length}: ran the tests, all green`);
      lines.push(example);
    }
  }
  const text = lines.join('\n');
  // The same lines in stretches: a piece is searched up to 16 KB past its own lines, so pieces of
  // 64 characters over the whole text searched it some 250 times over (four minutes). In stretches of
  // 4 KB each seam still falls after every line; stretches of 20 KB, past that reach, use it up.
  const stretchesOf = (size: number) => {
    const stretches: string[] = [];
    for (let at = 0, length = 0, from = 0; at < lines.length; at++) {
      length += lines[at]!.length + 1;
      if (length < size && at < lines.length - 1) continue;
      stretches.push(lines.slice(from, at + 1).join('\n'));
      from = at + 1;
      length = 0;
    }
    return stretches;
  };
  const wholly = new Map<string, ReturnType<typeof detect>>();
  const wholeResult = (of: string) => wholly.get(of) ?? wholly.set(of, detect(of, whole)).get(of)!;

  const cases: Array<[pieceLength: number, texts: string[], what: string]> = [
    [64, stretchesOf(4_096), 'each stretch of 4 KB'],
    [300, stretchesOf(20_480), 'each stretch of 20 KB'],
    [1_000, [text], 'the whole text'],
    [5_000, [text], 'the whole text'],
  ];
  for (const [pieceLength, texts, what] of cases) {
    it(`finds at least what one whole-text search finds, in pieces of ${pieceLength} characters of ${what}`, () => {
      expect(texts.join('\n')).toBe(text);
      let detections = 0;
      for (const of of texts) {
        const expected = wholeResult(of);
        // No time budget may cut the search short on a loaded machine.
        const pieced = detect(of, createDetector({ key, pieceLength, budgetMs: 600_000 }));
        detections += expected.detections.length;
        expect(covered(expected.detections, pieced.detections)).toEqual([]);
        expect(pieced.unsure).toEqual(expected.unsure);
      }
      expect(detections).toBeGreaterThan(RULES.length);
    }, 300_000); // the whole text of every rule's examples is dense: a minute on a loaded 2-core machine
  }

  it('sees a key block whole when it starts just before a seam of the default 1 MiB pieces', () => {
    const block = j('-----BEGIN RSA PRIVATE', ' KEY-----\n', `${fill(64)}\n`.repeat(40), '-----END RSA PRIVATE KEY-----');
    const head = 'log line that is not a secret\n'.repeat(Math.ceil((1 << 20) / 30) - 20);
    const long = `${head}${block}\n${'tail line\n'.repeat(1000)}`;
    const result = scanText(long, createDetector({ key }));
    expect(result.unsure).toBeUndefined();
    expect(result.findings.map((f) => f.rule)).toEqual(['private-key']);
    const redacted = redactText(long, createDetector({ key }));
    expect(redacted.text).not.toContain(fill(64));
  });

  it('decodes a wrapped base64 run that crosses a seam', () => {
    const secret = j('password=', 'Zq8', fill(30));
    const body = Buffer.from(`${'x'.repeat(200)} ${secret} ${'y'.repeat(200)}`).toString('base64').match(/.{1,76}/g)!.join('\n');
    const long = `${'plain line\n'.repeat(30)}${body}\n${'plain line\n'.repeat(30)}`;
    for (const pieceLength of [200, 400, 500, 600]) {
      const result = redactText(long, createDetector({ key, pieceLength }));
      expect(result.unsure, `pieces of ${pieceLength}`).toBeUndefined();
      expect(result.text, `pieces of ${pieceLength}`).not.toContain(body.split('\n')[4]);
    }
  });
});

describe('characters beyond Latin-1', () => {
  it('folds them to one byte each, keeping whitespace and line terminators what they are', () => {
    const { folded } = foldText('a→b\u3000c\u2028d😀');
    expect(folded).toBe('a\x80b c\rd\x80\x80');
    expect(/\s/.test('\u3000')).toBe(/\s/.test(folded[3]!));
    expect(foldText('plain ascii').folded).toBe('plain ascii');
  });

  it('maps every character of the ANSI view back to the raw character it shows', () => {
    const next = random(11);
    const atoms = ['a', 'Z', '9', '→', '😀', ' ', '\n', '\u3000', '\u001b[1m', '\u001b[38;5;12m', '\u001b]0;title\u0007', '\u001b', '[', 'm', 'é'];
    for (let round = 0; round < 200; round++) {
      let raw = '';
      for (let count = 5 + Math.floor(next() * 60); count > 0; count--) raw += atoms[Math.floor(next() * atoms.length)];
      const view = ansiView(rawView(raw)) ?? rawView(raw);
      for (let at = 0; at < view.text.length; at++) {
        const [start, end] = view.toRaw(at, at + 1);
        expect(raw.slice(start, end), JSON.stringify(raw)).toBe(view.slice(at, at + 1));
      }
      expect(foldText(view.slice(0, view.text.length)).folded).toBe(view.text);
    }
  });

  it('redacts secrets written with them, and reports their real values', () => {
    const detector = createDetector({ key });
    // An ideographic space is whitespace to `\s` in the real text, and must stay so in the folded one.
    const text = `config → password=пароль-Zq8x7Wv3 and Authorization: Bearer\u3000${j('c2lnbmF0dXJl', fill(24))}`;
    const result = redactText(text, detector);
    expect(result.unsure).toBeUndefined();
    expect(result.text).not.toContain('пароль-Zq8x7Wv3');
    expect(result.text).not.toContain('c2lnbmF0dXJl');
    expect(result.text.startsWith('config → ')).toBe(true);
    const values = detect(text, detector).detections.map((d) => d.value);
    expect(values.some((value) => value.includes('пароль'))).toBe(true);
  });

  it('keeps a masked value written with bullets a placeholder', () => {
    expect(scanText('password=••••••••', createDetector({ key })).findings).toEqual([]);
  });

  it('redacts denylist words and known secrets written with them, in any case', () => {
    // `Ÿ` is beyond Latin-1 and folds, its lower case `ÿ` is Latin-1 and does not.
    const detector = createDetector({ key, denylist: ['Łukasz Nowak', 'Ÿvonne'], knownSecrets: ['zażółć-gęślą-jaźń-42'] });
    const result = redactText('by ŁUKASZ NOWAK and łukasz nowak for ÿvonne, pass zażółć-gęślą-jaźń-42.', detector);
    expect(result.text).toBe(result.text.replace(/ł|ż|ó|ę|ÿ/gi, '')); // nothing of any is left
    expect(result.findings.map((f) => f.rule)).toEqual(['denylist', 'denylist', 'denylist', 'known-secret']);
  });
});

describe('readings of a text over 64 KiB', () => {
  it('searches two readings with equal text that hold different lines (a JSON escape near the top, an entity far below)', () => {
    // Over WHOLE_VIEW_MAX a reading holds only the lines it changes: the backslash reading of the first
    // lines and the entity reading of the last ones can be the same text, and each must still be searched.
    const secrets = [j('gh', 'p_', fill(36)), j('AKIA', fill(16, 'QW7B3PDKHX4PY8GP')), j('dana.kowalczyk', '@', 'orbit-ledger.io')];
    const at = [20, 10, 14];
    const escaped = secrets.map((s, i) => `see ${s.slice(0, at[i])}\\u${s.charCodeAt(at[i]!).toString(16).padStart(4, '0')}${s.slice(at[i]! + 1)}`);
    const entities = secrets.map((s, i) => `see ${s.slice(0, at[i])}&#${s.charCodeAt(at[i]!)};${s.slice(at[i]! + 1)}`);
    const filler = Array.from({ length: 1800 }, (_, i) => `step ${i}: compiled module alpha beta gamma ok`);
    const text = [...escaped, ...filler, ...entities, ...filler.slice(0, 50)].join('\n');
    expect(text.length).toBeGreaterThan(1 << 16);
    const result = redactText(text, createDetector({ key }));
    expect(result.unsure).toBeUndefined();
    const lines = result.text.split('\n').filter((line) => line.startsWith('see '));
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line).toMatch(/^see \[REDACTED:(?:github-token|aws-access-key-id|email)#[0-9a-f]{4}\]$/);
  });
});
