// The ATIF export of a loop iteration (/iterations/<n>/trajectory.json): every public text is a message
// of its own. Two texts the redactor passed one by one, joined, could read as a secret: a phase named
// `PGPASSWORD` before a plan that opens with its value (attack 31).
import { describe, expect, it } from 'vitest';
import type { IterationPage } from '../../contract/site-data-schema.ts';
import { renderAtif } from '../../synth/render/render-atif.ts';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 21, 10, minutes)).toISOString();

const page = (overrides: Partial<IterationPage>): IterationPage => ({
  number: 3, title: 'Add ledger module', status: 'complete', withheld_reason: null, started_at: at(0), ended_at: at(22),
  phases: [
    { name: 'PGPASSWORD', model: 'm', started_at: at(0), ended_at: at(4), tokens_in: 10, tokens_out: 5, cost_usd: 0.5, budget_minutes: 10 },
    { name: 'writer', model: 'm', started_at: at(4), ended_at: at(12), tokens_in: 20, tokens_out: 7, cost_usd: 0.25, budget_minutes: 15 },
  ],
  plan: '\nTr0ub4dor-x9Lq is the first step.', diff: null, judge: 'Looks fine.', tests: null, log: null, log_lines_withheld: 0,
  redactions: { total: 0, by_rule: {} }, withheld_fields: [], notes: [], verdict: null, prev: 2, next: null,
  ...overrides,
});

describe('the ATIF export of a loop iteration', () => {
  it('gives the task, the plan, each phase and the judge as messages of their own, never two texts joined', () => {
    const messages = (JSON.parse(renderAtif(page({}))) as { steps: { message?: string }[] }).steps.map((s) => s.message);
    expect(messages).toEqual(['Add ledger module', '\nTr0ub4dor-x9Lq is the first step.', 'PGPASSWORD', 'writer', 'Looks fine.']);
    // The usage stays on the phases' steps.
    const totals = JSON.parse(renderAtif(page({}))).final_metrics;
    expect(totals).toMatchObject({ total_prompt_tokens: 30, total_completion_tokens: 12, total_cost_usd: 0.75, total_steps: 5 });
  });

  it('has no plan step when the iteration has no plan', () => {
    const messages = (JSON.parse(renderAtif(page({ plan: null, judge: null }))) as { steps: { message?: string }[] }).steps.map((s) => s.message);
    expect(messages).toEqual(['Add ledger module', 'PGPASSWORD', 'writer']);
  });
});
