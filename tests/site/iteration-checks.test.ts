// What an iteration page points out: phases past their budgets, verdicts the tests contradict.
import { describe, expect, it } from 'vitest';
import { formatMinutes } from '../../site/lib/format.ts';
import { phaseTiming, usageByModel, verdictDisagreement } from '../../contract/iteration-checks.ts';

describe('iteration checks', () => {
  it('measures phases against the budgets their page carries (planner 10, writer 15, judge 12 minutes by default)', () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 21, 10, minutes)).toISOString();
    expect(phaseTiming({ started_at: at(0), ended_at: at(20), budget_minutes: 15 })).toEqual({ ms: 1_200_000, budgetMs: 900_000, over: true });
    expect(phaseTiming({ started_at: at(0), ended_at: at(10), budget_minutes: 10 })).toEqual({ ms: 600_000, budgetMs: 600_000, over: false });
    expect(phaseTiming({ started_at: at(0), ended_at: null, budget_minutes: 12 })).toEqual({ ms: null, budgetMs: 720_000, over: false });
    expect(phaseTiming({ started_at: at(0), ended_at: at(30), budget_minutes: null })).toEqual({ ms: 1_800_000, budgetMs: null, over: false });
    expect(formatMinutes(725_000)).toBe('12 min 05 s');
    expect(formatMinutes(45_000)).toBe('45 s');
  });

  it('flags a pass with failing tests and a fail with all tests passing, and nothing else', () => {
    expect(verdictDisagreement({ verdict: { verdict: 'pass' }, tests: { passed: 9, failed: 3 } })).toBe('The judge passed this iteration, but 3 tests failed.');
    expect(verdictDisagreement({ verdict: { verdict: 'fail' }, tests: { passed: 12, failed: 0 } })).toBe('The judge failed this iteration, but all 12 tests passed.');
    expect(verdictDisagreement({ verdict: { verdict: 'fail' }, tests: { passed: 9, failed: 3 } })).toBeNull();
    expect(verdictDisagreement({ verdict: { verdict: 'partial' }, tests: { passed: 9, failed: 3 } })).toBeNull();
    expect(verdictDisagreement({ verdict: null, tests: { passed: 9, failed: 3 } })).toBeNull();
    expect(verdictDisagreement({ verdict: { verdict: 'pass' }, tests: null })).toBeNull();
  });

  it('sums tokens and cost per model, the most expensive first', () => {
    const phase = (model: string, tokens: number, cost: number) => ({ model, tokens_in: tokens, tokens_out: tokens / 10, cost_usd: cost });
    expect(usageByModel([phase('small', 100, 0.01), phase('big', 1000, 0.5), phase('small', 300, 0.02)])).toEqual([
      { model: 'big', tokens_in: 1000, tokens_out: 100, cost_usd: 0.5 },
      { model: 'small', tokens_in: 400, tokens_out: 40, cost_usd: 0.03 },
    ]);
    expect(usageByModel([])).toEqual([]);
  });
});
