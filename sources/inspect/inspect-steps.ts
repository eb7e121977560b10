// An Inspect sample's messages as steps: system and user prompts, the model's turns with their tool calls,
// and each tool message as an observation of the turn whose call it answers.
import { clipText } from '../clip-text.ts';
import type { TraceMetrics, TraceObservation, TraceStep, TraceToolCall } from '../imported-run.ts';
import { countOf, stringOf, timeOf } from '../read-record.ts';
import { contentOf } from './inspect-content.ts';
import { invalid, isRecord, resolveText, type SampleContext } from './inspect-context.ts';
import { jsonText } from '../json-text.ts';

/** What the model event that produced a message recorded about that call. */
interface ModelCall {
  timestamp?: string;
  metrics?: TraceMetrics;
}

/** Tokens and cost of one model call (Inspect's ModelUsage); undefined when it records none. */
function metricsOf(usage: unknown): TraceMetrics | undefined {
  if (!isRecord(usage)) return undefined;
  const metrics: TraceMetrics = {};
  const promptTokens = countOf(usage['input_tokens']);
  const completionTokens = countOf(usage['output_tokens']);
  const cachedTokens = countOf(usage['input_tokens_cache_read']);
  const costUsd = countOf(usage['total_cost']);
  if (promptTokens !== undefined) metrics.promptTokens = promptTokens;
  if (completionTokens !== undefined) metrics.completionTokens = completionTokens;
  if (cachedTokens !== undefined) metrics.cachedTokens = cachedTokens;
  if (costUsd !== undefined) metrics.costUsd = costUsd;
  return Object.keys(metrics).length > 0 ? metrics : undefined;
}

/**
 * What the trace reads of one event: its kind and times, and of a model call the ids of the messages it
 * produced and its usage. A model event also holds the whole conversation it was sent, so a long sample's
 * events grow with the square of its length: the streamed reader keeps only this of each.
 *
 * @example
 * eventFacts({ event: 'model', timestamp: '2025-05-12T20:28:30Z', input: [...], output: { choices: [{ message: { id: 'm1', content: '…' } }], usage } })
 * // { event: 'model', timestamp: '2025-05-12T20:28:30Z', output: { choices: [{ message: { id: 'm1' } }], usage } }
 */
export function eventFacts(event: unknown): unknown {
  if (!isRecord(event)) return null;
  const output = isRecord(event['output']) ? event['output'] : undefined;
  const choices = Array.isArray(output?.['choices'])
    ? (output['choices'] as unknown[]).map((choice) => (isRecord(choice) && isRecord(choice['message']) ? { message: { id: choice['message']['id'] } } : null))
    : undefined;
  return {
    event: event['event'], timestamp: event['timestamp'], completed: event['completed'],
    ...(output ? { output: { choices, usage: output['usage'] } } : {}),
  };
}

/** The model events of the sample by the id of the message each produced: a turn's time and tokens live there. */
function modelCallsOf(context: SampleContext, events: unknown): Map<string, ModelCall> {
  const calls = new Map<string, ModelCall>();
  if (events === undefined || events === null) return calls;
  if (!Array.isArray(events)) {
    invalid(context, `${context.field}.events`, 'is not a list; steps have no times or tokens');
    return calls;
  }
  for (const event of events) {
    if (!isRecord(event) || event['event'] !== 'model' || !isRecord(event['output'])) continue;
    const choices = event['output']['choices'];
    if (!Array.isArray(choices)) continue;
    const timestamp = timeOf(event['timestamp']);
    const metrics = metricsOf(event['output']['usage']);
    for (const choice of choices) {
      const id = isRecord(choice) && isRecord(choice['message']) ? stringOf(choice['message']['id']) : undefined;
      if (id !== undefined) calls.set(id, { ...(timestamp ? { timestamp } : {}), ...(metrics ? { metrics } : {}) });
    }
  }
  return calls;
}

/** One entry of an assistant message's `tool_calls`: function name and arguments as JSON text. */
function toolCallOf(context: SampleContext, call: unknown, at: string): TraceToolCall | undefined {
  if (!isRecord(call)) {
    invalid(context, at, 'is not an object; the call is left out');
    return undefined;
  }
  const name = stringOf(call['function']);
  if (name === undefined) {
    invalid(context, `${at}.function`, 'is missing or not a string; the call is left out');
    return undefined;
  }
  const args = call['arguments'];
  if (args === undefined) invalid(context, `${at}.arguments`, 'is missing; the call is kept without arguments');
  const text = args === undefined ? '' : typeof args === 'string' ? resolveText(context, args) : jsonText(args);
  const id = stringOf(call['id']);
  return { ...(id === undefined ? {} : { id }), name, arguments: clipText(text, context.limits.clipChars).text };
}

