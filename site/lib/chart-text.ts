// A chart in words, for screen readers and readers without images: a summary of each series
// (first, last, lowest, highest) and a small table of its data.
import type { Series } from '../../contract/overview-series.ts';

/** Rows of a chart's data table at most: a longer series shows evenly spaced points. */
const TABLE_ROWS = 24;

interface TextOptions {
  /** What x is ("Iteration", "Hours before the latest sample"). */
  xLabel: string;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
}

/**
 * One sentence for the x range and one per series: first, last, lowest and highest value.
 *
 * @example
 * chartSummary([{ name: 'green', className: 'green', points: [[1, 0], [3, 9]] }], { xLabel: 'Iteration', formatX: String, formatY: String })
 * // 'Iteration 1 to 3. green: first 0, last 9, lowest 0, highest 9.'
 */
export function chartSummary(series: readonly Series[], options: TextOptions): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  if (xs.length === 0) return 'No data yet.';
  const low = xs.reduce((a, b) => Math.min(a, b));
  const high = xs.reduce((a, b) => Math.max(a, b));
  const range = low === high ? `${options.xLabel} ${options.formatX(low)}.` : `${options.xLabel} ${options.formatX(low)} to ${options.formatX(high)}.`;
  const lines = series.map((s) => {
    if (s.points.length === 0) return `${s.name}: no data.`;
    const ys = s.points.map((p) => p[1]);
    const [first, last, lowest, highest] = [ys[0]!, ys.at(-1)!, ys.reduce((a, b) => Math.min(a, b)), ys.reduce((a, b) => Math.max(a, b))].map((y) => options.formatY(y));
    return `${s.name}: first ${first}, last ${last}, lowest ${lowest}, highest ${highest}.`;
  });
  return [range, ...lines].join(' ');
}

/** `max` items spread evenly over `items`, always the first and the last. */
function spread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))]!);
}

/**
 * The chart's data as a table: one row per x (at most TABLE_ROWS, evenly spaced), one column per
 * series; "—" where a series has no point at that x.
 *
 * @example
 * chartTable([{ name: 'a', className: 's1', points: [[1, 2]] }], { xLabel: 'Iteration', formatX: String, formatY: String })
 * // { head: ['Iteration', 'a'], rows: [['1', '2']], of: 1 }
 */
export function chartTable(series: readonly Series[], options: TextOptions): { head: string[]; rows: string[][]; of: number } {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const values = series.map((s) => new Map(s.points.map(([x, y]) => [x, y])));
  const rows = spread(xs, TABLE_ROWS).map((x) => [options.formatX(x), ...values.map((v) => (v.has(x) ? options.formatY(v.get(x)!) : '—'))]);
  return { head: [options.xLabel, ...series.map((s) => s.name)], rows, of: xs.length };
}
