// Decides which public JSON files change: an iteration's file is made again when its page was
// re-projected or a neighbour appeared or went (prev/next); every other one keeps its cached hash.
import { sha256 } from '../core/public-json.ts';
import type { IterationState } from './read-changed-iterations.ts';

const NEIGHBOURS = /"prev": (?:null|\d+),\n "next": (?:null|\d+)\n\}\n$/;

/**
 * Sets prev/next in an iteration page's public JSON without parsing it: they are its last two keys.
 *
 * @example
 * withNeighbours(text, 6, null) // ...'"prev": 6,\n "next": null\n}\n'
 */
export function withNeighbours(pageJson: string, prev: number | null, next: number | null): string {
  const tail = `"prev": ${prev},\n "next": ${next}\n}\n`;
  if (pageJson.endsWith(`\n ${tail}`)) return pageJson; // already linked: no copy of a large text
  if (!NEIGHBOURS.test(pageJson)) throw new Error('an iteration page must end with prev and next');
  return pageJson.replace(NEIGHBOURS, tail);
}

export interface PublicIteration {
  number: number;
  prev: number | null;
  next: number | null;
  /** sha256 of iterations/<n>.json. */
  sha: string;
  /** The new text, when it changed. */
  text?: string;
  /** A file holding exactly the new text (written to <data>/public), once `text` is let go. */
  source?: string;
}

/**
 * Links every iteration to its neighbours and makes the texts that changed. `cachedPage` reads the
 * stored page of an unchanged iteration whose neighbours moved. Each state's pageJson is released
 * once its text is made.
 *
 * @example
 * const files = planPublicFiles(states, (n) => readCachedPage(db, n), false);
 */
export function planPublicFiles(states: IterationState[], cachedPage: (number: number) => string, full: boolean): PublicIteration[] {
  return states.map((state, index) => {
    const prev = states[index - 1]?.number ?? null;
    const next = states[index + 1]?.number ?? null;
    const cached = state.cached;
    if (!full && state.kind !== 'projected' && cached && cached.prev === prev && cached.next === next) {
      return { number: state.number, prev, next, sha: cached.publicSha };
    }
    const text = withNeighbours(state.pageJson ?? cachedPage(state.number), prev, next);
    delete state.pageJson;
    return { number: state.number, prev, next, sha: sha256(text), text };
  });
}
