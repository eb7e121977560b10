// Ingest of what journey's own operations leave in the data folder: the monitor's samples and the
// meta-judge's reviews. Same rules as the loop's files: a bad line is withheld, never fatal.
import { realpathSync } from 'node:fs';
import { OPS_FILES } from '../core/data-layout.ts';
import { isErrno } from '../core/journey-error.ts';
import { monitorSampleSchema, reviewSchema, type MonitorSample, type Review } from '../contract/ops-schemas.ts';
import type { Problem } from '../loop/problem.ts';
import { readJsonLines, type LinesMemory } from '../loop/read-loop.ts';

export interface OpsRecords {
  /** Oldest first. */
  samples: MonitorSample[];
  /** Oldest first. */
  reviews: Review[];
  problems: Problem[];
}

/**
 * Reads the monitor samples and reviews of `dataDir` (missing files: none yet); `which` skips the
 * file a caller does not need (the samples file holds days of records).
 *
 * @example
 * const { samples, reviews } = readOps('/data/autoswe', 20 * 1024 * 1024);
 * const latestReview = readOps(dataDir, maxBytes, ['reviews']).reviews.at(-1);
 */
export function readOps(dataDir: string, maxBytes: number, which: readonly (keyof typeof OPS_FILES)[] = ['samples', 'reviews'], memory?: LinesMemory): OpsRecords {
  let root: string;
  try {
    root = realpathSync(dataDir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { samples: [], reviews: [], problems: [] };
    throw error;
  }
  const reader = { root, maxBytes, problems: [] as Problem[], memory };
  const samples = which.includes('samples') ? readJsonLines(reader, OPS_FILES.samples, monitorSampleSchema, 'JOURNEY_SAMPLE_INVALID') : [];
  const reviews = which.includes('reviews') ? readJsonLines(reader, OPS_FILES.reviews, reviewSchema, 'JOURNEY_REVIEW_INVALID') : [];
  const byTime = (a: { ts: string }, b: { ts: string }) => Date.parse(a.ts) - Date.parse(b.ts);
  // Problems name the data folder, not the loop folder, so the operator looks in the right place.
  const problems = reader.problems.map((p) => ({ ...p, file: `<data>/${p.file}` }));
  return { samples: samples.sort(byTime), reviews: reviews.sort(byTime), problems };
}
