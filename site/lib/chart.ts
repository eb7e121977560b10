// Charts drawn at build time: the geometry of an inline SVG line chart (no JavaScript, no inline
// styles: colours come from classes in the site's stylesheet, so the strict CSP holds). The chart
// fills its column at any width: x is laid out in PLOT_WIDTH units that the plot stretches to the
// frame's width, y in pixels, so text, dots and tie offsets keep their size.
import type { Series } from '../../contract/overview-series.ts';
import { downsample, type Bucket } from './chart-downsample.ts';
import { allWhole, niceStep, tickValues } from './chart-ticks.ts';
import { tieOffsets } from './chart-ties.ts';

export type { Series };

export interface ChartOptions {
  /** The frame's height in pixels (the width is always the column's). */
  height?: number;
  /** Steps instead of slopes (counts that hold until they change). */
  step?: boolean;
  /** The y axis starts here (default 0) and ends at least here. */
  yMin?: number;
  yMax?: number;
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
}

/** A path of the plot, in its own units (x: 0 to PLOT_WIDTH, y: pixels from the plot's top). */
interface Shape { name: string; className: string; d: string }

export interface ChartGeometry {
  height: number;
  /** Where the plot sits in the frame, in pixels; it spans the frame's whole width. */
  plot: { top: number; height: number };
  lines: Shape[];
  /** The range of each bucket of a downsampled series. */
  bands: Shape[];
  /** A dot on each point of a short series (so one value shows), in the frame: x in percent, y in pixels. */
  dots: { name: string; className: string; x: string; y: number; label: string }[];
  xTicks: { x: string; anchor: 'start' | 'middle' | 'end'; label: string }[];
  yTicks: { y: number; label: string }[];
}

/** The plot's width in its own units. */
export const PLOT_WIDTH = 1000;
/** Room at both ends of the x axis (plot units), so the first and last dots show whole. */
const PAD_X = 12;
const TOP = 18;
const BOTTOM = 24;
/** Drawn points per chart at most: longer series become a band and a mean line. */
const MAX_DRAWN = 600;
/** Buckets of a downsampled series at most: about 10 px each on a desktop column, so the mean reads as a line. */
const MAX_BUCKETS = 100;
/** Series this short or shorter get a dot on each point. */
const DOT_POINTS = 30;

const round = (n: number) => Math.round(n * 10) / 10;
const minOf = (values: readonly number[], start: number) => values.reduce((a, b) => Math.min(a, b), start);
const maxOf = (values: readonly number[], start: number) => values.reduce((a, b) => Math.max(a, b), start);

/** The y axis: from the lowest value (or yMin) to a round tick at or above the highest (or yMax). */
function yAxis(ys: readonly number[], options: ChartOptions) {
  const low = minOf(ys, options.yMin ?? 0);
  const high = maxOf(ys, options.yMax ?? 0);
  const whole = allWhole([...ys, low, high]);
  const step = niceStep((high > low ? high : low + 1) - low, 4, whole);
  const min = Math.floor(low / step) * step;
  const max = Math.max(min + step, Math.ceil(high / step) * step);
  return { min, max, step };
}

/** The x ticks, as percent of the frame's width: whole numbers when every x is one (iterations). */
function xTicksOf(xs: readonly number[], xMin: number, xMax: number, sx: (x: number) => number, formatX: (x: number) => string): ChartGeometry['xTicks'] {
  const values = xMax === xMin ? [xMin] : tickValues(xMin, xMax, niceStep(xMax - xMin, 6, allWhole(xs)));
  return values.map((v) => {
    const pct = sx(v) / (PLOT_WIDTH / 100);
    return { x: `${round(pct)}%`, anchor: pct < 4 ? 'start' : pct > 96 ? 'end' : 'middle', label: formatX(v) };
  });
}

/** A series as drawn: its raw points, or the buckets of a long one; in plot units and pixels. */
interface Drawn { s: Series; sampled: Bucket[] | null; points: [number, number][] }

/**
 * Lays out series as SVG paths with ticks on both axes: series that meet are drawn a few pixels
 * apart, long ones as a band and a mean line, short ones with a dot on each point.
 *
 * @example
 * lineChart([{ name: 'green', className: 'green', points: [[1, 0], [5, 3]] }], { step: true }).lines[0].d // 'M12 158H988V...'
 */
export function lineChart(series: readonly Series[], options: ChartOptions = {}): ChartGeometry {
  const height = options.height ?? 200;
  const plot = { top: TOP, height: height - TOP - BOTTOM };
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const xMin = minOf(xs, xs[0] ?? 0);
  const xMax = maxOf(xs, xs[0] ?? 1);
  const y = yAxis(ys, options);
  const sx = (x: number) => (xMax === xMin ? PLOT_WIDTH / 2 : PAD_X + ((x - xMin) / (xMax - xMin)) * (PLOT_WIDTH - 2 * PAD_X));
  const sy = (v: number) => plot.height - ((v - y.min) / (y.max - y.min)) * plot.height;
  const formatX = options.formatX ?? ((x: number) => String(x));
  const formatY = options.formatY ?? ((v: number) => String(v));
  // Each downsampled series draws three points a bucket (mean, low, high): the budget is shared.
  const buckets = Math.min(MAX_BUCKETS, Math.floor(MAX_DRAWN / 3 / Math.max(1, series.filter((s) => s.points.length > 0).length)));
  const drawn = series.map((s): Drawn => {
    if (s.points.length <= buckets) return { s, sampled: null, points: s.points.map(([x, v]) => [round(sx(x)), sy(v)]) };
    const sampled = downsample(s.points, buckets, xMin, xMax);
    return { s, sampled, points: sampled.map((b) => [round(sx(b.x)), sy(b.mean)]) };
  });
  const offsets = tieOffsets(drawn.map((d) => d.points));
  const lines = drawn.map(({ s, sampled, points }, k) => {
    const at = points.map(([x, py], i) => [x, round(py + offsets[k]![i]!)] as const);
    const d = at.map(([x, py], i) => (i === 0 ? `M${x} ${py}` : options.step && !sampled ? `H${x}V${py}` : `L${x} ${py}`)).join('');
    return { name: s.name, className: s.className, d };
  });
  const bands = drawn.flatMap(({ s, sampled }) => {
    if (!sampled) return [];
    const edge = (b: Bucket, v: number) => `${round(sx(b.x))} ${round(sy(v))}`;
    return [{ name: s.name, className: s.className, d: `M${sampled.map((b) => edge(b, b.max)).join('L')}L${[...sampled].reverse().map((b) => edge(b, b.min)).join('L')}Z` }];
  });
  const dots = drawn.flatMap(({ s, sampled, points }, k) => (sampled || points.length > DOT_POINTS ? [] : points.map(([x, py], i) => ({
    name: s.name, className: s.className, x: `${round(x / (PLOT_WIDTH / 100))}%`, y: round(plot.top + py + offsets[k]![i]!),
    label: `${s.name}: ${formatY(s.points[i]![1])} at ${formatX(s.points[i]![0])}`,
  }))));
  const yTicks = tickValues(y.min, y.max, y.step).map((v) => ({ y: round(plot.top + sy(v)), label: formatY(v) }));
  return { height, plot, lines, bands, dots, xTicks: xTicksOf(xs, xMin, xMax, sx, formatX), yTicks };
}
