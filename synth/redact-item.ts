// Applies the redactor to every string of one public item, so no free-text field can be forgotten.
// A string the redactor cannot vouch for is replaced by the withheld marker; the rest of the item stays.
import { WITHHELD_MARKER, type RedactResult, type UnsureReport } from '../redact/redact-text.ts';

export type Redactor = (text: string) => RedactResult;

export interface WithheldField extends UnsureReport {
  /** Dotted path of the field inside the item, e.g. `tests.cases.3.message`. */
  field: string;
}

export interface RedactedItem<T> {
  value: T;
  /** Rule ids of every redaction made, one entry per finding. */
  rules: string[];
  /** Strings replaced by the withheld marker. */
  withheld: WithheldField[];
}

/**
 * Returns a deep copy of `item` with each string redacted.
 *
 * @example
 * const { value, withheld } = redactItem({ title: 'ssh deploy@build7' }, redactor);
 */
export function redactItem<T>(item: T, redactor: Redactor): RedactedItem<T> {
  const rules: string[] = [];
  const withheld: WithheldField[] = [];
  const walk = (value: unknown, field: string): unknown => {
    if (typeof value === 'string') {
      const result = redactor(value);
      for (const finding of result.findings) rules.push(finding.rule);
      if (result.unsure === undefined) return result.text;
      withheld.push({ field, ...result.unsure });
      return WITHHELD_MARKER;
    }
    const join = (key: string | number) => (field ? `${field}.${key}` : String(key));
    if (Array.isArray(value)) return value.map((inner, index) => walk(inner, join(index)));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner, join(key))]));
    }
    return value;
  };
  return { value: walk(item, '') as T, rules, withheld };
}
