// Two iterations side by side: their plans as a line diff, the files each diff touches, the tests
// that changed status, and their figures (verdict, score, cost, tokens, duration). The static page
// /compare/<a>/<b>/ renders it from the two pages' public data, and so does the browser on /compare/
// from /iterations/<n>.json: site/static/compare-core.js is generated from this file (with
// split-diff.ts and diff-lines.ts) by admin/browser-module-cli.ts, so keep it free of other imports.
import type { IterationPage } from './site-data-schema.ts';
import { splitDiff } from './split-diff.ts';
import { diffLines, type LineDiff } from './diff-lines.ts';
import { isFailingStatus, isPassingStatus } from './test-status.ts';

/** An iteration's figures, as the comparison's table shows them side by side. */
interface SideFigures {
  number: number;
  title: string;
  status: IterationPage['status'];
  withheld_reason: string | null;
  verdict: string | null;
  score: number | null;
  /** Null: no phase recorded a cost (or the page is withheld). */
  cost_usd: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  /** Start to end of the iteration; null while it runs or when either is not recorded. */
  duration_ms: number | null;
  tests: { passed: number; failed: number; skipped: number } | null;
}

/** A side with nothing to compare for a part: its whole page or that field withheld, or nothing recorded. */
export interface Absent {
  number: number;
  /** `withheld`: the whole page; `field-withheld`: this field of it (it could not be redacted safely). */
  why: 'withheld' | 'field-withheld' | 'none';
}

/** One part of the comparison: its result, or null with the sides that lack it. */
interface Part<T> {
  result: T | null;
  absent: Absent[];
}

/** A file a diff touches, with its added and removed lines on each side (null: that diff does not touch it). */
interface FileTouch {
  path: string;
  where: 'both' | 'only-a' | 'only-b';
  a: { added: number; removed: number } | null;
  b: { added: number; removed: number } | null;
}

/** How a test's status moved from the first iteration to the second. */
const TEST_CHANGES = ['broke', 'fixed', 'new', 'gone', 'changed'] as const;
export type TestChangeKind = (typeof TEST_CHANGES)[number];

/** The words a page shows for each kind of change. */
export const TEST_CHANGE_LABELS: Record<TestChangeKind, string> = {
  broke: 'pass → fail', fixed: 'fail → pass', new: 'new', gone: 'gone', changed: 'status changed',
};

interface TestChange {
  kind: TestChangeKind;
  name: string;
  from: string | null;
  to: string | null;
}

export interface TestsCompared {
  /** The changes, by kind (in TEST_CHANGES order) then name; at most MAX_TEST_CHANGES. */
  changes: TestChange[];
  counts: Record<TestChangeKind, number>;
  /** Tests in both with the same status. */
  unchanged: number;
  /** Changes past MAX_TEST_CHANGES, counted in `counts`, not listed. */
  notShown: number;
}

export interface IterationComparison {
  a: SideFigures;
  b: SideFigures;
  plan: Part<LineDiff>;
  files: Part<FileTouch[]>;
  tests: Part<TestsCompared>;
}

/** Test changes listed at most (a suite of thousands renamed at once stays a small page). */
export const MAX_TEST_CHANGES = 500;

/**
 * Compares iteration `a` with iteration `b` (b is the later one on a page of consecutive iterations).
 *
 * @example
 * const c = compareIterations(page6, page7);
 * c.tests.result?.counts.broke // 2: two tests passed in 6 and fail in 7
 */
export function compareIterations(a: IterationPage, b: IterationPage): IterationComparison {
  return {
    a: figuresOf(a),
    b: figuresOf(b),
    plan: part(a, b, 'plan', (x, y) => diffLines(x, y)),
    files: part(a, b, 'diff', compareFiles),
    tests: part(a, b, 'tests', compareTests),
  };
}

/** Runs `compare` on a field of both pages, unless a side is withheld or lacks it. */
function part<K extends 'plan' | 'diff' | 'tests', T>(a: IterationPage, b: IterationPage, field: K, compare: (x: NonNullable<IterationPage[K]>, y: NonNullable<IterationPage[K]>) => T): Part<T> {
  const absent: Absent[] = [];
  for (const page of [a, b]) {
    if (page.status === 'withheld') absent.push({ number: page.number, why: 'withheld' });
    else if (page.withheld_fields.includes(field)) absent.push({ number: page.number, why: 'field-withheld' });
    else if (page[field] === null) absent.push({ number: page.number, why: 'none' });
  }
  return { result: absent.length > 0 ? null : compare(a[field]!, b[field]!), absent };
}

