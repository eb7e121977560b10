// mini-swe-agent's `messages` as steps: the system prompt, the task, one agent step per model reply, and
// every answer of the environment (command output, a format error, the submission) as the observation of
// the reply it answers.
import type { TraceStep } from '../imported-run.ts';
import { timeOf } from '../read-record.ts';
import { below, complain, contentText, type Fields, field, isFields, kept, keptText, kindOf, type Position } from '../swe-agent/record-fields.ts';
import { addStep, observe, type StepList, stepList } from '../swe-agent/step-list.ts';
import { rejectedReply, replyStep } from './mini-reply.ts';

export interface MiniTrace {
  list: StepList;
  /** The first user message: the task as the agent was given it. */
  firstUser?: string;
  /** Model calls seen (replies, and replies rejected for their format), and those whose usage was recorded. */
  calls: number;
  usage: { calls: number; tokensIn: number; tokensOut: number };
  /** The first and last times the messages themselves record (1.17+ and 2.x), not the provider's. */
  firstTime?: string;
  lastTime?: string;
}

/** A step's message field, absent when the record's text is. */
const messageOf = (message: string | undefined): { message?: string } => (message === undefined ? {} : { message });

/** What one message adds, once its kind is known. */
function addReply(trace: MiniTrace, step: TraceStep): void {
  trace.calls += 1;
  const { promptTokens, completionTokens } = step.metrics ?? {};
  if (promptTokens !== undefined && completionTokens !== undefined) {
    trace.usage.calls += 1;
    trace.usage.tokensIn += promptTokens;
    trace.usage.tokensOut += completionTokens;
  }
  addStep(trace.list, step);
}

/** An answer of the environment: the observation of the reply before it, or a step of its own when none is. */
function addAnswer(trace: MiniTrace, text: string, clipChars: number, source: 'user' | 'environment', callId?: string): void {
  if (observe(trace.list, { ...kept(text, clipChars), ...(callId === undefined ? {} : { callId }) })) return;
  addStep(trace.list, { source, ...messageOf(keptText(text, clipChars)) });
}

/** A user message after the task: the environment's answer, after the reply a format error rejected if it kept one. */
function addUser(trace: MiniTrace, text: string, extra: Fields | undefined, at: Position, clipChars: number): void {
  if (trace.firstUser === undefined && trace.calls === 0) {
    trace.firstUser = text;
    addStep(trace.list, { source: 'user', ...messageOf(keptText(text, clipChars)) });
    return;
  }
  const rejected = rejectedReply(extra, at, clipChars);
  if (rejected) addReply(trace, rejected);
  addAnswer(trace, text, clipChars, 'user');
}

/** The kind of a message: its role, or the Responses API's item types, which have none. */
function kindOfMessage(item: Fields, at: Position): string | undefined {
  if (item.object === 'response') return 'assistant';
  if (item.type === 'function_call_output') return 'function_call_output';
  return field(item, 'role', 'string', at);
}

function addMessage(trace: MiniTrace, item: Fields, at: Position, clipChars: number): void {
  const extra = field(item, 'extra', 'object', at);
  const text = () => contentText(item, 'content', at) ?? '';
  const said = () => keptText(text(), clipChars);
  switch (kindOfMessage(item, at)) {
    case 'system': addStep(trace.list, { source: 'system', ...messageOf(said()) }); break;
    case 'user': addUser(trace, text(), extra, at, clipChars); break;
    case 'assistant': addReply(trace, replyStep(item, extra, at, below(at, 'extra'), clipChars)); break;
    case 'tool': addAnswer(trace, text(), clipChars, 'environment', field(item, 'tool_call_id', 'string', at)); break;
    case 'function_call_output': addAnswer(trace, contentText(item, 'output', at) ?? '', clipChars, 'environment', field(item, 'call_id', 'string', at)); break;
    // 2.x ends a run with an `exit` message: the submission, the limit reached, or the error's text.
    case 'exit': addStep(trace.list, { source: 'environment', ...messageOf(said()) }); break;
    default: complain(below(at, 'role'), 'is not a role mini-swe-agent writes (system, user, assistant, tool, exit); the message is left out');
  }
}

function noteTime(trace: MiniTrace, item: Fields): void {
  const time = timeOf(item.timestamp) ?? (isFields(item.extra) ? timeOf(item.extra.timestamp) : undefined);
  if (time === undefined) return;
  trace.firstTime ??= time;
  trace.lastTime = time;
}

type Limits = { clipChars: number; maxSteps: number };

/**
 * A trace with no message read yet.
 *
 * @example
 * const trace = newMiniTrace(DEFAULT_READ_LIMITS); addMiniMessage(trace, message, 0, at, DEFAULT_READ_LIMITS);
 */
export const newMiniTrace = (limits: Limits): MiniTrace => ({ list: stepList(limits.maxSteps), calls: 0, usage: { calls: 0, tokensIn: 0, tokensOut: 0 } });

/**
 * Reads the message at `index` of the list at `at` into the trace. The streamed reader calls it for each
 * message as it is parsed, so a long list is never whole in memory.
 *
 * @example
 * addMiniMessage(trace, { role: 'system', content: 'You are a helpful assistant.' }, 0, below(root, 'messages'), DEFAULT_READ_LIMITS)
 */
export function addMiniMessage(trace: MiniTrace, item: unknown, index: number, at: Position, limits: Limits): void {
  const here = below(at, index);
  if (!isFields(item)) {
    complain(here, `is ${kindOf(item)}, not an object; the message is left out`);
    return;
  }
  noteTime(trace, item);
  addMessage(trace, item, here, limits.clipChars);
}

/**
 * The steps of a message list, at most `maxSteps` of them.
 *
 * @example
 * miniSteps(doc.messages, below(root, 'messages'), DEFAULT_READ_LIMITS).list.steps[0].source // 'system'
 */
export function miniSteps(messages: unknown[], at: Position, limits: Limits): MiniTrace {
  const trace = newMiniTrace(limits);
  for (const [index, item] of messages.entries()) addMiniMessage(trace, item, index, at, limits);
  return trace;
}
