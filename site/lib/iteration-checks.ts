// What an iteration page works out from its own data: phases against their time budgets, a judge's
// verdict that the test results contradict, and tokens and cost per model.
import type { IterationPage } from '../../synth/site-data-schema.ts';

/** Time budgets of the loop's phases, in minutes (the loop's own limits). */
export const PHASE_BUDGET_MINUTES: Readonly<Record<string, number>> = { planner: 10, writer: 15, judge: 12 };

export interface PhaseTiming {
  /** Milliseconds, or null while the phase runs. */
  ms: number | null;
  budgetMs: number | null;
  over: boolean;
}

/**
 * How long a phase took against its budget.
 *
 * @example
 * phaseTiming({ name: 'writer', started_at: '…T10:00:00Z', ended_at: '…T10:20:00Z' }) // { ms: 1200000, budgetMs: 900000, over: true }
 */
export function phaseTiming(phase: Pick<IterationPage['phases'][number], 'name' | 'started_at' | 'ended_at'>): PhaseTiming {
  const ms = phase.ended_at === null ? null : Date.parse(phase.ended_at) - Date.parse(phase.started_at);
  const minutes = PHASE_BUDGET_MINUTES[phase.name];
  const budgetMs = minutes === undefined ? null : minutes * 60_000;
  return { ms, budgetMs, over: ms !== null && budgetMs !== null && ms > budgetMs };
}

/**
 * A sentence when the judge's verdict and the test results disagree: a pass with failing tests, or a
 * fail while every test passed. Null when they agree or one is missing.
 *
 * @example
 * verdictDisagreement({ verdict: { verdict: 'pass' }, tests: { passed: 9, failed: 3 } }) // 'The judge passed this iteration, but 3 tests failed.'
 */
export function verdictDisagreement(page: { verdict: { verdict: string } | null; tests: { passed: number; failed: number } | null }): string | null {
  if (!page.verdict || !page.tests) return null;
  const { passed, failed } = page.tests;
  if (page.verdict.verdict === 'pass' && failed > 0) return `The judge passed this iteration, but ${failed} test${failed === 1 ? '' : 's'} failed.`;
  if (page.verdict.verdict === 'fail' && failed === 0 && passed > 0) return `The judge failed this iteration, but all ${passed} tests passed.`;
  return null;
}

export interface ModelUsage { model: string; tokensIn: number; tokensOut: number; costUsd: number }

/**
 * Tokens and cost per model over an iteration's phases, the most expensive first.
 *
 * @example
 * usageByModel(page.phases) // [{ model: 'Qwen2.5-Coder-32B', tokensIn: 61234, tokensOut: 9000, costUsd: 0.41 }, ...]
 */
export function usageByModel(phases: readonly Pick<IterationPage['phases'][number], 'model' | 'tokens_in' | 'tokens_out' | 'cost_usd'>[]): ModelUsage[] {
  const byModel = new Map<string, ModelUsage>();
  for (const phase of phases) {
    const usage = byModel.get(phase.model) ?? { model: phase.model, tokensIn: 0, tokensOut: 0, costUsd: 0 };
    usage.tokensIn += phase.tokens_in;
    usage.tokensOut += phase.tokens_out;
    usage.costUsd += phase.cost_usd;
    byModel.set(phase.model, usage);
  }
  return [...byModel.values()].sort((a, b) => b.costUsd - a.costUsd || a.model.localeCompare(b.model));
}
