// An Inspect message's content (a string, or a list of text, reasoning, tool-use and media parts) split into what a step shows.

import { clipText } from '../clip-text.ts';
import type { TraceObservation, TraceToolCall } from '../imported-run.ts';
import { invalid, isRecord, resolveText, type SampleContext } from './inspect-context.ts';
import { jsonText } from '../json-text.ts';

export interface MessageContent {
  /** The text parts, in order, one after another on their own lines, clipped. */
  text: string;
  /** The size of the whole text before clipping, in UTF-8 bytes. */
  textBytes: number;
  /** The reasoning parts (a redacted one only by its summary, when it has one). */
  reasoning: string;
  /** Tools the provider ran itself (web search, code execution): the call and what it returned. */
  toolCalls: TraceToolCall[];
  observations: TraceObservation[];
}

/** Media parts are shown by their kind only: their data (base64, a URL) is not text a reader follows. */
const MEDIA = new Set(['image', 'audio', 'video', 'document']);

/** A part's text field, resolved, or a problem when it is there and not text. */
function textField(context: SampleContext, part: Record<string, unknown>, key: string, at: string): string | undefined {
  const value = part[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return resolveText(context, value);
  invalid(context, `${at}.${key}`, 'is not a string; the part is left out');
  return undefined;
}

/** The text a tool-use part records: its result, with its error on a line of its own. */
function observationOf(context: SampleContext, part: Record<string, unknown>, at: string, callId: string | undefined): TraceObservation | undefined {
  const result = textField(context, part, 'result', at);
  const error = textField(context, part, 'error', at);
  const content = [result, error === undefined ? undefined : `error: ${error}`].filter((t) => t !== undefined && t !== '').join('\n');
  if (content === '') return undefined;
  const clipped = clipText(content, context.limits.clipChars);
  return { ...(callId === undefined ? {} : { callId }), content: clipped.text, bytes: clipped.bytes };
}

function addToolUse(context: SampleContext, part: Record<string, unknown>, at: string, into: MessageContent): void {
  const name = textField(context, part, 'name', at);
  if (name === undefined) {
    invalid(context, `${at}.name`, 'is missing; the tool use is left out');
    return;
  }
  const id = typeof part['id'] === 'string' ? part['id'] : undefined;
  const args = part['arguments'];
  const text = typeof args === 'string' ? resolveText(context, args) : args === undefined ? '' : jsonText(args);
  into.toolCalls.push({ ...(id === undefined ? {} : { id }), name, arguments: clipText(text, context.limits.clipChars).text });
  const observation = observationOf(context, part, at, id);
  if (observation) into.observations.push(observation);
}

function addPart(context: SampleContext, part: unknown, at: string, into: MessageContent, texts: string[], reasonings: string[]): void {
  if (!isRecord(part)) {
    invalid(context, at, 'is not an object; the part is left out');
    return;
  }
  const type = part['type'];
  if (type === 'text') {
    const text = textField(context, part, 'text', at);
    if (text !== undefined) texts.push(text);
  } else if (type === 'reasoning') {
    // A redacted reasoning holds the provider's encrypted text: only its summary is readable.
    const text = part['redacted'] === true ? textField(context, part, 'summary', at) : textField(context, part, 'reasoning', at);
    if (text !== undefined && text !== '') reasonings.push(text);
  } else if (type === 'tool_use') {
    addToolUse(context, part, at, into);
  } else if (typeof type === 'string' && MEDIA.has(type)) {
    texts.push(`[${type}]`);
  } else if (typeof type !== 'string') {
    invalid(context, `${at}.type`, 'is not a string; the part is left out');
  }
  // Any other type (`data`, kinds newer than this importer) carries nothing a reader follows.
}

/**
 * The content of one message (`at` is its field path, for problems): texts and reasoning clipped to
 * `limits.clipChars`, provider-run tools as calls with their results.
 *
 * @example
 * contentOf(context, [{ type: 'reasoning', reasoning: 'Check the index' }, { type: 'text', text: 'Done.' }], 'samples[0].messages[2].content')
 * // { text: 'Done.', textBytes: 5, reasoning: 'Check the index', toolCalls: [], observations: [] }
 */
export function contentOf(context: SampleContext, content: unknown, at: string): MessageContent {
  const into: MessageContent = { text: '', textBytes: 0, reasoning: '', toolCalls: [], observations: [] };
  const texts: string[] = [];
  const reasonings: string[] = [];
  if (typeof content === 'string') {
    texts.push(resolveText(context, content));
  } else if (Array.isArray(content)) {
    for (const [index, part] of content.entries()) addPart(context, part, `${at}[${index}]`, into, texts, reasonings);
  } else if (content !== undefined && content !== null) {
    invalid(context, at, 'is neither text nor a list of parts; the content is left out');
  }
  const text = clipText(texts.join('\n'), context.limits.clipChars);
  into.text = text.text;
  into.textBytes = text.bytes;
  into.reasoning = clipText(reasonings.join('\n'), context.limits.clipChars).text;
  return into;
}
