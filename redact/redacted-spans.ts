// Where each redaction of a text stood, read back from the redactor's result. A result names where a
// finding starts (line, column) and the text it left; a caller that read several texts as one (the
// neighbouring fields of a page) needs each finding's whole span, to redact the part of a secret each
// of its texts holds.
import { placeholderOf, type RedactResult } from './redact-text.ts';

export interface RedactedSpan {
  /** [start, end) in the text that was redacted. */
  start: number;
  end: number;
  /** The rule that found it, and what the span became. */
  rule: string;
  placeholder: string;
}

/** Offsets of the line starts of `text` (lines end at \n only, as the redactor counts them). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/**
 * The span of `input` each finding of `result` replaced, in order; undefined when the result does
 * not read back onto the input (it was not made from it). The output is the input with each span
 * replaced by its placeholder, so the text between two placeholders is the input's own, and it ends
 * where the next placeholder starts.
 *
 * @example
 * redactedSpans('mail alice@acme.io now', redactText('mail alice@acme.io now', detector))
 * // [{ start: 5, end: 18, rule: 'email', placeholder: '[REDACTED:email#9c1d]' }]
 */
export function redactedSpans(input: string, result: RedactResult): RedactedSpan[] | undefined {
  const { text: output, findings } = result;
  // The redactor's own offsets: read back, a placeholder the input already held would be taken for one it made.
  if (result.spans?.length === findings.length) {
    return result.spans.map(([start, end], index) => ({ start, end, rule: findings[index]!.rule, placeholder: placeholderOf(findings[index]!) }));
  }
  const lines = lineStarts(input);
  const starts = findings.map((f) => (lines[f.line - 1] ?? Number.NaN) + f.column - 1);
  const placeholders = findings.map(placeholderOf);
  const spans: RedactedSpan[] = [];
  /** Where the output stands when the input stands at `cursor` (after the last span). */
  let out = 0;
  let cursor = 0;
  for (let index = 0; index < findings.length; index++) {
    const [start, placeholder] = [starts[index]!, placeholders[index]!];
    if (!(start >= cursor) || !output.startsWith(placeholder, out + start - cursor)) return undefined;
    out += start - cursor + placeholder.length;
    // The input's own text runs from the span's end to the next finding's start, and the output
    // holds it from here to the next placeholder (or to its own end).
    const last = index + 1 === findings.length;
    const next = last ? output.length : output.indexOf(placeholders[index + 1]!, out);
    const end = (last ? input.length : starts[index + 1]!) - (next - out);
    if (next < 0 || end <= start || output.slice(out, next) !== input.slice(end, end + next - out)) return undefined;
    spans.push({ start, end, rule: findings[index]!.rule, placeholder });
    cursor = end;
  }
  return spans;
}
