// The meta-judge's prompt, built only from the redacted public data (site-data.json and the newest
// iterations' public JSON): nothing the reviewer reads can hold more than the public site does.
import type { IterationPage, SiteData } from '../contract/site-data-schema.ts';

/** Iterations the prompt describes in detail. */
export const PROMPT_ITERATIONS = 8;
const clip = (text: string | null | undefined, max: number) => (text ? (text.length > max ? `${text.slice(0, max)}…` : text) : '');

/**
 * @example
 * buildJudgePrompt(siteData, newestPages, 'codex')
 */
export function buildJudgePrompt(site: SiteData, pages: readonly IterationPage[], marker: string): string {
  const state = site.state;
  const lines = [
    'You review an autonomous software-engineering loop (planner, writer and judge agents) from its public journey.',
    'Judge its health: is it making progress, are its verdicts consistent with its tests, is it stuck or repeating itself, is it wasting tokens?',
    '',
    `Goal: ${state?.goal ?? 'unknown (the loop has not started)'}`,
    state ? `Now: iteration ${state.iteration}, phase ${state.phase}, status ${state.status}.` : '',
    `Iterations: ${site.totals.iterations} (${site.totals.complete} complete, ${site.totals.in_progress} in progress, ${site.totals.withheld} withheld); cost $${site.totals.cost_usd.toFixed(2)}.`,
    `Verdicts: ${Object.entries(site.verdict_counts).map(([v, n]) => `${v} ${n}`).join(', ')}.`,
    site.parity ? `Parity: ${Object.entries(site.parity.counts).map(([s, n]) => `${s} ${n}`).join(', ')}.` : 'Parity: no matrix.',
    site.health.latest ? `Monitor: overall ${site.health.latest.overall} at ${site.health.latest.ts}.` : '',
    '',
    `The newest ${pages.length} iterations:`,
    ...pages.flatMap((p) => [
      `## Iteration ${p.number}: ${p.title} (${p.status})`,
      p.verdict ? `Verdict: ${p.verdict.verdict} (${p.verdict.score}) ${clip(p.verdict.summary, 300)}${p.verdict.issues.length ? `; issues: ${p.verdict.issues.map((i) => clip(i, 120)).join('; ')}` : ''}` : 'Verdict: none yet',
      p.tests ? `Tests: ${p.tests.passed} passed, ${p.tests.failed} failed, ${p.tests.skipped} skipped.` : 'Tests: none',
      p.plan ? `Plan: ${clip(p.plan.replace(/\s+/g, ' '), 600)}` : '',
      p.judge ? `Judge notes: ${clip(p.judge.replace(/\s+/g, ' '), 400)}` : '',
    ].filter(Boolean)),
    '',
    `Answer in a section that starts with a line holding only "${marker}". In it, give one line "Health score: N/100",`,
    'one line "Summary: ..." and your findings as lines "- [info|warn|crit] finding (iterations N, M)".',
  ];
  return lines.filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n');
}
