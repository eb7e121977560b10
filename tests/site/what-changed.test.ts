// "What changed" on the overview: the publisher's grouping and summary of a publish's changes
// (synth/describe-changes.ts), the page's words for them (site/lib/what-changed.ts), and the badge.
import { describe, expect, it } from 'vitest';
import { CHANGES_LISTED, describeChanges, type ChangeFacts, type PreviousIteration } from '../../synth/describe-changes.ts';
import { changeGroups, type Segment } from '../../site/lib/what-changed.ts';
import { badgeFacts } from '../../contract/badge-facts.ts';
import { statusBadge } from '../../site/lib/status-badge.ts';
import type { IterationSummary, SiteData } from '../../contract/site-data-schema.ts';
import type { Public, PublicText } from '../../core/public-text.ts';
import { siteDataSchema } from '../../contract/site-data-schema.ts';

/** The loop's clock in these fixtures: iteration n ends at 10:00 + n minutes on a fixed day. */
const minute = (n: number) => new Date(Date.UTC(2026, 10, 21, 10, n)).toISOString() as PublicText;
/** The publish's own time: it must never be what a change says. */
const PUBLISHED_AT = '2026-11-21T23:59:00.000Z';

const summary = (number: number, verdict: IterationSummary['verdict'], status: IterationSummary['status'] = 'complete'): Public<IterationSummary> => ({
  number, title: `Iteration ${number} work` as PublicText, status, withheld_reason: null,
  started_at: minute(number - 1), ended_at: status === 'complete' ? minute(number) : null, verdict, score: null,
  tokens_in: 0, tokens_out: 0, cost_usd: 0, redactions: 0, withheld_fields: 0,
});

const facts = (over: Partial<ChangeFacts>): ChangeFacts => ({ previous: null, iterations: [], parity: [], verdictTime: () => null, ...over });
const previousOf = (rows: readonly Public<IterationSummary>[]) =>
  new Map<number, PreviousIteration>(rows.map((r) => [r.number, { status: r.status, verdict: r.verdict }]));
/** A line as the page reads it, times in their ISO form. */
const text = (line: Segment[]) => line.map((s) => (typeof s === 'string' ? s : 'href' in s ? s.text : `<${s.time}>`)).join('');

