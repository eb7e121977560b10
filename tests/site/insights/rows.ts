// Iteration summaries and parity features for the insight tests, on a fixed clock.
import type { SiteData } from '../../../contract/site-data-schema.ts';
import { encodeSignals, type IterationSignals } from '../../../contract/insights/iteration-signals.ts';

type Row = SiteData['iterations'][number];
type Feature = NonNullable<SiteData['parity']>['features'][number];

/** The tests' clock: iteration n starts `n` half-hours after it. */
export const T0 = Date.parse('2026-11-01T00:00:00Z');
const HALF_HOUR = 1_800_000;
export const iso = (ms: number) => new Date(ms).toISOString();

/** A made-up 8-digit hash: `hash(1, 'a')` is 'a0000001'. */
export const hash = (n: number, kind = 'a') => `${kind}${String(n).padStart(7, '0')}`;

/** A summary's signals in their public form; tests default to the same results every time. */
export const signals = (hunks: string[] | null, extra: Partial<IterationSignals> = {}) =>
  encodeSignals({ hunks, plan: null, tests: hash(0, 'f'), disagrees: false, ...extra });

/** Iteration `number`, started at T0 + n half-hours and done 20 minutes later, with `extra` on top. */
export function row(number: number, extra: Partial<Row> = {}): Row {
  const start = T0 + number * HALF_HOUR;
  return {
    number, title: `Iteration ${number}`, status: 'complete', withheld_reason: null, started_at: iso(start), ended_at: iso(start + 1_200_000),
    verdict: 'pass', score: 0.9, tokens_in: 1000, tokens_out: 100, cost_usd: 0.5, redactions: 0, withheld_fields: 0,
    signals: signals([hash(number)], { plan: hash(number, 'b'), tests: hash(number, 'c') }), ...extra,
  };
}

/** A parity feature in `state`, turned so in `iteration` (its history says so). */
export function feature(id: string, state: Feature['state'], iteration: number | null): Feature {
  return { id, name: id, state, note: null, iteration, history: [{ state, iteration, at: iso(T0) }] };
}
