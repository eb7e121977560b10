// What an iteration came to, in a few lines for the top of its page: verdict and score, the judge's
// issues, the failing tests, phases over budget, a verdict the tests contradict, the first error
// lines of the log (or, for an imported run that ended in error, its last error output). Each item
// carries the anchor of its detail further down. Pure: the page renders it.
import { NOT_RECORDED, phaseTiming, verdictDisagreement } from '../../contract/iteration-checks.ts';
import type { IterationPage } from '../../contract/site-data-schema.ts';
import { isFailingStatus } from '../../contract/test-status.ts';
import { tracePageHref, type TraceChunk } from '../../contract/trace-pages.ts';
import { logLevel, type LogMark } from './log-marks.ts';
import { plural } from './format.ts';

/** Marked log lines the summary links: the first few errors (or warnings, when there is no error). */
export const FIRST_MARKS = 3;
/** Longest line of text the summary shows of an issue, a test message or a log line. */
const LINE_MAX = 200;


interface FailingTest {
  name: string;
  /** The message's first line, or null when the test gave none. */
  message: string | null;
  /** The test's row in the Tests table. */
  href: string;
}

export interface Outcome {
  /** Nothing to report (a pass, or not judged yet, and nothing failing): the page shows one line. */
  quiet: boolean;
  verdict: { verdict: string; score: number | null; judge: string; summary: string } | null;
  /** Words for what the page lacks: "not recorded" for an imported run, "not judged yet" / "no test results yet" otherwise. */
  missing: { verdict: string; tests: string };
  /** The judge's issues, one line each. */
  issues: string[];
  tests: { passed: number; failed: number; skipped: number; failing: FailingTest[] } | null;
  overBudget: { name: string; ms: number; budgetMs: number }[];
  disagreement: string | null;
  /** The log's marked lines, counted, and the first few; null when the log has none (or there is no log). */
  log: { errors: number; warnings: number; first: LogMark[] } | null;
  /** An imported run that ended in error: its last error output (a line of a step's observation), or "not recorded". */
  errorOutput: { step: number; text: string; href: string } | typeof NOT_RECORDED | null;
}

/**
 * The first line of a text, clipped to about `max` characters between words: a clip never cuts a
 * word (a hash or token cut short may read as a new one to the leak scan) nor a redaction
 * placeholder (`[REDACTED:kind#a1b2]`, `[WITHHELD: ...]`) in two.
 *
 * @example
 * summaryLine('AssertionError: expected 3\n    at sum.test.ts:4') // 'AssertionError: expected 3'
 */
export function summaryLine(text: string, max = LINE_MAX): string {
  const line = text.trim().split('\n')[0]!.trimEnd();
  if (line.length <= max) return line;
  // Back to the start of the word the clip falls in; a line that is one long word is kept whole.
  let cut = line.slice(0, max + 1).search(/\s\S*$/);
  if (cut <= 0) return line;
  for (const marker of line.matchAll(/\[(?:REDACTED|WITHHELD):[^\]\n]{0,100}\]/g)) {
    if (marker.index < cut && marker.index + marker[0].length > cut) cut = marker.index + marker[0].length;
  }
  return cut >= line.length ? line : `${line.slice(0, cut).trimEnd()}…`;
}

type ShownPage = Pick<IterationPage, 'number' | 'verdict' | 'tests' | 'phases' | 'source' | 'trace'>;

function testsOf(tests: IterationPage['tests']): Outcome['tests'] {
  if (tests === null) return null;
  const failing = tests.cases.flatMap((c, i) => (isFailingStatus(c.status)
    ? [{ name: summaryLine(c.name), message: c.message === null || c.message.trim() === '' ? null : summaryLine(c.message), href: `#test-${i + 1}` }]
    : []));
  return { passed: tests.passed, failed: Math.max(tests.failed, failing.length), skipped: tests.skipped, failing };
}

function overBudgetOf(phases: IterationPage['phases']): Outcome['overBudget'] {
  return phases.flatMap((phase) => {
    const timing = phaseTiming(phase);
    return timing.over ? [{ name: phase.name, ms: timing.ms!, budgetMs: timing.budgetMs! }] : [];
  });
}

function logOf(marks: readonly LogMark[]): Outcome['log'] {
  if (marks.length === 0) return null;
  const errors = marks.filter((mark) => mark.level === 'error');
  const shown = errors.length > 0 ? errors : marks;
  return { errors: errors.length, warnings: marks.length - errors.length, first: shown.slice(0, FIRST_MARKS).map((mark) => ({ ...mark, text: summaryLine(mark.text) })) };
}

