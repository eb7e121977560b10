// Circling: the same change or the same plan coming back iteration after iteration. Each iteration's
// summary carries hashes of its normalised diff hunks and plan; a hash in CIRCLING_MIN iterations or
// more is flagged, with those iterations.
import type { SiteData } from '../../../contract/site-data-schema.ts';
import { decodeSignals } from '../../../contract/insights/iteration-signals.ts';

type Row = Pick<SiteData['iterations'][number], 'number' | 'signals'>;

/** Iterations one hunk or plan must recur in to count as circling. */
export const CIRCLING_MIN = 3;

export interface CirclingFlag {
  kind: 'hunk' | 'plan';
  hash: string;
  /** Ascending. */
  iterations: number[];
}

/**
 * Every hunk and plan hash seen in CIRCLING_MIN iterations or more: the most repeated first, then
 * the one that began earliest.
 *
 * @example
 * circling(data.iterations) // [{ kind: 'hunk', hash: '1f0c9a2b', iterations: [4, 7, 9] }]
 */
export function circling(rows: readonly Row[]): CirclingFlag[] {
  const seen = new Map<string, { kind: CirclingFlag['kind']; hash: string; iterations: Set<number> }>();
  const note = (kind: CirclingFlag['kind'], hash: string, number: number) => {
    const key = `${kind}:${hash}`;
    const entry = seen.get(key) ?? { kind, hash, iterations: new Set<number>() };
    entry.iterations.add(number);
    seen.set(key, entry);
  };
  for (const row of rows) {
    const signals = decodeSignals(row.signals);
    for (const hash of signals?.hunks ?? []) note('hunk', hash, row.number);
    if (signals?.plan) note('plan', signals.plan, row.number);
  }
  return [...seen.values()]
    .filter((entry) => entry.iterations.size >= CIRCLING_MIN)
    .map(({ kind, hash, iterations }) => ({ kind, hash, iterations: [...iterations].sort((a, b) => a - b) }))
    .sort((a, b) => b.iterations.length - a.iterations.length || a.iterations[0]! - b.iterations[0]! || a.kind.localeCompare(b.kind));
}