function toolCallsOf(context: SampleContext, calls: unknown, at: string): TraceToolCall[] {
  if (calls === undefined || calls === null) return [];
  if (!Array.isArray(calls)) {
    invalid(context, at, 'is not a list; the tool calls are left out');
    return [];
  }
  return calls.flatMap((call, index) => toolCallOf(context, call, `${at}[${index}]`) ?? []);
}

function agentStep(context: SampleContext, message: Record<string, unknown>, at: string, calls: Map<string, ModelCall>): TraceStep {
  const content = contentOf(context, message['content'], `${at}.content`);
  const id = stringOf(message['id']);
  const call = id === undefined ? undefined : calls.get(id);
  const model = stringOf(message['model']);
  const toolCalls = [...content.toolCalls, ...toolCallsOf(context, message['tool_calls'], `${at}.tool_calls`)];
  return {
    source: 'agent',
    ...(call?.timestamp ? { timestamp: call.timestamp } : {}),
    ...(model === undefined ? {} : { model }),
    ...(content.text === '' ? {} : { message: content.text }),
    ...(content.reasoning === '' ? {} : { reasoning: content.reasoning }),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(content.observations.length > 0 ? { observations: content.observations } : {}),
    ...(call?.metrics ? { metrics: call.metrics } : {}),
  };
}

/** A tool message as an observation: a tool error (Inspect's ToolCallError) first, on a line of its own, then the output. */
function observationOf(context: SampleContext, message: Record<string, unknown>, at: string): TraceObservation {
  const content = contentOf(context, message['content'], `${at}.content`);
  const callId = stringOf(message['tool_call_id']);
  const error = message['error'];
  let errorLine: string | undefined;
  if (isRecord(error)) {
    const type = stringOf(error['type']);
    errorLine = `error${type === undefined ? '' : ` (${type})`}: ${stringOf(error['message']) ?? ''}`;
  } else if (error !== undefined && error !== null) {
    invalid(context, `${at}.error`, 'is not an object; the error is left out');
  }
  const whole = errorLine === undefined ? content.text : content.text === '' ? errorLine : `${errorLine}\n${content.text}`;
  const bytes = errorLine === undefined ? content.textBytes : Buffer.byteLength(errorLine, 'utf8') + (content.textBytes > 0 ? 1 + content.textBytes : 0);
  return { ...(callId === undefined ? {} : { callId }), content: clipText(whole, context.limits.clipChars).text, bytes };
}

/** Steps built so far, and the agent step of each tool call id (the latest, should a log reuse an id). */
interface Built {
  steps: TraceStep[];
  byCallId: Map<string, TraceStep>;
}

function addMessage(context: SampleContext, built: Built, message: unknown, at: string, calls: Map<string, ModelCall>): void {
  if (!isRecord(message)) {
    invalid(context, at, 'is not an object; the message is left out');
    return;
  }
  const role = message['role'];
  if (role === 'system' || role === 'user') {
    const text = contentOf(context, message['content'], `${at}.content`).text;
    built.steps.push({ source: role, ...(text === '' ? {} : { message: text }) });
  } else if (role === 'assistant') {
    const step = agentStep(context, message, at, calls);
    built.steps.push(step);
    for (const call of step.toolCalls ?? []) if (call.id !== undefined) built.byCallId.set(call.id, step);
  } else if (role === 'tool') {
    // A tool message answers the turn whose call it names; one that names none stands as its own step.
    const observation = observationOf(context, message, at);
    const step = observation.callId === undefined ? undefined : built.byCallId.get(observation.callId);
    if (step) (step.observations ??= []).push(observation);
    else built.steps.push({ source: 'tool', observations: [observation] });
  } else {
    invalid(context, `${at}.role`, 'is not system, user, assistant or tool; the message is left out');
  }
}

/**
 * The steps of one sample from its `messages`, with each model turn's time and tokens taken from the
 * model event that produced it. At most `limits.maxSteps` are kept; a problem counts the rest.
 *
 * @example
 * stepsOf(context, sample.messages, sample.events).map((s) => s.source) // ['system', 'user', 'agent']
 */
export function stepsOf(context: SampleContext, messages: unknown, events: unknown): TraceStep[] {
  if (messages === undefined || messages === null) return [];
  if (!Array.isArray(messages)) {
    invalid(context, `${context.field}.messages`, 'is not a list; the sample has no steps');
    return [];
  }
  const calls = modelCallsOf(context, events);
  const built: Built = { steps: [], byCallId: new Map() };
  for (const [index, message] of messages.entries()) addMessage(context, built, message, `${context.field}.messages[${index}]`, calls);
  const { steps } = built;
  const max = context.limits.maxSteps;
  if (steps.length > max) {
    invalid(context, `${context.field}.messages`, `makes ${steps.length} steps; the ${steps.length - max} past the ${max}-step limit are not kept`);
    steps.length = max;
  }
  return steps;
}