/** Where step `index` of the run's own steps is: this page, or the later page of a long trace that holds it. */
function stepHref(number: number, n: number, index: number, chunks: readonly TraceChunk[]): string {
  const chunk = chunks.find((c) => c.segments.some((s) => s.run === 0 && s.from <= index && index < s.to));
  return chunk === undefined || chunk.k === 1 ? `#step-${n}` : `${tracePageHref(number, chunk.k)}#step-${n}`;
}

/** The last error line of the run's own steps' observations, newest step first. */
function errorOutputOf(page: ShownPage, chunks: readonly TraceChunk[]): Outcome['errorOutput'] {
  if (page.source === undefined || page.verdict?.verdict !== 'error') return null;
  const steps = page.trace?.steps ?? [];
  for (let i = steps.length - 1; i >= 0; i--) {
    for (const observation of [...steps[i]!.observations].reverse()) {
      const line = observation.content.split('\n').findLast((text) => logLevel(text) === 'error');
      if (line !== undefined) return { step: steps[i]!.n, text: summaryLine(line), href: stepHref(page.number, steps[i]!.n, i, chunks) };
    }
  }
  return NOT_RECORDED;
}

/**
 * The outcome summary of a page that is not withheld. `marks` are its log's marked lines
 * (`markLog(page.log)`), `chunks` its trace's pages (`traceChunks(page)`).
 *
 * @example
 * outcomeOf(page, markLog(page.log ?? ''), traceChunks(page)) // { quiet: false, verdict: { verdict: 'fail', ... }, tests: { failing: [...] }, ... }
 */
export function outcomeOf(page: ShownPage, marks: readonly LogMark[], chunks: readonly TraceChunk[]): Outcome {
  const imported = page.source !== undefined;
  const verdict = page.verdict && { verdict: page.verdict.verdict, score: page.verdict.score, judge: page.verdict.judge, summary: summaryLine(page.verdict.summary) };
  const outcome: Outcome = {
    quiet: false, verdict,
    missing: imported ? { verdict: NOT_RECORDED, tests: NOT_RECORDED } : { verdict: 'not judged yet', tests: 'no test results yet' },
    issues: (page.verdict?.issues ?? []).map((issue) => summaryLine(issue)).filter((issue) => issue !== ''),
    tests: testsOf(page.tests), overBudget: overBudgetOf(page.phases), disagreement: verdictDisagreement(page),
    log: logOf(marks), errorOutput: errorOutputOf(page, chunks),
  };
  outcome.quiet = (verdict === null || verdict.verdict === 'pass') && outcome.issues.length === 0 && (outcome.tests?.failed ?? 0) === 0
    && outcome.overBudget.length === 0 && outcome.disagreement === null && outcome.errorOutput === null;
  return outcome;
}

/** A piece of the one-line summary: words, linked to their detail when there is one. */
export interface QuietPart { text: string; href: string | null }

const VERDICT_WORDS: Record<string, string> = { pass: 'passed', fail: 'failed', partial: 'partial', error: 'ended in error' };

/**
 * The one line of a page with nothing to report, piece by piece (the page joins them with " · ").
 *
 * @example
 * quietLine(outcome) // [{ text: 'Verdict: passed, score 0.91', href: '#verdict' }, { text: 'all 12 tests passed', href: '#tests' }]
 */
export function quietLine(outcome: Outcome): QuietPart[] {
  const { verdict, tests, log, missing } = outcome;
  const parts: QuietPart[] = [verdict === null
    ? { text: missing.verdict === NOT_RECORDED ? `Verdict ${NOT_RECORDED}` : 'Not judged yet', href: null }
    : { text: `Verdict: ${VERDICT_WORDS[verdict.verdict] ?? verdict.verdict}${verdict.score === null ? '' : `, score ${verdict.score.toFixed(2)}`}`, href: '#verdict' }];
  if (tests === null) parts.push({ text: missing.tests === NOT_RECORDED ? `tests ${NOT_RECORDED}` : missing.tests, href: null });
  else parts.push({ text: testCounts(tests), href: '#tests' });
  if (log !== null && log.errors > 0) parts.push({ text: `the log has ${plural(log.errors, 'error line')}`, href: `#log-line-${log.first[0]!.line}` });
  return parts;
}

/**
 * `all 12 tests passed`, or `9 passed, 3 failed, 1 skipped`.
 *
 * @example
 * testCounts({ passed: 12, failed: 0, skipped: 0 }) // 'all 12 tests passed'
 */
export function testCounts(tests: { passed: number; failed: number; skipped: number }): string {
  if (tests.failed === 0 && tests.skipped === 0 && tests.passed > 0) return `all ${plural(tests.passed, 'test')} passed`;
  return `${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped`;
}
