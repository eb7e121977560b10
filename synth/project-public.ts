// The public projection: copies only allowlisted fields out of the loop's input, redacting every string.
// An iteration is projected on its own (so unchanged ones are never redone); the site data is then
// assembled from the iterations' summaries and the loop-wide files.
import type { Verdict } from './loop-schemas.ts';
import type { MonitorSample, Review } from './ops-schemas.ts';
import { planParityChanges, projectHealth, projectReviews, withParityHistory, type ParityChangeRow } from './project-ops.ts';
import type { Problem } from './problem.ts';
import type { IterationInput } from './read-iteration.ts';
import type { LoopTop } from './read-loop.ts';
import { redactItem, type Redactor } from './redact-item.ts';
import { usageByModel, type ModelUsage } from '../site/lib/iteration-checks.ts';
import { cumulativeCostByModel } from '../site/lib/overview-series.ts';
import type { IterationPage, IterationSummary, ParityChange, SiteData } from './site-data-schema.ts';

/** One iteration, projected and redacted: everything the site needs of it. */
export interface ProjectedIteration {
  /** The public page with prev/next left null (they depend on the neighbours). */
  page: IterationPage;
  summary: IterationSummary;
  /** Redactions on the page by rule. */
  byRule: Record<string, number>;
  /** Tokens and cost per model, the most expensive first. */
  models: ModelUsage[];
  /** Items withheld from this iteration (invalid input, or text the redactor could not vouch for). */
  problems: Problem[];
}

/** Longest log published per iteration; the rest is counted as "N lines withheld for size". */
export const MAX_LOG_LINES = 2000;

/** Why a page is withheld when the operator took it down (`npm run takedown -- --iteration N`). */
export const TAKEN_DOWN = 'taken down by the operator';

// ANSI escapes are stripped before redaction: a colour code inside a key would hide it from the rules.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

const UNSURE_FIX = 'Remove the secret from the loop output, or add its value to a secret source; the field is published once the redactor can vouch for it.';

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
    withheld_reason: null,
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

