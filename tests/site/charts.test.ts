// Build-time charts: the SVG geometry and the series the overview, parity and health pages draw.
import { describe, expect, it } from 'vitest';
import { lineChart } from '../../site/lib/chart.ts';
import { chartSummary, chartTable } from '../../site/lib/chart-text.ts';
import { niceStep } from '../../site/lib/chart-ticks.ts';
import { buckets, cumulativeCostByModel, parityBurnup, passRate } from '../../contract/overview-series.ts';
import { planParityChanges, thin, withParityHistory } from '../../synth/project-ops.ts';

const row = (number: number, verdict: 'pass' | 'fail' | null, cost = 0.01) => ({
  number, title: `t${number}`, status: 'complete' as const, withheld_reason: null, started_at: null, ended_at: null, verdict, score: null,
  tokens_in: 0, tokens_out: 0, cost_usd: cost, redactions: 0, withheld_fields: 0,
});

/** Every point a chart draws: the coordinate pairs of its paths and its dots. */
const drawnPoints = (chart: ReturnType<typeof lineChart>) =>
  [...chart.lines, ...chart.bands].reduce((n, shape) => n + (shape.d.match(/[MLHV]/g) ?? []).length, 0) + chart.dots.length;

const line = (name: string, points: [number, number][], className = 's1') => ({ name, className, points });

describe('lineChart', () => {
  it('maps points into the plot, steps when asked, and puts round ticks on both axes', () => {
    const chart = lineChart([line('green', [[1, 0], [5, 3], [9, 7]], 'green')], { height: 100, step: true });
    expect(chart.plot).toEqual({ top: 18, height: 58 });
    expect(chart.lines[0]!.d).toBe('M12 58H500V36.3H988V7.3'); // x in plot units (0 to 1000), y in pixels; the axis ends at 8
    expect(chart.yTicks.map((t) => t.label)).toEqual(['0', '2', '4', '6', '8']);
    expect(chart.xTicks.map((t) => [t.x, t.label, t.anchor])).toEqual([['13.4%', '2', 'middle'], ['37.8%', '4', 'middle'], ['62.2%', '6', 'middle'], ['86.6%', '8', 'middle']]);
    // Labels at the edges stay inside the frame.
    expect(lineChart([line('a', [[1, 1], [3, 2]])]).xTicks.map((t) => [t.x, t.anchor])).toEqual([['1.2%', 'start'], ['50%', 'middle'], ['98.8%', 'end']]);
    expect(lineChart([line('a', [[0, 0], [1, 1]])]).lines[0]!.d).toMatch(/^M[\d.]+ [\d.]+L[\d.]+ [\d.]+$/);
  });

  it('draws series with the same values a few pixels apart, so that each one stays visible', () => {
    const chart = lineChart([line('manual', [[1, 0], [2, 0], [3, 0]]), line('n/a', [[1, 0], [2, 0], [3, 0]]), line('green', [[1, 0], [2, 1], [3, 2]])], { step: true });
    const [manual, na, green] = chart.lines.map((l) => l.d);
    expect(new Set([manual, na, green]).size).toBe(3);
    // Where all three meet (iteration 1) they spread over two gaps; after it, the two that still meet spread over one.
    expect(chart.lines.map((l) => Number(/^M[\d.]+ ([\d.]+)/.exec(l.d)![1]))).toEqual([155, 158, 161]);
    expect(manual).toBe('M12 155H500V156.5H988V156.5');
    expect(na).toBe('M12 158H500V159.5H988V159.5');
    expect(green).toBe('M12 161H500V79H988V0'); // alone from iteration 2 on: drawn at its value
  });

  it('shows a single value as a visible dot, and puts a dot on each point of a short series', () => {
    const single = lineChart([line('pass rate', [[7, 50]])]);
    expect(single.dots).toEqual([{ name: 'pass rate', className: 's1', x: '50%', y: 44.3, label: 'pass rate: 50 at 7' }]);
    expect(single.xTicks.map((t) => t.label)).toEqual(['7']);
    expect(lineChart([line('a', [[1, 2], [2, 3], [3, 1]])]).dots).toHaveLength(3);
    expect(lineChart([line('a', Array.from({ length: 100 }, (_, i) => [i, i] as [number, number]))]).dots).toEqual([]);
  });

  it('gives whole-number ticks for iterations and counts: a 3-iteration loop reads 1, 2, 3', () => {
    const chart = lineChart([line('green', [[1, 0], [2, 1], [3, 2]])]);
    expect(chart.xTicks.map((t) => t.label)).toEqual(['1', '2', '3']);
    expect(chart.yTicks.map((t) => t.label)).toEqual(['0', '1', '2']);
    // Hours and days are not counts: they keep round fractional steps, free of float noise.
    const days = lineChart([line('a', [[0, 0.02], [1.02, 0.04]])]);
    expect(days.xTicks.map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    expect(days.yTicks.at(-1)!.label).toBe('0.04');
    expect([niceStep(7, 4), niceStep(0.9, 6), niceStep(0, 4), niceStep(2, 6, true)]).toEqual([2, 0.2, 1, 1]);
    // Tiny costs still get a few clean ticks.
    expect(lineChart([line('a', [[1, 0.0000001], [2, 0.0000003]])]).yTicks.map((t) => t.label)).toEqual(['0', '1e-7', '2e-7', '3e-7']);
  });

  it('draws 10,000 points as a band and a mean line of at most 600 points', () => {
    const noisy = Array.from({ length: 10_000 }, (_, i) => [i, i % 2 === 0 ? 10 : 30] as [number, number]);
    const started = performance.now();
    const chart = lineChart([line('vLLM running', noisy)]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(drawnPoints(chart)).toBeLessThanOrEqual(600);
    expect(chart.bands).toHaveLength(1);
    // The mean line is flat at 20 (52.7 px down a 0-to-30 axis of 158 px), not the comb's teeth; the band spans 10 to 30.
    expect(chart.lines[0]!.d.slice(1).split('L').every((p) => p.endsWith(' 52.7'))).toBe(true);
    expect(new Set(chart.bands[0]!.d.replace(/Z$/, '').slice(1).split('L').map((p) => p.split(' ')[1]))).toEqual(new Set(['0', '105.3']));
    // Two long series share the budget.
    expect(drawnPoints(lineChart([line('running', noisy), line('waiting', noisy, 's2')]))).toBeLessThanOrEqual(600);
  });
});

describe('charts in words', () => {
  const text = { xLabel: 'Iteration', formatX: (x: number) => String(x), formatY: (y: number) => `${y}%` };

  it('sums up each series: first, last, lowest and highest value, and the x range', () => {
    const series = [line('pass rate', [[5, 40], [10, 20], [15, 90], [20, 60]]), line('empty', [])];
    expect(chartSummary(series, text)).toBe('Iteration 5 to 20. pass rate: first 40%, last 60%, lowest 20%, highest 90%. empty: no data.');
    expect(chartSummary([line('a', [[3, 1]])], text)).toBe('Iteration 3. a: first 1%, last 1%, lowest 1%, highest 1%.');
  });

  it('tables the data, evenly thinned to a readable number of rows with the first and the last', () => {
    const long = Array.from({ length: 480 }, (_, i) => [i, i * 2] as [number, number]);
    const table = chartTable([line('a', long), line('b', [[0, 7]])], text);
    expect(table.head).toEqual(['Iteration', 'a', 'b']);
    expect(table.of).toBe(480);
    expect(table.rows).toHaveLength(24);
    expect(table.rows[0]).toEqual(['0', '0%', '7%']);
    expect(table.rows.at(-1)).toEqual(['479', '958%', '—']);
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
