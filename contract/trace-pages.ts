// A long step trace cut into pages by an estimate of their HTML size, so that no page nears 1 MB: the
// iteration page shows the first chunk, /iterations/<n>/steps/<k>/ each later one. Pure and
// deterministic: the site renders the chunks and the release planner lists their files from the same data.
import type { IterationPage, TracePublicStep } from './site-data-schema.ts';

/**
 * Estimated bytes of trace one page holds. The estimate counts every escape, so a page's trace is at
 * most this; the layout and the page list add a few KB: a page stays near 600 KB, far under 1 MB.
 */
export const TRACE_PAGE_BYTES = 600_000;

/** Markup around one step (section, heading, anchor, badges, model, time, tokens, cost), rounded up. */
const STEP_BYTES = 800;
/** Markup around one tool call, rounded up. */
const CALL_BYTES = 200;
/** Markup around one observation (its size line, the fold), rounded up. */
const OBSERVATION_BYTES = 350;
/** Markup of a subagent run's heading, rounded up. */
const SUBRUN_BYTES = 400;
/** The layout and the iteration page's tables around its texts (phases, models, facts), rounded up. */
const PAGE_FRAME_BYTES = 30_000;
/** The iteration page's other texts can grow in the page (a highlighted diff wraps each token in a span). */
const OTHER_TEXT_FACTOR = 3;

/** What each ASCII character adds to its one byte in a page: `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`. */
const ESCAPE_EXTRA = new Uint8Array(128);
ESCAPE_EXTRA[0x26] = 4;
ESCAPE_EXTRA[0x3c] = 3;
ESCAPE_EXTRA[0x3e] = 3;
ESCAPE_EXTRA[0x22] = 5;
ESCAPE_EXTRA[0x27] = 4;

/**
 * Bytes a text takes in a page: UTF-8, each character the renderer escapes counted as its entity.
 * A surrogate half counts 3 bytes (a pair is 4 in UTF-8: generous, never short).
 *
 * @example
 * htmlBytes('a < b') // 8
 */
export function htmlBytes(text: string | null): number {
  if (text === null) return 0;
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? ESCAPE_EXTRA[c]! : c < 0x800 ? 1 : 2;
  }
  return bytes;
}

/** Estimated bytes of one step in a page. */
function stepBytes(step: TracePublicStep): number {
  let bytes = STEP_BYTES + htmlBytes(step.model) + htmlBytes(step.message) + htmlBytes(step.reasoning);
  for (const call of step.tool_calls) bytes += CALL_BYTES + htmlBytes(call.id) + htmlBytes(call.name) + htmlBytes(call.arguments);
  for (const o of step.observations) bytes += OBSERVATION_BYTES + htmlBytes(o.call_id) + htmlBytes(o.subrun) + htmlBytes(o.content);
  return bytes;
}

/** Estimated bytes of the iteration page without its trace: what its first chunk shares the page with. */
function frameBytes(page: IterationPage): number {
  const texts = [page.title, page.source?.task ?? null, page.plan, page.diff, page.judge, page.log, ...page.notes,
    ...(page.tests?.cases ?? []).flatMap((c) => [c.name, c.message])];
  return PAGE_FRAME_BYTES + OTHER_TEXT_FACTOR * texts.reduce((sum, text) => sum + htmlBytes(text), 0);
}

/** Consecutive steps of one run on a page: the run's own (`run` 0) or subagent `run`'s (1-based); `to` is excluded. */
interface TraceSegment {
  run: number;
  from: number;
  to: number;
}

/** One page of a long trace: page 1 is the iteration page, page k ≥ 2 is /iterations/<n>/steps/<k>/. */
export interface TraceChunk {
  k: number;
  segments: TraceSegment[];
}

type Trace = NonNullable<IterationPage['trace']>;

/** Estimated bytes of subagent run `run`'s heading. */
const headingBytes = (trace: Trace, run: number) => SUBRUN_BYTES + htmlBytes(trace.subruns[run - 1]!.title) + htmlBytes(trace.subruns[run - 1]!.record);

const stepsOf = (trace: Trace, run: number): TracePublicStep[] => (run === 0 ? trace.steps : trace.subruns[run - 1]!.steps);

/**
 * The pages of an iteration's trace: its own steps, then each subagent run's, in page order, cut
 * before the step that would take a page past TRACE_PAGE_BYTES (on the first page, what the rest of
 * the iteration page leaves of it, a quarter at least). A page holds at least one step, however
 * large. Empty when the whole trace fits on the iteration page (it is not paged at all), for a page
 * without a trace, and for a withheld page.
 *
 * @example
 * traceChunks(page) // [] for a short trace; [{ k: 1, segments: [{ run: 0, from: 0, to: 57 }] }, { k: 2, ... }, ...] for a long one
 */
