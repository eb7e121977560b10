// The public projection: copies only allowlisted fields out of the loop's input, redacting every string.
// An iteration is projected on its own (so unchanged ones are never redone); the site data is then
// assembled from the iterations' summaries and the loop-wide files.
import type { Verdict } from '../loop/loop-schemas.ts';
import type { MonitorSample, Review } from '../contract/ops-schemas.ts';
import { planParityChanges, projectHealth, projectReviews, withParityHistory } from './project-ops.ts';
import { describeChanges, type PreviousIteration } from './describe-changes.ts';
import type { ParityChangeRow } from '../state/parity.ts';
import type { WatchdogAction } from '../state/watchdog-actions.ts';
import { ANSI_ESCAPE } from '../redact/build-views.ts';
import { derivedFromPublic, ownText, type Public, type PublicText } from '../core/public-text.ts';
import { describeProblem, publicProblem, type Problem, type PublicProblem } from '../loop/problem.ts';
import type { IterationInput } from '../loop/read-iteration.ts';
import type { LoopTop } from '../loop/read-loop.ts';
import { redactItem, type Learned, type ShownPart } from './redact-item.ts';
import { clipImportedPage, clipShown } from './clip-imported-page.ts';
import type { Redactor } from '../redact/redact-text.ts';
import { usageByModel, type ModelUsage } from '../contract/iteration-checks.ts';
import { encodeSignals, iterationSignals } from '../contract/insights/iteration-signals.ts';
import { cumulativeCostByModel } from '../contract/overview-series.ts';
import { MAX_LOG_LINES, type IterationPage, type IterationSummary, type ParityChange, type SiteData } from '../contract/site-data-schema.ts';

/** One iteration, projected and redacted: everything the site needs of it. */
export interface ProjectedIteration {
  /** The public page with prev/next left null (they depend on the neighbours). */
  page: Public<IterationPage>;
  summary: Public<IterationSummary>;
  /** Redactions on the page by rule. */
  byRule: Record<string, number>;
  /** Tokens and cost per model, the most expensive first (model names from the public page). */
  models: Public<ModelUsage>[];
  /** Items withheld from this iteration (invalid input, or text the redactor could not vouch for). */
  problems: PublicProblem[];
  /** Values a context rule found on the page: the same secrets wherever else the site holds them. */
  learned: Learned[];
}

/** Why a page is withheld when the operator took it down (`npm run takedown -- --iteration N`). */
export const TAKEN_DOWN = ownText`taken down by the operator`;

/** Why a page or field is withheld when the loop's input for it is invalid. */
const INVALID_INPUT = ownText`invalid input`;

const UNSURE_FIX = 'Remove the secret from the loop output, or add its value to a secret source; the field is published once the redactor can vouch for it.';

/**
 * The published part of a redacted log: its last MAX_LOG_LINES lines, ANSI escapes removed. The log
 * is redacted whole before it is cut, so a key block that begins before the cut is still one.
 */
function lastLogLines(log: PublicText): { log: PublicText; withheld: number } {
  // The redactor's own grammar of escapes: an OSC's text stays (it is what a tool printed), only its framing goes.
  const lines = log.replace(ANSI_ESCAPE, '').split('\n');
  if (lines.length <= MAX_LOG_LINES) return { log: lines.join('\n') as PublicText, withheld: 0 };
  return { log: lines.slice(-MAX_LOG_LINES).join('\n') as PublicText, withheld: lines.length - MAX_LOG_LINES };
}

/** What a page field whose input is invalid holds instead; the page's notes say why. */
export const INVALID_MARKER = '[WITHHELD: invalid input]';

/** Each phase's time budget in minutes, by phase name (the `phaseBudgetMinutes` setting). */
export type PhaseBudgets = Readonly<Record<string, number>>;

