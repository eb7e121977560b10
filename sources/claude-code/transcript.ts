// The state of one Claude Code transcript while its records stream in (a session, a subagent, or a
// subagent kept inside the session's own file), and the run it becomes once they are all read.
import type { Problem } from '../../loop/problem.ts';
import { clipText } from '../clip-text.ts';
import type { ImportedRun, TraceStep } from '../imported-run.ts';
import { FIX_RECORD, fromFirstLine } from '../read-record.ts';
import type { ReadLimits } from '../source-reader.ts';
import { type MessageUse, runPhases, stepMetrics } from './message-use.ts';

export interface Transcript {
  key: string;
  /** The file its records come from, relative to the source folder (problems name it). */
  file: string;
  limits: ReadLimits;
  /** The session the file is named after: a record of another session was copied in from it. */
  sessionId?: string;
  /** A session's own file: its sidechain and subagent-progress records belong to subruns. */
  nests: boolean;
  /** Records read (lines that were JSON): a file with none is named in a problem. */
  records: number;
  steps: TraceStep[];
  /** Steps past `limits.maxSteps`, counted and not kept. */
  dropped: number;
  problems: Problem[];
  /** Each API message by its id: Claude Code splits one message into several records. */
  messages: Map<string, MessageUse>;
  /** The kept step holding each tool call, by the call's id: its result lands there. */
  calls: Map<string, TraceStep>;
  /** The prompt of each subagent call (Task, Agent), to link a sidechain kept in the session's file. */
  agentPrompts: Map<string, string>;
  /** Subagent id to the call that started it, from the call's result (`toolUseResult.agentId`) or its progress records. */
  agentCalls: Map<string, string>;
  patches: string[];
  task?: string;
  /** The task as written, unclipped, while it is needed to link a sidechain to its call. */
  prompt?: string;
  version?: string;
  startedAt?: string;
  endedAt?: string;
  /** Subagents kept in this file (progress records, inline sidechains), by id. */
  nested: Map<string, Transcript>;
  /** The uuid of each inline sidechain record, to the nested transcript it belongs to. */
  sidechainOf: Map<string, string>;
  /** Subagents whose own transcript file exists: their progress records are not read twice. */
  filedAgents: ReadonlySet<string>;
}

/**
 * An empty transcript for `file`.
 *
 * @example
 * const t = newTranscript('proj/4d56.jsonl', 'proj/4d56.jsonl', DEFAULT_READ_LIMITS, { nests: true })
 */
export function newTranscript(key: string, file: string, limits: ReadLimits, options: { nests: boolean; sessionId?: string; filedAgents?: ReadonlySet<string> }): Transcript {
  return {
    key, file, limits, nests: options.nests, ...(options.sessionId ? { sessionId: options.sessionId } : {}),
    records: 0, steps: [], dropped: 0, problems: [], messages: new Map(), calls: new Map(), agentPrompts: new Map(), agentCalls: new Map(),
    patches: [], nested: new Map(), sidechainOf: new Map(), filedAgents: options.filedAgents ?? new Set(),
  };
}

/** Records a problem at a line: the field's name and what was done, never the value. */
export function problemAt(t: Transcript, line: number, field: string | undefined, message: string): void {
  t.problems.push({ code: 'JOURNEY_SOURCE_INVALID', file: t.file, line, ...(field ? { field } : {}), message: `line ${line}: ${field ? `"${field}" ` : ''}${message}`, fix: FIX_RECORD });
}

/** Keeps a step while under the step limit; false (and counted) past it. */
export function keepStep(t: Transcript, step: TraceStep): boolean {
  if (t.steps.length >= t.limits.maxSteps) {
    t.dropped += 1;
    return false;
  }
  t.steps.push(step);
  return true;
}

/** A text clipped to the limit. */
export const clip = (t: Transcript, text: string) => clipText(text, t.limits.clipChars).text;

/** Widens the run's time span by one record's time. */
export function seeTime(t: Transcript, time: string | undefined): void {
  if (time === undefined) return;
  if (t.startedAt === undefined || time < t.startedAt) t.startedAt = time;
  if (t.endedAt === undefined || time > t.endedAt) t.endedAt = time;
}

function planOf(steps: TraceStep[]): string | undefined {
  const agent = steps.filter((step) => step.source === 'agent');
  return agent.find((step) => step.reasoning)?.reasoning ?? agent.find((step) => step.message)?.message;
}

/**
 * The run the transcript became: its steps with their metrics, one phase per model, the applied edits
 * as the diff, and its nested subagents as subruns (their links to the calls that started them are the reader's).
 *
 * @example
 * const run = finishTranscript(t)
 */
export function finishTranscript(t: Transcript): ImportedRun {
  for (const use of t.messages.values()) {
    const metrics = use.step && stepMetrics(use);
    if (use.step && metrics) use.step.metrics = metrics;
  }
  if (t.dropped > 0) {
    t.problems.push({ code: 'JOURNEY_SOURCE_INVALID', file: t.file, message: `has ${t.steps.length + t.dropped} steps; the ${t.dropped} after the first ${t.limits.maxSteps} are not kept`, fix: 'Raise the step limit of the import to keep more of a long session.' });
  }
  const models = [...t.messages.values()].map((use) => use.model).filter((model) => model !== undefined);
  const subruns = [...t.nested.values()].map(finishTranscript);
  return {
    key: t.key, format: 'claude-code', files: [t.file],
    ...(t.task !== undefined ? { title: fromFirstLine(t.task), task: t.task } : {}),
    ...(t.startedAt ? { startedAt: t.startedAt } : {}), ...(t.endedAt ? { endedAt: t.endedAt } : {}),
    agent: { name: 'Claude Code', ...(t.version ? { version: t.version } : {}), ...(models[0] ? { model: models[0] } : {}) },
    ...optional('plan', planOf(t.steps)), ...optional('diff', t.patches.length > 0 ? t.patches.join('') : undefined),
    phases: runPhases(t.messages.values()), steps: t.steps, ...(subruns.length > 0 ? { subruns } : {}), problems: t.problems,
  };
}

const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));
