// The overview's "what changed": this publish's changes against the last one, grouped (iterations,
// verdicts, parity moves), each at the loop's own time of it, a large group summarised. Pure: no clock.
import { PARITY_STATES, VERDICTS, type Changes, type IterationSummary } from '../contract/site-data-schema.ts';
import type { Public, PublicText } from '../core/public-text.ts';
import type { ParityChangeRow } from '../state/parity.ts';

/** Changes of a group listed one by one; past this the group is summarised. */
export const CHANGES_LISTED = 10;

/** What the last publish showed of an iteration: enough to tell what is new since. */
export interface PreviousIteration {
  status: IterationSummary['status'];
  verdict: IterationSummary['verdict'];
}

export interface ChangeFacts {
  /** The last publish's iterations by number (its site-data.json); null on the first publish. */
  previous: ReadonlyMap<number, PreviousIteration> | null;
  /** This publish's iterations (public summaries). */
  iterations: readonly Public<IterationSummary>[];
  /** The parity moves this publish records (from the redacted matrix). */
  parity: readonly ParityChangeRow[];
  /** When an iteration's verdict was given: its public page's `verdict.ts`. */
  verdictTime: (number: number) => PublicText | null;
}

type Group<K extends 'iterations' | 'verdicts' | 'parity'> = Public<Changes[K]>;
type Span = Pick<Changes['iterations'], 'count' | 'first' | 'last' | 'from' | 'to'>;

/** An iteration's own time: its end, else its start. */
const timeOf = (summary: Public<IterationSummary> | undefined): PublicText | null => summary?.ended_at ?? summary?.started_at ?? null;

/** The earliest and the newest of some ISO times (unreadable ones skipped). */
function timeRange<T extends string>(times: readonly (T | null)[]): { from: T | null; to: T | null } {
  const known = times.filter((t): t is T => t !== null && !Number.isNaN(Date.parse(t))).sort((a, b) => Date.parse(a) - Date.parse(b));
  return { from: known[0] ?? null, to: known.at(-1) ?? null };
}

/** How many changes, the iterations they name and when they happened. */
function spanOf(numbers: readonly (number | null)[], times: readonly (PublicText | null)[]): Public<Span> {
  const named = numbers.filter((n): n is number => n !== null);
  return {
    count: numbers.length, first: named.length > 0 ? Math.min(...named) : null, last: named.length > 0 ? Math.max(...named) : null,
    ...timeRange(times),
  };
}

function countBy<K extends string>(values: readonly (K | null)[], keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, values.filter((v) => v === key).length])) as Record<K, number>;
}

function iterationGroup(facts: ChangeFacts, summarise: (n: number) => boolean): Group<'iterations'> {
  const changed = facts.iterations.filter((it) => {
    const before = facts.previous?.get(it.number);
    return before === undefined || before.status !== it.status;
  }).sort((a, b) => b.number - a.number);
  const items = changed.map((it) => ({
    number: it.number, title: it.title, status: it.status, verdict: it.verdict, new: !facts.previous?.has(it.number), at: timeOf(it),
  }));
  return {
    ...spanOf(items.map((i) => i.number), items.map((i) => i.at)),
    verdicts: countBy(items.map((i) => i.verdict), VERDICTS), unjudged: items.filter((i) => i.verdict === null).length,
    items: summarise(items.length) ? [] : items,
  };
}

/** A verdict counts as changed between two publishes that both show it: a withheld page shows none. */
function verdictGroup(facts: ChangeFacts, summarise: (n: number) => boolean): Group<'verdicts'> {
  const items = facts.iterations.flatMap((it) => {
    const before = facts.previous?.get(it.number);
    if (before === undefined || before.status === 'withheld' || it.status === 'withheld' || before.verdict === it.verdict) return [];
    return [{ number: it.number, from: before.verdict, to: it.verdict, at: it.verdict === null ? null : facts.verdictTime(it.number) }];
  }).sort((a, b) => b.number - a.number);
  return {
    ...spanOf(items.map((i) => i.number), items.map((i) => i.at)),
    verdicts: countBy(items.map((i) => i.to), VERDICTS), items: summarise(items.length) ? [] : items,
  };
}

function parityGroup(facts: ChangeFacts, summarise: (n: number) => boolean): Group<'parity'> {
  const byNumber = new Map(facts.iterations.map((it) => [it.number, it]));
  // Feature ids and names come from the redacted matrix.
  const items = facts.parity.map((c) => ({
    id: c.feature as PublicText, name: c.name as PublicText, from: c.from, to: c.state, iteration: c.iteration,
    at: c.iteration === null ? null : timeOf(byNumber.get(c.iteration)),
  })).sort((a, b) => (b.iteration ?? -1) - (a.iteration ?? -1));
  return {
    ...spanOf(items.map((i) => i.iteration), items.map((i) => i.at)),
    states: countBy(items.map((i) => i.to), PARITY_STATES), added: items.filter((i) => i.from === null).length,
    items: summarise(items.length) ? [] : items,
  };
}

/**
 * What this publish changed: iterations new or with a new status, verdicts new or changed on pages
 * published before, parity moves. Each change carries its own time (an iteration's end or start, a
 * verdict's ts, a parity move's iteration's time), never the publish's. A group of more than
 * CHANGES_LISTED changes, and every group of the first publish, keeps only its summary. Null when
 * nothing changed (the caller keeps the last publish's).
 *
 * @example
 * const changes = describeChanges({ previous: null, iterations: summaries, parity: [], verdictTime: () => null });
 * changes?.iterations.count // every iteration: the first publish
 * changes?.iterations.items // []: summarised
 */
export function describeChanges(facts: ChangeFacts): Public<Changes> | null {
  const summarise = (n: number) => facts.previous === null || n > CHANGES_LISTED;
  const iterations = iterationGroup(facts, summarise);
  const verdicts = verdictGroup(facts, summarise);
  const parity = parityGroup(facts, summarise);
  if (iterations.count + verdicts.count + parity.count === 0) return null;
  return { at: timeRange([iterations.to, verdicts.to, parity.to]).to, iterations, verdicts, parity };
}
