// The outcome summary at the top of an iteration page, and the error and warning lines its log marks.
import { describe, expect, it } from 'vitest';
import type { IterationPage, TracePublicStep } from '../../contract/site-data-schema.ts';
import { traceChunks } from '../../contract/trace-pages.ts';
import { foldedMarks, logLevel, logSegments, markLog } from '../../site/lib/log-marks.ts';
import { FIRST_MARKS, summaryLine, outcomeOf, quietLine, testCounts } from '../../site/lib/outcome.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 21, 10, minutes)).toISOString();

/** A complete, judged iteration of the loop; each test overrides what it is about. */
function pageWith(overrides: Partial<IterationPage> = {}): IterationPage {
  return {
    number: 10, title: 'Add ledger module', status: 'complete', withheld_reason: null, started_at: at(0), ended_at: at(22),
    phases: [
      { name: 'planner', model: 'm', started_at: at(0), ended_at: at(4), tokens_in: 1, tokens_out: 1, cost_usd: 0, budget_minutes: 10 },
      { name: 'writer', model: 'm', started_at: at(4), ended_at: at(12), tokens_in: 1, tokens_out: 1, cost_usd: 0, budget_minutes: 15 },
    ],
    plan: null, diff: null, judge: null,
    tests: { passed: 12, failed: 0, skipped: 0, cases: Array.from({ length: 12 }, (_, i) => ({ name: `case ${i + 1}`, status: 'passed', duration_ms: 3, message: null })) },
    log: null, log_lines_withheld: 0, redactions: { total: 0, by_rule: {} }, withheld_fields: [], notes: [],
    verdict: { verdict: 'pass', score: 0.91, judge: 'judge-model', ts: at(22), issues: [], summary: 'All acceptance items hold.' },
    prev: 9, next: 11,
    ...overrides,
  };
}

const step = (n: number, observations: string[]): TracePublicStep => ({
  n, source: 'agent', timestamp: null, model: null, message: null, reasoning: null, tool_calls: [],
  observations: observations.map((content) => ({ call_id: null, content, bytes: content.length, subrun: null })), metrics: null, copied: false,
});

