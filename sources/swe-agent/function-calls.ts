// Function calls as OpenAI's chat format records them (`{id, function: {name, arguments}}`), which both
// SWE-agent's history and mini-swe-agent's tool-calling replies keep, as the trace's tool calls.
import type { TraceToolCall } from '../imported-run.ts';
import { below, complain, field, isFields, keptText, type Position } from './record-fields.ts';
import { jsonText } from '../json-text.ts';

/**
 * The calls of a `tool_calls` list: name, arguments as the record gave them (JSON text, or an object
 * written as JSON), and the id an observation answers. A call without a function name is a problem.
 *
 * @example
 * functionCalls([{ id: 'c1', function: { name: 'bash', arguments: '{"command":"ls"}' } }], at, 4000)
 * // [{ name: 'bash', arguments: '{"command":"ls"}', id: 'c1' }]
 */
export function functionCalls(calls: unknown[], at: Position, clipChars: number): TraceToolCall[] {
  return calls.flatMap((call, index) => {
    const here = below(at, index);
    const fn = isFields(call) ? field(call, 'function', 'object', here) : undefined;
    const name = fn ? field(fn, 'name', 'string', below(here, 'function')) : undefined;
    if (!isFields(call) || name === undefined) {
      complain(here, 'has no function name; the tool call is left out');
      return [];
    }
    const id = field(call, 'id', 'string', here);
    return [{ name, arguments: argumentsText(fn?.arguments, clipChars), ...(id === undefined ? {} : { id }) }];
  });
}

/** Arguments as JSON text, clipped: a string as it is (the model's own text), anything else as JSON. */
export function argumentsText(raw: unknown, clipChars: number): string {
  const text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : jsonText(raw);
  return keptText(text, clipChars) ?? '';
}
