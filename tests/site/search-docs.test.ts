// The static search index's documents: words, file names, phase outcomes, facets.
import { describe, expect, it } from 'vitest';
import { facetsOf, MAX_WORDS, phaseOutcome, tokenize, wordsOf } from '../../contract/search-docs.ts';
import type { IterationPage } from '../../contract/site-data-schema.ts';

/** The default budgets (`phaseBudgetMinutes`), as the publisher writes them on each phase. */
const BUDGETS: Record<string, number> = { planner: 10, writer: 15, judge: 12 };

const phase = (name: string, minutes: number | null) => ({
  name, model: 'm', budget_minutes: BUDGETS[name] ?? null, started_at: '2026-11-21T10:00:00Z', ended_at: minutes === null ? null : new Date(Date.parse('2026-11-21T10:00:00Z') + minutes * 60_000).toISOString(),
  tokens_in: 1, tokens_out: 1, cost_usd: 0,
});

function page(number: number, extra: Partial<IterationPage> = {}): IterationPage {
  return {
    number, title: `Iteration ${number}`, status: 'complete', withheld_reason: null, started_at: null, ended_at: null, phases: [phase('writer', 5)],
    plan: null, diff: null, judge: null, tests: null, log: null, log_lines_withheld: 0, redactions: { total: 0, by_rule: {} },
    withheld_fields: [], notes: [], verdict: null, prev: null, next: null, ...extra,
  };
}

describe('search documents', () => {
  it('tokenizes into lowercased words of letters, digits and underscores', () => {
    expect(tokenize('Fix parse_money() in src/Money.ts — Überweisung x')).toEqual(['fix', 'parse_money', 'in', 'src', 'money', 'ts', 'überweisung']);
  });

  it('tells how the phases went: over budget, running, on time, none, withheld', () => {
    expect(phaseOutcome(page(1, { phases: [phase('planner', 4), phase('writer', 16)] }))).toBe('over-budget');
    expect(phaseOutcome(page(1, { phases: [phase('planner', 4), phase('writer', null)] }))).toBe('running');
    expect(phaseOutcome(page(1))).toBe('on-time');
    expect(phaseOutcome(page(1, { phases: [] }))).toBe('none');
    expect(phaseOutcome(page(1, { status: 'withheld' }))).toBe('withheld');
  });

  it('keeps title, verdict, plan and judge words and whole file names, without common words, newest first', () => {
    const diff = 'diff --git a/src/money.ts b/src/money.ts\n--- a/src/money.ts\n+++ b/src/money.ts\n@@ -1 +1 @@\n-a\n+b\n';
    const docs = wordsOf([
      page(1, { title: 'Add rounding', plan: 'Use the banker rounding for the ledger', judge: 'Looks solid', diff,
        verdict: { verdict: 'pass', score: 1, judge: 'j', ts: '2026-11-21T10:00:00Z', issues: ['flaky clock'], summary: 'Holds' } }),
      page(2, { title: 'Second' }),
    ]);
    expect(docs.map(([n]) => n)).toEqual([2, 1]);
    const words = docs[1]![1].split('\n');
    expect(words).toEqual(expect.arrayContaining(['add', 'rounding', 'banker', 'ledger', 'looks', 'solid', 'flaky', 'holds', 'src', 'money', 'ts', 'src/money.ts']));
    expect(words).not.toContain('the');
    expect(new Set(words).size).toBe(words.length);
    const long = wordsOf([page(3, { plan: Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' ') })])[0]![1].split('\n');
    expect(long.length).toBe(MAX_WORDS);
  });

  it('lists the facets each filter needs', () => {
    expect(facetsOf([page(4, { verdict: { verdict: 'fail', score: 0, judge: 'j', ts: '2026-11-21T10:00:00Z', issues: [], summary: '' } }), page(5)]))
      .toEqual([[5, 'Iteration 5', null, 'complete', 'on-time'], [4, 'Iteration 4', 'fail', 'complete', 'on-time']]);
  });
});
