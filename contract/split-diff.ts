// A unified diff split into its files, each with its added and removed line counts.

export interface DiffFile {
  /** The new path (the old one for a deleted file). */
  path: string;
  added: number;
  removed: number;
  lines: string[];
}

const pathOf = (header: string) => header.replace(/^(?:\+\+\+|---) /, '').replace(/^[ab]\//, '').replace(/\t.*$/, '');

/**
 * Splits `diff` at its `diff --git` (or `---`/`+++`) headers. Lines before the first file are kept
 * as a file with an empty path, so nothing is dropped.
 *
 * @example
 * splitDiff('diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b') // [{ path: 'x', added: 1, removed: 1, lines: [...] }]
 */
export function splitDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let current: DiffFile | undefined;
  let header = false; // the current file has a `diff` or `---` header
  let hunk = false; // ... and a hunk
  const lines = diff.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const pair = line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ') === true;
    if (!current || line.startsWith('diff ') || (pair && (hunk || !header))) {
      current = { path: '', added: 0, removed: 0, lines: [] };
      files.push(current);
      header = false;
      hunk = false;
    }
    current.lines.push(line);
    if (line.startsWith('diff ') || pair) header = true;
    if (line.startsWith('@@')) hunk = true;
    if (line.startsWith('+++ ')) {
      const target = pathOf(line);
      if (target !== '/dev/null') current.path = target;
    } else if (line.startsWith('--- ')) {
      if (current.path === '') current.path = pathOf(line);
    } else if (line.startsWith('diff --git ')) {
      current.path = line.replace(/^diff --git a\/.* b\//, '');
    } else if (line.startsWith('+')) {
      current.added++;
    } else if (line.startsWith('-')) {
      current.removed++;
    }
  }
  return files.filter((file) => file.lines.some((line) => line !== ''));
}
