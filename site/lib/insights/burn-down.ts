// The parity burn-down: features left to turn green, and, at the recent rate, when the last one
// would and what it would cost. Only a rate the data supports is projected; otherwise it says why not.
import type { SiteData } from '../../../contract/site-data-schema.ts';
import { costKnown } from './cost-to-outcome.ts';

type Row = Pick<SiteData['iterations'][number], 'number' | 'status' | 'started_at' | 'ended_at' | 'cost_usd'>;
type Feature = Pick<NonNullable<SiteData['parity']>['features'][number], 'id' | 'state' | 'iteration' | 'history'>;

/** The recent window: the newest iterations, by number. */
export const RECENT_ITERATIONS = 20;
/** Features that must have turned green in the window before a rate is worth projecting. */
export const MIN_GREENED = 2;
const DAY = 86_400_000;

/** A feature green now and when it turned green (the start of its current green run). */
interface GreenEvent {
  feature: string;
  iteration: number | null;
  ms: number;
}

export interface BurnDown {
  /** Features neither green nor n/a. */
  remaining: number;
  window: {
    first: number; last: number; count: number; fromMs: number; days: number;
    /** Features green now that turned green in the window. */
    greened: number;
    /** Recorded dollars of the window's iterations; null when none recorded one. */
    usd: number | null;
    unknownCost: number[];
  } | null;
  projection: { featuresPerDay: number; dateMs: number; iterations: number; usd: number | null } | null;
  /** Why nothing is projected: nothing left, or too little data. */
  reason: 'done' | 'no-features' | 'no-window' | 'too-few-greened' | null;
  /** Remaining features over time, oldest first: [ms, remaining]. */
  points: [number, number][];
}

const timeOf = (row: Row | undefined) => {
  const iso = row?.ended_at ?? row?.started_at;
  return iso ? Date.parse(iso) : null;
};

/**
 * When each green feature turned green: the iteration its current green run began in (its end,
 * else its start), else the time the publisher first saw it green.
 *
 * @example
 * greenEvents(features, rows)[0] // { feature: 'money', iteration: 2, ms: 1795254120000 }
 */
function greenEvents(features: readonly Feature[], rows: readonly Row[]): GreenEvent[] {
  const byNumber = new Map(rows.map((row) => [row.number, row]));
  const events: GreenEvent[] = [];
  for (const f of features) {
    if (f.state !== 'green') continue;
    let start = f.history.length - 1;
    while (start > 0 && f.history[start - 1]!.state === 'green') start--;
    const turned = f.history[start];
    const iteration = turned?.iteration ?? f.iteration;
    const ms = timeOf(iteration === null ? undefined : byNumber.get(iteration)) ?? (turned ? Date.parse(turned.at) : Number.NaN);
    if (Number.isFinite(ms)) events.push({ feature: f.id, iteration, ms });
  }
  return events.sort((a, b) => a.ms - b.ms);
}

function recentWindow(rows: readonly Row[], events: readonly GreenEvent[], asOfMs: number): BurnDown['window'] {
  const recent = [...rows].sort((a, b) => a.number - b.number).slice(-RECENT_ITERATIONS);
  const starts = recent.flatMap((row) => (row.started_at ? [Date.parse(row.started_at)] : []));
  if (recent.length === 0 || starts.length === 0) return null;
  const fromMs = Math.min(...starts);
  if (!(asOfMs > fromMs)) return null;
  const known = recent.filter(costKnown);
  return {
    first: recent[0]!.number, last: recent.at(-1)!.number, count: recent.length, fromMs, days: (asOfMs - fromMs) / DAY,
    greened: events.filter((e) => e.ms >= fromMs).length,
    usd: known.length === 0 ? null : known.reduce((sum, row) => sum + row.cost_usd, 0),
    unknownCost: recent.filter((row) => !costKnown(row)).map((row) => row.number),
  };
}

/**
 * The burn-down as of `asOf` (the data's own newest time, never the clock of the publish).
 *
 * @example
 * burnDown(data.iterations, data.parity.features, data.state.updated_at).projection // { featuresPerDay: 9.6, dateMs: …, iterations: 7, usd: 0.03 }
 */
export function burnDown(rows: readonly Row[], features: readonly Feature[], asOf: string): BurnDown {
  const asOfMs = Date.parse(asOf);
  const remaining = features.filter((f) => f.state !== 'green' && f.state !== 'n/a').length;
  const events = greenEvents(features, rows);
  const firstStart = Math.min(...rows.flatMap((row) => (row.started_at ? [Date.parse(row.started_at)] : [])), ...events.map((e) => e.ms));
  const points: [number, number][] = [
    ...(Number.isFinite(firstStart) ? [[firstStart, remaining + events.length] as [number, number]] : []),
    ...events.map((e, i): [number, number] => [e.ms, remaining + events.length - i - 1]),
  ];
  const window = recentWindow(rows, events, asOfMs);
  const none = (reason: BurnDown['reason']): BurnDown => ({ remaining, window, projection: null, reason, points });
  if (features.filter((f) => f.state !== 'n/a').length === 0) return none('no-features');
  if (remaining === 0) return none('done');
  if (window === null) return none('no-window');
  if (window.greened < MIN_GREENED) return none('too-few-greened');
  const featuresPerDay = window.greened / window.days;
  return {
    remaining, window, reason: null, points,
    projection: {
      featuresPerDay, dateMs: asOfMs + (remaining / featuresPerDay) * DAY,
      iterations: Math.ceil((remaining * window.count) / window.greened),
      usd: window.usd === null ? null : (remaining * window.usd) / window.greened,
    },
  };
}
