// Cost to outcome and the burn-down: costs not recorded are unknown, never $0, and a projection is
// made only from a rate the data supports.
import { describe, expect, it } from 'vitest';
import { costToOutcome } from '../../../site/lib/insights/cost-to-outcome.ts';
import { burnDown, MIN_GREENED } from '../../../site/lib/insights/burn-down.ts';
import { feature, iso, row, T0 } from './rows.ts';

describe('cost to outcome', () => {
  it('divides recorded dollars and all tokens by the features green now and by the passing iterations, leaving null costs out', () => {
    const rows = [row(1), row(2, { cost_usd: null }), row(3, { verdict: 'fail' }), row(4, { status: 'withheld', cost_usd: 0, verdict: null })];
    const features = [feature('a', 'green', 1), feature('b', 'green', 3), feature('c', 'red', null), feature('d', 'n/a', null)];
    const cost = costToOutcome(rows, features);
    expect(cost.usd).toBe(1); // iterations 1 and 3; 2 recorded none, 4 is withheld: neither counts as $0
    expect(cost.unknownCost).toEqual([2, 4]);
    expect(cost.perGreenFeature).toEqual({ count: 2, usd: 0.5, tokens: 2200 });
    expect(cost.perPassingIteration).toEqual({ count: 2, usd: 0.5, tokens: 2200 }); // 1 and 2 passed
  });

  it('says not recorded when no iteration recorded a cost, and nothing per outcome when there is none', () => {
    const cost = costToOutcome([row(1, { cost_usd: null, verdict: 'fail' })], [feature('a', 'red', null)]);
    expect(cost.usd).toBeNull();
    expect(cost.perGreenFeature).toEqual({ count: 0, usd: null, tokens: null });
    expect(costToOutcome([row(1, { cost_usd: null })], [feature('a', 'green', 1)]).perGreenFeature).toEqual({ count: 1, usd: null, tokens: 1100 });
  });
});

describe('the burn-down', () => {
  const rows = Array.from({ length: 10 }, (_, i) => row(i + 1));
  const asOf = iso(T0 + 11 * 1_800_000);

  it('projects the date of full parity and the spend to it at the recent rate', () => {
    // Four features turned green in iterations 2, 4, 6 and 8; four are left.
    const features = [2, 4, 6, 8].map((n) => feature(`g${n}`, 'green', n)).concat(['r1', 'r2', 'r3'].map((id) => feature(id, 'red', null)), [feature('m', 'manual', null), feature('x', 'n/a', null)]);
    const burn = burnDown(rows, features, asOf);
    expect(burn.reason).toBeNull();
    expect(burn.remaining).toBe(4);
    expect(burn.window).toMatchObject({ first: 1, last: 10, count: 10, greened: 4, usd: 5, unknownCost: [] });
    // 4 features in 5 hours (T0 + 30 min to T0 + 5 h 30 min): the next 4 take 5 hours more, 10 iterations, $5.
    expect(burn.projection!.dateMs).toBe(Date.parse(asOf) + 5 * 3_600_000);
    expect(burn.projection).toMatchObject({ iterations: 10, usd: 5 });
    expect(burn.points.at(-1)).toEqual([T0 + 8 * 1_800_000 + 1_200_000, 4]); // iteration 8 ended: four left
    expect(burn.points[0]).toEqual([T0 + 1_800_000, 8]);
  });

  it('says a projected spend is unknown when the window recorded no cost, and counts costs it lacks', () => {
    const features = [feature('a', 'green', 9), feature('b', 'green', 10), feature('c', 'red', null)];
    expect(burnDown(rows.map((r) => ({ ...r, cost_usd: null })), features, asOf).projection!.usd).toBeNull();
    const some = burnDown(rows.map((r) => (r.number === 9 ? { ...r, cost_usd: null } : r)), features, asOf);
    expect(some.window!.unknownCost).toEqual([9]);
    expect(some.projection!.usd).toBe(4.5 / 2); // recorded costs only: a lower bound, and the page says so
  });

  it('declines to project with too little data, and says when parity is reached', () => {
    const one = burnDown(rows, [feature('a', 'green', 10), feature('b', 'red', null)], asOf);
    expect(MIN_GREENED).toBe(2);
    expect(one).toMatchObject({ reason: 'too-few-greened', projection: null, remaining: 1 });
    expect(one.window!.greened).toBe(1);
    expect(burnDown(rows, [feature('a', 'green', 10), feature('x', 'n/a', null)], asOf)).toMatchObject({ reason: 'done', projection: null });
    expect(burnDown([], [feature('b', 'red', null)], asOf)).toMatchObject({ reason: 'no-window', projection: null });
    expect(burnDown(rows, [], asOf).reason).toBe('no-features');
  });

  it('dates a feature by the iteration its current green run began in, not an earlier one', () => {
    const flipped = { ...feature('a', 'green', 9), history: [
      { state: 'green' as const, iteration: 2, at: iso(T0) }, { state: 'red' as const, iteration: 5, at: iso(T0) }, { state: 'green' as const, iteration: 9, at: iso(T0) },
    ] };
    const burn = burnDown(rows, [flipped, feature('b', 'red', null)], asOf);
    expect(burn.points).toEqual([[T0 + 1_800_000, 2], [T0 + 9 * 1_800_000 + 1_200_000, 1]]);
  });
});
