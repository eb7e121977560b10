// A line diff of two texts (two iterations' plans on /compare/<a>/<b>/): Myers' shortest edit script,
// long unchanged stretches folded to a count. Plain code with no imports: the browser runs it too
// (site/static/compare-core.js is generated from it, see admin/browser-module-cli.ts).

/** One line of the diff: in both texts, only in the second (added) or only in the first (removed). */
interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** A line, or a stretch of unchanged lines shown as their count. */
type DiffPiece = DiffLine | { kind: 'folded'; lines: number };

export interface LineDiff {
  pieces: DiffPiece[];
  added: number;
  removed: number;
  /** Lines past the first MAX_SHOWN_LINES shown, counted, not listed (the two pages have them whole). */
  notShown: number;
}

/** Unchanged lines kept on each side of a change; a longer unchanged stretch is folded. */
export const FOLD_CONTEXT = 3;
/** Past this many edits the changed middle is shown as removed whole, then added whole: it is a rewrite. */
const MAX_EDITS = 1000;
/** Lines listed at most: a page stays small whatever two plans it compares. */
export const MAX_SHOWN_LINES = 2000;

const linesOf = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/**
 * The lines of `before` and `after` as a diff: common lines, removed lines, added lines, with
 * unchanged stretches longer than twice FOLD_CONTEXT folded (an unchanged text is one fold).
 *
 * @example
 * diffLines('a\nb\nc\n', 'a\nB\nc\n').pieces
 * // [{ kind: 'same', text: 'a' }, { kind: 'removed', text: 'b' }, { kind: 'added', text: 'B' }, { kind: 'same', text: 'c' }]
 */
export function diffLines(before: string, after: string): LineDiff {
  const a = linesOf(before);
  const b = linesOf(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const script: DiffLine[] = a.slice(0, start).map((text) => ({ kind: 'same', text }));
  script.push(...shortestEdit(a.slice(start, endA), b.slice(start, endB)));
  for (const text of a.slice(endA)) script.push({ kind: 'same', text });
  return fold(script);
}

/** Myers' O(ND) algorithm on the changed middle; a rewrite past MAX_EDITS is removed whole, then added whole. */
function shortestEdit(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3); // v[k + offset]: the furthest x reached on diagonal k = x - y
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d, offset + d + 1)); // step d-1's diagonals, what backtracking at d reads
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace);
    }
  }
  return [...a.map((text): DiffLine => ({ kind: 'removed', text })), ...b.map((text): DiffLine => ({ kind: 'added', text }))];
}

/** Walks the trace back from the end: each step is one edit after a run of common lines. */
function backtrack(a: string[], b: string[], trace: Int32Array[]): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d > 0; d--) {
    const v = trace[d]!;
    const at = (k: number) => v[k + d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      out.push({ kind: 'same', text: a[x]! });
    }
    if (x === prevX) out.push({ kind: 'added', text: b[--y]! });
    else out.push({ kind: 'removed', text: a[--x]! });
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    out.push({ kind: 'same', text: a[x]! });
  }
  return out.reverse();
}

/** Folds the unchanged stretches, keeping FOLD_CONTEXT lines next to each change, and caps the lines listed. */
function fold(script: DiffLine[]): LineDiff {
  const diff: LineDiff = { pieces: [], added: 0, removed: 0, notShown: 0 };
  let shown = 0;
  const show = (line: DiffLine) => {
    if (shown++ < MAX_SHOWN_LINES) diff.pieces.push(line);
    else diff.notShown++;
  };
  for (let i = 0; i < script.length;) {
    const line = script[i]!;
    if (line.kind !== 'same') {
      if (line.kind === 'added') diff.added++;
      else diff.removed++;
      show(line);
      i++;
      continue;
    }
    let j = i;
    while (j < script.length && script[j]!.kind === 'same') j++;
    const head = i === 0 ? 0 : FOLD_CONTEXT; // context after the change before it
    const tail = j === script.length ? 0 : FOLD_CONTEXT; // context before the change after it
    const hidden = j - i - head - tail;
    if (hidden >= 2) {
      script.slice(i, i + head).forEach(show);
      if (shown < MAX_SHOWN_LINES) diff.pieces.push({ kind: 'folded', lines: hidden });
      script.slice(j - tail, j).forEach(show);
    } else {
      script.slice(i, j).forEach(show);
    }
    i = j;
  }
  return diff;
}
