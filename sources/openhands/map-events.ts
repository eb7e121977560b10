// OpenHands v0 events (an evaluation's `history`, a downloaded trajectory, a session's events/ folder)
// into trace steps: an action is a step, an observation joins the step of the action it answers.

import { clipText } from '../clip-text.ts';
import type { TraceObservation, TraceStep } from '../imported-run.ts';
import { timeOf } from '../read-record.ts';
import type { ReadLimits } from '../source-reader.ts';
import { below, complain, type Fields, field, isFields, kindOf, type Position } from './record-fields.ts';
import { actionMetrics, type UsageIndex } from './step-metrics.ts';
import { jsonText } from '../json-text.ts';

/** What a run's events say, besides their steps. */
export interface EventTrace {
  steps: TraceStep[];
  /** The first user message, whole. */
  task?: string;
  /** The first reasoning, else the first agent message (clipped). */
  plan?: string;
  startedAt?: string;
  endedAt?: string;
  /** From the system prompt event: the agent class and OpenHands version. */
  agentName?: string;
  agentVersion?: string;
  /** The output of the last `git diff` the agent ran, when it printed a patch. */
  lastDiff?: string;
}

export interface TraceBuilder {
  /** Reads one event at its position; a malformed one becomes a problem and is left out. */
  add(event: unknown, at: Position): void;
  /** The trace; `at` is where a problem about the whole event list goes. */
  finish(at: Position): EventTrace;
}

type Source = 'agent' | 'user' | 'environment';

/** A `git diff` (optionally after a `cd … &&`, with `-C dir` or `--no-pager`): its output is a patch. */
const GIT_DIFF = /^\s*(?:cd\s+\S+\s*&&\s*)?git\s+(?:(?:-C\s+\S+|--no-pager)\s+)*diff\b/;

/**
 * A builder that turns events, in order, into steps. `usages` holds the run's `token_usages` by
 * response id (an evaluation record keeps them beside its history).
 *
 * @example
 * const trace = startTrace(limits);
 * events.forEach((event, i) => trace.add(event, below(at, i)));
 * const { steps } = trace.finish(at);
 */
