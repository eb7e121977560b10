// Operations periods from the health data, mapped onto the iteration timeline: CRIT and WARN
// stretches, vLLM stalls, publishing behind and watchdog restarts, each with the iterations it overlapped.
import { describe, expect, it } from 'vitest';
import type { SiteData } from '../../../contract/site-data-schema.ts';
import { opsPeriods } from '../../../site/lib/insights/ops-periods.ts';
import { TIMELINE_WIDTH, timelineLayout } from '../../../site/lib/insights/timeline-layout.ts';
import { iso, row, T0 } from './rows.ts';

type Point = SiteData['health']['series'][number];
const MINUTE = 60_000;

/** A sample every 10 minutes from T0, OK unless `extra` says otherwise. */
const sample = (minute: number, extra: Partial<Point> = {}): Point => ({
  ts: iso(T0 + minute * MINUTE), overall: 'OK', heartbeat_age_s: 20, vllm_running: 1, vllm_waiting: 0, vllm_tokens_per_s: 300,
  gpu_util_pct: 80, disk_used_pct: 40, site_state: 'OK', ...extra,
});

// Iterations 1 to 4 run T0+30 to T0+50, T0+60 to T0+80, ... (minutes); the 4th is still running.
const rows = [row(1), row(2), row(3), row(4, { status: 'in-progress', ended_at: null })];
const asOfMs = T0 + 140 * MINUTE;

describe('operations periods', () => {
  it('turns runs of CRIT samples into a period from the first CRIT sample to the first one after it, with the iterations it overlapped', () => {
    const series = [0, 10, 20, 30, 40, 50, 60, 70].map((m) => sample(m, m >= 40 && m <= 60 ? { overall: 'CRIT' } : {}));
    expect(opsPeriods({ series }, rows, asOfMs)).toEqual([{ kind: 'crit', fromMs: T0 + 40 * MINUTE, toMs: T0 + 70 * MINUTE, iterations: [1, 2] }]);
  });

  it('finds vLLM stalls, publishing behind and watchdog restarts, and counts a running iteration up to the data\'s time', () => {
    const series = [
      sample(90), sample(100, { vllm_running: 2, vllm_tokens_per_s: 0 }), sample(110, { site_state: 'CRIT', overall: 'WARN' }), sample(120),
      sample(130, { vllm_running: 0, vllm_tokens_per_s: 0 }), // idle, not stalled
    ];
    const periods = opsPeriods({ series, restarts: [{ at: iso(T0 + 135 * MINUTE), action: 'restart' }] }, rows, asOfMs);
    expect(periods.map((p) => [p.kind, (p.fromMs - T0) / MINUTE, (p.toMs - T0) / MINUTE, p.iterations])).toEqual([
      ['vllm-stall', 100, 110, [3]],
      ['warn', 110, 120, []], // between iteration 3's end and 4's start
      ['publish-outage', 110, 120, []],
      ['restart', 135, 135, [4]],
    ]);
  });

  it('ends a period still on at the last sample there', () => {
    const periods = opsPeriods({ series: [sample(0), sample(10, { overall: 'CRIT' }), sample(20, { overall: 'CRIT' })] }, [], asOfMs);
    expect(periods).toEqual([{ kind: 'crit', fromMs: T0 + 10 * MINUTE, toMs: T0 + 20 * MINUTE, iterations: [] }]);
  });
});

describe('the timeline', () => {
  it('spans the iterations and draws each period as a band at its time behind them, clipped to the span', () => {
    const series = [20, 40, 50, 60, 70].map((m) => sample(m, m === 40 || m === 50 ? { overall: 'CRIT' } : {}));
    const periods = opsPeriods({ series, restarts: [{ at: iso(T0 + 85 * MINUTE), action: 'gave-up' }] }, rows, asOfMs);
    const layout = timelineLayout(rows, periods, asOfMs)!;
    // From iteration 1's start (T0+30) to the data's time (T0+140): 110 minutes over TIMELINE_WIDTH units.
    const x = (minute: number) => Math.round(((minute - 30) / 110) * TIMELINE_WIDTH * 10) / 10;
    expect([layout.fromMs, layout.toMs]).toEqual([T0 + 30 * MINUTE, asOfMs]);
    expect(layout.bars.map((b) => [b.number, b.x])).toEqual([[1, x(30)], [2, x(60)], [3, x(90)], [4, x(120)]]);
    expect(layout.bars.at(-1)!.width).toBe(Math.round((x(140) - x(120)) * 10) / 10); // still running: up to the data's time
    expect(layout.bands).toEqual([
      { kind: 'crit', fromMs: T0 + 40 * MINUTE, toMs: T0 + 60 * MINUTE, x: x(40), width: Math.round((x(60) - x(40)) * 10) / 10 },
      { kind: 'gave-up', fromMs: T0 + 85 * MINUTE, toMs: T0 + 85 * MINUTE, x: x(85), width: 2 }, // an instant stays visible
    ]);
    expect(layout.ticks[0]).toEqual({ percent: 0, ms: layout.fromMs });
    expect(layout.ticks.at(-1)).toEqual({ percent: 100, ms: layout.toMs });
  });

  it('spans the periods alone when no iteration has a start, and is empty with neither', () => {
    const periods = opsPeriods({ series: [sample(0, { overall: 'WARN' }), sample(10)] }, [], asOfMs);
    const layout = timelineLayout([row(1, { started_at: null })], periods, asOfMs)!;
    expect(layout).toMatchObject({ fromMs: T0, toMs: T0 + 10 * MINUTE, bars: [], hidden: 1 });
    expect(layout.bands).toEqual([{ kind: 'warn', fromMs: T0, toMs: T0 + 10 * MINUTE, x: 0, width: TIMELINE_WIDTH }]);
    expect(timelineLayout([], [], asOfMs)).toBeNull();
  });
});
