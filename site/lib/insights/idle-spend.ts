// Spend without change: finished iterations that used tokens yet changed no code (an empty diff)
// and left the test results as the iteration before them had them (or ran none).
import type { SiteData } from '../../../contract/site-data-schema.ts';
import { decodeSignals } from '../../../contract/insights/iteration-signals.ts';

type Row = Pick<SiteData['iterations'][number], 'number' | 'status' | 'tokens_in' | 'tokens_out' | 'cost_usd' | 'signals'>;

export interface IdleIteration {
  number: number;
  tokens: number;
  /** null: not recorded. */
  usd: number | null;
}

/**
 * The iterations that spent tokens without changing code or tests, ascending. An iteration whose
 * diff is not known (signals absent, or hunks null) is never flagged.
 *
 * @example
 * idleSpend(data.iterations) // [{ number: 12, tokens: 48210, usd: 0.017 }]
 */
export function idleSpend(rows: readonly Row[]): IdleIteration[] {
  const idle: IdleIteration[] = [];
  let previousTests: string | null = null;
  for (const row of [...rows].sort((a, b) => a.number - b.number)) {
    const signals = decodeSignals(row.signals);
    if (row.status !== 'complete' || !signals) continue;
    const tokens = row.tokens_in + row.tokens_out;
    const testsSame = signals.tests === null || signals.tests === previousTests;
    if (signals.hunks?.length === 0 && testsSame && tokens > 0) idle.push({ number: row.number, tokens, usd: row.cost_usd });
    previousTests = signals.tests ?? previousTests;
  }
  return idle;
}
