// One Inspect sample (one epoch of one dataset sample) as one imported run: its task, steps, verdict, usage and times.
import type { Problem } from '../../loop/problem.ts';
import { clipText } from '../clip-text.ts';
import type { ImportedRun, RunPhase, TraceStep } from '../imported-run.ts';
import { countOf, fromFirstLine, stringOf, timeOf } from '../read-record.ts';
import type { ReadLimits } from '../source-reader.ts';
import { contentOf } from './inspect-content.ts';
import { attachmentsOf, invalid, isRecord, resolveText, type SampleContext } from './inspect-context.ts';
import { stepsOf } from './inspect-steps.ts';
import { verdictOf } from './inspect-verdict.ts';

/** What the log says of the whole eval that holds for each of its samples. */
export interface EvalInfo {
  /** `eval.model`, e.g. `openai/gpt-4o-mini`. */
  model?: string;
  /** `eval.solver`, else the plan's solvers in order. */
  agent?: string;
}

/** Where a sample lies: the file, its field path (`samples[2]`), and the file's problems for what has no run. */
export interface SamplePlace {
  file: string;
  field: string;
  limits: ReadLimits;
  fileProblems: Problem[];
}

/** The task: the input text, or the first user message of an input given as messages. */
function taskOf(context: SampleContext, input: unknown): string | undefined {
  if (typeof input === 'string') return clipText(resolveText(context, input), context.limits.clipChars).text;
  if (!Array.isArray(input)) {
    if (input !== undefined && input !== null) invalid(context, `${context.field}.input`, 'is neither text nor a list of messages; the run has no task');
    return undefined;
  }
  const index = input.findIndex((message) => isRecord(message) && message['role'] === 'user');
  if (index < 0) return undefined;
  const text = contentOf(context, (input[index] as Record<string, unknown>)['content'], `${context.field}.input[${index}].content`).text;
  return text === '' ? undefined : text;
}

/** One phase per model the sample used (its `model_usage`): tokens, and cost only where recorded. */
function phasesOf(context: SampleContext, usage: unknown): RunPhase[] {
  if (usage === undefined || usage === null) return [];
  if (!isRecord(usage)) {
    invalid(context, `${context.field}.model_usage`, 'is not an object; the run has no phases');
    return [];
  }
  const phases: RunPhase[] = [];
  for (const [model, use] of Object.entries(usage)) {
    if (!isRecord(use)) {
      // The key is a model name from the log: the problem names the field only.
      invalid(context, `${context.field}.model_usage`, 'holds an entry that is not an object; it is left out');
      continue;
    }
    const tokensIn = countOf(use['input_tokens']);
    const tokensOut = countOf(use['output_tokens']);
    const costUsd = countOf(use['total_cost']);
    phases.push({
      name: model, model,
      ...(tokensIn === undefined ? {} : { tokensIn }),
      ...(tokensOut === undefined ? {} : { tokensOut }),
      ...(costUsd === undefined ? {} : { costUsd }),
    });
  }
  return phases;
}

/** The earliest and latest times the sample's events record (each event's start, a model or tool call's completion). */
function eventSpan(events: unknown): { startedAt?: string; endedAt?: string } {
  if (!Array.isArray(events)) return {};
  let startedAt: string | undefined;
  let endedAt: string | undefined;
  for (const event of events) {
    if (!isRecord(event)) continue;
    for (const time of [timeOf(event['timestamp']), timeOf(event['completed'])]) {
      if (time === undefined) continue;
      if (startedAt === undefined || time < startedAt) startedAt = time;
      if (endedAt === undefined || time > endedAt) endedAt = time;
    }
  }
  return { ...(startedAt ? { startedAt } : {}), ...(endedAt ? { endedAt } : {}) };
}

/** The sample's own `started_at`/`completed_at` (newer logs), else the span of its events; never the eval's. */
function timesOf(sample: Record<string, unknown>): { startedAt?: string; endedAt?: string } {
  const startedAt = timeOf(sample['started_at']);
  const endedAt = timeOf(sample['completed_at']);
  if (startedAt !== undefined || endedAt !== undefined) return { ...(startedAt ? { startedAt } : {}), ...(endedAt ? { endedAt } : {}) };
  return eventSpan(sample['events']);
}