describe('the outcome summary', () => {
  it('lists a failing iteration\'s failing tests by name with their messages\' first lines, in order, and only counts the passing ones', () => {
    const cases = [
      { name: 'ledger balance case 1', status: 'passed', duration_ms: 4, message: null },
      { name: 'ledger posting case 2', status: 'failed', duration_ms: 9, message: 'expected 300 minor units, got 301\n    at ledger.test.ts:12' },
      ...Array.from({ length: 20 }, (_, i) => ({ name: `ledger case ${i + 3}`, status: 'passed', duration_ms: 2, message: null })),
      { name: 'ledger rate case 23', status: 'error', duration_ms: 1, message: 'TypeError: rate is undefined' },
      { name: 'ledger skipped case 24', status: 'skipped', duration_ms: 0, message: 'not on this platform' },
    ];
    const page = pageWith({
      tests: { passed: 21, failed: 2, skipped: 1, cases },
      verdict: { verdict: 'fail', score: 0.12, judge: 'judge-model', ts: at(22), issues: ['2 tests fail in the new module\nmore detail below', 'missing input validation on amounts'], summary: 'Some items fail.' },
    });
    const outcome = outcomeOf(page, [], []);
    expect(outcome.quiet).toBe(false);
    expect(outcome.verdict).toEqual({ verdict: 'fail', score: 0.12, judge: 'judge-model', summary: 'Some items fail.' });
    expect(outcome.issues).toEqual(['2 tests fail in the new module', 'missing input validation on amounts']);
    expect(outcome.tests).toEqual({
      passed: 21, failed: 2, skipped: 1,
      failing: [
        { name: 'ledger posting case 2', message: 'expected 300 minor units, got 301', href: '#test-2' },
        { name: 'ledger rate case 23', message: 'TypeError: rate is undefined', href: '#test-23' },
      ],
    });
    expect(outcome.disagreement).toBeNull(); // a fail with failing tests agrees
    expect(testCounts(outcome.tests!)).toBe('21 passed, 2 failed, 1 skipped');
  });

  it('puts a verdict the tests contradict, and phases over their budgets, in the summary', () => {
    const page = pageWith({
      tests: { passed: 9, failed: 1, skipped: 0, cases: [{ name: 'sum', status: 'failed', duration_ms: 1, message: null }] },
      phases: [{ name: 'writer', model: 'm', started_at: at(0), ended_at: at(20), tokens_in: 1, tokens_out: 1, cost_usd: 0, budget_minutes: 15 },
        { name: 'judge', model: 'm', started_at: at(20), ended_at: at(50), tokens_in: 1, tokens_out: 1, cost_usd: 0, budget_minutes: null }],
    });
    const outcome = outcomeOf(page, [], []);
    expect(outcome.quiet).toBe(false);
    expect(outcome.disagreement).toBe('The judge passed this iteration, but 1 test failed.');
    expect(outcome.tests!.failing).toEqual([{ name: 'sum', message: null, href: '#test-1' }]);
    // The judge took longer still, but has no budget: only a budget makes a phase "over".
    expect(outcome.overBudget).toEqual([{ name: 'writer', ms: 1_200_000, budgetMs: 900_000 }]);
    const allPassed = pageWith({ verdict: { ...pageWith().verdict!, verdict: 'fail' } });
    expect(outcomeOf(allPassed, [], []).disagreement).toBe('The judge failed this iteration, but all 12 tests passed.');
  });

  it('sums up a passing iteration in one line, linking its verdict, its tests and the log\'s first error', () => {
    const log = 'start\nWARN slow step\nERROR amount check failed in src/ledger.ts:12\ndone';
    const outcome = outcomeOf(pageWith({ log }), markLog(log), []);
    expect(outcome.quiet).toBe(true);
    expect(quietLine(outcome)).toEqual([
      { text: 'Verdict: passed, score 0.91', href: '#verdict' },
      { text: 'all 12 tests passed', href: '#tests' },
      { text: 'the log has 1 error line', href: '#log-line-3' },
    ]);
    // Not judged yet, no tests yet: still one line, saying so.
    expect(quietLine(outcomeOf(pageWith({ status: 'in-progress', verdict: null, tests: null }), [], []))).toEqual([
      { text: 'Not judged yet', href: null }, { text: 'no test results yet', href: null },
    ]);
  });

  it('summarises an imported run from what it recorded: the verifier\'s verdict, its last error output, "not recorded" for the rest', () => {
    const trace = {
      steps: [step(1, ['ls\nREADME.md']), step(2, ['Traceback (most recent call last):\n  File "x.py", line 3\nValueError: bad literal', 'exit 1']), step(3, ['cat notes.txt\nno errors here'])],
      steps_not_kept: 0, subruns: [],
    };
    const page = pageWith({
      source: { format: 'swe-agent', record: 'runs/a.traj', agent: null, task: null }, trace, tests: null, phases: [],
      verdict: { verdict: 'error', score: null, judge: 'swe-agent exit_status', ts: null, issues: [], summary: 'exit_format' },
    });
    const outcome = outcomeOf(page, [], traceChunks(page));
    expect(outcome.quiet).toBe(false);
    expect(outcome.verdict).toEqual({ verdict: 'error', score: null, judge: 'swe-agent exit_status', summary: 'exit_format' });
    expect(outcome.tests).toBeNull();
    expect(outcome.missing).toEqual({ verdict: 'not recorded', tests: 'not recorded' });
    expect(outcome.errorOutput).toEqual({ step: 2, text: 'ValueError: bad literal', href: '#step-2' });
    // An error with no error line in the trace: its output is not recorded.
    const silent = { ...page, trace: { ...trace, steps: [step(1, ['ok'])] } };
    expect(outcomeOf(silent, [], []).errorOutput).toBe('not recorded');
    // A run that recorded neither verdict nor tests: one line of what it lacks.
    const bare = outcomeOf({ ...page, verdict: null }, [], []);
    expect(bare.quiet).toBe(true);
    expect(quietLine(bare).map((part) => part.text)).toEqual(['Verdict not recorded', 'tests not recorded']);
  });

  it('links a log\'s first few error lines, or its first warnings when it has no error', () => {
    const log = ['ok', 'ERROR one', 'WARN a', 'ERROR two', 'Error: three', 'FAILED tests/x.py::test_y', 'panic: four'].join('\n');
    const outcome = outcomeOf(pageWith({ log }), markLog(log), []);
    expect(outcome.log).toEqual({
      errors: 5, warnings: 1,
      first: [{ line: 2, level: 'error', text: 'ERROR one' }, { line: 4, level: 'error', text: 'ERROR two' }, { line: 5, level: 'error', text: 'Error: three' }],
    });
    expect(outcome.log!.first).toHaveLength(FIRST_MARKS);
    expect(outcomeOf(pageWith(), markLog('ok\nWARN slow'), []).log).toEqual({ errors: 0, warnings: 1, first: [{ line: 2, level: 'warn', text: 'WARN slow' }] });
  });

  it('clips a long line between words, never inside a word or a redaction placeholder', () => {
    expect(summaryLine('word '.repeat(60))).toBe(`${'word '.repeat(40).trim()}…`);
    expect(summaryLine(`${'x'.repeat(195)} [REDACTED:github-token#a1b2] and more`)).toBe(`${'x'.repeat(195)}…`);
    const withheld = `${'a '.repeat(90)}[WITHHELD: could not be redacted safely] and more`;
    expect(summaryLine(withheld)).toBe(`${'a '.repeat(90)}[WITHHELD: could not be redacted safely]…`);
    // A hash cut short could read as a new token: a line that is one long word stays whole.
    expect(summaryLine('f'.repeat(250))).toBe('f'.repeat(250));
    expect(summaryLine('\n  first\nsecond')).toBe('first');
  });
});