/** The page as the loop wrote it, before redaction (the log whole: it is cut once redacted). */
function toPage(input: IterationInput, verdict: Verdict | undefined, budgets: PhaseBudgets): IterationPage {
  const withheld = new Set(input.withheld ?? []);
  const text = (key: 'plan' | 'diff' | 'judge' | 'log') => (withheld.has(key) ? INVALID_MARKER : input[key] ?? null);
  const budgetOf = (name: string) => (Object.hasOwn(budgets, name) ? budgets[name]! : null);
  const imported = input.imported;
  return {
    number: input.number,
    title: input.meta?.title ?? `Iteration ${input.number}`,
    status: input.status,
    withheld_reason: null,
    started_at: input.meta?.started_at ?? null,
    ended_at: input.meta?.ended_at ?? null,
    // An imported run's phases leave null what its record does not say.
    phases: imported ? imported.phases.map((p) => ({ ...p, budget_minutes: budgetOf(p.name) })) : (input.meta?.phases ?? []).map((p) => ({
      name: p.name, model: p.model, started_at: p.started_at, ended_at: p.ended_at ?? null,
      tokens_in: p.tokens_in, tokens_out: p.tokens_out, cost_usd: p.cost_usd, budget_minutes: budgetOf(p.name),
    })),
    plan: text('plan'),
    diff: text('diff'),
    judge: text('judge'),
    tests: input.tests
      ? { ...input.tests, cases: input.tests.cases.map((c) => ({ name: c.name, status: c.status, duration_ms: c.duration_ms, message: c.message ?? null })) }
      : null,
    log: text('log'),
    log_lines_withheld: 0,
    redactions: { total: 0, by_rule: {} },
    withheld_fields: [...withheld],
    notes: [],
    verdict: imported ? imported.verdict : verdict
      ? { verdict: verdict.verdict, score: verdict.score, judge: verdict.judge, ts: verdict.ts, issues: verdict.issues, summary: verdict.summary }
      : null,
    // Before prev and next: a page's JSON ends with them (its neighbours are spliced in last).
    ...(imported ? { source: imported.source, trace: imported.trace } : {}),
    prev: null,
    next: null,
  };
}

function withheldPage(number: number, reason: PublicText, notes: PublicText[] = []): Public<IterationPage> {
  return {
    number, title: ownText`Iteration ${number}`, status: 'withheld', withheld_reason: reason, started_at: null, ended_at: null, phases: [],
    plan: null, diff: null, judge: null, tests: null, log: null, log_lines_withheld: 0,
    redactions: { total: 0, by_rule: {} }, withheld_fields: [], notes, verdict: null, prev: null, next: null,
  };
}

/** A page's note for a problem of its input: where and what, every part of it redacted. */
function noteOf(problem: PublicProblem): PublicText {
  // describeProblem joins the problem's public parts with journey's own words.
  const where = describeProblem(problem) as PublicText;
  return problem.note ? ownText`note: ${where}` : ownText`withheld: ${where}`;
}

/** The loop file a page field came from, so a withheld field names the file to fix. */
function sourceFileOf(folder: string, field: string): string {
  const top = field.split('.')[0];
  const file = { plan: 'plan.md', diff: 'diff.patch', judge: 'judge.md', log: 'log.txt', tests: 'tests.json' }[top ?? ''];
  if (file) return `${folder}/${file}`;
  return top === 'verdict' ? 'verdicts.jsonl' : `${folder}/iteration.json`;
}

function summarise(page: Public<IterationPage>): Public<IterationSummary> {
  const sum = (key: 'tokens_in' | 'tokens_out' | 'cost_usd') => page.phases.reduce((total, p) => total + (p[key] ?? 0), 0);
  // Phases that all leave their cost unrecorded (an imported Claude Code run) cost "not recorded", not $0.
  const costless = page.phases.length > 0 && page.phases.every((p) => p.cost_usd === null);
  return {
    number: page.number, title: page.title, status: page.status, withheld_reason: page.withheld_reason, started_at: page.started_at, ended_at: page.ended_at,
    verdict: page.verdict?.verdict ?? null, score: page.verdict?.score ?? null,
    tokens_in: sum('tokens_in'), tokens_out: sum('tokens_out'), cost_usd: costless ? null : Math.round(sum('cost_usd') * 1e6) / 1e6,
    redactions: page.redactions.total, withheld_fields: page.withheld_fields.length,
    // Hashes and a flag worked out from the redacted page alone.
    signals: derivedFromPublic(encodeSignals(iterationSignals(page))),
  };
}

