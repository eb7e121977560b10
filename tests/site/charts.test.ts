// Build-time charts: the SVG geometry and the series the overview, parity and health pages draw.
import { describe, expect, it } from 'vitest';
import { lineChart, niceStep } from '../../site/lib/chart.ts';
import { buckets, cumulativeCostByModel, parityBurnup, passRate } from '../../contract/overview-series.ts';
import { planParityChanges, thin, withParityHistory } from '../../synth/project-ops.ts';

const row = (number: number, verdict: 'pass' | 'fail' | null, cost = 0.01) => ({
  number, title: `t${number}`, status: 'complete' as const, withheld_reason: null, started_at: null, ended_at: null, verdict, score: null,
  tokens_in: 0, tokens_out: 0, cost_usd: cost, redactions: 0, withheld_fields: 0,
});

describe('lineChart', () => {
  it('maps points into the plot area, steps when asked, and puts round ticks on both axes', () => {
    const chart = lineChart([{ name: 'green', className: 'green', points: [[1, 0], [5, 3], [9, 7]] }], { width: 400, height: 100, step: true });
    expect(chart.plot).toEqual({ left: 48, top: 10, right: 388, bottom: 76 });
    expect(chart.lines[0]!.d).toBe('M48 76H218V51.3H388V18.3'); // the axis ends at 8, the next round tick
    expect(chart.yTicks.map((t) => t.label)).toEqual(['0', '2', '4', '6', '8']);
    expect(chart.xTicks.map((t) => t.label)).toEqual(['2', '4', '6', '8']);
    expect(lineChart([{ name: 'a', className: 's1', points: [[0, 0], [1, 1]] }]).lines[0]!.d).toMatch(/^M[\d.]+ [\d.]+L[\d.]+ [\d.]+$/);
  });

  it('keeps small values readable, a single point centred, and ticks free of float noise', () => {
    expect(lineChart([{ name: 'a', className: 's1', points: [[1, 0.02], [2, 0.04]] }]).yTicks.at(-1)!.label).toBe('0.04');
    const single = lineChart([{ name: 'a', className: 's1', points: [[7, 3]] }], { width: 400 });
    expect(single.xTicks).toEqual([{ x: 218, label: '7' }]);
    const days = lineChart([{ name: 'a', className: 's1', points: [[0, 1], [1.02, 2]] }]);
    for (const tick of days.xTicks) expect(tick.label).toMatch(/^\d+(?:\.\d{1,2})?$/);
    expect([niceStep(7, 4), niceStep(0.9, 6), niceStep(0, 4)]).toEqual([2, 0.2, 1]);
  });
});

describe('chart series', () => {
  it('groups neighbours into at most the given number of buckets', () => {
    expect(buckets([1, 2, 3, 4, 5], 2).map((b) => b.length)).toEqual([3, 2]);
    expect(buckets([1, 2, 3], 10, 2)).toEqual([[1, 2], [3]]);
  });

  it('counts parity states after each iteration that changed one', () => {
    const at = '2026-11-21T12:00:00Z';
    const series = parityBurnup([
      { id: 'a', name: 'A', state: 'green', note: null, iteration: 4, history: [{ state: 'red', iteration: 1, at }, { state: 'green', iteration: 4, at }] },
      { id: 'b', name: 'B', state: 'green', note: null, iteration: 6, history: [{ state: 'red', iteration: 1, at }, { state: 'green', iteration: 6, at }] },
    ]);
    expect(series.find((s) => s.name === 'green')!.points).toEqual([[1, 0], [4, 1], [6, 2]]);
    expect(series.find((s) => s.name === 'red')!.points).toEqual([[1, 2], [4, 1], [6, 0]]);
  });

  it('gives the pass rate of groups of judged iterations, skipping unjudged ones', () => {
    const rows = [row(1, 'pass'), row(2, 'fail'), row(3, null), row(4, 'pass'), row(5, 'pass'), row(6, 'pass'), row(7, 'fail')];
    expect(passRate(rows).points).toEqual([[6, 80], [7, 0]]);
  });

  it('sums each model\'s cost cumulatively, the five most expensive by name and the rest as other models', () => {
    const uses = (number: number) => ({ number, models: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'].map((model, i) => ({ model, cost_usd: (7 - i) / 100 })) });
    const series = cumulativeCostByModel([uses(1), uses(2)]);
    expect(series.map((s) => s.model)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'other models']);
    expect(series[0]!.points).toEqual([[1, 0.07], [2, 0.14]]);
    expect(series.at(-1)!.points).toEqual([[1, 0.03], [2, 0.06]]);
  });
});

describe('parity history and thinning', () => {
  it('records a change only when a feature is new or its state differs from the last recorded one', () => {
    const at = '2026-11-21T12:00:00Z';
    const history = new Map([['a', [{ state: 'red' as const, iteration: 2, at }]], ['b', [{ state: 'green' as const, iteration: 3, at }]]]);
    const features = [
      { id: 'a', name: 'A', state: 'green' as const, iteration: 9 },
      { id: 'b', name: 'B', state: 'green' as const, iteration: 3 },
      { id: 'c', name: 'C', state: 'red' as const, iteration: null },
    ];
    const changes = planParityChanges(features, history, 12, at);
    expect(changes).toEqual([
      { feature: 'a', name: 'A', from: 'red', state: 'green', iteration: 9, at },
      { feature: 'c', name: 'C', from: null, state: 'red', iteration: 12, at },
    ]);
    expect(withParityHistory(features, history, changes).get('a')!.map((h) => h.state)).toEqual(['red', 'green']);
  });

  it('thins a long series evenly and keeps the newest point', () => {
    const thinned = thin(Array.from({ length: 1000 }, (_, i) => i), 10);
    expect(thinned).toHaveLength(10);
    expect(thinned.at(-1)).toBe(999);
    expect(thin([1, 2], 10)).toEqual([1, 2]);
  });
});
