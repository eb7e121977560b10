// A long step trace in pages: cut by an estimate of each page's HTML bytes, every step on exactly one
// page and in order, subagent runs after the run's own steps, a huge step alone, a short trace unpaged.
import { describe, expect, it } from 'vitest';
import type { IterationPage, TracePublicStep } from '../../contract/site-data-schema.ts';
import { chunkLabel, chunkParts, htmlBytes, TRACE_PAGE_BYTES, traceChunks, type TraceChunk, traceStepPage } from '../../contract/trace-pages.ts';

/** About `chars` characters of varied words with the characters a page escapes. */
function text(seed: number, chars: number): string {
  const words = ['river', 'lantern', 'a < b', 'x && y', '"quoted"', "it's", 'meadow', 'copper', 'café', 'ember'];
  let out = '';
  for (let i = seed; out.length < chars; i++) out += `${words[(i * 7) % words.length]}${i % 12 === 0 ? '\n' : ' '}`;
  return out.slice(0, chars);
}

function step(n: number, chars: number, extra: Partial<TracePublicStep> = {}): TracePublicStep {
  return {
    n, source: 'agent', timestamp: '2026-01-01T00:00:00Z', model: 'story-model', message: text(n, chars), reasoning: null,
    tool_calls: [], observations: [], metrics: null, copied: false, ...extra,
  };
}

const steps = (count: number, chars: number) => Array.from({ length: count }, (_, i) => step(i + 1, chars));

function pageWith(main: TracePublicStep[], subruns: TracePublicStep[][] = []): IterationPage {
  return {
    number: 7, title: 'A long run', status: 'complete', withheld_reason: null, started_at: '2026-01-01T00:00:00Z', ended_at: '2026-01-01T01:00:00Z',
    phases: [], plan: null, diff: null, judge: null, tests: null, log: null, log_lines_withheld: 0, redactions: { total: 2, by_rule: { 'github-token': 2 } },
    withheld_fields: [], notes: [], verdict: null, source: { format: 'atif', record: 'long.json', agent: null, task: 'Tell the story.' },
    trace: { steps: main, steps_not_kept: 0, subruns: subruns.map((s, i) => ({ record: `long.json#sub-${i + 1}`, title: `Helper ${i + 1}`, steps: s })) },
    prev: null, next: null,
  };
}

/** Every step a page list shows, as `<run>:<n>`, in page order. */
const covered = (page: IterationPage, chunks: readonly TraceChunk[]) => chunks.flatMap((chunk) => chunkParts(page.trace!, chunk)
  .flatMap((part) => part.steps.map((s) => `${part.run}:${s.n}`)));

/** The bytes of a page's texts alone, escaped: a floor under what the page renders. */
const textBytes = (page: IterationPage, chunk: TraceChunk) => chunkParts(page.trace!, chunk).flatMap((part) => part.steps)
  .reduce((sum, s) => sum + htmlBytes(s.message) + s.observations.reduce((o, obs) => o + htmlBytes(obs.content), 0), 0);

