// Verdicts of pure checks on one string (is this value a placeholder, does this name hold a
// credential), kept while one text is searched: a log repeats its values and names (the same key in
// every request, the same field on every line), and each verdict costs several regexes. detect()
// forgets them after each text, so no value outlives the search that met it.

const caches: Array<Map<string, unknown>> = [];

/** A cache this full starts afresh: a text of millions of distinct values keeps memory flat. */
const LIMIT = 1 << 14;

/**
 * `judge`, remembering its verdict for each string until forgetVerdicts().
 *
 * @example
 * const isName = cached((name) => /^[a-z]+$/.test(name));
 */
export function cached<T>(judge: (value: string) => T): (value: string) => T {
  const verdicts = new Map<string, T>();
  caches.push(verdicts);
  return (value) => {
    const known = verdicts.get(value);
    if (known !== undefined || verdicts.has(value)) return known as T;
    const verdict = judge(value);
    if (verdicts.size >= LIMIT) verdicts.clear();
    verdicts.set(value, verdict);
    return verdict;
  };
}

/** Forgets every remembered verdict: after each text, and when what a verdict depends on changes. */
export function forgetVerdicts(): void {
  for (const verdicts of caches) verdicts.clear();
}
