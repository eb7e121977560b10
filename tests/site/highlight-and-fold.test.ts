// Diff colouring and log folding on iteration pages.
import { describe, expect, it } from 'vitest';
import { foldLog, LOG_HEAD, LOG_TAIL } from '../../site/lib/fold-log.ts';
import { grammarFor, tokenizeLine } from '../../site/lib/highlight.ts';

describe('diff colouring', () => {
  it('marks keywords, strings, comments and numbers of a TypeScript line', () => {
    expect(tokenizeLine('const total = "sum"; // 2 items', grammarFor('src/a.ts')!)).toEqual([
      { kind: 'k', text: 'const' }, { kind: null, text: ' total = ' }, { kind: 's', text: '"sum"' }, { kind: null, text: '; ' },
      { kind: 'c', text: '// 2 items' },
    ]);
    expect(tokenizeLine('x = 42', grammarFor('a.py')!)).toEqual([{ kind: null, text: 'x = ' }, { kind: 'n', text: '42' }]);
    expect(tokenizeLine('/** Returns */ let a', grammarFor('a.ts')!)).toEqual([{ kind: 'c', text: '/** Returns */' }, { kind: null, text: ' ' }, { kind: 'k', text: 'let' }, { kind: null, text: ' a' }]);
  });

  it('keeps escaped quotes inside a string, an unterminated string to the end, and unknown types plain', () => {
    expect(tokenizeLine(String.raw`'it\'s' + y`, grammarFor('a.js')!)[0]).toEqual({ kind: 's', text: String.raw`'it\'s'` });
    expect(tokenizeLine('"open', grammarFor('a.json')!)).toEqual([{ kind: 's', text: '"open' }]);
    expect(grammarFor('README')).toBeUndefined();
    expect(grammarFor('notes.md')).toBeUndefined();
  });

  it('gives back the line exactly, token by token', () => {
    const line = 'if (a[0] !== `b${c}`) return 1_000.5; # not a comment in TS';
    expect(tokenizeLine(line, grammarFor('x.ts')!).map((t) => t.text).join('')).toBe(line);
  });
});

describe('log folding', () => {
  it('shows a short log whole and folds the middle of a long one, every line kept', () => {
    expect(foldLog('a\nb')).toEqual({ head: 'a\nb', folded: null, tail: '' });
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`);
    const folded = foldLog(lines.join('\n'));
    expect(folded.head.split('\n')).toHaveLength(LOG_HEAD);
    expect(folded.tail.split('\n')).toHaveLength(LOG_TAIL);
    expect(folded.folded).toMatchObject({ lines: 1000 - LOG_HEAD - LOG_TAIL, from: LOG_HEAD + 1, to: 1000 - LOG_TAIL });
    expect([folded.head, folded.folded!.text, folded.tail].join('\n')).toBe(lines.join('\n'));
  });
});
