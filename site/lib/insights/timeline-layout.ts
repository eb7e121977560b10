// Where the operations timeline draws things: iterations as bars along time, operations periods as
// bands behind them, on a plot TIMELINE_WIDTH units wide (the component stretches it to its column).
import type { SiteData } from '../../../contract/site-data-schema.ts';
import type { OpsKind, OpsPeriod } from './ops-periods.ts';

type Row = Pick<SiteData['iterations'][number], 'number' | 'title' | 'status' | 'verdict' | 'started_at' | 'ended_at'>;

export const TIMELINE_WIDTH = 1000;
/** Iterations drawn at most: the newest. */
const MAX_BARS = 200;
/** The narrowest band or bar, so an instant (a restart) or a short iteration stays visible. */
const MIN_WIDTH = 2;
const TICKS = 5;

export interface TimelineLayout {
  fromMs: number;
  toMs: number;
  bars: { number: number; title: string; status: Row['status']; verdict: Row['verdict']; x: number; width: number; fromMs: number; toMs: number }[];
  bands: { kind: OpsKind; x: number; width: number; fromMs: number; toMs: number }[];
  /** x in percent of the width, for labels drawn outside the stretched plot. */
  ticks: { percent: number; ms: number }[];
  /** Iterations left out: older than the newest MAX_BARS, or with no recorded start. */
  hidden: number;
}

/**
 * The timeline of `rows` (the newest MAX_BARS with a recorded start) with the `periods` that fall in
 * their span, clipped to it; with no iteration to draw, it spans the periods alone.
 *
 * @example
 * timelineLayout(data.iterations, opsPeriods(data.health, data.iterations, asOfMs), asOfMs).bands[0] // { kind: 'crit', x: 412.5, width: 37.5, ... }
 */
export function timelineLayout(rows: readonly Row[], periods: readonly OpsPeriod[], asOfMs: number): TimelineLayout | null {
  const inView = rows.filter((row) => row.started_at !== null).map((row) => ({
    row, fromMs: Date.parse(row.started_at!), toMs: row.ended_at ? Date.parse(row.ended_at) : Math.max(asOfMs, Date.parse(row.started_at!)),
  })).sort((a, b) => a.fromMs - b.fromMs).slice(-MAX_BARS);
  if (inView.length === 0 && periods.length === 0) return null;
  const ends = inView.length > 0 ? inView : periods;
  const fromMs = Math.min(...ends.map((e) => e.fromMs));
  const toMs = Math.max(...ends.map((e) => e.toMs));
  const span = Math.max(1, toMs - fromMs);
  const x = (ms: number) => ((Math.min(toMs, Math.max(fromMs, ms)) - fromMs) / span) * TIMELINE_WIDTH;
  const place = (from: number, to: number) => {
    const width = Math.max(MIN_WIDTH, x(to) - x(from));
    return { x: Math.round(Math.min(x(from), TIMELINE_WIDTH - width) * 10) / 10, width: Math.round(width * 10) / 10 };
  };
  return {
    fromMs, toMs,
    bars: inView.map((r) => ({ number: r.row.number, title: r.row.title, status: r.row.status, verdict: r.row.verdict, fromMs: r.fromMs, toMs: r.toMs, ...place(r.fromMs, r.toMs) })),
    bands: periods.filter((p) => p.toMs >= fromMs && p.fromMs <= toMs).map((p) => ({ kind: p.kind, fromMs: p.fromMs, toMs: p.toMs, ...place(p.fromMs, p.toMs) })),
    ticks: Array.from({ length: TICKS }, (_, i) => ({ percent: (i / (TICKS - 1)) * 100, ms: fromMs + (i / (TICKS - 1)) * span })),
    hidden: rows.length - inView.length,
  };
}
