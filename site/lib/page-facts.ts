// What every page says about itself: a hash of the data it shows, when that data last changed, and
// how many values were redacted or withheld on it by kind. Worked out from the page's own data, so
// a page keeps its bytes while its data is the same.
import { publicJson, sha256 } from '../../core/public-json.ts';

export interface PageFacts {
  /** SHA-256 of the page's data as public JSON (for an iteration page: its iterations/<n>.json). */
  hash: string;
  /** The newest timestamp in the page's data, or null when it has none. */
  changed: string | null;
  /** Values redacted, by kind (rule); a bare count where the kinds are not kept (the list pages). */
  redacted: Record<string, number> | number;
  /** Fields withheld because they could not be redacted safely. */
  withheld: number;
  /** Whose counts these are, when not the page's own text: "the iteration pages listed here". */
  countsOf?: string;
}

/** SHA-256 of `value` as public JSON: the same bytes synth writes. */
export const contentHash = (value: unknown): string => sha256(publicJson(value));

/** The newest of the ISO timestamps given (nulls and undefineds skipped). */
export function newest(...stamps: readonly (string | null | undefined)[]): string | null {
  let best: string | null = null;
  let bestMs = -Infinity;
  for (const stamp of stamps) {
    if (!stamp) continue;
    const ms = Date.parse(stamp);
    if (ms > bestMs) [best, bestMs] = [stamp, ms];
  }
  return best;
}

/** The facts of a page listing iterations: its rows, their newest time, their pages' redaction counts. */
export function listFacts(rows: readonly { number: number; started_at: string | null; ended_at: string | null; redactions: number; withheld_fields: number }[]): PageFacts {
  return {
    hash: contentHash(rows), changed: newest(...rows.flatMap((r) => [r.started_at, r.ended_at])),
    redacted: rows.reduce((sum, r) => sum + r.redactions, 0), withheld: rows.reduce((sum, r) => sum + r.withheld_fields, 0),
    countsOf: 'the iteration pages listed here',
  };
}
