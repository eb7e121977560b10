// One line of an OpenHands evaluation output.jsonl (an EvalOutput: instance, instruction, history,
// metrics, test_result) into a run; the verdict only where the line carries an evaluation report.
import type { ImportedRun, RunPhase, RunVerdict } from '../imported-run.ts';
import { countOf, fromFirstLine, stringOf } from '../read-record.ts';
import type { ReadLimits } from '../source-reader.ts';
import { type EventTrace, startTrace } from './map-events.ts';
import { below, complain, type Fields, field, isFields, kindOf, type Position } from './record-fields.ts';
import { indexUsages, type UsageIndex } from './step-metrics.ts';

/**
 * The run of one evaluation record, keyed `<file>#<instance_id>`; undefined (with a problem at `at`)
 * when the line is no object or names no instance, since a run needs the record's own id for its key.
 *
 * @example
 * const run = instanceRun(value, { file: 'output.jsonl', line: 3, path: '', problems }, DEFAULT_READ_LIMITS)
 */
export function instanceRun(value: unknown, at: Position, limits: ReadLimits): ImportedRun | undefined {
  if (!isFields(value)) {
    complain(at, `is ${kindOf(value)}, not an evaluation record; the line is left out`);
    return undefined;
  }
  const id = instanceIdOf(value, at);
  if (id === undefined) return undefined;
  const metrics = field(value, 'metrics', 'object', at);
  const usages: UsageIndex = new Map();
  indexUsages(usages, metrics?.token_usages);
  const trace = traceOf(value, at, limits, usages);
  const metadata = field(value, 'metadata', 'object', at);
  const llm = metadata ? field(metadata, 'llm_config', 'object', below(at, 'metadata')) : undefined;
  const model = llm ? nonEmpty(field(llm, 'model', 'string', below(at, 'metadata.llm_config'))) : undefined;
  const agentName = (metadata ? nonEmpty(field(metadata, 'agent_class', 'string', below(at, 'metadata'))) : undefined) ?? trace.agentName;
  const agent = compact({ name: agentName, version: trace.agentVersion, model });
  const task = nonEmpty(field(value, 'instruction', 'string', at)) ?? trace.task;
  const instance = field(value, 'instance', 'object', at);
  const statement = instance ? nonEmpty(field(instance, 'problem_statement', 'string', below(at, 'instance'))) : undefined;
  const testResult = field(value, 'test_result', 'object', at);
  const diff = testResult ? nonEmpty(field(testResult, 'git_patch', 'string', below(at, 'test_result'))) : undefined;
  const verdict = verdictOf(value, testResult, at);
  // A benchmark's instruction opens with its template (`<uploaded_files>`): the issue's own first line names the run.
  const title = fromFirstLine(statement) ?? fromFirstLine(task);
  return {
    key: `${at.file}#${id}`, format: 'openhands', files: [at.file],
    ...(title ? { title } : {}), ...(task ? { task } : {}),
    ...(trace.startedAt ? { startedAt: trace.startedAt } : {}), ...(trace.endedAt ? { endedAt: trace.endedAt } : {}),
    ...(Object.keys(agent).length > 0 ? { agent } : {}), ...(trace.plan ? { plan: trace.plan } : {}),
    ...(diff ? { diff } : {}), ...(verdict ? { verdict } : {}),
    phases: phasesOf(metrics, model, trace, below(at, 'metrics')), steps: trace.steps, problems: at.problems,
  };
}

function instanceIdOf(value: Fields, at: Position): string | undefined {
  const id = value.instance_id;
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isInteger(id)) return String(id);
  const what = id === undefined || id === null || id === '' ? 'is missing' : `is ${kindOf(id)}, not a string`;
  complain(below(at, 'instance_id'), `${what}; without its id the line is left out`);
  return undefined;
}

/** The history's events in order; an old record's `[action, observation]` pairs are read one by one. */
function traceOf(value: Fields, at: Position, limits: ReadLimits, usages: UsageIndex): EventTrace {
  const builder = startTrace(limits, usages);
  const historyAt = below(at, 'history');
  const history = field(value, 'history', 'array', at) ?? [];
  for (const [i, event] of history.entries()) {
    if (!Array.isArray(event)) builder.add(event, below(historyAt, i));
    else for (const [j, half] of event.entries()) builder.add(half, below(below(historyAt, i), j));
  }
  return builder.finish(historyAt);
}

/**
 * The verdict of an evaluation report (`test_result.report`, or `report` as update_output_with_eval
 * writes it): resolved is pass, unresolved fail, an evaluation that failed error. Without a report, a
 * run the record says ended in error is an error; anything else has no verdict.
 */
function verdictOf(value: Fields, testResult: Fields | undefined, at: Position): RunVerdict | undefined {
  const reportAt = testResult && isFields(testResult.report) ? below(below(at, 'test_result'), 'report') : below(at, 'report');
  const report = testResult && isFields(testResult.report) ? testResult.report : field(value, 'report', 'object', at);
  const judge = 'OpenHands evaluation report';
  if (report) {
    if (field(report, 'error_eval', 'boolean', reportAt) === true) return { verdict: 'error', judge, summary: 'the evaluation failed (error_eval)' };
    const resolved = field(report, 'resolved', 'boolean', reportAt);
    if (resolved !== undefined) return { verdict: resolved ? 'pass' : 'fail', judge };
  }
  const error = nonEmpty(field(value, 'error', 'string', at));
  const summary = fromFirstLine(error);
  return error ? { verdict: 'error', judge: 'OpenHands run error', ...(summary ? { summary } : {}) } : undefined;
}

/**
 * One phase per model of `metrics.token_usages` (the configured model when it records none), with its
 * tokens; a cost only where the record priced a call (an empty `costs` list with a zero total is an
 * unpriced model, not a free one).
 */
function phasesOf(metrics: Fields | undefined, model: string | undefined, trace: EventTrace, at: Position): RunPhase[] {
  const usages = metrics ? (field(metrics, 'token_usages', 'array', at) ?? []).filter(isFields) : [];
  const costs = metrics ? (field(metrics, 'costs', 'array', at) ?? []).filter(isFields) : [];
  const models = [...new Set(usages.map((u) => nonEmpty(stringOf(u.model))).filter((m) => m !== undefined))];
  if (models.length === 0 && model !== undefined) models.push(model);
  const total = metrics ? field(metrics, 'accumulated_token_usage', 'object', at) : undefined;
  const single = models.length === 1;
  return models.map((name) => {
    const own = usages.filter((u) => u.model === name);
    const sum = (entries: Fields[], key: string) => (entries.length > 0 ? entries.reduce((n, e) => n + (countOf(e[key]) ?? 0), 0) : undefined);
    const tokensIn = sum(own, 'prompt_tokens') ?? (single && total ? countOf(total.prompt_tokens) : undefined);
    const tokensOut = sum(own, 'completion_tokens') ?? (single && total ? countOf(total.completion_tokens) : undefined);
    const costUsd = sum(costs.filter((c) => c.model === name), 'cost');
    const times = single ? { startedAt: trace.startedAt, endedAt: trace.endedAt } : {};
    return { name, ...compact({ model: name, ...times, tokensIn, tokensOut, costUsd }) };
  });
}

function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const nonEmpty = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : text);
