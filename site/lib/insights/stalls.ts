// Stalls: gaps between one iteration's start and the next's far longer than the loop's usual gap.
import type { SiteData } from '../../../contract/site-data-schema.ts';

type Row = Pick<SiteData['iterations'][number], 'number' | 'started_at' | 'ended_at'>;

/** A gap this many times the usual one is a stall. */
export const STALL_FACTOR = 4;
/** Gaps needed before "usual" means anything. */
const MIN_GAPS = 4;

interface Stall {
  /** The iteration before the gap and the one after it. */
  after: number;
  before: number;
  /** When the earlier iteration ended (else started) and the later one started. */
  fromMs: number;
  toMs: number;
  /** Start to start, against the median start-to-start gap. */
  gapMs: number;
  usualMs: number;
}

export interface Stalls {
  stalls: Stall[];
  /** The median gap; null when there are too few iterations with a start to tell. */
  usualMs: number | null;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Start-to-start gaps more than STALL_FACTOR times the median gap. Iterations without a recorded
 * start are left out.
 *
 * @example
 * stalls(data.iterations) // { usualMs: 1500000, stalls: [{ after: 6, before: 7, gapMs: 10800000, ... }] }
 */
export function stalls(rows: readonly Row[]): Stalls {
  const started = rows.filter((row) => row.started_at !== null)
    .map((row) => ({ row, ms: Date.parse(row.started_at!) }))
    .sort((a, b) => a.ms - b.ms);
  const gaps = started.slice(1).map((next, i) => ({ prev: started[i]!, next, ms: next.ms - started[i]!.ms }));
  if (gaps.length < MIN_GAPS) return { stalls: [], usualMs: null };
  const usualMs = median(gaps.map((g) => g.ms));
  const found = gaps.filter((g) => usualMs > 0 && g.ms > STALL_FACTOR * usualMs).map((g): Stall => ({
    after: g.prev.row.number, before: g.next.row.number,
    fromMs: g.prev.row.ended_at ? Date.parse(g.prev.row.ended_at) : g.prev.ms, toMs: g.next.ms, gapMs: g.ms, usualMs,
  }));
  return { stalls: found, usualMs };
}
