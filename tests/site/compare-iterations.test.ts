// Comparing two iterations (contract/compare-iterations.ts, contract/diff-lines.ts): the plans' line
// diff, the files each diff touches, the tests that changed status, the figures side by side, a
// withheld page on either side; and the browser's copy of that code (site/static/compare-core.js).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripTypeScriptTypes } from 'node:module';
import { BROWSER_MODULE_FILE, browserModule } from '../../admin/browser-module-cli.ts';
import { bundleBrowserModule } from '../../admin/bundle-browser-module.ts';
import { absentSentence, compareIterations, figureRows, MAX_TEST_CHANGES, planSummary, testsSummary } from '../../contract/compare-iterations.ts';
import { diffLines, FOLD_CONTEXT, MAX_SHOWN_LINES } from '../../contract/diff-lines.ts';
import type { IterationPage } from '../../contract/site-data-schema.ts';

const phase = (name: string, cost: number | null, tokens: number | null) => ({
  name, model: 'm', budget_minutes: null, started_at: '2026-11-21T10:00:00Z', ended_at: '2026-11-21T10:05:00Z',
  tokens_in: tokens, tokens_out: tokens === null ? null : tokens / 10, cost_usd: cost,
});

const cases = (list: [string, string][]) => ({
  passed: list.filter(([, s]) => s === 'passed').length, failed: list.filter(([, s]) => s === 'failed').length, skipped: list.filter(([, s]) => s === 'skipped').length,
  cases: list.map(([name, status]) => ({ name, status, duration_ms: 1, message: null })),
});

function page(number: number, extra: Partial<IterationPage> = {}): IterationPage {
  return {
    number, title: `Iteration ${number}`, status: 'complete', withheld_reason: null, started_at: '2026-11-21T10:00:00Z', ended_at: '2026-11-21T10:22:00Z',
    phases: [phase('planner', 0.01, 1000), phase('writer', 0.02, 2000)], plan: 'Plan\n', diff: null, judge: null, tests: null, log: null, log_lines_withheld: 0,
    redactions: { total: 0, by_rule: {} }, withheld_fields: [], notes: [], verdict: null, prev: null, next: null, ...extra,
  };
}

const verdict = (v: 'pass' | 'fail', score: number) => ({ verdict: v, score, judge: 'j', ts: '2026-11-21T10:22:00Z', issues: [], summary: '' });

