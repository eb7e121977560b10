// What the Insights page compares across iterations, worked out by the publisher from an iteration's
// redacted page: short hashes of its diff hunks and plan (normalised, so a repeat that differs only in
// whitespace, line numbers or iteration numbers hashes the same), of its test results, and whether
// the judge and the tests disagree. A hash of public text reveals nothing the page does not show.
// site-data.json carries them as one short string per iteration (`h:1f0c9a2b,77d0e4c1 p:… t:… d:n`):
// a 2,000-iteration site-data.json must stay under 1 MB, and an object would cost three times the bytes.
import { createHash } from 'node:crypto';
import { verdictDisagreement } from '../iteration-checks.ts';
import type { IterationPage } from '../site-data-schema.ts';
import { splitDiff } from '../split-diff.ts';

export interface IterationSignals {
  /** One hash per distinct changed hunk; empty: the iteration changed no code; null: not known. */
  hunks: string[] | null;
  plan: string | null;
  tests: string | null;
  /** Whether the judge's verdict and the tests disagree; null when either is missing. */
  disagrees: boolean | null;
}

/** Hunks hashed per iteration at most (9 bytes each in site-data.json): past that many, a diff is a rewrite, not a repeat to spot. */
const MAX_HUNKS = 16;

/**
 * 32 bits. A false circling flag needs three different hunks to share one hash: at 100 000 hunks in
 * a loop, odds of about 1 in 100 000.
 */
const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

const squash = (line: string) => line.replace(/\s+/g, ' ').trim();

/**
 * The hashes of a diff's hunks, each made of its file and its added and removed lines with
 * whitespace squashed: context lines and `@@` line numbers move as the file grows, the change itself
 * does not. A hunk that only adds or removes blank lines is no change.
 *
 * @example
 * hunkHashes('diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b') // ['2437b657']
 */
export function hunkHashes(diff: string): string[] {
  const hashes = new Set<string>();
  for (const file of splitDiff(diff)) {
    let hunk: string[] | undefined;
    const close = () => {
      if (hunk && hunk.length > 0) hashes.add(shortHash(`${file.path}\n${hunk.join('\n')}`));
    };
    for (const line of file.lines) {
      if (line.startsWith('@@')) {
        close();
        hunk = [];
      } else if (hunk && (line.startsWith('+') || line.startsWith('-'))) {
        const body = squash(line.slice(1));
        if (body !== '') hunk.push(`${line[0]}${body}`);
      }
    }
    close();
  }
  return [...hashes].slice(0, MAX_HUNKS);
}

/** A plan's words, lower case, numbers as `#`: "Plan for iteration 7" and "Plan for iteration 9" are one plan. */
function planHash(plan: string): string | null {
  const words = plan.toLowerCase().replace(/\d+/g, '#').replace(/[^\p{L}#]+/gu, ' ').trim();
  return words === '' ? null : shortHash(words);
}

function testsHash(tests: NonNullable<IterationPage['tests']>): string {
  const cases = tests.cases.map((c) => `${c.name}\t${c.status}`).sort();
  return shortHash(JSON.stringify([tests.passed, tests.failed, tests.skipped, cases]));
}

type SignalPage = Pick<IterationPage, 'status' | 'plan' | 'diff' | 'tests' | 'verdict' | 'withheld_fields'> & { source?: unknown };

/**
 * The signals of one redacted page. A withheld page has none; a field withheld from the page (its
 * path in `withheld_fields`) gives no hash. A finished loop iteration without a diff changed no code;
 * an imported run without one did not record it.
 *
 * @example
 * iterationSignals(page) // { hunks: ['1f0c9a2b'], plan: 'a41b02c7', tests: '9c0d5e11', disagrees: false }
 */
export function iterationSignals(page: SignalPage): IterationSignals {
  if (page.status === 'withheld') return { hunks: null, plan: null, tests: null, disagrees: null };
  const withheld = (field: string) => page.withheld_fields.some((f) => f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`));
  const noDiff = page.status === 'complete' && page.source === undefined ? [] : null;
  const tests = page.tests === null || withheld('tests') ? null : page.tests;
  return {
    hunks: withheld('diff') ? null : page.diff === null ? noDiff : hunkHashes(page.diff),
    plan: page.plan === null || withheld('plan') ? null : planHash(page.plan),
    tests: tests === null ? null : testsHash(tests),
    disagrees: page.verdict === null || tests === null || withheld('verdict') ? null : verdictDisagreement({ verdict: page.verdict, tests }) !== null,
  };
}

/** The public form's grammar: hashes, `?` where not known, `h:` alone when no code changed. */
export const SIGNALS_PATTERN = /^h:(\?|(?:[0-9a-f]{8}(?:,[0-9a-f]{8})*)?) p:(\?|[0-9a-f]{8}) t:(\?|[0-9a-f]{8}) d:([yn?])$/;

/**
 * The signals as site-data.json carries them.
 *
 * @example
 * encodeSignals({ hunks: [], plan: 'a41b02c7', tests: null, disagrees: false }) // 'h: p:a41b02c7 t:? d:n'
 */
export function encodeSignals(signals: IterationSignals): string {
  const known = (value: string | null) => value ?? '?';
  const disagrees = signals.disagrees === null ? '?' : signals.disagrees ? 'y' : 'n';
  return `h:${signals.hunks === null ? '?' : signals.hunks.join(',')} p:${known(signals.plan)} t:${known(signals.tests)} d:${disagrees}`;
}

/**
 * The signals of a summary; null when it has none (published before journey worked them out) or
 * they do not parse.
 *
 * @example
 * decodeSignals('h: p:a41b02c7 t:? d:n') // { hunks: [], plan: 'a41b02c7', tests: null, disagrees: false }
 */
export function decodeSignals(text: string | undefined): IterationSignals | null {
  const match = text === undefined ? null : SIGNALS_PATTERN.exec(text);
  if (!match) return null;
  const [, hunks, plan, tests, disagrees] = match as unknown as [string, string, string, string, string];
  const known = (value: string) => (value === '?' ? null : value);
  return {
    hunks: hunks === '?' ? null : hunks === '' ? [] : hunks.split(','),
    plan: known(plan), tests: known(tests), disagrees: disagrees === '?' ? null : disagrees === 'y',
  };
}
