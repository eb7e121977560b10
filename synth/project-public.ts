// The public projection: copies only allowlisted fields out of LoopInput, redacting every string.
import type { IterationInput, LoopInput } from './read-loop.ts';
import type { Problem } from './problem.ts';
import { redactItem, type Redactor } from './redact-item.ts';
import type { IterationPage, IterationSummary, SiteData } from './site-data-schema.ts';
import type { Verdict } from './loop-schemas.ts';

export interface PublicOutput {
  siteData: SiteData;
  pages: IterationPage[];
  /** Items withheld because the redactor was unsure. */
  problems: Problem[];
}

/** Longest log published per iteration; the rest is counted as "N lines withheld for size". */
export const MAX_LOG_LINES = 2000;

// ANSI escapes are stripped before redaction: a colour code inside a key would hide it from the rules.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

function foldLog(log: string): { log: string; withheld: number } {
  const lines = log.replace(ANSI, '').split('\n');
  if (lines.length <= MAX_LOG_LINES) return { log: lines.join('\n'), withheld: 0 };
  return { log: lines.slice(-MAX_LOG_LINES).join('\n'), withheld: lines.length - MAX_LOG_LINES };
}

function toPage(input: IterationInput, verdict: Verdict | undefined): IterationPage {
  const log = input.log === undefined ? undefined : foldLog(input.log);
  return {
    number: input.number,
    title: input.meta?.title ?? `Iteration ${input.number}`,
    status: input.status,
    started_at: input.meta?.started_at ?? null,
    ended_at: input.meta?.ended_at ?? null,
    phases: (input.meta?.phases ?? []).map((p) => ({
      name: p.name, model: p.model, started_at: p.started_at, ended_at: p.ended_at ?? null,
      tokens_in: p.tokens_in, tokens_out: p.tokens_out, cost_usd: p.cost_usd,
    })),
    plan: input.plan ?? null,
    diff: input.diff ?? null,
    judge: input.judge ?? null,
    tests: input.tests
      ? { ...input.tests, cases: input.tests.cases.map((c) => ({ name: c.name, status: c.status, duration_ms: c.duration_ms, message: c.message ?? null })) }
      : null,
    log: log?.log ?? null,
    log_lines_withheld: log?.withheld ?? 0,
    redactions: { total: 0, by_rule: {} },
    withheld_fields: [],
    verdict: verdict
      ? { verdict: verdict.verdict, score: verdict.score, judge: verdict.judge, ts: verdict.ts, issues: verdict.issues, summary: verdict.summary }
      : null,
    prev: null,
    next: null,
  };
}

function withheldPage(number: number): IterationPage {
  return {
    number, title: `Iteration ${number}`, status: 'withheld', started_at: null, ended_at: null, phases: [],
    plan: null, diff: null, judge: null, tests: null, log: null, log_lines_withheld: 0,
    redactions: { total: 0, by_rule: {} }, withheld_fields: [], verdict: null, prev: null, next: null,
  };
}

/** The loop file a page field came from, so a withheld field names the file to fix. */
function sourceFileOf(folder: string, field: string): string {
  const top = field.split('.')[0];
  const file = { plan: 'plan.md', diff: 'diff.patch', judge: 'judge.md', log: 'log.txt', tests: 'tests.json' }[top ?? ''];
  if (file) return `${folder}/${file}`;
  return top === 'verdict' ? 'verdicts.jsonl' : `${folder}/iteration.json`;
}

function summarise(page: IterationPage): IterationSummary {
  const sum = (key: 'tokens_in' | 'tokens_out' | 'cost_usd') => page.phases.reduce((total, p) => total + p[key], 0);
  return {
    number: page.number, title: page.title, status: page.status, started_at: page.started_at, ended_at: page.ended_at,
    verdict: page.verdict?.verdict ?? null, score: page.verdict?.score ?? null,
    tokens_in: sum('tokens_in'), tokens_out: sum('tokens_out'), cost_usd: Math.round(sum('cost_usd') * 1e6) / 1e6,
    redactions: page.redactions.total, withheld_fields: page.withheld_fields.length,
  };
}

function withheldItems(problems: readonly Problem[]) {
  const items = new Map<string, string>();
  for (const problem of problems) {
    const iteration = /^iterations\/(\d+)/.exec(problem.file);
    const item = iteration
      ? `iteration ${Number(iteration[1])}`
      : problem.line !== undefined && problem.file.endsWith('.jsonl') ? `${problem.file} line ${problem.line}` : problem.file;
    const field = problem.code === 'JOURNEY_REDACT_UNSURE' && problem.field ? ` ${problem.field}` : '';
    items.set(`${item}${field}`, problem.code === 'JOURNEY_REDACT_UNSURE' ? 'could not be redacted safely' : 'invalid input');
  }
  return [...items].map(([item, reason]) => ({ item, reason }));
}