describe('log line marking', () => {
  it('marks error and warning lines as compilers, test runners and loggers print them', () => {
    const errors = ['ERROR amount check failed', 'Error: connect ECONNREFUSED', 'error: could not compile `ledger`', 'TypeError: x is not a function',
      'Traceback (most recent call last):', 'FAILED tests/test_ledger.py::test_sum - assert 3 == 4', 'FAIL src/ledger.test.ts', 'panic: runtime error: index out of range',
      "thread 'main' panicked at src/main.rs:3:5", 'npm ERR! code ELIFECYCLE', '[error] build broke', '{"level":"error","msg":"x"}', 'Tests  1 failed | 13 passed', 'found 3 errors in 2 files'];
    for (const line of errors) expect(logLevel(line), line).toBe('error');
    const warnings = ['WARN slow step took 900ms', 'warning: unused variable `x`', 'Warning: deprecated', 'DeprecationWarning: use y', '[warn] retrying'];
    for (const line of warnings) expect(logLevel(line), line).toBe('warn');
  });

  it('leaves lines that only mention errors, or say there were none, unmarked', () => {
    const quiet = ['0 errors', 'done: 0 errors, 0 warnings', 'no failures', 'No failures found', 'Tests: 0 failed, 12 passed', 'FAILED: 0', 'errors=0',
      'handles error cases in parse()', 'onError: retry', 'ErrorBoundary renders', 'the test failed to start? no: it passed', 'without ERROR', 'warning: 0',
      'tool read_file src/errors.ts -> 120 bytes', '✓ ledger error case 3 (4ms)'];
    for (const line of quiet) expect(logLevel(line), line).toBeNull();
  });

  it('cuts a shown piece of the log into plain runs and marked lines, numbered in the whole log, every character kept', () => {
    const log = ['a', 'ERROR b', 'c', 'd', 'WARN e', 'ERROR f'].join('\n');
    const marks = markLog(log);
    expect(marks.map((m) => [m.line, m.level])).toEqual([[2, 'error'], [5, 'warn'], [6, 'error']]);
    const segments = logSegments(log, 1, marks);
    expect(segments).toEqual(['a\n', marks[0], '\nc\nd\n', marks[1], '\n', marks[2]]);
    expect(segments.map((s) => (typeof s === 'string' ? s : s.text)).join('')).toBe(log);
    // A piece starting at line 4 (the tail of a folded log): the same marks, by their numbers in the whole log.
    expect(logSegments('d\nWARN e\nERROR f', 4, marks)).toEqual(['d\n', marks[1], '\n', marks[2]]);
    expect(logSegments('plain\nlines', 1, [])).toEqual(['plain\nlines']);
  });

  it('says what a fold holds: how many errors and warnings, or nothing', () => {
    const marks = markLog(['ok', 'ERROR a', 'WARN b', 'ERROR c', 'ok'].join('\n'));
    expect(foldedMarks(marks, 1, 5)).toBe(', with 2 errors and 1 warning');
    expect(foldedMarks(marks, 3, 3)).toBe(', with 1 warning');
    expect(foldedMarks(marks, 5, 5)).toBe('');
  });
});
