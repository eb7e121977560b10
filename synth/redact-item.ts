// Applies the redactor to every string of one public item, keys included, so no free-text field
// and no name can be forgotten. A string the redactor cannot vouch for is replaced by the withheld
// marker; the rest of the item stays.
import { faultAt } from '../cli/fault-point.ts';
import type { Detector } from '../redact/detect.ts';
import { redactedText, type Public } from '../redact/public-text.ts';
import { redactText, WITHHELD_MARKER, type RedactResult, type UnsureReport } from '../redact/redact-text.ts';

export type Redactor = (text: string) => RedactResult;

/**
 * The publish's redactor over `detector`. `JOURNEY_FAULT=redact:off`, for tests only, makes it (and
 * the verify gate, which asks redactorIsOff) pass every text through unchanged, so that the leak
 * scan of the built files is seen to refuse a publish on its own.
 *
 * @example
 * const redactor = createRedactor(detector);
 */
export function createRedactor(detector: Detector): Redactor {
  if (redactorIsOff()) return (text) => ({ text: redactedText(text), findings: [], unsure: undefined });
  return (text) => redactText(text, detector);
}

/** True when a test switched the redactor off (JOURNEY_FAULT=redact:off). */
export function redactorIsOff(): boolean {
  return faultAt('redact') === 'off';
}

export interface WithheldField extends UnsureReport {
  /** Dotted path of the field inside the item, e.g. `tests.cases.3.message` (keys on the path are redacted too). */
  field: string;
}

export interface RedactedItem<T> {
  value: Public<T>;
  /** Rule ids of every redaction made, one entry per finding. */
  rules: string[];
  /** Strings replaced by the withheld marker. */
  withheld: WithheldField[];
}

/** Redactions of keys, per redactor (one per publish), so a publish of 10,000 pages redacts `title` once. */
const keyResults = new WeakMap<Redactor, Map<string, RedactResult>>();
const MAX_CACHED_KEYS = 10_000;

/**
 * Returns a deep copy of `item` with each string and each object key redacted. A key the redactor
 * cannot vouch for becomes the withheld marker followed by its position, so keys stay distinct.
 *
 * @example
 * const { value, withheld } = redactItem({ title: 'ssh deploy@build7' }, redactor);
 */
export function redactItem<T>(item: T, redactor: Redactor): RedactedItem<T> {
  const rules: string[] = [];
  const withheld: WithheldField[] = [];
  const learned: Array<{ value: string; placeholder: string }> = [];
  // Keys repeat across every item of a publish (`title`, `cases`, `name`): each is redacted once.
  const keys = keyResults.get(redactor) ?? keyResults.set(redactor, new Map()).get(redactor)!;
  const redactString = (text: string, field: string, fallback: string, key = false): string => {
    let result = key ? keys.get(text) : undefined;
    if (result === undefined) {
      result = redactor(text);
      if (key && keys.size < MAX_CACHED_KEYS) keys.set(text, result);
    }
    for (const finding of result.findings) rules.push(finding.rule);
    if (result.learned) learned.push(...result.learned);
    if (result.unsure === undefined) return result.text;
    withheld.push({ field, ...result.unsure });
    return fallback;
  };
  const walk = (value: unknown, field: string): unknown => {
    if (typeof value === 'string') return redactString(value, field, WITHHELD_MARKER);
    const join = (key: string | number) => (field ? `${field}.${key}` : String(key));
    if (Array.isArray(value)) return value.map((inner, index) => walk(inner, join(index)));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner], index) => {
        const publicKey = redactString(key, join(`#${index}`), `${WITHHELD_MARKER} ${index}`, true);
        return [publicKey, walk(inner, join(publicKey))];
      }));
    }
    return value;
  };
  const walked = walk(item, '');
  return { value: (learned.length > 0 ? spread(walked, learned, rules) : walked) as Public<T>, rules, withheld };
}

const isTokenCode = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45;

/**
 * Redacts, in every string of an already redacted item, the values a context rule found in one of
 * them (whole tokens only): a password stated in the plan is the same secret where the log repeats
 * it bare, or where a verdict's next issue names it.
 */
function spread(value: unknown, learned: ReadonlyArray<{ value: string; placeholder: string }>, rules: string[]): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const { value: secret, placeholder } of learned) {
      if (!text.includes(secret)) continue;
      let out = '';
      let cursor = 0;
      for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
        const end = at + secret.length;
        if (isTokenCode(text.charCodeAt(at - 1)) || isTokenCode(text.charCodeAt(end))) continue;
        out += text.slice(cursor, at) + placeholder;
        cursor = end;
        rules.push(placeholder.slice('[REDACTED:'.length, placeholder.indexOf('#')));
      }
      text = out + text.slice(cursor);
    }
    return text;
  }
  if (Array.isArray(value)) return value.map((inner) => spread(inner, learned, rules));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, spread(inner, learned, rules)]));
  return value;
}
