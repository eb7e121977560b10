// Which learned values are new to a publish, and which public texts hold them: what a publish must
// redact again when a secret named in one record stands bare in another, or in an earlier release.
import { encodedForms } from '../redact/known-secrets.ts';
import type { Learned } from './redact-item.ts';

/**
 * The values of `found` not in `store`, each once.
 *
 * @example
 * newlyLearned([{ value: 'a-secret-1', placeholder: '…' }], [{ value: 'a-secret-1', placeholder: '…' }, { value: 'b-secret-2', placeholder: '…' }])
 * // [{ value: 'b-secret-2', placeholder: '…' }]
 */
export function newlyLearned(store: readonly Learned[], found: readonly Learned[]): Learned[] {
  const seen = new Set(store.map((l) => l.value));
  const fresh: Learned[] = [];
  for (const learned of found) {
    if (seen.has(learned.value)) continue;
    seen.add(learned.value);
    fresh.push(learned);
  }
  return fresh;
}

/** A value's forms as JSON writes them, the value and each encoding, kept: the same values are looked for in file after file. */
const formsOfValue = new Map<string, string[]>();
const MAX_KEPT_FORMS = 4096;

function jsonForms(value: string): string[] {
  let forms = formsOfValue.get(value);
  if (!forms) {
    forms = [value, ...encodedForms(value)].map((form) => JSON.stringify(form).slice(1, -1));
    if (formsOfValue.size >= MAX_KEPT_FORMS) formsOfValue.clear();
    formsOfValue.set(value, forms);
  }
  return forms;
}

/**
 * The values of `learned` that the public JSON `text` holds (as JSON writes them), as written or in
 * an encoded form. A value inside a longer token counts too: the page is redacted again, which
 * changes only whole tokens (and encoded forms wherever they stand).
 *
 * `holds` is the detector's search for the values in every reading of the text.
 *
 * @example
 * valuesIn('{"log":"ledger / Marrow-tidal-8812"}', [{ value: 'Marrow-tidal-8812', placeholder: '…' }]) // [that value]
 */
export function valuesIn(text: string, learned: readonly Learned[], holds?: (text: string, values: readonly string[]) => boolean): Learned[] {
  // Any encoded form counts too (URL-escaped, inside base64, hex): replaceLearned redacts those as well.
  const found = learned.filter((l) => jsonForms(l.value).some((form) => text.includes(form)));
  // Any other reading (`Lichen\\u0021…`, hex in groups) only the detector sees: then every value counts, to be safe.
  if (found.length === learned.length || !holds || learned.length === 0) return found;
  return holds(text, learned.map((l) => l.value)) ? [...learned] : found;
}