describe('the pages of a long trace', () => {
  it('counts each text as the page writes it: UTF-8 bytes, escaped characters as their entities', () => {
    expect(htmlBytes('a < b')).toBe(8);
    expect(htmlBytes('&"\'>')).toBe(5 + 6 + 5 + 4);
    expect(htmlBytes('café')).toBe(5);
    expect(htmlBytes('€')).toBe(3);
    expect(htmlBytes('😀')).toBeGreaterThanOrEqual(4);
    expect(htmlBytes(null)).toBe(0);
  });

  it('leaves a trace that fits on the iteration page unpaged, and a withheld page or one without a trace too', () => {
    const short = pageWith(steps(40, 2_000), [steps(5, 500)]);
    expect(traceChunks(short)).toEqual([]);
    const long = pageWith(steps(300, 8_000));
    expect(traceChunks({ ...long, status: 'withheld' })).toEqual([]);
    const { trace: _trace, ...untraced } = long;
    expect(traceChunks(untraced)).toEqual([]);
  });

  it('pages 2,000 steps of 8,000-character texts under the budget, every step exactly once and in order, the same way every time', () => {
    const page = pageWith(steps(2000, 8_000));
    const chunks = traceChunks(page);
    expect(chunks.length).toBeGreaterThan(20);
    expect(chunks.map((c) => c.k)).toEqual(chunks.map((_, i) => i + 1));
    expect(covered(page, chunks)).toEqual(page.trace!.steps.map((s) => `0:${s.n}`));
    for (const chunk of chunks) expect(textBytes(page, chunk), `page ${chunk.k}`).toBeLessThanOrEqual(TRACE_PAGE_BYTES);
    // Pages are filled, not cut early: each but the last holds more than half a page.
    for (const chunk of chunks.slice(0, -1)) expect(textBytes(page, chunk), `page ${chunk.k}`).toBeGreaterThan(TRACE_PAGE_BYTES / 2);
    expect(traceChunks(structuredClone(page))).toEqual(chunks);
    expect(chunkLabel(page.trace!, chunks[0]!)).toMatch(/^Steps 1–\d+$/);
    expect(chunkLabel(page.trace!, chunks.at(-1)!)).toMatch(/^Steps \d+–2000$/);
  });

  it('pages the subagent runs\' steps after the run\'s own, with their anchor prefix and run on each page', () => {
    const page = pageWith(steps(100, 8_000), [steps(150, 8_000), steps(3, 100), steps(120, 8_000)]);
    const chunks = traceChunks(page);
    const expected = [0, 1, 2, 3].flatMap((run) => (run === 0 ? page.trace!.steps : page.trace!.subruns[run - 1]!.steps).map((s) => `${run}:${s.n}`));
    expect(covered(page, chunks)).toEqual(expected);
    const parts = chunks.flatMap((chunk) => chunkParts(page.trace!, chunk));
    expect(parts.filter((p) => p.run === 2)).toEqual([expect.objectContaining({ prefix: 'sub-2-', record: 'long.json#sub-2', title: 'Helper 2', total: 3 })]);
    expect(new Set(parts.filter((p) => p.run === 3).map((p) => p.prefix))).toEqual(new Set(['sub-3-']));
    // A page holding the end of one run and the start of the next names both ends.
    const spanning = chunks.find((chunk) => chunk.segments.length > 1)!;
    expect(chunkLabel(page.trace!, spanning)).toMatch(/^(Step|Subagent \d, step) \d+ to subagent \d, step \d+$/);
    expect(chunkLabel(page.trace!, chunks.at(-1)!)).toMatch(/^Subagent 3, steps \d+–120$/);
  });

  it('gives a step larger than a page\'s budget a page of its own', () => {
    const observations = Array.from({ length: 90 }, () => ({ call_id: null, content: text(3, 8_000), bytes: 8_000, subrun: null }));
    const main = [...steps(60, 8_000), step(61, 100, { observations }), ...steps(60, 8_000).map((s) => ({ ...s, n: s.n + 61 }))];
    const page = pageWith(main);
    const chunks = traceChunks(page);
    const alone = chunks.find((chunk) => chunkParts(page.trace!, chunk).some((part) => part.steps.some((s) => s.n === 61)))!;
    expect(chunkParts(page.trace!, alone).flatMap((part) => part.steps.map((s) => s.n))).toEqual([61]);
    expect(textBytes(page, alone)).toBeGreaterThan(TRACE_PAGE_BYTES);
    expect(covered(page, chunks)).toEqual(main.map((s) => `0:${s.n}`));
  });

  it('gives a step page its own steps, every page\'s label and the iteration page\'s facts', () => {
    const page = pageWith(steps(400, 8_000));
    const chunks = traceChunks(page);
    const data = traceStepPage(page, chunks, 2, 'ab'.repeat(32));
    expect(data).toMatchObject({ number: 7, title: 'A long run', k: 2, facts: { hash: 'ab'.repeat(32), redacted: { 'github-token': 2 }, withheld: 0 } });
    expect(data.labels).toEqual(chunks.map((chunk) => chunkLabel(page.trace!, chunk)));
    expect(data.parts.flatMap((part) => part.steps.map((s) => s.n))).toEqual(chunkParts(page.trace!, chunks[1]!)[0]!.steps.map((s) => s.n));
    expect(data.facts.stamps).toContain('2026-01-01T01:00:00Z');
    expect(() => traceStepPage(page, chunks, 1, '')).toThrow(RangeError);
    expect(() => traceStepPage(page, chunks, chunks.length + 1, '')).toThrow(RangeError);
  });
});
