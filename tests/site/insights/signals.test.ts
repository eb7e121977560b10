// The signals the publisher hashes into each iteration's summary: hunks and plans that differ only in
// whitespace, line numbers or iteration numbers hash the same; what is missing or withheld is null.
import { describe, expect, it } from 'vitest';
import { decodeSignals, encodeSignals, hunkHashes, iterationSignals } from '../../../contract/insights/iteration-signals.ts';

const diff = (at: number, indent: string, extraContext: string) => [
  'diff --git a/src/ledger.ts b/src/ledger.ts', '--- a/src/ledger.ts', '+++ b/src/ledger.ts',
  `@@ -${at},3 +${at},3 @@`, ` ${extraContext}`, `-${indent}return total;`, `+${indent}return  total + fee;`, '+', '',
].join('\n');

const page = (extra: Partial<Parameters<typeof iterationSignals>[0]> = {}): Parameters<typeof iterationSignals>[0] => ({
  status: 'complete', plan: '# Plan for iteration 7\n\nFix the ledger.', diff: diff(10, '', 'a'), withheld_fields: [],
  tests: { passed: 3, failed: 0, skipped: 0, cases: [{ name: 'adds', status: 'passed', duration_ms: 3, message: null }] },
  verdict: { verdict: 'pass', score: 1, judge: 'j', ts: null, issues: [], summary: '' }, ...extra,
});

describe('iteration signals', () => {
  it('hashes a hunk the same when only its whitespace, line numbers and context differ', () => {
    const [first] = hunkHashes(diff(10, '', 'a'));
    expect(first).toMatch(/^[0-9a-f]{8}$/);
    expect(hunkHashes(diff(250, '    ', 'b'))).toEqual([first]);
    expect(hunkHashes(diff(10, '\t', 'c').replace('+ fee', '+ tax'))).not.toEqual([first]);
  });

  it('tells hunks in different files apart and counts a hunk repeated in one diff once', () => {
    const twice = `${diff(10, '', 'a')}${diff(40, '', 'b')}`;
    expect(hunkHashes(twice)).toHaveLength(1);
    expect(hunkHashes(twice.replaceAll('ledger.ts', 'money.ts'))).not.toEqual(hunkHashes(twice));
  });

  it('hashes plans by their words, numbers aside', () => {
    const a = iterationSignals(page()).plan;
    expect(iterationSignals(page({ plan: '# Plan for iteration 12:\n\nfix   the LEDGER' })).plan).toBe(a);
    expect(iterationSignals(page({ plan: '# Plan for iteration 12\n\nFix the journal.' })).plan).not.toBe(a);
  });

  it('says a finished loop iteration without a diff changed nothing, and an imported run without one is not known', () => {
    expect(iterationSignals(page({ diff: null })).hunks).toEqual([]);
    expect(iterationSignals(page({ diff: '' })).hunks).toEqual([]);
    expect(iterationSignals(page({ diff: null, source: { format: 'atif' } })).hunks).toBeNull();
    expect(iterationSignals(page({ diff: null, status: 'in-progress' })).hunks).toBeNull();
  });

  it('gives no hash for a withheld field or page, and flags a pass with failing tests', () => {
    expect(iterationSignals(page({ withheld_fields: ['diff', 'plan', 'tests.cases[0].message'] }))).toEqual({ hunks: null, plan: null, tests: null, disagrees: null });
    expect(iterationSignals(page({ status: 'withheld' }))).toEqual({ hunks: null, plan: null, tests: null, disagrees: null });
    expect(iterationSignals(page()).disagrees).toBe(false);
    expect(iterationSignals(page({ tests: { passed: 2, failed: 1, skipped: 0, cases: [] } })).disagrees).toBe(true);
    expect(iterationSignals(page({ verdict: null })).disagrees).toBeNull();
  });

  it('travel in site-data.json as one short string that reads back the same, and read as none when absent or malformed', () => {
    const full = iterationSignals(page());
    const text = encodeSignals(full);
    expect(text).toMatch(/^h:[0-9a-f]{8} p:[0-9a-f]{8} t:[0-9a-f]{8} d:n$/);
    expect(decodeSignals(text)).toEqual(full);
    for (const signals of [{ hunks: [], plan: null, tests: null, disagrees: null }, { hunks: null, plan: null, tests: null, disagrees: true }]) {
      expect(decodeSignals(encodeSignals(signals))).toEqual(signals);
    }
    expect(encodeSignals({ hunks: [], plan: null, tests: null, disagrees: null })).toBe('h: p:? t:? d:?');
    expect(decodeSignals(undefined)).toBeNull();
    expect(decodeSignals('h:zz p:? t:? d:?')).toBeNull();
  });
});
