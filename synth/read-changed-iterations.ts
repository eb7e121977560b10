// Incremental ingest: an iteration is re-read only when its stat stamp changed, and re-validated and
// re-redacted only when its content hash changed. Everything else comes from the cache in journey.db.
import { progress } from '../cli/log.ts';
import type { CachedIteration } from './db-iterations.ts';
import type { Verdict } from './loop-schemas.ts';
import { projectIteration, type IterationFacts } from './project-public.ts';
import { readIteration, readIterationStamp } from './read-iteration.ts';
import type { IterationFolder } from './read-loop.ts';
import type { Redactor } from './redact-item.ts';
import { sha256 } from './release-manifest.ts';
import { publicJson } from './plan-public-files.ts';

export interface IterationState {
  number: number;
  folder: string;
  stampKey: string;
  inputHash: string;
  facts: IterationFacts;
  /** `unchanged`: skipped by stamp; `restamped`: read, same content; `projected`: redone. */
  kind: 'unchanged' | 'restamped' | 'projected';
  /** The new page as public JSON (prev/next null) when projected; a string, not an object, to keep
   * a full publish of tens of thousands of iterations small. */
  pageJson?: string;
  cached?: CachedIteration;
}

export interface ChangedIterationsRequest {
  root: string;
  folders: readonly IterationFolder[];
  verdicts: ReadonlyMap<number, Verdict>;
  cache: ReadonlyMap<number, CachedIteration>;
  /** Changes whenever redaction or projection could give a different answer (code, secrets, key, takedowns). */
  epoch: string;
  takenDown: ReadonlySet<number>;
  maxBytes: number;
  redactor: Redactor;
  /** Ignore the cache: read, validate and redact everything. */
  full: boolean;
}

const hashOf = (...parts: string[]) => sha256(parts.join('\0'));

/**
 * Brings every iteration up to date. Unchanged iterations cost one stat per file.
 *
 * @example
 * const states = await readChangedIterations({ root, folders, verdicts, cache, epoch, takenDown, maxBytes, redactor, full: false });
 */
export async function readChangedIterations(request: ChangedIterationsRequest): Promise<IterationState[]> {
  const states: IterationState[] = [];
  const bar = progress('ingest', request.folders.length);
  for (const { number, folder, duplicate } of request.folders) {
    bar.tick();
    const cached = request.cache.get(number);
    const verdict = request.verdicts.get(number);
    const verdictText = verdict ? JSON.stringify(verdict) : '';
    const takenDown = request.takenDown.has(number) ? 'taken-down' : '';
    const context = [request.epoch, folder, verdictText, takenDown, duplicate ? JSON.stringify(duplicate) : ''];
    const stampKey = hashOf(...context, duplicate ? '' : readIterationStamp(request.root, folder));
    const fromCache = (c: CachedIteration, kind: 'unchanged' | 'restamped', inputHash: string): IterationState => ({
      number, folder, stampKey, inputHash, kind, cached: c, facts: { summary: c.summary, byRule: c.byRule, problems: c.problems },
    });
    if (!request.full && cached?.stampKey === stampKey) {
      states.push(fromCache(cached, 'unchanged', cached.inputHash));
      continue;
    }
    const read = duplicate
      ? { input: { number, folder, status: 'withheld' as const }, problems: [duplicate], contentHash: '' }
      : await readIteration(request.root, folder, number, request.maxBytes);
    const inputHash = hashOf(...context, read.contentHash);
    if (!request.full && cached?.inputHash === inputHash) {
      states.push(fromCache(cached, 'restamped', inputHash));
      continue;
    }
    const projected = projectIteration(read.input, read.problems, verdict, request.redactor, takenDown !== '');
    states.push({
      number, folder, stampKey, inputHash, kind: 'projected', pageJson: publicJson(projected.page), ...(cached ? { cached } : {}),
      facts: { summary: projected.summary, byRule: projected.byRule, problems: projected.problems },
    });
  }
  bar.done();
  return states;
}
