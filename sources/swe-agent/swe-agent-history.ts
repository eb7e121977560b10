// SWE-agent's `history`: the messages its model saw. It gives a run its opening steps (the system prompt,
// any demonstrations, the task) and, in function-calling mode, the tool calls behind each trajectory step.

import { clipText } from '../clip-text.ts';
import type { TraceStep, TraceToolCall } from '../imported-run.ts';
import { functionCalls } from './function-calls.ts';
import { below, complain, contentText, field, isFields, keptText, kindOf, type Position } from './record-fields.ts';

/** One history message as the reader needs it. */
export interface HistoryEntry {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text?: string;
  demo: boolean;
  action?: string;
  toolCalls?: TraceToolCall[];
}

const SOURCES = { system: 'system', user: 'user', assistant: 'agent', tool: 'tool' } as const;
const isRole = (role: string): role is HistoryEntry['role'] => Object.hasOwn(SOURCES, role);

/** What a run needs of its history, read one message at a time: the opening, the task, the agent's replies. */
export interface HistoryRead {
  /** Every message before the agent's first own reply (system prompt, demonstrations, the task), texts clipped. */
  opening: HistoryEntry[];
  /** The first user message that is no demonstration, whole: the task is cut from it by its template. */
  task?: string;
  /** Opening messages past `maxSteps`: counted, not kept (the run could not keep their steps). */
  openingNotKept: number;
  /** The agent's own replies after the opening, in order, without their texts: what trajectory steps are matched against. */
  replies: HistoryEntry[];
}

/**
 * A history with no message read yet.
 *
 * @example
 * const read = noHistoryYet(); addHistoryMessage(read, message, 0, below(root, 'history'), limits);
 */
export const noHistoryYet = (): HistoryRead => ({ opening: [], openingNotKept: 0, replies: [] });

/**
 * Replies kept to match trajectory steps against: a run keeps at most `maxSteps` steps, and a reply that
 * matches no step (a format error's) is skipped, so four per kept step is ample.
 */
const REPLIES_PER_STEP = 4;

/** One history message as an entry; undefined (with a problem) when it is no object or has no known role. */
function historyEntry(item: unknown, here: Position, clipChars: number): HistoryEntry | undefined {
  if (!isFields(item)) {
    complain(here, `is ${kindOf(item)}, not an object; the message is left out`);
    return undefined;
  }
  const role = field(item, 'role', 'string', here);
  if (role === undefined || !isRole(role)) {
    complain(below(here, 'role'), 'is not a role SWE-agent writes (system, user, assistant, tool); the message is left out');
    return undefined;
  }
  const text = contentText(item, 'content', here);
  const action = role === 'assistant' ? field(item, 'action', 'string', here) : undefined;
  const calls = role === 'assistant' ? field(item, 'tool_calls', 'array', here) : undefined;
  const toolCalls = calls ? functionCalls(calls, below(here, 'tool_calls'), clipChars) : undefined;
  return { role, demo: item.is_demo === true, ...(text === undefined ? {} : { text }), ...(action === undefined ? {} : { action }), ...(toolCalls ? { toolCalls } : {}) };
}

/**
 * Reads the history message at `index` of the list at `at`: kept in the opening (clipped), as the task
 * (whole), or as a reply (its action and tool calls only). The streamed reader calls it for each message
 * as it is parsed, so a long history is never whole in memory.
 *
 * @example
 * addHistoryMessage(read, { role: 'system', content: 'SETTING: …' }, 0, below(root, 'history'), DEFAULT_READ_LIMITS)
 */
export function addHistoryMessage(read: HistoryRead, item: unknown, index: number, at: Position, limits: { clipChars: number; maxSteps: number }): void {
  const entry = historyEntry(item, below(at, index), limits.clipChars);
  if (!entry) return;
  if (entry.role === 'user' && !entry.demo && read.task === undefined) read.task = entry.text;
  const own = entry.role === 'assistant' && !entry.demo;
  if (!own && read.replies.length === 0) {
    if (read.opening.length < limits.maxSteps) read.opening.push({ ...entry, ...(entry.text === undefined ? {} : { text: clipText(entry.text, limits.clipChars).text }) });
    else read.openingNotKept += 1;
  } else if (own && read.replies.length < REPLIES_PER_STEP * limits.maxSteps) {
    const { text: _text, ...reply } = entry;
    read.replies.push(reply);
  }
}

/**
 * What a run needs of a whole history list.
 *
 * @example
 * readHistory([{ role: 'system', content: 'SETTING: …' }], at, DEFAULT_READ_LIMITS).opening // [{ role: 'system', text: 'SETTING: …', demo: false }]
 */
export function readHistory(history: unknown[], at: Position, limits: { clipChars: number; maxSteps: number }): HistoryRead {
  const read = noHistoryYet();
  for (const [index, item] of history.entries()) addHistoryMessage(read, item, index, at, limits);
  return read;
}

/** The history's opening as steps: demonstrations marked as copied context. */
export function openingSteps(read: HistoryRead, clipChars: number): TraceStep[] {
  return read.opening.map((entry) => {
    const message = keptText(entry.text, clipChars);
    return { source: SOURCES[entry.role], ...(message === undefined ? {} : { message }), ...(entry.demo ? { copied: true } : {}) };
  });
}