function planOf(steps: TraceStep[]): string | undefined {
  return steps.find((step) => step.reasoning !== undefined)?.reasoning ?? steps.find((step) => step.source === 'agent' && step.message !== undefined)?.message;
}

/** `<file>#<id>`, plus `:<epoch>` past the first: ids and epochs are the log's own, so the key is stable. */
function keyOf(place: SamplePlace, sample: Record<string, unknown>): string | undefined {
  const id = sample['id'];
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
    invalid({ file: place.file, problems: place.fileProblems }, `${place.field}.id`, 'is missing or neither text nor a number; the sample is not read');
    return undefined;
  }
  const epoch = sample['epoch'];
  if (epoch !== undefined && !(Number.isInteger(epoch) && (epoch as number) >= 1)) {
    invalid({ file: place.file, problems: place.fileProblems }, `${place.field}.epoch`, 'is not a positive whole number; the sample is not read');
    return undefined;
  }
  return `${place.file}#${id}${typeof epoch === 'number' && epoch > 1 ? `:${epoch}` : ''}`;
}

/**
 * A run's agent from the eval's solver and model (a sample records neither); undefined when the eval names neither.
 *
 * @example
 * agentOf({ model: 'openai/gpt-4o-mini', agent: 'generate' }) // { name: 'generate', model: 'openai/gpt-4o-mini' }
 */
export function agentOf(info: EvalInfo): ImportedRun['agent'] {
  const agent = { ...(info.agent === undefined ? {} : { name: info.agent }), ...(info.model === undefined ? {} : { model: info.model }) };
  return Object.keys(agent).length > 0 ? agent : undefined;
}

/**
 * One sample of an Inspect log as a run, or undefined (with a problem in `place.fileProblems`) when it
 * is not an object or has no usable id: a key must come from the log, never from the read order.
 *
 * @example
 * runOfSample({ file: 'logs/x.json', field: 'samples[0]', limits, fileProblems }, sample, { model: 'openai/gpt-4o-mini' })?.key // 'logs/x.json#1'
 */
export function runOfSample(place: SamplePlace, sample: unknown, info: EvalInfo): ImportedRun | undefined {
  if (!isRecord(sample)) {
    invalid({ file: place.file, problems: place.fileProblems }, place.field, 'is not an object; the sample is not read');
    return undefined;
  }
  const key = keyOf(place, sample);
  if (key === undefined) return undefined;
  const context: SampleContext = { file: place.file, field: place.field, limits: place.limits, problems: [], attachments: attachmentsOf(sample['attachments']) };
  const task = taskOf(context, sample['input']);
  const title = fromFirstLine(task);
  const steps = stepsOf(context, sample['messages'], sample['events']);
  const verdict = verdictOf(context, sample['scores'], sample['error']);
  const plan = planOf(steps);
  const phases = phasesOf(context, sample['model_usage']);
  const agent = agentOf(info);
  return {
    key, format: 'inspect', files: [place.file],
    ...(title === undefined ? {} : { title }),
    ...(task === undefined ? {} : { task }),
    ...timesOf(sample),
    ...(agent ? { agent } : {}),
    ...(plan === undefined ? {} : { plan }),
    ...(verdict === undefined ? {} : { verdict }),
    phases, steps, problems: context.problems,
  };
}

/**
 * The eval-wide facts of a log's `eval` and `plan` (the JSON log's top level, a `.eval`'s header.json).
 *
 * @example
 * evalInfoOf({ model: 'openai/gpt-4o-mini' }, { steps: [{ solver: 'system_message' }, { solver: 'generate' }] })
 * // { model: 'openai/gpt-4o-mini', agent: 'system_message, generate' }
 */
export function evalInfoOf(spec: unknown, plan: unknown): EvalInfo {
  const model = isRecord(spec) ? stringOf(spec['model']) : undefined;
  const solver = isRecord(spec) ? stringOf(spec['solver']) : undefined;
  const steps = isRecord(plan) && Array.isArray(plan['steps']) ? plan['steps'] : [];
  const solvers = steps.flatMap((step) => (isRecord(step) && typeof step['solver'] === 'string' ? [step['solver']] : []));
  const agent = solver ?? (solvers.length > 0 ? solvers.join(', ') : undefined);
  return { ...(model === undefined ? {} : { model }), ...(agent === undefined ? {} : { agent }) };
}
