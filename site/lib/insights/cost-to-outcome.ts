// Cost to outcome: what the loop spent per parity feature now green and per passing iteration.
// Costs an iteration did not record (null) or whose page is withheld are unknown, never $0: the
// figures then count recorded costs only and say how many iterations they leave out.
import type { SiteData } from '../../../contract/site-data-schema.ts';

type Row = Pick<SiteData['iterations'][number], 'number' | 'status' | 'verdict' | 'tokens_in' | 'tokens_out' | 'cost_usd'>;
type Feature = Pick<NonNullable<SiteData['parity']>['features'][number], 'state'>;

/** Spend divided by an outcome's count; null figures when nothing was achieved or nothing recorded. */
interface PerOutcome {
  count: number;
  usd: number | null;
  tokens: number | null;
}

export interface CostToOutcome {
  /** Recorded dollars over all iterations; null when no iteration recorded a cost. */
  usd: number | null;
  tokens: number;
  /** Iterations whose cost is unknown: not recorded, or withheld. The dollar figures leave them out. */
  unknownCost: number[];
  perGreenFeature: PerOutcome;
  perPassingIteration: PerOutcome;
}

/**
 * Whether a row's cost is known: a withheld page's phases are not published, so its $0 is not a cost.
 *
 * @example
 * rows.filter(costKnown).reduce((sum, row) => sum + row.cost_usd, 0) // recorded dollars only
 */
export const costKnown = <T extends Pick<Row, 'status' | 'cost_usd'>>(row: T): row is T & { cost_usd: number } =>
  row.cost_usd !== null && row.status !== 'withheld';

/**
 * Recorded spend over all iterations, per parity feature green now and per iteration the judge passed.
 *
 * @example
 * costToOutcome(data.iterations, data.parity?.features ?? []).perGreenFeature // { count: 8, usd: 0.52, tokens: 410000 }
 */
export function costToOutcome(iterations: readonly Row[], features: readonly Feature[]): CostToOutcome {
  const known = iterations.filter(costKnown);
  const usd = known.length === 0 ? null : known.reduce((sum, row) => sum + row.cost_usd, 0);
  const tokens = iterations.reduce((sum, row) => sum + row.tokens_in + row.tokens_out, 0);
  const per = (count: number): PerOutcome => ({
    count, usd: count === 0 || usd === null ? null : usd / count, tokens: count === 0 ? null : Math.round(tokens / count),
  });
  return {
    usd, tokens, unknownCost: iterations.filter((row) => !costKnown(row)).map((row) => row.number).sort((a, b) => a - b),
    perGreenFeature: per(features.filter((f) => f.state === 'green').length),
    perPassingIteration: per(iterations.filter((row) => row.verdict === 'pass').length),
  };
}