/**
 * Projects the loop onto the public allowlist and redacts it. Pure: no disk, no clock.
 *
 * @example
 * const out = projectPublic(await readLoop(dir, cap), (text) => redactText(text, { key }));
 */
export function projectPublic(loop: LoopInput, redactor: Redactor): PublicOutput {
  const rules: string[] = [];
  const problems: Problem[] = [];
  const redact = <T>(value: T, sourceOf: (field: string) => string): { value: T; rules: string[]; withheld: string[] } => {
    const result = redactItem(value, redactor);
    rules.push(...result.rules);
    for (const field of result.withheld) {
      problems.push({
        code: 'JOURNEY_REDACT_UNSURE', file: sourceOf(field.field), field: field.field,
        ...(field.line === undefined ? {} : { line: field.line, column: field.column }), ...(field.rule ? { rule: field.rule } : {}),
        message: `withheld: ${field.reason}`,
        fix: 'Remove the secret from the loop output, or add its value to a secret source; the field is published once the redactor can vouch for it.',
      });
    }
    return { value: result.value, rules: result.rules, withheld: result.withheld.map((w) => w.field) };
  };
  const verdictOf = new Map(loop.verdicts.map((v) => [v.iteration, v]));
  const pages = loop.iterations.map((input) => {
    if (input.status === 'withheld') return withheldPage(input.number);
    const { value: page, rules: pageRules, withheld } = redact(toPage(input, verdictOf.get(input.number)), (field) => sourceFileOf(input.folder, field));
    const byRule: Record<string, number> = {};
    for (const rule of pageRules) byRule[rule] = (byRule[rule] ?? 0) + 1;
    return { ...page, redactions: { total: pageRules.length, by_rule: byRule }, withheld_fields: withheld };
  });
  pages.forEach((page, index) => {
    page.prev = pages[index - 1]?.number ?? null;
    page.next = pages[index + 1]?.number ?? null;
  });
  const summaries = pages.map(summarise);
  const features = (loop.parity?.features ?? []).map((f) =>
    redact({ id: f.id, name: f.name, state: f.state, note: f.note ?? null, iteration: f.iteration ?? null }, () => 'acceptance/parity-matrix.yaml').value,
  );
  const state = loop.state ? redact({ ...loop.state }, () => 'state.json').value : null;
  const subagents = loop.subagents.map((s) =>
    redact({ name: s.name, phase: s.phase, iteration: s.iteration, started_at: s.started_at }, () => `subagents/${s.name}.json`).value,
  );
  const total = (key: 'tokens_in' | 'tokens_out' | 'cost_usd') => summaries.reduce((sum, s) => sum + s[key], 0);
  const byRule: Record<string, number> = {};
  for (const rule of rules) byRule[rule] = (byRule[rule] ?? 0) + 1;
  const siteData: SiteData = {
    schema_version: 1,
    state,
    heartbeat: loop.heartbeat ? { ts: loop.heartbeat.ts, iteration: loop.heartbeat.iteration, phase: loop.heartbeat.phase } : null,
    totals: {
      iterations: summaries.length,
      complete: summaries.filter((s) => s.status === 'complete').length,
      in_progress: summaries.filter((s) => s.status === 'in-progress').length,
      withheld: summaries.filter((s) => s.status === 'withheld').length,
      tokens_in: total('tokens_in'), tokens_out: total('tokens_out'), cost_usd: Math.round(total('cost_usd') * 1e4) / 1e4,
    },
    verdict_counts: {
      pass: loop.verdicts.filter((v) => v.verdict === 'pass').length,
      fail: loop.verdicts.filter((v) => v.verdict === 'fail').length,
      partial: loop.verdicts.filter((v) => v.verdict === 'partial').length,
      error: loop.verdicts.filter((v) => v.verdict === 'error').length,
    },
    parity: loop.parity
      ? {
          counts: {
            green: features.filter((f) => f.state === 'green').length,
            red: features.filter((f) => f.state === 'red').length,
            manual: features.filter((f) => f.state === 'manual').length,
            'n/a': features.filter((f) => f.state === 'n/a').length,
          },
          features,
        }
      : null,
    iterations: summaries,
    subagents,
    withheld: withheldItems([...loop.problems, ...problems]),
    redactions: { total: rules.length, by_rule: byRule },
  };
  return { siteData, pages, problems };
}
