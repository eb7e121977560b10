// The task inside the first user message: both agents render it into an instance template (the issue
// wrapped in pages of instructions), and the record keeps that template, so the task can be cut back out.

/** A template placeholder: Jinja's `{{ name }}` (with its `-` trims), a `{% … %}` or `{# … #}` block, or Python's `{name}`. */
const ANY_PLACEHOLDER = /\{\{|\{%|\{#|\{[A-Za-z_][A-Za-z0-9_]*\}/;
/** A literal after the task shorter than this could also occur inside the task; the cut would be a guess. */
const MIN_CLOSING = 16;

/**
 * The text that was put in for `variable` when `template` was rendered into `message`, or undefined when
 * the template does not pin it down exactly: the text before the placeholder must hold no other
 * placeholder and open the message, and the literal after it (up to the next placeholder, or the end)
 * must be long enough to find.
 *
 * @example
 * taskFromTemplate('<pr>\nFix it\n</pr> and more help text', '<pr>\n{{task}}\n</pr> and more {{x}}', 'task') // 'Fix it'
 */
export function taskFromTemplate(message: string, template: string, variable: string): string | undefined {
  const placeholder = new RegExp(`\\{\\{-?\\s*${variable}\\s*-?\\}\\}|\\{${variable}\\}`).exec(template);
  if (placeholder === null) return undefined;
  const opening = template.slice(0, placeholder.index);
  if (ANY_PLACEHOLDER.test(opening) || !message.startsWith(opening)) return undefined;
  const rest = template.slice(placeholder.index + placeholder[0].length);
  const next = ANY_PLACEHOLDER.exec(rest);
  // Jinja drops one newline that ends the template.
  const closing = next === null ? rest.replace(/\n$/, '') : rest.slice(0, next.index);
  if (closing === '' && next === null) return message.slice(opening.length);
  if (closing.length < MIN_CLOSING) return undefined;
  const end = message.indexOf(closing, opening.length);
  if (end < 0) return undefined;
  const task = wholeRuns(message, opening.length, end);
  return task.trim() === '' ? undefined : task;
}

const isBlank = (c: string | undefined) => c === undefined || /\s/.test(c);

/**
 * message[start, end) without a run of non-blank characters that the cut splits at either end: the
 * rest of it lies in the template's text, which is not kept, and a secret cut in half (a URL's
 * password without its `@host`) is a fragment no detector knows. The fragment is dropped, not kept.
 */
function wholeRuns(message: string, start: number, end: number): string {
  let from = start;
  let to = end;
  if (!isBlank(message[from - 1]) && !isBlank(message[from])) while (from < to && !isBlank(message[from])) from += 1;
  if (!isBlank(message[to - 1]) && !isBlank(message[to])) while (to > from && !isBlank(message[to - 1])) to -= 1;
  return message.slice(from, to);
}