const fileDiff = (path: string, added: number, removed: number) => [
  `diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, `@@ -1,${removed} +1,${added} @@`,
  ...Array.from({ length: removed }, (_, i) => `-old ${i}`), ...Array.from({ length: added }, (_, i) => `+new ${i}`),
].join('\n');

const numbered = (count: number, prefix = 'line') => Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);

describe('the plans\' line diff', () => {
  it('marks removed and added lines in order, between the lines both plans share', () => {
    const diff = diffLines('# Plan\n1. parse\n2. test\n', '# Plan\n1. parse money\n2. test\n3. ship\n');
    expect(diff.pieces).toEqual([
      { kind: 'same', text: '# Plan' }, { kind: 'removed', text: '1. parse' }, { kind: 'added', text: '1. parse money' },
      { kind: 'same', text: '2. test' }, { kind: 'added', text: '3. ship' },
    ]);
    expect([diff.added, diff.removed, diff.notShown]).toEqual([2, 1, 0]);
    expect(planSummary(diff)).toBe('2 lines added, 1 removed (unchanged stretches folded).');
  });

  it('folds a long unchanged stretch to its count, keeping the lines next to each change', () => {
    const before = numbered(40);
    const after = [...before];
    after[4] = 'changed 5';
    after[34] = 'changed 35';
    const { pieces } = diffLines(before.join('\n'), after.join('\n'));
    expect(pieces.filter((p) => p.kind === 'folded')).toEqual([{ kind: 'folded', lines: 29 - 2 * FOLD_CONTEXT }, { kind: 'folded', lines: 2 }]);
    // Context: the 3 lines after the first change and the 3 before the second are shown around the fold.
    const shown = pieces.map((p) => (p.kind === 'folded' ? `…${p.lines}` : `${p.kind[0]}:${p.text}`));
    expect(shown.slice(0, 6)).toEqual(['s:line 1', 's:line 2', 's:line 3', 's:line 4', 'r:line 5', 'a:changed 5']);
    expect(shown.slice(6, 11)).toEqual(['s:line 6', 's:line 7', 's:line 8', '…23', 's:line 32']);
    expect(shown.slice(-5)).toEqual(['a:changed 35', 's:line 36', 's:line 37', 's:line 38', '…2']);
  });

  it('says two equal plans are the same, as one fold', () => {
    const diff = diffLines(numbered(12).join('\n'), `${numbered(12).join('\n')}\n`);
    expect(diff.pieces).toEqual([{ kind: 'folded', lines: 12 }]);
    expect(planSummary(diff)).toBe('The plans are the same.');
  });

  it('shows a rewrite as removed whole then added whole, and lists at most MAX_SHOWN_LINES lines', () => {
    const rewrite = diffLines(numbered(600, 'old').join('\n'), numbered(600, 'new').join('\n'));
    expect(rewrite.pieces.slice(0, 600).every((p) => p.kind === 'removed')).toBe(true);
    expect(rewrite.pieces.slice(600).every((p) => p.kind === 'added')).toBe(true);
    const long = diffLines('', numbered(MAX_SHOWN_LINES + 25).join('\n'));
    expect(long.pieces).toHaveLength(MAX_SHOWN_LINES);
    expect([long.added, long.notShown]).toEqual([MAX_SHOWN_LINES + 25, 25]);
  });

  it('finds the shortest edit between interleaved changes', () => {
    const diff = diffLines('a\nb\nc\nd\ne\nf\n', 'a\nx\nc\ny\ne\nf\nz\n');
    expect(diff.pieces.filter((p) => p.kind !== 'same' && p.kind !== 'folded').map((p) => `${p.kind[0]}${'text' in p ? p.text : ''}`))
      .toEqual(['rb', 'ax', 'rd', 'ay', 'az']);
  });
});

describe('comparing two iterations', () => {
  it('sorts the files the diffs touch into both, only the first and only the second, with each side\'s lines', () => {
    const a = page(6, { diff: ['preamble line', fileDiff('src/money.ts', 3, 1), fileDiff('src/a.ts', 1, 0)].join('\n') });
    const b = page(7, { diff: [fileDiff('src/money.ts', 2, 2), fileDiff('src/z.ts', 5, 0)].join('\n') });
    expect(compareIterations(a, b).files).toEqual({
      absent: [],
      result: [
        { path: 'src/money.ts', where: 'both', a: { added: 3, removed: 1 }, b: { added: 2, removed: 2 } },
        { path: 'src/a.ts', where: 'only-a', a: { added: 1, removed: 0 }, b: null },
        { path: 'src/z.ts', where: 'only-b', a: null, b: { added: 5, removed: 0 } },
      ],
    });
  });

  it('names the tests that changed status: pass → fail, fail → pass, new, gone, other moves', () => {
    const a = page(6, { tests: cases([['keeps', 'passed'], ['breaks', 'passed'], ['gets fixed', 'failed'], ['goes away', 'passed'], ['unskipped', 'skipped']]) });
    const b = page(7, { tests: cases([['keeps', 'passed'], ['breaks', 'failed'], ['gets fixed', 'passed'], ['arrives', 'failed'], ['unskipped', 'passed']]) });
    const tests = compareIterations(a, b).tests.result!;
    expect(tests.changes).toEqual([
      { kind: 'broke', name: 'breaks', from: 'passed', to: 'failed' },
      { kind: 'fixed', name: 'gets fixed', from: 'failed', to: 'passed' },
      { kind: 'new', name: 'arrives', from: null, to: 'failed' },
      { kind: 'gone', name: 'goes away', from: 'passed', to: null },
      { kind: 'changed', name: 'unskipped', from: 'skipped', to: 'passed' },
    ]);
    expect(tests.unchanged).toBe(1);
    expect(testsSummary(tests)).toBe('Changed: 1 pass → fail, 1 fail → pass, 1 new, 1 gone, 1 status changed; 1 unchanged.');
  });

  it('counts every test change but lists at most MAX_TEST_CHANGES', () => {
    const many = cases(Array.from({ length: MAX_TEST_CHANGES + 10 }, (_, i): [string, string] => [`t${i}`, 'passed']));
    const tests = compareIterations(page(1, { tests: cases([]) }), page(2, { tests: many })).tests.result!;
    expect([tests.changes.length, tests.counts.new, tests.notShown]).toEqual([MAX_TEST_CHANGES, MAX_TEST_CHANGES + 10, 10]);
  });

  it('puts verdict, score, cost, tokens, duration and test counts side by side, with the change', () => {
    const a = page(6, { verdict: verdict('fail', 0.3), tests: cases([['x', 'failed'], ['y', 'passed']]) });
    const b = page(7, {
      verdict: verdict('pass', 0.9), tests: cases([['x', 'passed'], ['y', 'passed']]), ended_at: '2026-11-21T10:25:30Z',
      phases: [phase('planner', 0.5, 1500), phase('writer', 1.25, 2000)],
    });
    expect(figureRows(compareIterations(a, b))).toEqual([
      { label: 'Status', a: 'complete', b: 'complete', change: 'same' },
      { label: 'Verdict', a: 'fail', b: 'pass', change: 'changed' },
      { label: 'Score', a: '0.30', b: '0.90', change: '+0.60' },
      { label: 'Cost', a: '$0.0300', b: '$1.75', change: '+$1.72' },
      { label: 'Tokens in', a: '3,000', b: '3,500', change: '+500' },
      { label: 'Tokens out', a: '300', b: '350', change: '+50' },
      { label: 'Duration', a: '22 min 00 s', b: '25 min 30 s', change: '+3 min 30 s' },
      { label: 'Tests passed', a: '1', b: '2', change: '+1' },
      { label: 'Tests failed', a: '1', b: '0', change: '−1' },
    ]);
  });

  it('says "not recorded", "running" and "none" for what a side lacks, never a made-up 0', () => {
    const imported = page(3, { phases: [phase('run', null, null)], ended_at: null, status: 'in-progress' });
    const rows = Object.fromEntries(figureRows(compareIterations(page(2), imported)).map((r) => [r.label, r]));
    expect(rows['Cost']).toEqual({ label: 'Cost', a: '$0.0300', b: 'not recorded', change: '' });
    expect(rows['Duration']!.b).toBe('running');
    expect(rows['Verdict']!.b).toBe('none');
    expect(rows['Tests passed']!.b).toBe('no test results');
  });

  it('compares nothing of a withheld page, on either side, and says why', () => {
    const withheld = page(5, { status: 'withheld', withheld_reason: 'taken down by the operator', plan: null, phases: [], started_at: null, ended_at: null });
    for (const [a, b] of [[withheld, page(6, { tests: cases([['x', 'passed']]) })], [page(4, { diff: fileDiff('x.ts', 1, 0) }), withheld]] as const) {
      const c = compareIterations(a, b);
      expect([c.plan.result, c.files.result, c.tests.result]).toEqual([null, null, null]);
      expect(c.plan.absent).toContainEqual({ number: 5, why: 'withheld' });
      expect(absentSentence('plan', c.plan.absent)).toContain('iteration 5 is withheld');
      const side = withheld === a ? 'a' : 'b';
      expect(figureRows(c).map((row) => row[side])).toEqual(['withheld', '—', '—', '—', '—', '—', '—', '—', '—']);
    }
  });

  it('tells a withheld field and a missing one apart', () => {
    const c = compareIterations(page(1, { withheld_fields: ['plan'], plan: '[withheld: invalid input]' }), page(2, { tests: cases([['x', 'passed']]) }));
    expect(absentSentence('plan', c.plan.absent)).toBe('Nothing to compare: iteration 1\'s plan is withheld.');
    expect(absentSentence('test results', c.tests.absent)).toBe('Nothing to compare: iteration 1 has no test results.');
  });
});

describe('the comparison code in the browser (site/static/compare-core.js)', () => {
  it('is the contract/ code with its types erased (run `node admin/browser-module-cli.ts` after changing it)', () => {
    expect(readFileSync(BROWSER_MODULE_FILE, 'utf8')).toBe(browserModule());
  });

  it('compares two iterations exactly as the pages do', async () => {
    const core = await import(pathToFileURL(BROWSER_MODULE_FILE).href) as typeof import('../../contract/compare-iterations.ts');
    const a = page(6, { plan: numbered(30).join('\n'), diff: fileDiff('src/a.ts', 2, 1), tests: cases([['x', 'passed'], ['y', 'failed']]), verdict: verdict('fail', 0.2) });
    const b = page(7, { plan: [...numbered(29), 'the end'].join('\n'), diff: fileDiff('src/b.ts', 1, 0), tests: cases([['x', 'failed'], ['z', 'passed']]) });
    for (const [x, y] of [[a, b], [b, a], [a, page(8, { status: 'withheld' })]] as const) {
      const mine = compareIterations(x, y);
      const theirs = core.compareIterations(x, y);
      expect(theirs).toEqual(mine);
      expect(core.figureRows(theirs)).toEqual(figureRows(mine));
    }
  });

  it('erases the types and the imports between its modules, and refuses an import from outside them', () => {
    const strip = (text: string) => stripTypeScriptTypes(text, { mode: 'strip' });
    const one = { file: 'contract/one.ts', text: '// One.\nexport interface Pair {\n  a: number;\n}\n\n/** Doubles. */\nexport const twice = (n: number): number => 2 * n;\n' };
    const two = { file: 'contract/two.ts', text: "// Two.\nimport { twice } from './one.ts';\nimport type { Pair } from './one.ts';\n\nexport function sum(p: Pair, k: number = 1): number {\n  return twice(p.a) * k;\n}\n" };
    expect(bundleBrowserModule([one, two], strip, 'gen')).toBe([
      '// Generated by `gen` from contract/one.ts, contract/two.ts: do not edit; change those and run it again.', '',
      '// ---- contract/one.ts', '// One.', '', '/** Doubles. */', 'export const twice = (n) => 2 * n;', '',
      '// ---- contract/two.ts', '// Two.', '', 'export function sum(p, k = 1) {', '  return twice(p.a) * k;', '}', '',
    ].join('\n'));
    expect(() => bundleBrowserModule([{ file: 'contract/x.ts', text: "import { z } from 'zod';\nexport const y = z;\n" }], strip, 'gen'))
      .toThrow('contract/x.ts line 1 imports a module outside the browser bundle');
  });
});