export function traceChunks(page: IterationPage): TraceChunk[] {
  const trace = page.trace;
  if (page.status === 'withheld' || trace === undefined) return [];
  const chunks: TraceChunk[] = [];
  let current: TraceChunk = { k: 1, segments: [] };
  // The iteration page keeps room for its other sections, but a long diff does not page a short trace.
  let budget = Math.max(TRACE_PAGE_BYTES / 4, TRACE_PAGE_BYTES - frameBytes(page));
  let used = 0;
  for (let run = 0; run <= trace.subruns.length; run++) {
    const steps = stepsOf(trace, run);
    for (let i = 0; i < steps.length; i++) {
      const last = current.segments.at(-1);
      const opens = last?.run !== run;
      const bytes = stepBytes(steps[i]!) + (opens && run > 0 ? headingBytes(trace, run) : 0);
      if (last !== undefined && used + bytes > budget) {
        chunks.push(current);
        current = { k: current.k + 1, segments: [{ run, from: i, to: i + 1 }] };
        [budget, used] = [TRACE_PAGE_BYTES, bytes + (run > 0 && !opens ? headingBytes(trace, run) : 0)]; // a run's heading again
        continue;
      }
      if (opens) current.segments.push({ run, from: i, to: i + 1 });
      else last.to = i + 1;
      used += bytes;
    }
  }
  if (current.segments.length > 0) chunks.push(current);
  return chunks.length > 1 ? chunks : [];
}

/** `Steps 1–120`, `Step 7`. */
const range = (noun: string, first: number, last: number) => (first === last ? `${noun} ${first}` : `${noun}s ${first}–${last}`);

/**
 * What a page of the trace holds, by step numbers: `Steps 121–260`, `Subagent 2, steps 1–35`, or
 * `Step 1990 to subagent 3, step 4` when it spans runs.
 *
 * @example
 * chunkLabel(page.trace!, chunks[1]!) // 'Steps 58–115'
 */
export function chunkLabel(trace: Trace, chunk: TraceChunk): string {
  const first = chunk.segments[0]!;
  const last = chunk.segments.at(-1)!;
  const n = (segment: TraceSegment, index: number) => stepsOf(trace, segment.run)[index]!.n;
  const where = (segment: TraceSegment) => (segment.run === 0 ? '' : `subagent ${segment.run}, `);
  if (chunk.segments.length === 1) {
    const label = `${where(first)}${range('step', n(first, first.from), n(first, first.to - 1))}`;
    return label[0]!.toUpperCase() + label.slice(1);
  }
  const start = `${where(first)}step ${n(first, first.from)}`;
  return `${start[0]!.toUpperCase()}${start.slice(1)} to ${where(last)}step ${n(last, last.to - 1)}`;
}

/** The steps of one run a page shows, with what its heading needs. */
export interface TracePart {
  /** 0: the run's own steps (no heading); k: subagent run k. */
  run: number;
  /** Anchor prefix of its steps: '' or 'sub-<k>-'. */
  prefix: string;
  record: string | null;
  title: string | null;
  /** Steps of the whole run, on every page. */
  total: number;
  steps: TracePublicStep[];
}

/**
 * The steps a page of the trace shows, run by run.
 *
 * @example
 * chunkParts(page.trace!, chunks[0]!) // [{ run: 0, prefix: '', steps: [steps 1 to 57], ... }]
 */
export function chunkParts(trace: Trace, chunk: TraceChunk): TracePart[] {
  return chunk.segments.map(({ run, from, to }) => {
    const sub = run === 0 ? undefined : trace.subruns[run - 1]!;
    const steps = stepsOf(trace, run);
    return { run, prefix: run === 0 ? '' : `sub-${run}-`, record: sub?.record ?? null, title: sub?.title ?? null, total: steps.length, steps: steps.slice(from, to) };
  });
}

/**
 * The URL of page `k` of iteration `n`'s trace: page 1 is the iteration page itself.
 *
 * @example
 * tracePageHref(7, 1) // '/iterations/7/'; tracePageHref(7, 3) // '/iterations/7/steps/3/'
 */
export const tracePageHref = (n: number, k: number): string => (k === 1 ? `/iterations/${n}/` : `/iterations/${n}/steps/${k}/`);

/** What /iterations/<n>/steps/<k>/ renders: its own steps only, so a render never carries the whole trace. */
export interface TraceStepPage {
  number: number;
  title: string;
  k: number;
  /** Every page's label, page 1 (the iteration page) first. */
  labels: string[];
  parts: TracePart[];
  /** The page-facts line of the iteration page: the same data (iterations/<n>.json, whose sha256 `hash` is). */
  facts: { hash: string; stamps: (string | null)[]; redacted: Record<string, number>; withheld: number };
}

/**
 * The data of step page `k` (2 or more) of a paged trace.
 *
 * @example
 * traceStepPage(page, traceChunks(page), 2, sha256(pageJson)) // { number: 7, k: 2, labels: ['Steps 1–57', 'Steps 58–115', ...], ... }
 */
export function traceStepPage(page: IterationPage, chunks: readonly TraceChunk[], k: number, hash: string): TraceStepPage {
  const chunk = chunks[k - 1];
  if (page.trace === undefined || chunk === undefined || k < 2) throw new RangeError(`iteration ${page.number} has no step page ${k}`);
  const trace = page.trace;
  return {
    number: page.number, title: page.title, k, labels: chunks.map((c) => chunkLabel(trace, c)), parts: chunkParts(trace, chunk),
    facts: {
      hash, redacted: page.redactions.by_rule, withheld: page.withheld_fields.length,
      stamps: [page.started_at, page.ended_at, page.verdict?.ts ?? null, ...page.phases.flatMap((p) => [p.started_at, p.ended_at])],
    },
  };
}
