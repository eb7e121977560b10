// Charts drawn at build time: the geometry of an inline SVG line chart (no JavaScript, no inline
// styles: colours come from classes in the site's stylesheet, so the strict CSP holds).
import type { Series } from '../../contract/overview-series.ts';

export type { Series };


export interface ChartOptions {
  width?: number;
  height?: number;
  /** Steps instead of slopes (counts that hold until they change). */
  step?: boolean;
  /** The y axis starts here (default 0) and ends at least here. */
  yMin?: number;
  yMax?: number;
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** The plot area inside the axes. */
  plot: { left: number; top: number; right: number; bottom: number };
  lines: { name: string; className: string; d: string }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
}

/** A round step for about `count` ticks across `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return unit * power;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Lays out series as SVG paths in a width x height box with ticks on both axes.
 *
 * @example
 * lineChart([{ name: 'green', className: 'green', points: [[1, 0], [5, 3]] }], { step: true }).lines[0].d // 'M48 ...'
 */
export function lineChart(series: readonly Series[], options: ChartOptions = {}): ChartGeometry {
  const width = options.width ?? 640;
  const height = options.height ?? 200;
  const plot = { left: 48, top: 10, right: width - 12, bottom: height - 24 };
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const xMin = xs.length ? Math.min(...xs) : 0;
  const xMax = xs.length ? Math.max(...xs) : 1;
  const yMin = Math.min(options.yMin ?? 0, ...ys);
  const top = Math.max(options.yMax ?? 0, ...ys);
  const yTop = top > yMin ? top : yMin + 1;
  const yStep = niceStep(yTop - yMin, 4);
  const yMax = Math.ceil(yTop / yStep) * yStep;
  const sx = (x: number) => (xMax === xMin ? (plot.left + plot.right) / 2 : plot.left + ((x - xMin) / (xMax - xMin)) * (plot.right - plot.left));
  const sy = (y: number) => plot.bottom - ((y - yMin) / (yMax - yMin)) * (plot.bottom - plot.top);
  const lines = series.map((s) => {
    const parts: string[] = [];
    s.points.forEach(([x, y], i) => {
      if (i === 0) parts.push(`M${round(sx(x))} ${round(sy(y))}`);
      else if (options.step) parts.push(`H${round(sx(x))}V${round(sy(y))}`);
      else parts.push(`L${round(sx(x))} ${round(sy(y))}`);
    });
    return { name: s.name, className: s.className, d: parts.join('') };
  });
  const formatX = options.formatX ?? ((x: number) => String(x));
  const formatY = options.formatY ?? ((y: number) => String(y));
  const yTicks = [];
  for (let i = 0; yMin + i * yStep <= yMax + yStep / 2; i++) yTicks.push({ y: round(sy(yMin + i * yStep)), label: formatY(Math.round((yMin + i * yStep) * 1e6) / 1e6) });
  const xStep = niceStep(xMax - xMin, 6);
  const xTicks = [];
  if (xMax === xMin) xTicks.push({ x: round(sx(xMin)), label: formatX(xMin) });
  else for (let i = Math.ceil(xMin / xStep); i * xStep <= xMax; i++) xTicks.push({ x: round(sx(i * xStep)), label: formatX(Math.round(i * xStep * 1e6) / 1e6) });
  return { width, height, plot, lines, xTicks, yTicks };
}