describe('describeChanges', () => {
  it('summarises the first publish: counts, the iterations it spans and when they happened, verdicts counted', () => {
    const iterations = [...Array.from({ length: 41 }, (_, i) => summary(i + 1, i % 4 === 0 ? 'fail' : 'pass')), summary(42, null, 'in-progress')];
    const changes = describeChanges(facts({ iterations }))!;
    expect(changes.iterations).toEqual({
      count: 42, first: 1, last: 42, from: minute(1), to: minute(41), // 42 is running: its start, 10:41, is its time
      verdicts: { pass: 30, fail: 11, partial: 0, error: 0 }, unjudged: 1, items: [],
    });
    expect(changes.at).toBe(minute(41));
    expect(changeGroups(changes).map((g) => [g.kind, g.summarised, g.lines.map(text)])).toEqual([
      ['iterations', true, [`42 iterations, 1 to 42, from <${minute(1)}> to <${minute(41)}>; 30 passed, 11 failed, 1 not judged.`]],
    ]);
  });

  it('summarises even a small first publish, parity included, each move at its iteration\'s time', () => {
    const changes = describeChanges(facts({
      iterations: [summary(1, 'pass'), summary(2, 'fail')],
      parity: [
        { feature: 'money', name: 'money module', from: null, state: 'green', iteration: 1, at: PUBLISHED_AT },
        { feature: 'fx', name: 'fx module', from: null, state: 'red', iteration: 2, at: PUBLISHED_AT },
      ],
    }))!;
    expect(changes.iterations.items).toEqual([]);
    expect(changes.parity).toMatchObject({ count: 2, added: 2, first: 1, last: 2, from: minute(1), to: minute(2), states: { green: 1, red: 1 }, items: [] });
    expect(JSON.stringify(changes)).not.toContain(PUBLISHED_AT);
    expect(changeGroups(changes).map((g) => text(g.lines[0]!))).toEqual([
      `2 iterations, 1 to 2, from <${minute(1)}> to <${minute(2)}>; 1 passed, 1 failed.`,
      `2 parity features recorded, in iterations 1 to 2, from <${minute(1)}> to <${minute(2)}>; now 1 green, 1 red.`,
    ]);
  });

  it('lists a later publish\'s changes one by one, newest first, each at its own time', () => {
    const before = [summary(1, 'fail'), summary(2, null), summary(3, null, 'in-progress')];
    const now = [summary(1, 'pass'), summary(2, null), summary(3, 'partial'), summary(4, null, 'in-progress')];
    const verdictTimes = new Map([[1, minute(50)], [3, minute(51)]]);
    const changes = describeChanges(facts({
      previous: previousOf(before), iterations: now, verdictTime: (n) => verdictTimes.get(n) ?? null,
      parity: [{ feature: 'fx', name: 'fx module', from: 'red', state: 'green', iteration: 3, at: PUBLISHED_AT }],
    }))!;
    // 3 finished (its end is its time), 4 is new (its start); 2 did not change.
    expect(changes.iterations.items).toEqual([
      { number: 4, title: 'Iteration 4 work', status: 'in-progress', verdict: null, new: true, at: minute(3) },
      { number: 3, title: 'Iteration 3 work', status: 'complete', verdict: 'partial', new: false, at: minute(3) },
    ]);
    expect(changes.verdicts.items).toEqual([
      { number: 3, from: null, to: 'partial', at: minute(51) },
      { number: 1, from: 'fail', to: 'pass', at: minute(50) },
    ]);
    expect(changes.parity.items).toEqual([{ id: 'fx', name: 'fx module', from: 'red', to: 'green', iteration: 3, at: minute(3) }]);
    expect(changes.at).toBe(minute(51));
    expect(changeGroups(changes).map((g) => [g.heading, g.summarised, g.lines.map(text)])).toEqual([
      ['Iterations', false, [`<${minute(3)}>: iteration 4 Iteration 4 work (new, in progress)`, `<${minute(3)}>: iteration 3 Iteration 3 work (finished, partial)`]],
      ['Verdicts', false, [`<${minute(51)}>: iteration 3 judged partial`, `<${minute(50)}>: iteration 1 fail → pass`]],
      ['Parity', false, [`<${minute(3)}>: fx module red → green in iteration 3`]],
    ]);
    expect(changeGroups(changes)[2]!.lines[0]).toContainEqual({ href: '/parity/#feature-fx', text: 'fx module' });
  });

  it(`summarises a group of more than ${CHANGES_LISTED} changes and lists the others`, () => {
    const before = Array.from({ length: 20 }, (_, i) => summary(i + 1, 'fail'));
    const now = [...before.map((s) => ({ ...s, verdict: 'pass' as const })), summary(21, 'pass')];
    const changes = describeChanges(facts({ previous: previousOf(before), iterations: now, verdictTime: (n) => minute(30 + n) }))!;
    expect(changes.verdicts).toMatchObject({ count: 20, first: 1, last: 20, from: minute(31), to: minute(50), verdicts: { pass: 20 }, items: [] });
    expect(changes.iterations.items.map((i) => i.number)).toEqual([21]);
    expect(changeGroups(changes).map((g) => [g.kind, g.summarised])).toEqual([['iterations', false], ['verdicts', true]]);
    expect(text(changeGroups(changes)[1]!.lines[0]!)).toBe(`20 verdicts new or changed, iterations 1 to 20, from <${minute(31)}> to <${minute(50)}>; 20 passed.`);
  });

  it('says nothing changed when nothing did, and leaves a withheld page\'s verdict out', () => {
    const rows = [summary(1, 'pass'), summary(2, 'fail')];
    expect(describeChanges(facts({ previous: previousOf(rows), iterations: rows }))).toBeNull();
    const takenDown = { ...summary(2, null), status: 'withheld' as const, started_at: null, ended_at: null };
    const changes = describeChanges(facts({ previous: previousOf(rows), iterations: [rows[0]!, takenDown] }))!;
    expect(changes.verdicts.count).toBe(0);
    expect(changes.iterations.items).toEqual([{ number: 2, title: 'Iteration 2 work', status: 'withheld', verdict: null, new: false, at: null }]);
    expect(changeGroups(changes)[0]!.lines.map(text)).toEqual(['time not recorded: iteration 2 (withheld)']);
  });

  it('gives data the site-data schema accepts', () => {
    const changes = describeChanges(facts({ iterations: [summary(1, 'pass')] }));
    expect(siteDataSchema.shape.changes.safeParse(changes).success).toBe(true);
  });
});

describe('the status badge', () => {
  const data = (over: Partial<SiteData>): SiteData => ({
    ...({} as SiteData), state: null, iterations: [summary(1, 'pass'), summary(7, 'fail')], parity: null, withheld_sections: [],
    health: { latest: null, series: [] }, ...over,
  });

  it('names the iteration, parity green of all features and the heartbeat state the overview shows', () => {
    const parity = { counts: { green: 2, red: 1, manual: 0, 'n/a': 0 }, features: ['a', 'b', 'c'].map((id) => ({ id, name: id, state: 'green' as const, note: null, iteration: null, history: [] })) };
    const latest = { ts: minute(0), overall: 'OK' as const, heartbeat_age_s: 700 };
    const facts = badgeFacts(data({ parity, health: { latest, series: [] } }));
    expect(facts).toEqual({ iteration: 7, parity: { green: 2, total: 3 }, health: 'WARN' }); // 700 s: the overview's WARN
    const svg = statusBadge(facts);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="20" role="img" aria-label="journey: iteration 7 · parity 2\/3 · health WARN">/);
    expect(svg).toContain('fill="#dfb317"'); // WARN's yellow
    expect(svg).not.toMatch(/<script|<a\b|href=|@import|url\((?!#)/);
  });

  it('says waiting before the loop starts and unknown health without a sample', () => {
    const svg = statusBadge(badgeFacts(data({ iterations: [] })));
    expect(svg).toContain('aria-label="journey: waiting · health unknown"');
    expect(svg).toContain('fill="#9f9f9f"');
  });
});
