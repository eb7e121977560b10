// The judge against the tests over time: the share of iterations whose verdict the test results
// contradict (contract/iteration-checks.ts verdictDisagreement), per window of iterations, and
// whether it is rising.
import type { SiteData } from '../../../contract/site-data-schema.ts';
import { decodeSignals } from '../../../contract/insights/iteration-signals.ts';

type Row = Pick<SiteData['iterations'][number], 'number' | 'signals'>;

/** Iterations per window: judged ones with test results. */
export const DISAGREEMENT_WINDOW = 10;
/** How much the newest window's rate must exceed the one before it to count as rising: two in ten. */
const RISE = 0.2;

interface DisagreementWindow {
  first: number;
  last: number;
  /** Iterations in the window (judged, with test results). */
  compared: number;
  /** The ones where judge and tests disagree, ascending. */
  disagreeing: number[];
  rate: number;
}

export interface DisagreementTrend {
  /** Oldest first; every window full but the oldest, counted back from the newest iteration. */
  windows: DisagreementWindow[];
  /** Whether the newest full window disagrees more often than the full one before it (by RISE or more). */
  rising: boolean;
  /** Two full windows exist to compare. */
  enough: boolean;
}

/**
 * @example
 * disagreementTrend(data.iterations) // { windows: [{ first: 1, last: 10, compared: 10, disagreeing: [4], rate: 0.1 }, ...], rising: true, enough: true }
 */
export function disagreementTrend(rows: readonly Row[]): DisagreementTrend {
  const compared = rows.flatMap((row) => {
    const disagrees = decodeSignals(row.signals)?.disagrees ?? null;
    return disagrees === null ? [] : [{ number: row.number, disagrees }];
  }).sort((a, b) => a.number - b.number);
  const windows: DisagreementWindow[] = [];
  for (let end = compared.length; end > 0; end -= DISAGREEMENT_WINDOW) {
    const slice = compared.slice(Math.max(0, end - DISAGREEMENT_WINDOW), end);
    const disagreeing = slice.filter((row) => row.disagrees).map((row) => row.number);
    windows.unshift({ first: slice[0]!.number, last: slice.at(-1)!.number, compared: slice.length, disagreeing, rate: disagreeing.length / slice.length });
  }
  const full = windows.filter((w) => w.compared === DISAGREEMENT_WINDOW);
  const [before, newest] = full.slice(-2);
  const enough = before !== undefined && newest !== undefined;
  return { windows, rising: enough && newest.rate - before.rate >= RISE - 1e-9, enough };
}
