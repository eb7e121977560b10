// Turns a Codex rollout's entries, in file order, into one run: steps, phases, task, plan and diff.
// Codex writes most things twice: a `response_item` (what the model saw and said, replayed on resume)
// and an `event_msg` (what the UI showed). Steps are read from the response items alone: they hold the
// tool calls, their outputs and the reasoning in order, and older rollouts have nothing else. Events
// serve only where the items cannot: `token_count` (the only usage record) and `user_message`, which
// Codex writes for what the user typed and never for the context it injects as user-role messages.
import { clipText } from '../clip-text.ts';
import type { ImportedRun, TraceToolCall } from '../imported-run.ts';
import { fromFirstLine } from '../read-record.ts';
import { failedOutput, outputText, patchOf, reasoningOf, textOfParts } from './codex-content.ts';
import { type CodexEntry, isRecord, problemAt } from './codex-entry.ts';
import { agentStep, type CodexTrace, clip, flushReasoning, phaseOf, pushStep, stamp, stringField, systemStep } from './codex-state.ts';
import { addUsage } from './codex-usage.ts';
import { userEvent, userItem } from './codex-users.ts';
import { jsonText } from '../json-text.ts';

function message(t: CodexTrace, entry: CodexEntry): void {
  const role = stringField(t, entry, 'role', true);
  const { content } = entry.payload;
  if (!Array.isArray(content) && typeof content !== 'string') {
    t.problems.push(problemAt(t.file, entry.line, 'payload.content', 'must be a list of content parts; the message is left out'));
    return;
  }
  if (role === 'user') {
    userItem(t, entry, content);
    return;
  }
  const text = textOfParts(content) ?? '';
  if (text === '') return;
  if (role !== 'assistant') {
    systemStep(t, entry, text); // developer, system: Codex's own instructions
    return;
  }
  const step = agentStep(t, entry);
  step.message = clip(t, text);
  t.firstMessage ??= step.message;
}

function reasoning(t: CodexTrace, entry: CodexEntry): void {
  t.open = undefined; // a reasoning item opens the next model response
  const text = reasoningOf(entry.payload);
  if (text === undefined) return;
  t.reasoning = clip(t, t.reasoning === undefined ? text : `${t.reasoning}\n\n${text}`);
  t.plan ??= clip(t, text);
}

function toolCall(t: CodexTrace, entry: CodexEntry, call: TraceToolCall, rawArgs: unknown): void {
  const step = t.open ?? agentStep(t, entry);
  (step.toolCalls ??= []).push({ ...call, arguments: clip(t, call.arguments) });
  if (call.id !== undefined) t.calls.set(call.id, step);
  const patch = patchOf(call.name, rawArgs);
  if (patch !== undefined) t.patches.push({ ...(call.id === undefined ? {} : { callId: call.id }), patch, failed: false });
}

/** The JSON text of a call's arguments: a string as recorded, anything else as JSON (with a problem). */
function argumentsOf(t: CodexTrace, entry: CodexEntry, key: string): string {
  const value = entry.payload[key];
  if (typeof value === 'string') return value;
  t.problems.push(problemAt(t.file, entry.line, `payload.${key}`, value === undefined ? 'is missing; the call is kept without it' : 'must be a string; it is kept as JSON'));
  return value === undefined ? '' : jsonText(value);
}

function functionCall(t: CodexTrace, entry: CodexEntry, argsKey: 'arguments' | 'input'): void {
  const name = stringField(t, entry, 'name', true);
  if (name === undefined) return;
  const id = stringField(t, entry, 'call_id');
  const args = argumentsOf(t, entry, argsKey);
  toolCall(t, entry, { ...(id === undefined ? {} : { id }), name, arguments: args }, args);
}

/** Built-in tools the Responses API records with an `action` instead of a name and arguments. */
function actionCall(t: CodexTrace, entry: CodexEntry, name: string): void {
  const { action } = entry.payload;
  const id = typeof entry.payload.call_id === 'string' ? entry.payload.call_id : undefined;
  const args = action === undefined ? '' : jsonText(action);
  toolCall(t, entry, { ...(id === undefined ? {} : { id }), name, arguments: args }, isRecord(action) ? action : undefined);
}

function toolOutput(t: CodexTrace, entry: CodexEntry): void {
  const callId = stringField(t, entry, 'call_id');
  if (entry.payload.output === undefined) t.problems.push(problemAt(t.file, entry.line, 'payload.output', 'is missing; the output is kept empty'));
  const text = outputText(entry.payload.output ?? '');
  const { text: content, bytes } = clipText(text, t.limits.clipChars);
  const observation = { ...(callId === undefined ? {} : { callId }), content, bytes };
  const step = callId === undefined ? undefined : t.calls.get(callId);
  if (step !== undefined) (step.observations ??= []).push(observation);
  else pushStep(t, { source: 'tool', ...stamp(entry), observations: [observation] });
  t.open = undefined;
  if (callId !== undefined && failedOutput(text)) for (const p of t.patches) if (p.callId === callId) p.failed = true;
}

