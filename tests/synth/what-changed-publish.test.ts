// The overview's "what changed" as the real publisher writes it: a first publish summarised, a later
// one listing a new iteration, a new verdict and a parity move, each at the loop's time of it.
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import { formatTime } from '../../site/lib/format.ts';
import type { SiteData } from '../../contract/site-data-schema.ts';

const env = { JOURNEY_REDACT_KEY: 'what-changed-test-key-0123456789' };
const current = (dataDir: string, file: string) => readFileSync(path.join(dataDir, 'current', file), 'utf8');
const siteData = (dataDir: string) => JSON.parse(current(dataDir, 'site-data.json')) as SiteData;
/** The overview's #changes section, up to the next section. */
const changesSection = (dataDir: string) => {
  const html = current(dataDir, 'index.html');
  return html.slice(html.indexOf('<h2 id="changes">'), html.indexOf('<h2 id="parity">'));
};
/** Every <time> the section shows: [datetime, text]. */
const timesIn = (html: string) => [...html.matchAll(/<time datetime="([^"]+)">([^<]+)<\/time>/g)].map((m) => [m[1], m[2]]);

describe('what changed, as published', () => {
  it('summarises the first publish and lists the next one\'s changes at their own times, never the publish\'s', async () => {
    const loopDir = tempDir('changes-loop');
    const dataDir = tempDir('changes-data');
    writeTestLoop(loopDir, 5);
    const first = await publishLoop(loopDir, dataDir, { env });
    expect(first.code, first.stderr).toBe(0);

    const data = siteData(dataDir);
    const times = data.iterations.map((it) => it.ended_at ?? it.started_at).filter((t): t is string => t !== null).sort();
    expect(data.changes?.iterations).toMatchObject({ count: 5, first: 1, last: 5, from: times[0], to: times.at(-1), items: [] });
    expect(data.changes?.parity).toMatchObject({ count: data.parity?.features.length, added: data.parity?.features.length, items: [] });
    const section = changesSection(dataDir);
    expect(section).toContain('5 iterations, 1 to 5, from ');
    expect(timesIn(section)).toContainEqual([times[0], formatTime(times[0]!)]);
    expect(section).not.toContain(formatTime(data.state!.updated_at)); // the publish's stamp is no change's time

    // The loop goes on: iteration 6 runs from 12:05 to 12:20, iteration 2 is judged again at 12:30, a red
    // feature turns green in iteration 6, and state.json is written at 13:00 (the publish's stamp).
    const folder6 = path.join(loopDir, 'iterations', '0006');
    cpSync(path.join(loopDir, 'iterations', '0004'), folder6, { recursive: true });
    const meta = JSON.parse(readFileSync(path.join(folder6, 'iteration.json'), 'utf8'));
    writeFileSync(path.join(folder6, 'iteration.json'), JSON.stringify({ ...meta, iteration: 6, started_at: '2026-11-21T12:05:00Z', ended_at: '2026-11-21T12:20:00Z' }));
    appendFileSync(path.join(loopDir, 'verdicts.jsonl'), `${JSON.stringify({
      iteration: 2, verdict: 'pass', score: 0.9, judge: 'judge', ts: '2026-11-21T12:30:00Z', issues: [], summary: 'Holds on a second look.',
    })}\n`);
    const matrix = path.join(loopDir, 'acceptance/parity-matrix.yaml');
    const red = data.parity!.features.find((f) => f.state === 'red')!;
    writeFileSync(matrix, readFileSync(matrix, 'utf8').replace(new RegExp(`(- id: ${red.id}\\n(?:    .*\\n)*?    state: )red\\n(?:    (?:note|iteration): .*\\n)*`), '$1green\n    iteration: 6\n'));
    const state = path.join(loopDir, 'state.json');
    writeFileSync(state, JSON.stringify({ ...JSON.parse(readFileSync(state, 'utf8')), iteration: 6, updated_at: '2026-11-21T13:00:00Z' }));
    const second = await publishLoop(loopDir, dataDir, { env });
    expect(second.code, second.stderr).toBe(0);

    const changes = siteData(dataDir).changes!;
    expect(changes.iterations.items).toEqual([{ number: 6, title: meta.title, status: 'complete', verdict: null, new: true, at: '2026-11-21T12:20:00Z' }]);
    expect(changes.verdicts.items).toEqual([{ number: 2, from: 'fail', to: 'pass', at: '2026-11-21T12:30:00Z' }]);
    expect(changes.parity.items).toEqual([{ id: red.id, name: red.name, from: 'red', to: 'green', iteration: 6, at: '2026-11-21T12:20:00Z' }]);
    expect(changes.at).toBe('2026-11-21T12:30:00Z');
    const listed = changesSection(dataDir);
    expect(timesIn(listed)).toEqual([
      ['2026-11-21T12:20:00Z', '2026-11-21 12:20:00Z'], ['2026-11-21T12:30:00Z', '2026-11-21 12:30:00Z'], ['2026-11-21T12:20:00Z', '2026-11-21 12:20:00Z'],
    ]);
    expect(listed).toContain('<a href="/iterations/2/">iteration 2</a> fail → pass');
    expect(listed).toContain(`<a href="/parity/#feature-${red.id}">${red.name}</a> red → green in <a href="/iterations/6/">iteration 6</a>`);
    expect(listed).not.toContain('13:00');

    // Nothing new: nothing is published, and the overview keeps naming the last changes.
    const third = await publishLoop(loopDir, dataDir, { env });
    expect(third.stderr).toMatch(/nothing changed since release/);
    expect(siteData(dataDir).changes).toEqual(changes);
  }, 180_000);
});