function countRules(rules: readonly string[]): Record<string, number> {
  const byRule: Record<string, number> = {};
  for (const rule of rules) byRule[rule] = (byRule[rule] ?? 0) + 1;
  return byRule;
}

/** Redacts one item, turning each field the redactor could not vouch for into a (public) problem. */
function redactInto<T>(value: T, redactor: Redactor, sourceOf: (field: string) => string, problems: PublicProblem[], known: readonly Learned[] = [], shown?: ShownPart) {
  const result = redactItem(value, redactor, known, shown);
  for (const field of result.withheld) {
    problems.push(publicProblem({
      code: 'JOURNEY_REDACT_UNSURE', file: sourceOf(field.field), field: field.field,
      ...(field.line === undefined ? {} : { line: field.line, column: field.column }), ...(field.rule ? { rule: field.rule } : {}),
      message: `withheld: ${field.reason}`, fix: UNSURE_FIX,
    }, redactor, known));
  }
  // Field paths are journey's own key names and indices, the loop's keys on them redacted already.
  return { value: result.value, rules: result.rules, withheld: result.withheld.map((w) => w.field as PublicText), learned: result.learned };
}

/**
 * Projects and redacts one iteration. Pure: no disk, no clock. `inputProblems` are the problems its
 * reading found: each withholds what it names (the whole iteration when its status is `withheld`,
 * else a field, with its note on the page); `takenDown` withholds it on the operator's word.
 *
 * @example
 * const projected = projectIteration(read.input, read.problems, verdictOf.get(7), redactor, false, config.phaseBudgetMinutes);
 */
export function projectIteration(
  input: IterationInput, inputProblems: readonly Problem[], verdict: Verdict | undefined, redactor: Redactor, takenDown: boolean,
  budgets: PhaseBudgets, known: readonly Learned[] = [],
): ProjectedIteration {
  if (takenDown) {
    const page = withheldPage(input.number, TAKEN_DOWN);
    return { page, summary: summarise(page), byRule: {}, models: [], problems: [], learned: [] };
  }
  const problems = inputProblems.map((p) => publicProblem(p, redactor, known));
  const notes = problems.map(noteOf);
  if (input.status === 'withheld') {
    const page = withheldPage(input.number, INVALID_INPUT, notes);
    return { page, summary: summarise(page), byRule: {}, models: [], problems, learned: [] };
  }
  // What the redactor learns from the lines before a long log's tail (never published) it redacts on the whole page.
  const fromContext = input.logContext === undefined ? [] : redactItem(input.logContext, redactor).learned;
  // An imported run's texts are cut for the page as they are redacted (clipShown), by what the redactor read.
  const redacted = redactInto(toPage(input, verdict, budgets), redactor, (field) => (input.imported ? input.folder : sourceFileOf(input.folder, field)), problems,
    [...known, ...fromContext], input.imported ? clipShown : undefined);
  if (input.imported) redacted.value = clipImportedPage(redacted.value);
  const byRule = countRules(redacted.rules);
  const log = redacted.value.log === null ? undefined : lastLogLines(redacted.value.log);
  const page = {
    ...redacted.value, log: log?.log ?? null, log_lines_withheld: (log?.withheld ?? 0) + (input.logLinesBefore ?? 0),
    redactions: { total: redacted.rules.length, by_rule: byRule },
    // Fields withheld for invalid input are journey's names, as are the redactor's withheld paths.
    withheld_fields: [...redacted.value.withheld_fields, ...redacted.withheld], notes,
  };
  return { page, summary: summarise(page), byRule, models: usageByModel(page.phases) as Public<ModelUsage>[], problems, learned: [...fromContext, ...redacted.learned] };
}

/** The site's withheld list: one line per item, each built from the problems' public file and field names. */
/** What a page the verify gate found unredacted text in says instead: the page is withheld whole. */
export const UNVERIFIED = ownText`could not be redacted safely`;

/**
 * An iteration withheld whole, for a reason the operator or the verify gate gives, with the
 * problem that says why.
 *
 * @example
 * withheldIteration(7, UNVERIFIED, problem)
 */