// Newer item types (ghost snapshots, image generation…) carry nothing of the trace yet and are skipped.
const ITEM_READERS: Record<string, (t: CodexTrace, entry: CodexEntry) => void> = {
  message,
  reasoning,
  function_call: (t, entry) => functionCall(t, entry, 'arguments'),
  custom_tool_call: (t, entry) => functionCall(t, entry, 'input'),
  local_shell_call: (t, entry) => actionCall(t, entry, 'local_shell'),
  web_search_call: (t, entry) => actionCall(t, entry, 'web_search'),
  function_call_output: toolOutput,
  custom_tool_call_output: toolOutput,
};

function sessionMeta(t: CodexTrace, entry: CodexEntry): void {
  if (t.agent.name !== undefined || t.agent.version !== undefined) return; // a fork repeats its parent's meta
  const name = stringField(t, entry, 'originator');
  const version = stringField(t, entry, 'cli_version');
  if (name !== undefined) t.agent.name = name;
  if (version !== undefined) t.agent.version = version;
  const model = entry.payload.model; // the header of older rollouts may name it
  if (typeof model === 'string' && t.model === undefined) setModel(t, model, entry.timestamp);
}

function setModel(t: CodexTrace, model: string, timestamp: string | undefined): void {
  t.model = model;
  t.agent.model ??= model;
  phaseOf(t, timestamp);
}

function eventMsg(t: CodexTrace, entry: CodexEntry): void {
  if (entry.payload.type === 'user_message') userEvent(t, entry);
  else if (entry.payload.type === 'token_count') {
    if (t.reasoning !== undefined) flushReasoning(t, entry);
    addUsage(t, entry);
  }
  // The other events repeat items (agent_message, agent_reasoning) or are UI state.
}

/**
 * Reads one entry into the trace.
 *
 * @example
 * for (const entry of entries) addEntry(trace, entry);
 */
export function addEntry(t: CodexTrace, entry: CodexEntry): void {
  if (entry.timestamp !== undefined) {
    if (t.startedAt === undefined) t.startedAt = entry.timestamp;
    else t.endedAt = entry.timestamp;
  }
  if (entry.kind === 'session_meta') sessionMeta(t, entry);
  else if (entry.kind === 'turn_context') {
    const model = stringField(t, entry, 'model');
    if (model !== undefined && model !== t.model) setModel(t, model, entry.timestamp);
  } else if (entry.kind === 'response_item') {
    const type = entry.payload.type;
    if (typeof type === 'string' && Object.hasOwn(ITEM_READERS, type)) ITEM_READERS[type]!(t, entry);
  }
  else if (entry.kind === 'event_msg') eventMsg(t, entry);
  else if (entry.kind === 'compacted') {
    const summary = stringField(t, entry, 'message');
    if (summary) systemStep(t, entry, summary);
    else flushReasoning(t, entry);
  }
  const phase = t.phases.get(t.model ?? '');
  if (phase !== undefined && entry.timestamp !== undefined) phase.endedAt = entry.timestamp;
}

/**
 * The run read so far, keyed by the file's relative path (one rollout is one session).
 *
 * @example
 * const run = finishTrace(trace); // { key: '2025/12/28/rollout-….jsonl', format: 'codex', steps: [...], ... }
 */
export function finishTrace(t: CodexTrace): ImportedRun {
  if (t.reasoning !== undefined) agentStep(t, { line: 0, kind: 'other', payload: {} });
  // Where Codex wrote user_message events, a user-role item no event confirmed is context it injected
  // (a preamble whose tags a sanitizer replaced, or a kind newer than this reader).
  if (t.sawUserEvent) for (const step of t.itemUsers) if (!t.confirmed.has(step)) step.source = 'system';
  if (t.notKept > 0) {
    t.problems.push({ code: 'JOURNEY_SOURCE_INVALID', file: t.file, message: `holds ${t.steps.length + t.notKept} steps; the ${t.notKept} after the first ${t.limits.maxSteps} are not kept`, fix: 'Raise the step limit to see them all.' });
  }
  const task = t.sawUserEvent ? t.taskFromEvent : t.taskFromItem;
  const plan = t.plan ?? t.firstMessage;
  const patches = t.patches.filter((p) => !p.failed).map((p) => p.patch);
  const agent = Object.keys(t.agent).length > 0 ? { agent: t.agent } : {};
  return {
    key: t.file, format: 'codex', files: [t.file],
    ...(task === undefined ? {} : { task }),
    ...(fromFirstLine(task) === undefined ? {} : { title: fromFirstLine(task) }),
    ...(t.startedAt === undefined ? {} : { startedAt: t.startedAt }),
    ...(t.endedAt === undefined ? {} : { endedAt: t.endedAt }),
    ...agent,
    ...(plan === undefined ? {} : { plan }),
    ...(patches.length === 0 ? {} : { diff: `${patches.join('\n')}\n` }),
    phases: [...t.phases.values()], steps: t.steps, problems: t.problems,
  };
}
