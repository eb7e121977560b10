// ATIF steps as trace steps: message, reasoning, tool calls (arguments as JSON text), observations with
// their full size and the subagent trajectory they came from, per-step metrics. Texts are clipped.
import path from 'node:path';
import type { Problem } from '../../loop/problem.ts';
import { clipText } from '../clip-text.ts';
import type { TraceMetrics, TraceObservation, TraceStep, TraceToolCall } from '../imported-run.ts';
import { timeOf } from '../read-record.ts';
import type { ReadLimits } from '../source-reader.ts';
import { contentText } from './atif-content.ts';
import { below, complain, type Fields, field, isFields, kindOf, type Position } from './atif-fields.ts';
import { jsonText } from '../json-text.ts';

/** What a step needs besides itself: the trajectory's file (subagent references resolve against it) and the limits. */
export interface StepContext {
  file: string;
  limits: ReadLimits;
}

const SOURCES: readonly string[] = ['system', 'user', 'agent'];

/** Reasoning worth a line. Harbor's Claude Code converter writes a missing one as the text "null" (Python's str(None)). */
const isReasoning = (text: string | undefined): text is string => text !== undefined && text.trim() !== '' && text !== 'null';

const clipped = (text: string, limits: ReadLimits) => clipText(text, limits.clipChars).text;

/** A tool call's arguments as the record gave them: a string stays as written, anything else becomes JSON text. */
function toolCall(value: unknown, at: Position, limits: ReadLimits): TraceToolCall | undefined {
  if (!isFields(value)) {
    complain(at, `is ${kindOf(value)}, not a tool call; it is left out`);
    return undefined;
  }
  const name = value['function_name'];
  if (typeof name !== 'string') {
    complain(below(at, 'function_name'), `${name === undefined || name === null ? 'is absent' : `is ${kindOf(name)}, not a string`}; the tool call is left out`);
    return undefined;
  }
  const id = field(value, 'tool_call_id', 'string', at);
  const args = value['arguments'];
  if (args === undefined) complain(below(at, 'arguments'), 'is absent; the call is shown without arguments', true);
  const text = args === undefined ? '' : typeof args === 'string' ? args : jsonText(args);
  return { ...(id === undefined ? {} : { id }), name, arguments: clipped(text, limits) };
}

/** A relative `trajectory_path` inside the source folder, as the key of the run that file holds. */
function referencedFile(file: string, reference: string): string | undefined {
  if (path.posix.isAbsolute(reference)) return undefined;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(file), reference));
  return joined === '..' || joined.startsWith('../') ? undefined : joined;
}

/**
 * The key of the subagent run an observation came from: an embedded trajectory of the same file by its
 * trajectory_id (v1.7), else the trajectory file it names. ATIF v1.5 writes a list; the contract links one.
 */
function subrunOf(value: unknown, at: Position, file: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const refs = Array.isArray(value) ? value : [value];
  if (refs.length > 1) complain(at, `names ${refs.length - 1} more subagent ${refs.length === 2 ? 'trajectory' : 'trajectories'}; only the first is linked`, true);
  const ref = refs[0];
  if (ref === undefined) return undefined;
  const refAt = Array.isArray(value) ? below(at, 0) : at;
  if (!isFields(ref)) {
    complain(refAt, `is ${kindOf(ref)}, not a subagent reference; it is not linked`);
    return undefined;
  }
  const id = field(ref, 'trajectory_id', 'string', refAt);
  if (id !== undefined) return `${file}#${id}`;
  const reference = field(ref, 'trajectory_path', 'string', refAt);
  return reference === undefined ? undefined : referencedFile(file, reference);
}

function observation(value: unknown, at: Position, context: StepContext): TraceObservation | undefined {
  if (!isFields(value)) {
    complain(at, `is ${kindOf(value)}, not an observation result; it is left out`);
    return undefined;
  }
  const callId = field(value, 'source_call_id', 'string', at);
  const text = contentText(value['content'], below(at, 'content')) ?? '';
  const subrun = subrunOf(value['subagent_trajectory_ref'], below(at, 'subagent_trajectory_ref'), context.file);
  return {
    ...(callId === undefined ? {} : { callId }), content: clipped(text, context.limits), bytes: Buffer.byteLength(text, 'utf8'),
    ...(subrun === undefined ? {} : { subrun }),
  };
}

function observations(step: Fields, at: Position, context: StepContext): TraceObservation[] | undefined {
  const observed = field(step, 'observation', 'object', at);
  const obsAt = below(at, 'observation');
  const results = observed ? field(observed, 'results', 'array', obsAt) : undefined;
  const kept = (results ?? []).map((r, i) => observation(r, below(below(obsAt, 'results'), i), context)).filter((o) => o !== undefined);
  return kept.length > 0 ? kept : undefined;
}

function toolCalls(step: Fields, at: Position, limits: ReadLimits): TraceToolCall[] | undefined {
  const calls = field(step, 'tool_calls', 'array', at);
  const kept = (calls ?? []).map((c, i) => toolCall(c, below(below(at, 'tool_calls'), i), limits)).filter((c) => c !== undefined);
  return kept.length > 0 ? kept : undefined;
}

