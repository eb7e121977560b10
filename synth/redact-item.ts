// Applies the redactor to every string of one public item, so no free-text field can be forgotten.
import type { RedactResult } from '../redact/redact-text.ts';

export type Redactor = (text: string) => RedactResult;

export interface RedactedItem<T> {
  value: T;
  /** Rule ids of every redaction made, one entry per finding. */
  rules: string[];
  /** Set when the redactor could not vouch for one of the strings: withhold the item. */
  unsure: string | undefined;
}

/**
 * Returns a deep copy of `item` with each string redacted.
 *
 * @example
 * const { value, unsure } = redactItem({ title: 'ssh deploy@build7' }, redactor);
 */
export function redactItem<T>(item: T, redactor: Redactor): RedactedItem<T> {
  const rules: string[] = [];
  let unsure: string | undefined;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const result = redactor(value);
      for (const finding of result.findings) rules.push(finding.rule);
      unsure ??= result.unsure;
      return result.text;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    }
    return value;
  };
  return { value: walk(item) as T, rules, unsure };
}
