// Replaces, in one text, the values a context rule found elsewhere (a password after `password:` in
// another record, another iteration, an earlier publish) by their placeholders: as whole tokens,
// and in every encoding a loop writes. Every text that reaches the public or a terminal after the
// learning passes here too: a page, a problem line naming a folder, a command's output.
import { encodedForms } from './known-secrets.ts';
import { occurrencesOf } from './learned-values.ts';

/** A value a context rule found, and the placeholder it became. */
export interface LearnedValue {
  value: string;
  placeholder: string;
}

const isTokenCode = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45;

/** Each form a learned value is looked for in, with its placeholder; `raw` forms count as whole tokens only. */
interface Forms {
  values: string[];
  of: Map<string, { placeholder: string; raw: boolean }>;
}

const formsByList = new WeakMap<readonly LearnedValue[], Forms>();

/**
 * The forms of `learned`: each value as written, and each encoding of it a loop writes without a
 * second thought (URL- and JSON-escaped, HTML entities, hex, inside base64, base85, byte lists,
 * reversed, rotated: known-secrets' encodedForms). A value learned in one record is the same secret
 * in another record's URL or base64 blob.
 */
function formsOf(learned: readonly LearnedValue[]): Forms {
  const cached = formsByList.get(learned);
  if (cached) return cached;
  const of = new Map<string, { placeholder: string; raw: boolean }>();
  for (const { value, placeholder } of learned) {
    if (value.length === 0) continue;
    of.set(value, { placeholder, raw: true });
    for (const form of encodedForms(value)) if (!of.has(form)) of.set(form, { placeholder, raw: false });
  }
  const forms = { values: [...of.keys()], of };
  formsByList.set(learned, forms);
  return forms;
}

/**
 * `text` with each occurrence of a learned value replaced by its placeholder: the value itself as a
 * whole token, any encoded form of it wherever it stands (inside a base64 run, a URL). `rules` gets
 * the rule id of each replacement.
 *
 * @example
 * replaceLearned('iterations/Marrow-tidal-8812', [{ value: 'Marrow-tidal-8812', placeholder: '[REDACTED:credential-assignment#3f2a]' }])
 * // 'iterations/[REDACTED:credential-assignment#3f2a]'
 */
export function replaceLearned(text: string, learned: readonly LearnedValue[], rules?: string[]): string {
  if (learned.length === 0 || text.length === 0) return text;
  const { values, of } = formsOf(learned);
  const spans: Array<{ at: number; end: number; placeholder: string }> = [];
  for (const [value, at] of occurrencesOf(text, values)) {
    const { placeholder, raw } = of.get(value)!;
    const end = at + value.length;
    if (raw && (isTokenCode(text.charCodeAt(at - 1)) || isTokenCode(text.charCodeAt(end)))) continue;
    spans.push({ at, end, placeholder });
  }
  if (spans.length === 0) return text;
  // Earliest first, the longest of those: overlapping forms (a value inside its own base64) become one
  // placeholder, and so do two values that overlap (one's tail the other's head): the placeholder
  // reaches to the end of the later one, which would otherwise publish its tail.
  spans.sort((x, y) => x.at - y.at || y.end - x.end);
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    if (span.at < cursor) {
      cursor = Math.max(cursor, span.end);
      continue;
    }
    out += text.slice(cursor, span.at) + span.placeholder;
    cursor = span.end;
    const hash = span.placeholder.indexOf('#');
    rules?.push(span.placeholder.slice('[REDACTED:'.length, hash < 0 ? span.placeholder.length - 1 : hash));
  }
  return out + text.slice(cursor);
}

/**
 * The records of a learned-secrets file (one JSON record per line). A line that is not a record (a
 * write cut by a crash, the empty last line) is skipped.
 *
 * @example
 * parseLearned('{"value":"Marrow-tidal-8812","placeholder":"[REDACTED:credential-assignment#3f2a]"}\n') // one value
 */
export function parseLearned(text: string): LearnedValue[] {
  const learned: LearnedValue[] = [];
  for (const line of text.split('\n')) {
    try {
      const record = JSON.parse(line) as Partial<LearnedValue>;
      if (typeof record.value === 'string' && typeof record.placeholder === 'string') learned.push({ value: record.value, placeholder: record.placeholder });
    } catch {
      // an empty last line, or a line a crash cut short
    }
  }
  return learned;
}