/** The four metrics a page shows; token ids, logprobs and `extra` are not kept. */
function stepMetrics(step: Fields, at: Position): TraceMetrics | undefined {
  const recorded = field(step, 'metrics', 'object', at);
  if (!recorded) return undefined;
  const metricsAt = below(at, 'metrics');
  const metrics: TraceMetrics = {};
  const promptTokens = field(recorded, 'prompt_tokens', 'count', metricsAt);
  const completionTokens = field(recorded, 'completion_tokens', 'count', metricsAt);
  const cachedTokens = field(recorded, 'cached_tokens', 'count', metricsAt);
  const costUsd = field(recorded, 'cost_usd', 'count', metricsAt);
  if (promptTokens !== undefined) metrics.promptTokens = promptTokens;
  if (completionTokens !== undefined) metrics.completionTokens = completionTokens;
  if (cachedTokens !== undefined) metrics.cachedTokens = cachedTokens;
  if (costUsd !== undefined) metrics.costUsd = costUsd;
  return Object.keys(metrics).length > 0 ? metrics : undefined;
}

/** The step's source, or undefined (with a problem) when it is none of ATIF's three. */
function sourceOf(step: Fields, at: Position): TraceStep['source'] | undefined {
  const source = step['source'];
  if (typeof source === 'string' && SOURCES.includes(source)) return source as TraceStep['source'];
  const why = source === undefined || source === null ? 'is absent' : typeof source === 'string' ? 'is not "system", "user" or "agent"' : `is ${kindOf(source)}, not a string`;
  complain(below(at, 'source'), `${why}; the step is left out`);
  return undefined;
}

function timestampOf(step: Fields, at: Position): string | undefined {
  const written = field(step, 'timestamp', 'string', at);
  if (written === undefined) return undefined;
  const time = timeOf(written);
  if (time === undefined) complain(below(at, 'timestamp'), 'is not an ISO 8601 time; it is read as absent');
  return time;
}

/**
 * One ATIF step as a trace step, or undefined (with a problem) when it is not a step of a known source.
 *
 * @example
 * atifStep({ step_id: 1, source: 'user', message: 'Create hello.txt' }, { file: 't.json', path: 'steps[0]', problems }, context)
 */
function atifStep(value: unknown, at: Position, context: StepContext): TraceStep | undefined {
  if (!isFields(value)) {
    complain(at, `is ${kindOf(value)}, not a step; it is left out`);
    return undefined;
  }
  const source = sourceOf(value, at);
  if (source === undefined) return undefined;
  const timestamp = timestampOf(value, at);
  const model = field(value, 'model_name', 'string', at);
  const message = contentText(value['message'], below(at, 'message'));
  const reasoning = field(value, 'reasoning_content', 'string', at);
  const calls = toolCalls(value, at, context.limits);
  const observed = observations(value, at, context);
  const metrics = stepMetrics(value, at);
  const copied = field(value, 'is_copied_context', 'boolean', at);
  return {
    source, ...(timestamp === undefined ? {} : { timestamp }), ...(model === undefined ? {} : { model }),
    ...(message === undefined || message === '' ? {} : { message: clipped(message, context.limits) }),
    ...(isReasoning(reasoning) ? { reasoning: clipped(reasoning, context.limits) } : {}),
    ...(calls ? { toolCalls: calls } : {}), ...(observed ? { observations: observed } : {}),
    ...(metrics ? { metrics } : {}), ...(copied === true ? { copied } : {}),
  };
}

/**
 * The steps of a list read so far: those kept (at most `limits.maxSteps`), how many the list holds, and
 * their problems, which join the run's only if the run is read (an embedded trajectory may be refused).
 */
export interface StepsSoFar {
  steps: TraceStep[];
  total: number;
  problems: Problem[];
}

/**
 * A list of steps with none read yet.
 *
 * @example
 * const list = noStepsYet(); addAtifStep(list, step, 0, below(at, 'steps'), context);
 */
export const noStepsYet = (): StepsSoFar => ({ steps: [], total: 0, problems: [] });

/**
 * Reads the step at `index` of the list at `at` into `list`: kept while under the limit, else only
 * counted. The streamed reader calls it for each step as it is parsed, so a long list is never whole.
 *
 * @example
 * addAtifStep(list, { step_id: 1, source: 'user', message: 'Fix the bug' }, 0, below(at, 'steps'), context)
 */
export function addAtifStep(list: StepsSoFar, value: unknown, index: number, at: Position, context: StepContext): void {
  list.total = Math.max(list.total, index + 1);
  if (index >= context.limits.maxSteps) return;
  const step = atifStep(value, below({ ...at, problems: list.problems }, index), context);
  if (step) list.steps.push(step);
}

/**
 * The steps of a trajectory in order, at most `limits.maxSteps` of them (one problem counts the rest).
 * `streamed`: the steps already read one at a time, when the document came back with its list empty.
 *
 * @example
 * atifSteps(doc.steps, below(at, 'steps'), { file: 'agent/trajectory.json', limits })
 */
export function atifSteps(value: unknown, at: Position, context: StepContext, streamed?: StepsSoFar): TraceStep[] {
  if (!Array.isArray(value)) {
    complain(at, value === undefined || value === null ? 'is absent; no step is read' : `is ${kindOf(value)}, not a list; no step is read`);
    return [];
  }
  const max = context.limits.maxSteps;
  const total = streamed?.total ?? value.length;
  const rest = total - max;
  if (rest > 0) complain(at, `holds ${total} steps; ${rest} ${rest === 1 ? 'step was' : 'steps were'} not kept (the first ${max} are)`);
  const list = streamed ?? noStepsYet();
  if (!streamed) for (const [i, step] of value.slice(0, max).entries()) addAtifStep(list, step, i, at, context);
  at.problems.push(...list.problems);
  return list.steps;
}