export function withheldIteration(number: number, reason: PublicText, problems: readonly PublicProblem[]): ProjectedIteration {
  const page = withheldPage(number, reason);
  return { page, summary: summarise(page), byRule: {}, models: [], problems: [...problems], learned: [] };
}

/**
 * The site's withheld list, one line per item: an iteration withheld whole is named alone, a part of
 * one by its file and field (`iteration 7 log.txt`, `iteration 7 plan` for a field the redactor could
 * not vouch for), a loop-wide file by its path. Notes withhold nothing and are not listed.
 */
function withheldItems(problems: readonly PublicProblem[], whole: ReadonlySet<number>, takenDown: readonly number[]): Array<{ item: PublicText; reason: PublicText }> {
  const items = new Map<PublicText, PublicText>();
  for (const problem of problems) {
    if (problem.note) continue;
    const unsure = problem.code === 'JOURNEY_REDACT_UNSURE';
    const iteration = /^iterations\/(\d+)(?=\/|,|$)/.exec(problem.file);
    const number = Number(iteration?.[1]);
    let item: PublicText;
    if (!iteration) item = problem.line !== undefined && problem.file.endsWith('.jsonl') ? ownText`${problem.file} line ${problem.line}` : problem.file;
    else if (whole.has(number)) item = ownText`iteration ${number}`;
    else if (unsure) item = problem.field ? ownText`iteration ${number} ${problem.field}` : ownText`iteration ${number}`;
    else {
      const file = problem.file.slice(problem.file.lastIndexOf('/') + 1) as PublicText;
      item = problem.field ? ownText`iteration ${number} ${file} ${problem.field}` : ownText`iteration ${number} ${file}`;
    }
    items.set(item, unsure ? UNVERIFIED : INVALID_INPUT);
  }
  for (const number of takenDown) items.set(ownText`iteration ${number}`, TAKEN_DOWN);
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
  /** The watchdog's restarts (journey.db), oldest first: when and which action, nothing else. */
  restarts?: readonly WatchdogAction[];
  reviews?: readonly Review[];
  /** Records of the data folder withheld as invalid (they join the site's withheld list). */
  opsProblems?: readonly Problem[];
  /** Each parity feature's recorded state changes (journey.db), oldest first. */
  parityHistory?: ReadonlyMap<string, readonly ParityChange[]>;
  /** The last publish's iterations (its site-data.json), to tell what changed since; absent on the first publish. */
  previousIterations?: ReadonlyMap<number, PreviousIteration>;
  /** When an iteration's verdict was given: its public page's `verdict.ts` (read only for a verdict that changed). */
  verdictTime?: (number: number) => PublicText | null;
  /** The previous site-data's `changes`, kept when nothing changed this time. */
  previousChanges?: SiteData['changes'];
  /** This publish's time (ISO). */
  at?: string;
  /** Values learned in other records and earlier publishes: redacted wherever the site data holds them. */
  known?: readonly Learned[];
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
): { siteData: Public<SiteData>; problems: PublicProblem[]; parityChanges: ParityChangeRow[]; learned: Learned[] } {
  const problems: PublicProblem[] = [];
  const rules: string[] = [];
  const learned: Learned[] = [];
  const byFile: Record<string, Record<string, number>> = {};
  const redact = <T>(value: T, file: string): Public<T> => {
    const result = redactInto(value, redactor, () => file, problems, extra.known);
    rules.push(...result.rules);
    learned.push(...result.learned);
    for (const rule of result.rules) (byFile[file] ??= {})[rule] = (byFile[file][rule] ?? 0) + 1;
    return result.value;
  };
  // Every string below is the loop's or the data folder's, validated or not: each passes the redactor.
  const at = redact(extra.at ?? top.state?.updated_at ?? new Date(0).toISOString(), 'state.json');
  const summaries = iterations.map((i) => i.summary);
  const features = (top.parity?.features ?? []).map((f) =>
    redact({ id: f.id, name: f.name, state: f.state, note: f.note ?? null, iteration: f.iteration ?? null }, 'acceptance/parity-matrix.yaml'));
  const state = top.state ? redact({ ...top.state }, 'state.json') : null;
  const history = extra.parityHistory ?? new Map<string, ParityChange[]>();
  const parityChanges = planParityChanges(features, history, state?.iteration ?? null, at);
  const histories = withParityHistory(features, history, parityChanges);
  const reviews = redact(projectReviews(extra.reviews ?? []), '<data>/reviews/meta-judge.jsonl');
  // A subagent's name is the loop's: its redactions are counted under the redacted name, never the raw one.
  const subagents = top.subagents.map((s) => {
    const name = redactItem(s.name, redactor).value;
    return redact({ name: s.name, phase: s.phase, iteration: s.iteration, started_at: s.started_at }, `subagents/${name}.json`);
  });
  const narrative = extra.narrative === null ? null : redact(extra.narrative, 'narrative command output');
  const total = (key: 'tokens_in' | 'tokens_out' | 'cost_usd') => summaries.reduce((sum, s) => sum + (s[key] ?? 0), 0);
  const byRule = countRules(rules);
  for (const iteration of iterations) {
    for (const [rule, n] of Object.entries(iteration.byRule)) byRule[rule] = (byRule[rule] ?? 0) + n;
  }
  const count = <K extends string>(values: readonly K[], keys: readonly K[]) =>
    Object.fromEntries(keys.map((key) => [key, values.filter((v) => v === key).length])) as Record<K, number>;
  const siteData: Public<SiteData> = {
    schema_version: 1,
    state,
    heartbeat: top.heartbeat ? redact({ ts: top.heartbeat.ts, iteration: top.heartbeat.iteration, phase: top.heartbeat.phase }, 'state-heartbeat.json') : null,
    narrative,
    totals: {
      iterations: summaries.length,
      complete: summaries.filter((s) => s.status === 'complete').length,
      in_progress: summaries.filter((s) => s.status === 'in-progress').length,
      withheld: summaries.filter((s) => s.status === 'withheld').length,
      tokens_in: total('tokens_in'), tokens_out: total('tokens_out'), cost_usd: Math.round(total('cost_usd') * 1e4) / 1e4, // recorded costs
      // Both from the iterations' public model names.
      by_model: derivedFromPublic(usageByModel(iterations.flatMap((i) => i.models))),
    },
    cost_by_model: derivedFromPublic(cumulativeCostByModel(iterations.map((i) => ({ number: i.summary.number, models: i.models })))),
    verdict_counts: count(top.verdicts.map((v) => v.verdict), ['pass', 'fail', 'partial', 'error']),
    // Histories: this publish's redacted times and the ones journey.db kept from earlier publishes.
    parity: top.parity
      ? { counts: count(features.map((f) => f.state), ['green', 'red', 'manual', 'n/a']),
        features: features.map((f) => ({ ...f, history: derivedFromPublic(histories.get(f.id) ?? []) })) }
      : null,
    // The monitor's samples are the data folder's: their every string passes the redactor too.
    health: redact(projectHealth(extra.samples ?? [], extra.restarts), '<data>/system-state.jsonl'),
    reviews,
    // The previous site-data.json's changes were public when written.
    changes: describeChanges({ previous: extra.previousIterations ?? null, iterations: summaries, parity: parityChanges, verdictTime: extra.verdictTime ?? (() => null) })
      ?? derivedFromPublic(extra.previousChanges ?? null),
    iterations: summaries,
    subagents,
    withheld_sections: top.withheldSections.map((w) => ({ section: w.section, file: w.file as PublicText, since: w.since as PublicText | null })),
    withheld: withheldItems([...[...top.problems, ...(extra.opsProblems ?? [])].map((p) => publicProblem(p, redactor, extra.known)), ...iterations.flatMap((i) => i.problems),
      ...problems], new Set(summaries.filter((s) => s.status === 'withheld').map((s) => s.number)), extra.takenDown),
    redactions: { total: Object.values(byRule).reduce((a, b) => a + b, 0), by_rule: byRule },
    redactions_by_file: byFile,
  };
  return { siteData, problems, parityChanges, learned };
}
