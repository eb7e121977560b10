// The step pages of an iteration whose trace is too long for one page (contract/trace-pages.ts): one
// file each, iterations/<n>/steps/<k>.html, served as /iterations/<n>/steps/<k>/. Only a page that has
// a trace is parsed, and an unchanged one is not even read: its count comes from the current release.
import { JourneyError } from '../../core/journey-error.ts';
import { sha256 } from '../../core/public-json.ts';
import type { IterationPage } from '../../contract/site-data-schema.ts';
import { traceChunks, traceStepPage, type TraceChunk } from '../../contract/trace-pages.ts';
import type { PublicIteration } from '../plan-public-files.ts';
import type { ManifestEntry } from './release-manifest.ts';

/**
 * The folder of iteration `n`'s step pages in a release (a takedown removes it with the page).
 *
 * @example
 * stepPagesFolder(7) // 'iterations/7/steps/'
 */
export const stepPagesFolder = (n: number): string => `iterations/${n}/steps/`;

/** `"trace"` as a top-level key of a public JSON file (one-space indentation; no raw newline is ever inside a string). */
const TRACE_KEY = '\n "trace": ';

const JSON_FILE = /^iterations\/(\d+)\.json$/;
const STEP_FILE = /^iterations\/(\d+)\/steps\/\d+\.html$/;

/** What the current release holds of one iteration: its JSON's sha256 and how many step pages were made from it. */
export type KnownStepPages = ReadonlyMap<number, { sha?: string; pages: number }>;

/**
 * Step pages per iteration in a release's files, with the sha256 of the JSON they were made from.
 *
 * @example
 * knownStepPages(readManifest(dataDir, currentId) ?? []).get(7) // { sha: 'ab12...', pages: 16 }
 */
export function knownStepPages(entries: readonly ManifestEntry[]): KnownStepPages {
  const known = new Map<number, { sha?: string; pages: number }>();
  const at = (n: number) => known.get(n) ?? known.set(n, { pages: 0 }).get(n)!;
  for (const entry of entries) {
    if (!entry.path.startsWith('iterations/')) continue;
    const json = JSON_FILE.exec(entry.path);
    if (json) at(Number(json[1])).sha = entry.sha256;
    const step = STEP_FILE.exec(entry.path);
    if (step) at(Number(step[1])).pages++;
  }
  return known;
}

/** What planning step pages needs of the release's inputs. */
export interface StepPageInputs {
  siteHash: string;
  iterationText(file: PublicIteration): string;
  renderIteration(route: string, pageJson: string, as?: 'page' | 'stepPage'): Promise<Uint8Array>;
}

/** How many pages past the iteration page the trace of a page's public JSON takes (0 without a trace). */
function extraPages(text: string): number {
  if (!text.includes(TRACE_KEY)) return 0;
  return Math.max(0, traceChunks(JSON.parse(text) as IterationPage).length - 1);
}

/**
 * The step page files of one iteration (none for nearly all), keyed like its page: site code plus its
 * JSON's sha256. An unchanged iteration (no new text) takes its count from `known` when the current
 * release was made from the same JSON: the chunking is contract/ code, and new contract/ code makes every
 * page's text again (it is in the pipeline's code hash), so the same JSON there means the same chunks.
 *
 * @example
 * planStepPages(file, inputs, knownStepPages(previous)) // [{ path: 'iterations/7/steps/2.html', key, make }, ...]
 */
export function planStepPages(file: PublicIteration, inputs: StepPageInputs, known: KnownStepPages | undefined): { path: string; key: string; make(): Promise<Uint8Array> }[] {
  const before = known?.get(file.number);
  const count = file.text === undefined && before !== undefined && before.sha === file.sha ? before.pages : extraPages(file.text ?? inputs.iterationText(file));
  if (count === 0) return [];
  const key = sha256(`${inputs.siteHash}\0/iterations/[n]/steps/[k]/\0${file.sha}`);
  const make = stepPageMaker(file, inputs, count);
  return Array.from({ length: count }, (_, i) => ({ path: `${stepPagesFolder(file.number)}${i + 2}.html`, key, make: () => make(i + 2) }));
}

/** Renders step page k from the iteration's JSON, parsed once for all its step pages and let go after the last. */
function stepPageMaker(file: PublicIteration, inputs: StepPageInputs, count: number): (k: number) => Promise<Uint8Array> {
  let parsed: { page: IterationPage; chunks: TraceChunk[] } | undefined;
  let left = count;
  return (k) => {
    if (parsed === undefined) {
      const page = JSON.parse(file.text ?? inputs.iterationText(file)) as IterationPage;
      parsed = { page, chunks: traceChunks(page) };
    }
    if (parsed.chunks.length !== count + 1) {
      throw new JourneyError('JOURNEY_INTERNAL', `iteration ${file.number}: ${count} step pages were planned, its trace now makes ${parsed.chunks.length - 1}`, {
        fix: 'Publish again with --full: every page is planned from its data then.',
      });
    }
    const json = JSON.stringify(traceStepPage(parsed.page, parsed.chunks, k, file.sha));
    if (--left === 0) parsed = undefined;
    return inputs.renderIteration(`/iterations/${file.number}/steps/${k}/`, json, 'stepPage');
  };
}