function figuresOf(page: IterationPage): SideFigures {
  const withheld = page.status === 'withheld';
  const sum = (key: 'tokens_in' | 'tokens_out' | 'cost_usd') => {
    const recorded = page.phases.flatMap((p) => (p[key] === null ? [] : [p[key]]));
    return withheld || recorded.length === 0 ? null : Math.round(recorded.reduce((total, n) => total + n, 0) * 1e6) / 1e6;
  };
  const ms = page.started_at === null || page.ended_at === null ? null : Date.parse(page.ended_at) - Date.parse(page.started_at);
  return {
    number: page.number, title: page.title, status: page.status, withheld_reason: page.withheld_reason,
    verdict: page.verdict?.verdict ?? null, score: page.verdict?.score ?? null,
    cost_usd: sum('cost_usd'), tokens_in: sum('tokens_in'), tokens_out: sum('tokens_out'),
    duration_ms: ms !== null && Number.isFinite(ms) ? ms : null,
    tests: page.tests === null || withheld ? null : { passed: page.tests.passed, failed: page.tests.failed, skipped: page.tests.skipped },
  };
}

/** The files of two diffs: in both, only in the first, only in the second; by path within each. */
function compareFiles(diffA: string, diffB: string): FileTouch[] {
  const touched = (diff: string) => {
    const files = new Map<string, { added: number; removed: number }>();
    for (const file of splitDiff(diff)) {
      if (file.path === '') continue; // lines before the first file
      const seen = files.get(file.path) ?? { added: 0, removed: 0 };
      files.set(file.path, { added: seen.added + file.added, removed: seen.removed + file.removed });
    }
    return files;
  };
  const inA = touched(diffA);
  const inB = touched(diffB);
  const order = { both: 0, 'only-a': 1, 'only-b': 2 };
  const files: FileTouch[] = [...new Set([...inA.keys(), ...inB.keys()])].map((path) => {
    const a = inA.get(path) ?? null;
    const b = inB.get(path) ?? null;
    return { path, where: a && b ? 'both' : a ? 'only-a' : 'only-b', a, b };
  });
  return files.sort((x, y) => order[x.where] - order[y.where] || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}


/** Which tests changed status, by name (the first case of a name counts). */
function compareTests(testsA: NonNullable<IterationPage['tests']>, testsB: NonNullable<IterationPage['tests']>): TestsCompared {
  const byName = (cases: readonly { name: string; status: string }[]) => {
    const statuses = new Map<string, string>();
    for (const c of cases) if (!statuses.has(c.name)) statuses.set(c.name, c.status);
    return statuses;
  };
  const inA = byName(testsA.cases);
  const inB = byName(testsB.cases);
  const counts: Record<TestChangeKind, number> = { broke: 0, fixed: 0, new: 0, gone: 0, changed: 0 };
  const changes: TestChange[] = [];
  let unchanged = 0;
  for (const name of new Set([...inA.keys(), ...inB.keys()])) {
    const from = inA.get(name) ?? null;
    const to = inB.get(name) ?? null;
    if (from === to) {
      unchanged++;
      continue;
    }
    const kind: TestChangeKind = from === null ? 'new' : to === null ? 'gone'
      : isPassingStatus(from) && isFailingStatus(to) ? 'broke' : isFailingStatus(from) && isPassingStatus(to) ? 'fixed' : 'changed';
    counts[kind]++;
    changes.push({ kind, name, from, to });
  }
  const rank = (kind: TestChangeKind) => TEST_CHANGES.indexOf(kind);
  changes.sort((x, y) => rank(x.kind) - rank(y.kind) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { changes: changes.slice(0, MAX_TEST_CHANGES), counts, unchanged, notShown: Math.max(0, changes.length - MAX_TEST_CHANGES) };
}

/** A row of the figures table: what it is, each side as the page shows it, and the change from a to b. */
export interface FigureRow {
  label: string;
  a: string;
  b: string;
  change: string;
}

const count = (n: number) => n.toLocaleString('en-US');
const cost = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;
/** A duration as minutes and seconds: `12 min 05 s`, `45 s` (as the iteration page writes a phase's). */
const minutes = (ms: number) => {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
};
/** A signed change in the value's own format; "same" when it formats as no change. */
const signed = (delta: number, format: (n: number) => string) => {
  const size = format(Math.abs(delta));
  return delta === 0 || size === format(0) ? 'same' : `${delta > 0 ? '+' : '−'}${size}`;
};

/** How a side without the figure reads: withheld "—", otherwise these words. */
type Missing = string | ((side: SideFigures) => string);

function row<T>(c: IterationComparison, label: string, get: (side: SideFigures) => T | null, format: (value: T) => string,
  change: (x: T, y: T) => string, missing: Missing = 'not recorded'): FigureRow {
  const shown = (side: SideFigures) => {
    const value = get(side);
    if (value !== null) return format(value);
    if (side.status === 'withheld') return '—';
    return typeof missing === 'string' ? missing : missing(side);
  };
  const x = get(c.a);
  const y = get(c.b);
  return { label, a: shown(c.a), b: shown(c.b), change: x === null || y === null ? '' : change(x, y) };
}

/**
 * The figures table, each value in the site's words: "not recorded" for a figure the run did not
 * record, "—" on a withheld side; the change is signed ("+1,200", "−$0.0100") or "same".
 *
 * @example
 * figureRows(compareIterations(a, b))[1] // { label: 'Verdict', a: 'pass', b: 'fail', change: 'changed' }
 */
export function figureRows(c: IterationComparison): FigureRow[] {
  const same = (x: unknown, y: unknown) => (x === y ? 'same' : 'changed');
  const by = (format: (n: number) => string) => (x: number, y: number) => signed(y - x, format);
  const running = (side: SideFigures) => (side.status === 'in-progress' ? 'running' : 'not recorded');
  return [
    row(c, 'Status', (s) => s.status, String, same),
    row(c, 'Verdict', (s) => s.verdict, String, same, 'none'),
    row(c, 'Score', (s) => s.score, (n) => n.toFixed(2), by((n) => n.toFixed(2)), 'none'),
    row(c, 'Cost', (s) => s.cost_usd, cost, by(cost)),
    row(c, 'Tokens in', (s) => s.tokens_in, count, by(count)),
    row(c, 'Tokens out', (s) => s.tokens_out, count, by(count)),
    row(c, 'Duration', (s) => s.duration_ms, minutes, by(minutes), running),
    row(c, 'Tests passed', (s) => s.tests?.passed ?? null, count, by(count), 'no test results'),
    row(c, 'Tests failed', (s) => s.tests?.failed ?? null, count, by(count), 'no test results'),
  ];
}

/**
 * Why a part has nothing to compare, in the site's words.
 *
 * @example
 * absentSentence('plan', [{ number: 4, why: 'withheld' }]) // 'Nothing to compare: iteration 4 is withheld.'
 */
export function absentSentence(what: 'plan' | 'diff' | 'test results', absent: readonly Absent[]): string {
  const reasons = absent.map((side) => (side.why === 'withheld' ? `iteration ${side.number} is withheld`
    : side.why === 'field-withheld' ? `iteration ${side.number}'s ${what} ${what === 'test results' ? 'are' : 'is'} withheld`
      : `iteration ${side.number} has no ${what}`));
  return `Nothing to compare: ${reasons.join('; ')}.`;
}

/**
 * What the plan diff comes to, in the site's words.
 *
 * @example
 * planSummary(diffLines('a\n', 'b\n')) // '1 line added, 1 removed (unchanged stretches folded).'
 */
export function planSummary(diff: LineDiff): string {
  if (diff.added === 0 && diff.removed === 0) return 'The plans are the same.';
  return `${diff.added} line${diff.added === 1 ? '' : 's'} added, ${diff.removed} removed (unchanged stretches folded).`;
}

/**
 * The tests' changes counted by kind, in the site's words.
 *
 * @example
 * testsSummary(c.tests.result!) // 'Changed: 2 pass → fail, 5 new; 7 unchanged.'
 */
export function testsSummary(tests: TestsCompared): string {
  const counts = TEST_CHANGES.filter((kind) => tests.counts[kind] > 0).map((kind) => `${tests.counts[kind]} ${TEST_CHANGE_LABELS[kind]}`);
  return `${counts.length === 0 ? 'No test changed status' : `Changed: ${counts.join(', ')}`}; ${tests.unchanged} unchanged.`;
}
