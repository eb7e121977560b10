// The public projection of the Health, Reviews and Parity-history data. Pure: no disk, no clock.
import type { MonitorSample, Review } from '../contract/ops-schemas.ts';
import type { HealthPoint, ParityChange, SiteData } from '../contract/site-data-schema.ts';
import { PARITY_HISTORY, type ParityChangeRow } from '../state/parity.ts';
import type { WatchdogAction } from '../state/watchdog-actions.ts';

/** Days of monitor samples the Health page charts. */
const HEALTH_DAYS = 7;
/** Points per chart at most: samples beyond it are thinned evenly. */
const HEALTH_POINTS = 480;
/** Watchdog actions shown at most, the newest. */
const RESTARTS_SHOWN = 200;
/** Reviews shown in full; older ones keep only their score. */
const REVIEWS_SHOWN = 30;
/** Scores kept for the chart. */
const REVIEW_SCORES = 1000;

/** Keeps `max` items spread evenly over `items`, always the last. */
export function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.min(items.length - 1, Math.round((i + 1) * step) - 1)]!);
}

/**
 * The latest monitor sample, a chartable series of the last HEALTH_DAYS days, and the watchdog's
 * actions over the same days (its newest ones when there is no sample).
 *
 * @example
 * projectHealth(samples).series.length // <= 480
 */
export function projectHealth(samples: readonly MonitorSample[], restarts: readonly WatchdogAction[] = []): SiteData['health'] {
  const latest = samples.at(-1) ?? null;
  const actions = (from: number) => restarts.filter((r) => Date.parse(r.at) >= from).slice(-RESTARTS_SHOWN).map(({ at, action }) => ({ at, action }));
  if (latest === null) return { latest: null, series: [], restarts: actions(-Infinity) };
  const since = Date.parse(latest.ts) - HEALTH_DAYS * 86_400_000;
  const recent = samples.filter((s) => Date.parse(s.ts) >= since);
  const value = (n: number | null | undefined) => (n === undefined || n === null ? null : n);
  const series: HealthPoint[] = thin(recent, HEALTH_POINTS).map((s) => ({
    ts: s.ts, overall: s.overall, heartbeat_age_s: value(s.heartbeat_age_s), vllm_running: value(s.vllm_running),
    vllm_waiting: value(s.vllm_waiting), vllm_tokens_per_s: value(s.vllm_tokens_per_s), gpu_util_pct: value(s.gpu_util_pct),
    disk_used_pct: value(s.disk_used_pct), site_state: s.site_state ?? null,
  }));
  return { latest, series, restarts: actions(since) };
}

/**
 * The newest reviews in full (newest first) and every kept score; the caller redacts the result.
 *
 * @example
 * redact(projectReviews(reviews), '<data>/reviews/meta-judge.jsonl')
 */
export function projectReviews(reviews: readonly Review[]): SiteData['reviews'] {
  const items = reviews.slice(-REVIEWS_SHOWN).reverse().map((r) => ({
    ts: r.ts, reviewer: r.reviewer, score: r.score, summary: r.summary,
    findings: r.findings.map((f) => ({ severity: f.severity, text: f.text, iterations: f.iterations })),
  }));
  return { items, scores: reviews.slice(-REVIEW_SCORES).map((r) => ({ ts: r.ts, score: r.score })) };
}

type Feature = { id: string; name: string; state: ParityChange['state']; iteration: number | null };

/**
 * The state changes since the recorded history: a feature whose state differs from its last
 * recorded one (or that is new) changed at `at`, in the iteration the matrix names or else the
 * loop's current one.
 *
 * @example
 * planParityChanges(features, history, 42, '2026-11-21T10:00:00Z')
 */
export function planParityChanges(
  features: readonly Feature[], history: ReadonlyMap<string, readonly ParityChange[]>, currentIteration: number | null, at: string,
): ParityChangeRow[] {
  const changes: ParityChangeRow[] = [];
  for (const f of features) {
    const last = history.get(f.id)?.at(-1);
    if (last?.state === f.state) continue;
    changes.push({ feature: f.id, name: f.name, from: last?.state ?? null, state: f.state, iteration: f.iteration ?? currentIteration, at });
  }
  return changes;
}

/** Each feature's history with this publish's changes added, at most PARITY_HISTORY per feature. */
export function withParityHistory(
  features: readonly Feature[], history: ReadonlyMap<string, readonly ParityChange[]>, changes: readonly ParityChangeRow[],
): Map<string, ParityChange[]> {
  const out = new Map<string, ParityChange[]>();
  for (const f of features) {
    const added = changes.filter((c) => c.feature === f.id).map(({ state, iteration, at }) => ({ state, iteration, at }));
    out.set(f.id, [...(history.get(f.id) ?? []), ...added].slice(-PARITY_HISTORY));
  }
  return out;
}