export function startTrace(limits: ReadLimits, usages: UsageIndex = new Map()): TraceBuilder {
  const state: EventTrace = { steps: [] };
  const byId = new Map<number, TraceStep>();
  const byCallId = new Map<string, TraceStep>();
  const counted = new Set<string>();
  let dropped = 0;
  let firstReasoning: string | undefined;
  let firstMessage: string | undefined;

  const keep = (step: TraceStep): TraceStep | undefined => {
    if (state.steps.length >= limits.maxSteps) {
      dropped += 1;
      return undefined;
    }
    state.steps.push(step);
    return step;
  };
  const clip = (text: string) => clipText(text, limits.clipChars).text;

  function addAction(event: Fields, action: string, at: Position, timestamp: string | undefined): void {
    const source = sourceOf(event, at);
    const args = field(event, 'args', 'object', at) ?? {};
    const argsAt = below(at, 'args');
    const text = (name: string) => nonEmpty(field(args, name, 'string', argsAt));
    const meta = field(event, 'tool_call_metadata', 'object', at);
    const metaAt = below(at, 'tool_call_metadata');
    const response = meta ? field(meta, 'model_response', 'object', metaAt) : undefined;
    const model = response ? nonEmpty(field(response, 'model', 'string', below(metaAt, 'model_response'))) : undefined;
    const callId = meta ? nonEmpty(field(meta, 'tool_call_id', 'string', metaAt)) : undefined;
    const message = nonEmpty(field(event, 'message', 'string', at));
    const step: TraceStep = { source: 'environment', ...(timestamp ? { timestamp } : {}) };

    if (action === 'system') {
      step.source = 'system';
      setText(step, 'message', text('content') ?? message, clip);
      state.agentName ??= text('agent_class');
      state.agentVersion ??= text('openhands_version');
    } else if (action === 'message' && source !== 'environment') {
      step.source = source === 'user' ? 'user' : 'agent';
      const content = text('content') ?? message;
      setText(step, 'message', content, clip);
      setText(step, 'reasoning', text('thought'), clip);
      if (source === 'user') state.task ??= content;
      else firstMessage ??= step.message;
      firstReasoning ??= step.reasoning;
    } else if (source === 'agent') {
      step.source = 'agent';
      const thought = text('thought');
      if (action === 'finish') {
        const said = text('final_thought') ?? thought ?? message;
        setText(step, 'message', said, clip);
        if (thought !== said) setText(step, 'reasoning', thought, clip);
      } else {
        setText(step, 'reasoning', thought, clip);
        const { thought: _, ...rest } = args;
        const name = (meta ? nonEmpty(field(meta, 'function_name', 'string', metaAt)) : undefined) ?? action;
        step.toolCalls = [{ ...(callId ? { id: callId } : {}), name, arguments: clip(jsonText(rest)) }];
      }
      firstReasoning ??= step.reasoning;
      firstMessage ??= step.message;
      if (model) step.model = model;
      const metrics = actionMetrics(response, field(event, 'llm_metrics', 'object', at), usages, counted);
      if (metrics) step.metrics = metrics;
    } else {
      setText(step, 'message', message, clip); // the runtime's own doings: a state change, a context recall
    }
    const kept = keep(step);
    const id = field(event, 'id', 'number', at);
    if (kept && id !== undefined) byId.set(id, kept);
    if (kept && callId) byCallId.set(callId, kept);
  }

  function addObservation(event: Fields, observation: string, at: Position, timestamp: string | undefined): void {
    // "No observation": the runtime's placeholder for an action nothing answers.
    if (observation === 'null' && (field(event, 'content', 'string', at) ?? '') === '') return;
    const content = observationText(event, observation, at);
    const meta = field(event, 'tool_call_metadata', 'object', at);
    const callId = meta ? nonEmpty(field(meta, 'tool_call_id', 'string', below(at, 'tool_call_metadata'))) : undefined;
    const cause = field(event, 'cause', 'number', at);
    const target = (cause === undefined ? undefined : byId.get(cause)) ?? (callId ? byCallId.get(callId) : undefined);
    if (observation === 'run' && GIT_DIFF.test(commandOf(event, at) ?? '') && content.trimStart().startsWith('diff --git')) state.lastDiff = content;
    const clipped = clipText(content, limits.clipChars);
    const seen: TraceObservation = { ...(callId ? { callId } : {}), content: clipped.text, bytes: clipped.bytes };
    if (target) (target.observations ??= []).push(seen);
    else if (cause === undefined || dropped === 0) keep({ source: 'environment', ...(timestamp ? { timestamp } : {}), observations: [seen] });
  }

  return {
    add(event, at) {
      if (!isFields(event)) return complain(at, `is ${kindOf(event)}, not an event object; the event is left out`);
      const timestamp = timeOf(field(event, 'timestamp', 'string', at));
      if (timestamp) {
        state.startedAt ??= timestamp;
        state.endedAt = timestamp;
      }
      const action = field(event, 'action', 'string', at);
      const observation = action === undefined ? field(event, 'observation', 'string', at) : undefined;
      if (action !== undefined) addAction(event, action, at, timestamp);
      else if (observation !== undefined) addObservation(event, observation, at, timestamp);
      else complain(at, 'names neither an action nor an observation; the event is left out');
    },
    finish(at) {
      if (dropped > 0) complain(at, `holds ${dropped} steps past the ${limits.maxSteps}-step limit; they are not kept`);
      const plan = firstReasoning ?? firstMessage;
      return plan === undefined ? state : { ...state, plan };
    },
  };
}

function sourceOf(event: Fields, at: Position): Source {
  if (event.source === undefined || event.source === null) {
    complain(below(at, 'source'), "is missing; the event is read as the environment's");
    return 'environment';
  }
  const source = field(event, 'source', 'string', at);
  if (source === 'agent' || source === 'user' || source === 'environment') return source;
  if (source !== undefined) complain(below(at, 'source'), "is none of agent, user, environment; the event is read as the environment's");
  return 'environment';
}

/**
 * What an observation showed: a command's output between the prefix and suffix OpenHands put around it
 * for the model (the suffix states the exit code), else its message; `agent_state_changed` says the state.
 */
function observationText(event: Fields, observation: string, at: Position): string {
  const content = field(event, 'content', 'string', at) ?? '';
  const extras = field(event, 'extras', 'object', at) ?? {};
  const extrasAt = below(at, 'extras');
  if (observation === 'agent_state_changed') {
    const state = field(extras, 'agent_state', 'string', extrasAt);
    return content || (state ? `agent state: ${state}` : '');
  }
  const metadata = isFields(extras.metadata) ? extras.metadata : {};
  const prefix = typeof metadata.prefix === 'string' ? metadata.prefix : '';
  const suffix = typeof metadata.suffix === 'string' ? metadata.suffix : '';
  const shown = `${prefix}${content}${suffix}`;
  return shown !== '' ? shown : (field(event, 'message', 'string', at) ?? '');
}

function commandOf(event: Fields, at: Position): string | undefined {
  const extras = isFields(event.extras) ? event.extras : undefined;
  return extras ? field(extras, 'command', 'string', below(at, 'extras')) : undefined;
}

function setText(step: TraceStep, name: 'message' | 'reasoning', text: string | undefined, clip: (text: string) => string): void {
  if (text !== undefined && text !== '') step[name] = clip(text);
}

const nonEmpty = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : text);
