// Which learned values are new to a publish, and which public texts hold them: what a publish must
// redact again when a secret named in one record stands bare in another, or in an earlier release.
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

/**
 * The values of `learned` that the public JSON `text` holds (as JSON writes them). A value inside a
 * longer token counts too: the page is redacted again, which changes only whole tokens.
 *
 * @example
 * valuesIn('{"log":"ledger / Marrow-tidal-8812"}', [{ value: 'Marrow-tidal-8812', placeholder: '…' }]) // [that value]
 */
export function valuesIn(text: string, learned: readonly Learned[]): Learned[] {
  return learned.filter((l) => text.includes(JSON.stringify(l.value).slice(1, -1)));
}
