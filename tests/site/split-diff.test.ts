// Diffs per file, with their +/- counts.
import { describe, expect, it } from 'vitest';
import { splitDiff } from '../../contract/split-diff.ts';

describe('splitDiff', () => {
  it('splits a git diff into files with added and removed counts', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts', 'index 1..2 100644', '--- a/src/a.ts', '+++ b/src/a.ts', '@@ -1,2 +1,3 @@', ' keep', '-old', '+new', '+more',
      'diff --git a/gone.ts b/gone.ts', 'deleted file mode 100644', '--- a/gone.ts', '+++ /dev/null', '@@ -1 +0,0 @@', '-bye', '',
    ].join('\n');
    expect(splitDiff(diff).map(({ path, added, removed, lines }) => ({ path, added, removed, count: lines.length }))).toEqual([
      { path: 'src/a.ts', added: 2, removed: 1, count: 9 },
      { path: 'gone.ts', added: 0, removed: 1, count: 7 },
    ]);
  });

  it('splits a plain unified diff at its --- / +++ headers and keeps lines before the first file', () => {
    const files = splitDiff(['note', '--- x.txt', '+++ x.txt', '@@ -1 +1 @@', '-a', '+b', '--- y.txt', '+++ y.txt', '+c'].join('\n'));
    expect(files.map((file) => [file.path, file.added, file.removed])).toEqual([['', 0, 0], ['x.txt', 1, 1], ['y.txt', 1, 0]]);
  });

  it('gives nothing for an empty diff', () => {
    expect(splitDiff('')).toEqual([]);
  });
});
