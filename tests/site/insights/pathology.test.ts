// Loop pathology from the iterations' summaries: circling, spend without change, a rising
// disagreement between judge and tests, and stalls.
import { describe, expect, it } from 'vitest';
import { hunkHashes } from '../../../contract/insights/iteration-signals.ts';
import { circling } from '../../../site/lib/insights/circling.ts';
import { idleSpend } from '../../../site/lib/insights/idle-spend.ts';
import { DISAGREEMENT_WINDOW, disagreementTrend } from '../../../site/lib/insights/disagreement-trend.ts';
import { stalls } from '../../../site/lib/insights/stalls.ts';
import { hash, iso, row, signals, T0 } from './rows.ts';

const [GREEN, RED] = [hash(1, 'e'), hash(2, 'e')];

describe('circling', () => {
  it('flags a hunk found in three iterations whose diffs differ only in whitespace and line numbers, and lists them', () => {
    const hunk = (at: number, indent: string) => `--- a/src/x.ts\n+++ b/src/x.ts\n@@ -${at},2 +${at},2 @@\n-${indent}retry(3);\n+${indent}retry( 4 );\n`;
    const rows = [
      row(3, { signals: signals(hunkHashes(hunk(10, ''))) }),
      row(4, { signals: signals(hunkHashes('--- a/src/y.ts\n+++ b/src/y.ts\n@@ -1 +1 @@\n-a\n+b\n')) }),
      row(7, { signals: signals(hunkHashes(hunk(42, '    '))) }),
      row(9, { signals: signals(hunkHashes(hunk(97, '\t'))) }),
    ];
    expect(circling(rows)).toEqual([{ kind: 'hunk', hash: hunkHashes(hunk(10, ''))[0], iterations: [3, 7, 9] }]);
    expect(circling(rows.slice(0, 3))).toEqual([]); // twice is not yet circling
  });

  it('flags a plan seen in three iterations, the most repeated finding first', () => {
    const rows = [1, 2, 3, 4].map((n) => row(n, { signals: signals([hash(9)], { plan: n === 4 ? hash(1, 'b') : hash(2, 'b') }) }));
    expect(circling(rows)).toEqual([
      { kind: 'hunk', hash: hash(9), iterations: [1, 2, 3, 4] },
      { kind: 'plan', hash: hash(2, 'b'), iterations: [1, 2, 3] },
    ]);
  });

  it('finds nothing in summaries published without signals', () => {
    const { signals: _, ...bare } = row(1);
    expect(circling([bare, { ...bare, number: 2 }, { ...bare, number: 3 }])).toEqual([]);
  });
});

describe('spend without change', () => {
  it('flags a finished iteration with tokens, an empty diff and the test results of the one before', () => {
    const rows = [
      row(1, { signals: signals([hash(1)], { tests: GREEN }) }),
      row(2, { signals: signals([], { tests: GREEN }), cost_usd: null }), // no change, same tests: idle
      row(3, { signals: signals([], { tests: RED }) }), // no code change, but the tests changed
      row(4, { signals: signals([], { tests: null }) }), // ran no tests: nothing changed either
      row(5, { signals: signals(null, { tests: RED }) }), // diff not known: never flagged
      row(6, { signals: signals([], { tests: RED }), tokens_in: 0, tokens_out: 0 }), // spent nothing
      row(7, { status: 'in-progress', signals: signals([], { tests: RED }) }),
    ];
    expect(idleSpend(rows)).toEqual([{ number: 2, tokens: 1100, usd: null }, { number: 4, tokens: 1100, usd: 0.5 }]);
  });
});

describe('judge against tests', () => {
  const judged = (disagreeing: readonly number[], count: number) =>
    Array.from({ length: count }, (_, i) => row(i + 1, { signals: signals([hash(1)], { disagrees: disagreeing.includes(i + 1) }) }));

  it('calls the disagreement rate rising when the newest window disagrees more often than the one before', () => {
    const trend = disagreementTrend(judged([3, 14, 16, 19], 2 * DISAGREEMENT_WINDOW));
    expect(trend.windows).toEqual([
      { first: 1, last: 10, compared: 10, disagreeing: [3], rate: 0.1 },
      { first: 11, last: 20, compared: 10, disagreeing: [14, 16, 19], rate: 0.3 },
    ]);
    expect(trend).toMatchObject({ rising: true, enough: true });
  });

  it('does not call it rising when the rate holds or falls, nor with fewer than two full windows', () => {
    expect(disagreementTrend(judged([3, 4, 14, 16], 20)).rising).toBe(false);
    expect(disagreementTrend(judged([12, 14, 16], 20)).rising).toBe(true);
    const young = disagreementTrend(judged([5, 6, 7], 12));
    expect(young).toMatchObject({ rising: false, enough: false });
    expect(young.windows.map((w) => w.compared)).toEqual([2, 10]);
  });

  it('leaves out iterations that cannot be compared', () => {
    const rows = [row(1, { signals: signals([hash(1)], { disagrees: null }) }), row(2, { signals: signals([hash(1)], { disagrees: true }) })];
    expect(disagreementTrend(rows).windows).toEqual([{ first: 2, last: 2, compared: 1, disagreeing: [2], rate: 1 }]);
  });
});

describe('stalls', () => {
  it('flags a gap between starts far longer than the usual one', () => {
    const rows = [1, 2, 3, 4, 5, 6].map((n) => row(n));
    // Iteration 7 starts 3 hours after iteration 6 instead of 30 minutes.
    const late = T0 + 6 * 1_800_000 + 3 * 3_600_000;
    const found = stalls([...rows, row(7, { started_at: iso(late), ended_at: iso(late + 1_200_000) }), row(8, { started_at: iso(late + 1_800_000) })]);
    expect(found.usualMs).toBe(1_800_000);
    expect(found.stalls).toEqual([{ after: 6, before: 7, fromMs: T0 + 6 * 1_800_000 + 1_200_000, toMs: late, gapMs: 3 * 3_600_000, usualMs: 1_800_000 }]);
  });

  it('does not guess a usual gap from too few iterations, and flags nothing in a steady loop', () => {
    expect(stalls([1, 2, 3].map((n) => row(n)))).toEqual({ stalls: [], usualMs: null });
    expect(stalls([1, 2, 3, 4, 5, 6].map((n) => row(n))).stalls).toEqual([]);
  });
});
