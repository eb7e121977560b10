// An assistant record: one content block (or several) of an API message, merged into the message's one
// agent step. Text is the step's message, thinking its reasoning, tool_use its tool calls; a server tool's
// result inside the message (web search) is an observation of the same step.
import type { TraceStep } from '../imported-run.ts';
import { contentText, isObject } from './content-text.ts';
import { addUsage, type MessageUse } from './message-use.ts';
import { clip, keepStep, problemAt, type Transcript } from './transcript.ts';
import { jsonText } from '../json-text.ts';

/** What one assistant record is, once its envelope is read. */
export interface AssistantRecord {
  line: number;
  /** Field prefix of the record inside its line (`data.message.` for a subagent's progress record). */
  at: string;
  time?: string;
  copied: boolean;
  message: Record<string, unknown>;
}

/** The model Claude Code names for messages it wrote itself (an API error, "No response requested"). */
const SYNTHETIC_MODEL = '<synthetic>';

/** Tools that start a subagent: their prompt links a sidechain kept in the session's own file. */
const AGENT_TOOLS = new Set(['Task', 'Agent']);

const joined = (t: Transcript, before: string | undefined, text: string) => clip(t, before === undefined ? text : `${before}\n\n${text}`);

function useOf(t: Transcript, record: AssistantRecord): MessageUse {
  const id = typeof record.message.id === 'string' ? record.message.id : `#${record.at}${record.line}`;
  const known = t.messages.get(id);
  if (known) return known;
  const model = typeof record.message.model === 'string' && record.message.model !== SYNTHETIC_MODEL ? record.message.model : undefined;
  const use: MessageUse = { ...(model ? { model } : {}), ...(record.time ? { firstAt: record.time } : {}) };
  t.messages.set(id, use);
  const step: TraceStep = { source: 'agent', ...(record.time ? { timestamp: record.time } : {}), ...(model ? { model } : {}), ...(record.copied ? { copied: true } : {}) };
  if (keepStep(t, step)) use.step = step;
  else use.dropped = true;
  return use;
}

function addToolUse(t: Transcript, step: TraceStep, part: Record<string, unknown>, record: AssistantRecord, field: string): void {
  if (typeof part.name !== 'string') {
    problemAt(t, record.line, `${field}.name`, 'is not a string; the tool call is left out');
    return;
  }
  const id = typeof part.id === 'string' ? part.id : undefined;
  if (id === undefined) problemAt(t, record.line, `${field}.id`, 'is not a string; the call is kept without its id, so its result is not linked');
  if (part.input === undefined) problemAt(t, record.line, `${field}.input`, 'is missing; the call is kept with empty arguments');
  const args = part.input === undefined ? '' : jsonText(part.input);
  step.toolCalls = [...(step.toolCalls ?? []), { ...(id ? { id } : {}), name: part.name, arguments: clip(t, args) }];
  if (!id) return;
  t.calls.set(id, step);
  if (AGENT_TOOLS.has(part.name) && isObject(part.input) && typeof part.input.prompt === 'string') t.agentPrompts.set(part.input.prompt, id);
}

/** The problem with a part's shape (field and what is left out), or undefined when it can be read. */
function partProblem(part: unknown, field: string): [string, string] | undefined {
  if (!isObject(part) || typeof part.type !== 'string') return [field, 'is not a content part with a type; it is left out'];
  if (part.type === 'text' && typeof part.text !== 'string') return [`${field}.text`, 'is not a string; the text is left out'];
  if (part.type === 'thinking' && typeof part.thinking !== 'string') return [`${field}.thinking`, 'is not a string; the reasoning is left out'];
  return undefined;
}

function addPart(t: Transcript, step: TraceStep, part: unknown, record: AssistantRecord, field: string): void {
  const problem = partProblem(part, field);
  if (problem || !isObject(part)) {
    if (problem) problemAt(t, record.line, ...problem);
    return;
  }
  if (part.type === 'text' && typeof part.text === 'string') {
    if (part.text.trim() !== '') step.message = joined(t, step.message, part.text);
  } else if (part.type === 'thinking' && typeof part.thinking === 'string') {
    if (part.thinking.trim() !== '') step.reasoning = joined(t, step.reasoning, part.thinking);
  } else if (part.type === 'tool_use' || part.type === 'server_tool_use') {
    addToolUse(t, step, part, record, field);
  } else if (typeof part.tool_use_id === 'string') {
    const text = contentText(part.content) ?? (part.content === undefined ? '' : jsonText(part.content));
    step.observations = [...(step.observations ?? []), { callId: part.tool_use_id, content: clip(t, text), bytes: Buffer.byteLength(text, 'utf8') }];
  } else if (part.type === 'image' || part.type === 'document') {
    step.message = joined(t, step.message, `[${part.type}]`);
  }
  // redacted_thinking holds only ciphertext; other part types carry nothing to read.
}

/**
 * Adds one assistant record to its message's step (created at the message's first record).
 *
 * @example
 * addAssistant(t, { line: 6, at: '', time: '2026-02-10T21:54:55.364Z', copied: false, message })
 */
export function addAssistant(t: Transcript, record: AssistantRecord): void {
  const use = useOf(t, record);
  if (record.time) use.lastAt = record.time;
  for (const field of addUsage(use, record.message.usage)) problemAt(t, record.line, `${record.at}message.${field}`, 'is not a count; the step\'s tokens leave it out');
  const content = record.message.content;
  const field = `${record.at}message.content`;
  if (!use.step) return;
  if (typeof content === 'string') {
    if (content.trim() !== '') use.step.message = joined(t, use.step.message, content);
  } else if (Array.isArray(content)) {
    for (const [index, part] of content.entries()) addPart(t, use.step, part, record, `${field}[${index}]`);
  } else {
    problemAt(t, record.line, field, 'is neither text nor a list of parts; the record adds no content');
  }
}