function withheldPage(number: number, reason: string): IterationPage {
  return {
    number, title: `Iteration ${number}`, status: 'withheld', withheld_reason: reason, started_at: null, ended_at: null, phases: [],
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

function countRules(rules: readonly string[]): Record<string, number> {
  const byRule: Record<string, number> = {};
  for (const rule of rules) byRule[rule] = (byRule[rule] ?? 0) + 1;
  return byRule;
}

/** Redacts one item, turning each field the redactor could not vouch for into a problem. */
function redactInto<T>(value: T, redactor: Redactor, sourceOf: (field: string) => string, problems: Problem[]) {
  const result = redactItem(value, redactor);
  for (const field of result.withheld) {
    problems.push({
      code: 'JOURNEY_REDACT_UNSURE', file: sourceOf(field.field), field: field.field,
      ...(field.line === undefined ? {} : { line: field.line, column: field.column }), ...(field.rule ? { rule: field.rule } : {}),
      message: `withheld: ${field.reason}`, fix: UNSURE_FIX,
    });
  }
  return { value: result.value, rules: result.rules, withheld: result.withheld.map((w) => w.field) };
}

/**
 * Projects and redacts one iteration. Pure: no disk, no clock. `inputProblems` are the problems its
 * reading found (they withhold the whole iteration); `takenDown` withholds it on the operator's word.
 *
 * @example
 * const projected = projectIteration(read.input, read.problems, verdictOf.get(7), redactor, false);
 */
export function projectIteration(
  input: IterationInput, inputProblems: readonly Problem[], verdict: Verdict | undefined, redactor: Redactor, takenDown: boolean,
): ProjectedIteration {
  if (takenDown || input.status === 'withheld') {
    const page = withheldPage(input.number, takenDown ? TAKEN_DOWN : 'invalid input');
    return { page, summary: summarise(page), byRule: {}, models: [], problems: takenDown ? [] : [...inputProblems] };
  }
  const problems: Problem[] = [];
  const redacted = redactInto(toPage(input, verdict), redactor, (field) => sourceFileOf(input.folder, field), problems);
  const byRule = countRules(redacted.rules);
  const page = { ...redacted.value, redactions: { total: redacted.rules.length, by_rule: byRule }, withheld_fields: redacted.withheld };
  return { page, summary: summarise(page), byRule, models: usageByModel(page.phases), problems };
}

function withheldItems(problems: readonly Problem[], takenDown: readonly number[]) {
  const items = new Map<string, string>();
  for (const problem of problems) {
    const iteration = /^iterations\/(\d+)/.exec(problem.file);
    const item = iteration
      ? `iteration ${Number(iteration[1])}`
      : problem.line !== undefined && problem.file.endsWith('.jsonl') ? `${problem.file} line ${problem.line}` : problem.file;
    const field = problem.code === 'JOURNEY_REDACT_UNSURE' && problem.field ? ` ${problem.field}` : '';
    items.set(`${item}${field}`, problem.code === 'JOURNEY_REDACT_UNSURE' ? 'could not be redacted safely' : 'invalid input');
  }
  for (const number of takenDown) items.set(`iteration ${number}`, TAKEN_DOWN);
  return [...items].map(([item, reason]) => ({ item, reason }));
}

/** What projectSite needs of each iteration; the cache keeps exactly this for unchanged ones. */
export type IterationFacts = Pick<ProjectedIteration, 'summary' | 'byRule' | 'models' | 'problems'>;

/** What projectSite needs beyond the loop: the data folder's records and this publish's context. */
export interface SiteExtras {
  takenDown: readonly number[];
  narrative: string | null;
  /** Monitor samples and meta-judge reviews, oldest first. */
  samples?: readonly MonitorSample[];
  reviews?: readonly Review[];
  /** Records of the data folder withheld as invalid (they join the site's withheld list). */
  opsProblems?: readonly Problem[];
  /** Each parity feature's recorded state changes (journey.db), oldest first. */
  parityHistory?: ReadonlyMap<string, readonly ParityChange[]>;
  /** Iterations whose input changed since the last publish. */
  changedIterations?: readonly number[];
  /** The previous site-data's `changes`, kept when nothing changed this time. */
  previousChanges?: SiteData['changes'];
  /** This publish's time (ISO). */
  at?: string;
}

/**
 * Assembles site-data.json from the loop-wide files and every iteration's facts. Pure. Also returns
 * the parity state changes this publish records.
 *
 * @example
 * const { siteData, problems } = projectSite(top, facts, redactor, { takenDown: [], narrative: null });
 */
export function projectSite(
  top: Omit<LoopTop, 'root' | 'folders'>, iterations: readonly IterationFacts[], redactor: Redactor, extra: SiteExtras,
): { siteData: SiteData; problems: Problem[]; parityChanges: ParityChangeRow[] } {
  const at = extra.at ?? top.state?.updated_at ?? new Date(0).toISOString();
  const problems: Problem[] = [];
  const rules: string[] = [];
  const byFile: Record<string, Record<string, number>> = {};
  const redact = <T>(value: T, file: string): T => {
    const result = redactInto(value, redactor, () => file, problems);
    rules.push(...result.rules);
    for (const rule of result.rules) (byFile[file] ??= {})[rule] = (byFile[file][rule] ?? 0) + 1;
    return result.value;
  };
  const summaries = iterations.map((i) => i.summary);
  const features = (top.parity?.features ?? []).map((f) =>
    redact({ id: f.id, name: f.name, state: f.state, note: f.note ?? null, iteration: f.iteration ?? null }, 'acceptance/parity-matrix.yaml'));
  const state = top.state ? redact({ ...top.state }, 'state.json') : null;
  const history = extra.parityHistory ?? new Map<string, ParityChange[]>();
  const parityChanges = planParityChanges(features, history, state?.iteration ?? null, at);
  const histories = withParityHistory(features, history, parityChanges);
  const reviews = projectReviews(extra.reviews ?? [], (value) => redact(value, '<data>/reviews/meta-judge.jsonl'));
  const subagents = top.subagents.map((s) =>
    redact({ name: s.name, phase: s.phase, iteration: s.iteration, started_at: s.started_at }, `subagents/${s.name}.json`));
  const narrative = extra.narrative === null ? null : redact(extra.narrative, 'narrative command output');
  const total = (key: 'tokens_in' | 'tokens_out' | 'cost_usd') => summaries.reduce((sum, s) => sum + s[key], 0);
  const byRule = countRules(rules);
  for (const iteration of iterations) {
    for (const [rule, n] of Object.entries(iteration.byRule)) byRule[rule] = (byRule[rule] ?? 0) + n;
  }
  const count = <K extends string>(values: readonly K[], keys: readonly K[]) =>
    Object.fromEntries(keys.map((key) => [key, values.filter((v) => v === key).length])) as Record<K, number>;
  const siteData: SiteData = {
    schema_version: 1,
    state,
    heartbeat: top.heartbeat ? { ts: top.heartbeat.ts, iteration: top.heartbeat.iteration, phase: top.heartbeat.phase } : null,
    narrative,
    totals: {
      iterations: summaries.length,
      complete: summaries.filter((s) => s.status === 'complete').length,
      in_progress: summaries.filter((s) => s.status === 'in-progress').length,
      withheld: summaries.filter((s) => s.status === 'withheld').length,
      tokens_in: total('tokens_in'), tokens_out: total('tokens_out'), cost_usd: Math.round(total('cost_usd') * 1e4) / 1e4,
      by_model: usageByModel(iterations.flatMap((i) => i.models)),
    },
    cost_by_model: cumulativeCostByModel(iterations.map((i) => ({ number: i.summary.number, models: i.models }))),
    verdict_counts: count(top.verdicts.map((v) => v.verdict), ['pass', 'fail', 'partial', 'error']),
    parity: top.parity
      ? { counts: count(features.map((f) => f.state), ['green', 'red', 'manual', 'n/a']), features: features.map((f) => ({ ...f, history: histories.get(f.id) ?? [] })) }
      : null,
    health: projectHealth(extra.samples ?? []),
    reviews,
    changes: describeChanges(extra.changedIterations ?? [], parityChanges, at) ?? extra.previousChanges ?? null,
    iterations: summaries,
    subagents,
    withheld: withheldItems([...top.problems, ...(extra.opsProblems ?? []), ...iterations.flatMap((i) => i.problems), ...problems], extra.takenDown),
    redactions: { total: Object.values(byRule).reduce((a, b) => a + b, 0), by_rule: byRule },
    redactions_by_file: byFile,
  };
  return { siteData, problems, parityChanges };
}

/** Most changed iterations listed by number on the overview. */
const CHANGES_LISTED = 20;

function describeChanges(iterations: readonly number[], parity: readonly ParityChangeRow[], at: string): SiteData['changes'] {
  if (iterations.length === 0 && parity.length === 0) return null;
  const newest = [...iterations].sort((a, b) => b - a);
  return {
    at, iterations: newest.slice(0, CHANGES_LISTED), more: Math.max(0, newest.length - CHANGES_LISTED),
    parity: parity.map((c) => ({ id: c.feature, name: c.name, from: c.from, to: c.state })),
  };
}
