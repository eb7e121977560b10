// Decides which public JSON files change: an iteration's file is made again when its page was
// re-projected or a neighbour appeared or went (prev/next); every other one keeps its cached hash.
import { sha256 } from './release-manifest.ts';
import type { IterationState } from './read-changed-iterations.ts';
import type { IterationPage } from './site-data-schema.ts';

/** The exact text of a public JSON file: one serialisation everywhere, so hashes compare. */
export const publicJson = (value: unknown): string => `${JSON.stringify(value, null, 1)}\n`;

export interface PublicIteration {
  number: number;
  prev: number | null;
  next: number | null;
  /** sha256 of iterations/<n>.json. */
  sha: string;
  /** The new text, when it changed. */
  text?: string;
  /** The page behind `text` (for rendering). */
  page?: IterationPage;
}

/**
 * Links every iteration to its neighbours and makes the texts that changed. `cachedPage` reads the
 * stored page of an unchanged iteration whose neighbours moved.
 *
 * @example
 * const files = planPublicFiles(states, (n) => readCachedPage(db, n), false);
 */
export function planPublicFiles(states: readonly IterationState[], cachedPage: (number: number) => string, full: boolean): PublicIteration[] {
  return states.map((state, index) => {
    const prev = states[index - 1]?.number ?? null;
    const next = states[index + 1]?.number ?? null;
    const cached = state.cached;
    if (!full && state.kind !== 'projected' && cached && cached.prev === prev && cached.next === next) {
      return { number: state.number, prev, next, sha: cached.publicSha };
    }
    const base = state.page ?? (JSON.parse(cachedPage(state.number)) as IterationPage);
    const page = { ...base, prev, next };
    const text = publicJson(page);
    return { number: state.number, prev, next, sha: sha256(text), text, page };
  });
}
