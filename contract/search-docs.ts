// The static search index, built at publish time from the redacted iteration pages: one pair of
// files per slice of the iteration list (the slices of /iterations/page/<k>/), so a new iteration
// changes only the newest pair.
//   search/facets/<k>.json  [number, title, verdict, status, phase outcome] per iteration: what the
//                           filters need, small enough to scan 20,000 iterations quickly
//   search/words/<k>.json   each iteration's distinct words (title, plan, judge notes, verdict,
//                           file names in its diff): what a text search scans
// The browser (site/static/search.js) reads them newest slice first and stops when it has a page of hits.
import type { IterationPage } from './site-data-schema.ts';
import { phaseTiming } from './iteration-checks.ts';
import { splitDiff } from './split-diff.ts';

/** How an iteration's phases went: the list's "phases" filter. */
const PHASE_OUTCOMES = ['on-time', 'over-budget', 'running', 'none', 'withheld'] as const;
export type PhaseOutcome = (typeof PHASE_OUTCOMES)[number];

/** Distinct words kept per iteration, at most (the first ones met: title, file names, verdict, plan, judge). */
export const MAX_WORDS = 300;

/** One iteration in the facets file. */
export type Facet = [number: number, title: string, verdict: string | null, status: string, outcome: PhaseOutcome];

/** Words too common to narrow a search. */
const STOPWORDS = new Set(('a an and are as at be by for from has have in into is it its of on or that the this to was were will with '
  + 'not no but if then than so do does done can all any each one two we our you your they them their there here which who what when '
  + 'where why how also more most some such only own same other over under again further once after before up down out off very just').split(' '));

/**
 * Lowercased words of `text` (letters, digits, `_`; 2 to 40 characters), in order of appearance.
 *
 * @example
 * tokenize('Fix parse_money() in src/Money.ts') // ['fix', 'parse_money', 'in', 'src', 'money', 'ts']
 */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}_]{2,40}/gu) ?? []);
}

/**
 * How the phases of an iteration went: over budget when any phase took longer than its budget,
 * running while one has not ended, on time otherwise.
 *
 * @example
 * phaseOutcome(page) // 'over-budget'
 */
export function phaseOutcome(page: Pick<IterationPage, 'status' | 'phases'>): PhaseOutcome {
  if (page.status === 'withheld') return 'withheld';
  if (page.phases.length === 0) return 'none';
  const timings = page.phases.map(phaseTiming);
  if (timings.some((t) => t.over)) return 'over-budget';
  return timings.some((t) => t.ms === null) ? 'running' : 'on-time';
}

/** The facets of a slice's pages, newest first. */
export function facetsOf(pages: readonly IterationPage[]): Facet[] {
  return [...pages].sort((a, b) => b.number - a.number)
    .map((p) => [p.number, p.title, p.verdict?.verdict ?? null, p.status, phaseOutcome(p)]);
}

/** Each page's distinct words, newest first: `[number, "word word ..."]`. */
export function wordsOf(pages: readonly IterationPage[]): [number, string][] {
  return [...pages].sort((a, b) => b.number - a.number).map((p) => {
    const files = p.diff === null ? [] : splitDiff(p.diff).map((f) => f.path).filter(Boolean);
    const texts = [p.title, ...files, p.verdict?.summary ?? '', ...(p.verdict?.issues ?? []), p.plan ?? '', p.judge ?? ''];
    const words = new Set<string>();
    for (const text of texts) {
      for (const word of tokenize(text)) {
        if (STOPWORDS.has(word)) continue;
        words.add(word);
        if (words.size >= MAX_WORDS) break;
      }
      if (words.size >= MAX_WORDS) break;
    }
    // File names count whole too ("src/money.ts"), so a search for a path finds them.
    for (const file of files.slice(0, 50)) words.add(file.toLowerCase());
    // One word a line: a bag of words joined by spaces puts words side by side that never were
    // (`token` beside a hash), which the leak scan's credential grammar would rightly question.
    return [p.number, [...words].join('\n')];
  });
}
