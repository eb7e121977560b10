// The release planner's step pages: one file per later page of a long trace, rendered from its own
// steps; a page without a trace is never parsed, an unchanged one never read.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publicJson, sha256 } from '../../core/public-json.ts';
import type { IterationPage, TracePublicStep } from '../../contract/site-data-schema.ts';
import { chunkParts, traceChunks, type TraceStepPage } from '../../contract/trace-pages.ts';
import type { PublicIteration } from '../../synth/plan-public-files.ts';
import { knownStepPages, planStepPages, type StepPageInputs } from '../../synth/release/plan-step-pages.ts';

const SITE = 'site-code-hash';

function step(n: number): TracePublicStep {
  return {
    n, source: 'agent', timestamp: null, model: null, message: `${'a river & a lantern '.repeat(400)}${n}`, reasoning: null,
    tool_calls: [], observations: [], metrics: null, copied: false,
  };
}

function page(stepCount: number | undefined): IterationPage {
  return {
    number: 7, title: 'A run', status: 'complete', withheld_reason: null, started_at: null, ended_at: null, phases: [], plan: null, diff: null,
    judge: null, tests: null, log: null, log_lines_withheld: 0, redactions: { total: 0, by_rule: {} }, withheld_fields: [], notes: [], verdict: null,
    ...(stepCount === undefined ? {} : { trace: { steps: Array.from({ length: stepCount }, (_, i) => step(i + 1)), steps_not_kept: 0, subruns: [] } }),
    prev: 6, next: null,
  };
}

/** The planner's view of an iteration: its text when it changed this run. */
const fileOf = (text: string, changed: boolean): PublicIteration => ({ number: 7, prev: 6, next: null, sha: sha256(text), ...(changed ? { text } : {}) });

/** Inputs whose reads and renders are recorded. */
function inputsFor(text: string) {
  const renders: { route: string; json: string; as: string | undefined }[] = [];
  const reads: number[] = [];
  const inputs: StepPageInputs = {
    siteHash: SITE,
    iterationText: (file) => {
      reads.push(file.number);
      return text;
    },
    renderIteration: async (route, json, as) => {
      renders.push({ route, json, as });
      return new Uint8Array();
    },
  };
  return { inputs, renders, reads };
}

afterEach(() => vi.restoreAllMocks());

describe('step pages in the release plan', () => {
  it('lists no step page for a page without a trace, and never parses its JSON', () => {
    const text = publicJson(page(undefined));
    const parse = vi.spyOn(JSON, 'parse');
    const { inputs } = inputsFor(text);
    expect(planStepPages(fileOf(text, true), inputs, undefined)).toEqual([]);
    expect(parse).not.toHaveBeenCalled();
    // A short trace is parsed (it has one) and stays on the iteration page.
    expect(planStepPages(fileOf(publicJson(page(30)), true), inputsFor(publicJson(page(30))).inputs, undefined)).toEqual([]);
  });

  it('lists a long trace\'s later pages as iterations/<n>/steps/<k>.html, keyed by site code and JSON, each rendered from its own steps', async () => {
    const long = page(600);
    const text = publicJson(long);
    const chunks = traceChunks(long);
    expect(chunks.length).toBeGreaterThan(3);
    const { inputs, renders } = inputsFor(text);
    const files = planStepPages(fileOf(text, true), inputs, undefined);
    expect(files.map((f) => f.path)).toEqual(chunks.slice(1).map((c) => `iterations/7/steps/${c.k}.html`));
    expect(new Set(files.map((f) => f.key))).toEqual(new Set([sha256(`${SITE}\0/iterations/[n]/steps/[k]/\0${sha256(text)}`)]));
    for (const file of files) await file.make();
    expect(renders.map((r) => [r.route, r.as])).toEqual(chunks.slice(1).map((c) => [`/iterations/7/steps/${c.k}/`, 'stepPage']));
    const second = JSON.parse(renders[0]!.json) as TraceStepPage;
    expect(second.k).toBe(2);
    expect(second.facts.hash).toBe(sha256(text));
    expect(second.parts[0]!.steps.map((s) => s.n)).toEqual(chunkParts(long.trace!, chunks[1]!)[0]!.steps.map((s) => s.n));
    // A render carries one page's steps, not the whole trace.
    for (const render of renders) expect(render.json.length).toBeLessThan(text.length / 2);
  });

  it('counts an unchanged iteration\'s step pages from the current release without reading it, and reads it when that release holds other JSON', () => {
    const text = publicJson(page(600));
    const pages = traceChunks(page(600)).length - 1;
    const manifest = [
      { path: 'iterations/7.json', sha256: sha256(text), bytes: text.length, key: '-' },
      { path: 'iterations/7.html', sha256: 'x', bytes: 1, key: 'k' },
      ...Array.from({ length: pages }, (_, i) => ({ path: `iterations/7/steps/${i + 2}.html`, sha256: 'x', bytes: 1, key: 'k' })),
      { path: 'iterations/70/steps/2.html', sha256: 'x', bytes: 1, key: 'k' },
    ];
    expect(knownStepPages(manifest).get(7)).toEqual({ sha: sha256(text), pages });
    const same = inputsFor(text);
    expect(planStepPages(fileOf(text, false), same.inputs, knownStepPages(manifest))).toHaveLength(pages);
    expect(same.reads).toEqual([]);
    const other = inputsFor(text);
    const older = manifest.map((e) => (e.path === 'iterations/7.json' ? { ...e, sha256: sha256('older text') } : e)).filter((e) => !e.path.includes('/steps/'));
    expect(planStepPages(fileOf(text, false), other.inputs, knownStepPages(older))).toHaveLength(pages);
    expect(other.reads).toEqual([7]);
  });
});
