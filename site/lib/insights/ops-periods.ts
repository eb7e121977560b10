// Operations periods from the published health data: the monitor's CRIT and WARN stretches, vLLM
// stalls (requests running, no token generated: the monitor's own stall rule), publishing behind
// (the site freshness check WARN or CRIT) and the watchdog's restarts, each with the iterations it
// overlapped.
import type { SiteData } from '../../../contract/site-data-schema.ts';

type Row = Pick<SiteData['iterations'][number], 'number' | 'started_at' | 'ended_at'>;
type Point = SiteData['health']['series'][number];

export const OPS_KINDS = ['crit', 'warn', 'vllm-stall', 'publish-outage', 'restart', 'gave-up'] as const;
export type OpsKind = (typeof OPS_KINDS)[number];

/** Each kind in words: the timeline's legend and its list of periods. */
export const OPS_LABELS: Record<OpsKind, string> = {
  crit: 'monitor CRIT', warn: 'monitor WARN', 'vllm-stall': 'vLLM stalled', 'publish-outage': 'publishing behind',
  restart: 'watchdog restart', 'gave-up': 'watchdog gave up restarting',
};

export interface OpsPeriod {
  kind: OpsKind;
  /** From the first sample in the state to the first sample out of it (the last sample when none came after). */
  fromMs: number;
  toMs: number;
  /** Iterations running at some point of the period, ascending. */
  iterations: number[];
}

const SAMPLE_TESTS: Record<Exclude<OpsKind, 'restart' | 'gave-up'>, (p: Point) => boolean> = {
  crit: (p) => p.overall === 'CRIT',
  warn: (p) => p.overall === 'WARN',
  'vllm-stall': (p) => (p.vllm_running ?? 0) > 0 && p.vllm_tokens_per_s === 0,
  // Absent in site data published before the series carried it.
  'publish-outage': (p) => p.site_state === 'WARN' || p.site_state === 'CRIT',
};

function runsOf(series: readonly Point[], kind: keyof typeof SAMPLE_TESTS): { fromMs: number; toMs: number }[] {
  const runs: { fromMs: number; toMs: number }[] = [];
  let from: number | null = null;
  series.forEach((point, i) => {
    const inState = SAMPLE_TESTS[kind](point);
    if (inState && from === null) from = Date.parse(point.ts);
    if (!inState && from !== null) {
      runs.push({ fromMs: from, toMs: Date.parse(point.ts) });
      from = null;
    }
    if (inState && i === series.length - 1) runs.push({ fromMs: from!, toMs: Date.parse(point.ts) });
  });
  return runs;
}

/** An iteration that ended as a period began did not run in it; an instant (a restart) needs only to fall in the iteration. */
const overlaps = (r: { from: number; to: number }, span: { fromMs: number; toMs: number }) =>
  span.fromMs === span.toMs ? r.from <= span.fromMs && r.to >= span.fromMs : r.from < span.toMs && r.to > span.fromMs;

/**
 * Every period of the health data, oldest first, with the iterations it overlapped (an iteration
 * still running counts up to `asOfMs`).
 *
 * @example
 * opsPeriods(data.health, data.iterations, Date.parse(data.state.updated_at)) // [{ kind: 'crit', fromMs: …, toMs: …, iterations: [11, 12] }]
 */
export function opsPeriods(health: Pick<SiteData['health'], 'series' | 'restarts'>, rows: readonly Row[], asOfMs: number): OpsPeriod[] {
  const series = [...health.series].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  const spans = [
    ...(Object.keys(SAMPLE_TESTS) as (keyof typeof SAMPLE_TESTS)[]).flatMap((kind) => runsOf(series, kind).map((run) => ({ kind: kind as OpsKind, ...run }))),
    ...(health.restarts ?? []).map((r) => ({ kind: r.action as OpsKind, fromMs: Date.parse(r.at), toMs: Date.parse(r.at) })),
  ];
  const ran = rows.filter((row) => row.started_at !== null).map((row) => ({
    number: row.number, from: Date.parse(row.started_at!), to: row.ended_at ? Date.parse(row.ended_at) : asOfMs,
  }));
  return spans
    .map((span) => ({ ...span, iterations: ran.filter((r) => overlaps(r, span)).map((r) => r.number).sort((a, b) => a - b) }))
    .sort((a, b) => a.fromMs - b.fromMs || OPS_KINDS.indexOf(a.kind) - OPS_KINDS.indexOf(b.kind));
}
