// The texts inside Codex's response items: message parts, reasoning summaries, tool outputs, and the
// patches of apply_patch calls. Pure: values in, text out.
import { isRecord } from './codex-entry.ts';
import { jsonText } from '../json-text.ts';

/**
 * The text of a message's content parts (`input_text`, `output_text`), one part a line; images are
 * left out (their data URL is no text). Undefined when `content` is not a list.
 *
 * @example
 * textOfParts([{ type: 'input_text', text: 'fix the test' }, { type: 'input_image', image_url: 'data:…' }]) // 'fix the test'
 */
export function textOfParts(content: unknown): string | undefined {
  if (!Array.isArray(content)) return typeof content === 'string' ? content : undefined;
  const texts = content.flatMap((part) => (isRecord(part) && typeof part.text === 'string' && part.type !== 'input_image' ? [part.text] : []));
  return texts.join('\n');
}

/**
 * The first text part of a message: what Codex also writes as the `user_message` event's `message`
 * (the parts after it are image wrappers), so the two copies of one user message can be matched.
 *
 * @example
 * firstTextPart([{ type: 'input_text', text: 'hi' }, { type: 'input_text', text: '<image>' }]) // 'hi'
 */
export function firstTextPart(content: unknown): string | undefined {
  if (!Array.isArray(content)) return typeof content === 'string' ? content : undefined;
  const part = content.find((p) => isRecord(p) && typeof p.text === 'string');
  return isRecord(part) ? (part.text as string) : undefined;
}

// Codex puts context of its own into user-role messages; these open tags (and the AGENTS.md heading)
// mark them, in every version that wrote them (codex-rs: user instructions, skills, session prefixes).
const INJECTED_TAGS = [
  'environment_context', 'user_instructions', 'instructions', 'skill', 'user_shell_command', 'turn_aborted',
  'context_update', 'tool_context', 'reasoning_context', 'pinned_notes', 'subagent_notification',
];
const INJECTED = new RegExp(`^\\s*(?:<(?:${INJECTED_TAGS.join('|')})>|# AGENTS\\.md instructions for )`, 'i');

/**
 * Whether a user-role message is context Codex injected rather than what the user typed.
 *
 * @example
 * isInjected('<environment_context>\n  <cwd>/repo</cwd>\n</environment_context>') // true
 */
export const isInjected = (text: string): boolean => INJECTED.test(text);

/**
 * A reasoning item's readable text: its summaries, else its raw reasoning content (open models); the
 * encrypted content is opaque and never read. Undefined when there is no text.
 *
 * @example
 * reasoningOf({ type: 'reasoning', summary: [{ type: 'summary_text', text: '**Planning**' }], encrypted_content: 'gAAA…' }) // '**Planning**'
 */
export function reasoningOf(payload: Record<string, unknown>): string | undefined {
  const texts = (list: unknown) => (Array.isArray(list) ? list.flatMap((p) => (isRecord(p) && typeof p.text === 'string' && p.text !== '' ? [p.text] : [])) : []);
  const summary = texts(payload.summary);
  const chosen = summary.length > 0 ? summary : texts(payload.content);
  return chosen.length > 0 ? chosen.join('\n\n') : undefined;
}

/**
 * A tool output as text: a string as it is; a list of content parts (newer Codex) as their text; any
 * other value as JSON.
 *
 * @example
 * outputText('{"output":"ok","metadata":{"exit_code":0}}') // the same string
 */
export function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) return textOfParts(output) ?? '';
  if (isRecord(output) && typeof output.content === 'string') return output.content;
  return jsonText(output);
}

const PATCH = /\*\*\* Begin Patch[\s\S]*?\*\*\* End Patch/;

/** The strings a tool call's arguments hold: a shell command's words, `cmd`, `input`, `patch`. */
function argumentStrings(args: unknown): string[] {
  if (typeof args === 'string') return [args];
  if (Array.isArray(args)) return args.filter((a): a is string => typeof a === 'string');
  if (!isRecord(args)) return [];
  return [args.input, args.patch, args.cmd, args.command].flatMap(argumentStrings);
}

/**
 * The patch an apply_patch call carries: the freeform tool's input, the function tool's `input`, or a
 * shell command running `apply_patch` with the patch as argument or heredoc. Undefined for other calls.
 *
 * @example
 * patchOf('apply_patch', '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch') // the whole patch
 */
export function patchOf(name: string, args: unknown): string | undefined {
  let parsed = args;
  if (typeof args === 'string' && args.trimStart().startsWith('{')) {
    try {
      parsed = JSON.parse(args);
    } catch {
      // Not JSON: a freeform input, read as it is.
    }
  }
  const strings = argumentStrings(parsed);
  if (name !== 'apply_patch' && !strings.some((s) => /\bapply_?patch\b/.test(s))) return undefined;
  for (const text of strings) {
    const patch = PATCH.exec(text)?.[0];
    if (patch !== undefined) return patch;
  }
  return undefined;
}

/**
 * Whether a tool output says the call failed: a non-zero exit code (structured or in Codex's
 * `Exit code: N` text), or apply_patch's own refusal.
 *
 * @example
 * failedOutput('{"output":"error: no such file","metadata":{"exit_code":1}}') // true
 */
export function failedOutput(text: string): boolean {
  if (/^\s*(?:apply_patch verification failed|Failed to apply patch|patch rejected)/i.test(text)) return true;
  const exit = /^\s*Exit code: (\d+)/.exec(text);
  if (exit) return exit[1] !== '0';
  if (!text.trimStart().startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(text);
    const code = isRecord(value) && isRecord(value.metadata) ? value.metadata.exit_code : undefined;
    return typeof code === 'number' && code !== 0;
  } catch {
    return false;
  }
}
