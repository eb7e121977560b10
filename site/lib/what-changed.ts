// The overview's "what changed" in words: each group of site-data's `changes` as lines of text, links
// and times, one line per change, or one summary line when the publisher summarised the group.
import type { Changes } from '../../contract/site-data-schema.ts';
import { plural } from './format.ts';

/** A piece of a line: text, a link, or a time from the data (the page shows it in a <time>). */
export type Segment = string | { href: string; text: string } | { time: string };

export interface ChangeGroup {
  kind: 'iterations' | 'verdicts' | 'parity';
  heading: string;
  /** True when the group is one summary line, not a line per change. */
  summarised: boolean;
  lines: Segment[][];
}

const VERDICT_WORDS = { pass: 'passed', fail: 'failed', partial: 'partial', error: 'errored' } as const;

const iterationLink = (n: number): Segment => ({ href: `/iterations/${n}/`, text: `iteration ${n}` });
/** A change's own time, or words saying its record has none. */
const timeOf = (at: string | null): Segment => (at === null ? 'time not recorded' : { time: at });

type Span = Pick<Changes['iterations'], 'first' | 'last' | 'from' | 'to'>;

/** "1 to 42" or "7". */
const rangeOf = (span: Span) => (span.first === span.last ? `${span.first}` : `${span.first} to ${span.last}`);

/** "from <time> to <time>", "at <time>", or "times not recorded". */
function whenOf(span: Span): Segment[] {
  if (span.from === null || span.to === null) return ['times not recorded'];
  return span.from === span.to ? ['at ', { time: span.from }] : ['from ', { time: span.from }, ' to ', { time: span.to }];
}

/** "30 passed, 12 failed, 1 not judged": the counts that are not 0. */
function countWords(counts: Record<string, number>, words: Record<string, string>): string {
  return Object.entries(words).filter(([key]) => (counts[key] ?? 0) > 0).map(([key, word]) => `${counts[key]} ${word}`).join(', ');
}

function iterationState(item: Changes['iterations']['items'][number]): string {
  const status = item.status === 'complete' ? 'finished' : item.status === 'in-progress' ? 'in progress' : 'withheld';
  return [item.new ? 'new' : '', status, item.verdict ?? ''].filter(Boolean).join(', ');
}

function iterationLines(group: Changes['iterations'], summarised: boolean): Segment[][] {
  if (summarised) {
    const verdicts = countWords({ ...group.verdicts, unjudged: group.unjudged }, { ...VERDICT_WORDS, unjudged: 'not judged' });
    return [[`${plural(group.count, 'iteration')}, ${rangeOf(group)}, `, ...whenOf(group), `; ${verdicts}.`]];
  }
  return group.items.map((item) => [timeOf(item.at), ': ', iterationLink(item.number),
    item.status === 'withheld' ? ` (${iterationState(item)})` : ` ${item.title} (${iterationState(item)})`]);
}

function verdictLines(group: Changes['verdicts'], summarised: boolean): Segment[][] {
  if (summarised) {
    return [[`${plural(group.count, 'verdict')} new or changed, iterations ${rangeOf(group)}, `, ...whenOf(group), `; ${countWords(group.verdicts, VERDICT_WORDS) || 'all withdrawn'}.`]];
  }
  return group.items.map((item) => [timeOf(item.at), ': ', iterationLink(item.number),
    item.from === null ? ` judged ${item.to}` : ` ${item.from} → ${item.to ?? 'verdict withdrawn'}`]);
}

function parityLines(group: Changes['parity'], summarised: boolean): Segment[][] {
  if (summarised) {
    const what = group.added === group.count ? `${plural(group.count, 'parity feature')} recorded`
      : group.added === 0 ? `${plural(group.count, 'parity feature')} moved` : `${plural(group.count, 'parity feature')} moved or new (${group.added} new)`;
    const where = group.first === null ? '' : `in iterations ${rangeOf(group)}, `;
    const states = countWords(group.states, { green: 'green', red: 'red', manual: 'manual', 'n/a': 'n/a' });
    return [[`${what}, ${where}`, ...whenOf(group), `; now ${states}.`]];
  }
  return group.items.map((item) => [timeOf(item.at), ': ', { href: `/parity/#feature-${item.id}`, text: item.name },
    ` ${item.from ?? 'new'} → ${item.to}`, ...(item.iteration === null ? [] : [' in ', iterationLink(item.iteration)])]);
}

/**
 * The groups of `changes` that changed anything, each as lines of segments: a line per change (its
 * time first), or one summary line when the publisher kept no items.
 *
 * @example
 * changeGroups(data.changes)[0] // { kind: 'iterations', heading: 'Iterations', summarised: true,
 * //   lines: [['5 iterations, 1 to 5, ', 'from ', { time: '2026-11-21T10:17:00Z' }, ' to ', ..., '; 2 passed, 1 not judged.']] }
 */
export function changeGroups(changes: Changes): ChangeGroup[] {
  const summarised = (group: { count: number; items: readonly unknown[] }) => group.items.length < group.count;
  const groups: ChangeGroup[] = [
    { kind: 'iterations', heading: 'Iterations', summarised: summarised(changes.iterations), lines: iterationLines(changes.iterations, summarised(changes.iterations)) },
    { kind: 'verdicts', heading: 'Verdicts', summarised: summarised(changes.verdicts), lines: verdictLines(changes.verdicts, summarised(changes.verdicts)) },
    { kind: 'parity', heading: 'Parity', summarised: summarised(changes.parity), lines: parityLines(changes.parity, summarised(changes.parity)) },
  ];
  const counts = { iterations: changes.iterations.count, verdicts: changes.verdicts.count, parity: changes.parity.count };
  return groups.filter((g) => counts[g.kind] > 0);
}
