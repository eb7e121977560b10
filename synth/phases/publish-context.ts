// The context every phase of one publish shares, resolved once: settings, clock, detector, caches' epoch, and where the run records its timings, counts and threads.
import { JourneyError } from '../../core/journey-error.ts';
import { info, phase } from '../../core/log.ts';
import type { JourneyConfig } from '../../config/config-schema.ts';
import { createDetector, type Detector } from '../../redact/detect.ts';
import { readDetectorOptions } from '../../redact/read-detector.ts';
import { audit, write, type Db } from '../../state/db.ts';
import { newestFirst } from '../../state/releases.ts';
import { sha256 } from '../../core/public-json.ts';
import type { PublicProblem } from '../../loop/problem.ts';
import { readPipelineCodeHash } from '../read-code-hash.ts';
import { readDiskUsedPercent } from '../read-disk-usage.ts';
import { readTakenDown } from '../../state/takedowns.ts';
import { createRedactor } from '../redact-item.ts';
import type { Redactor } from '../../redact/redact-text.ts';
import { defaultThreads, POOL_MIN_ITEMS, ThreadPool } from '../thread-pool.ts';
import { recoverReleases } from '../release/write-release.ts';
import type { IterationWatch } from '../../loop/watch-iterations.ts';
import type { LinesMemory } from '../../loop/read-loop.ts';

export interface SynthOptions {
  config: JourneyConfig & { loopDir: string };
  /** Build and publish; without it only <data>/public is refreshed. */
  rebuildSite: boolean;
  /** Ignore every cache: re-read, re-redact and re-render everything (same bytes as incremental). */
  full?: boolean;
  /** Do everything up to the swap, then throw the result away. */
  dryRun?: boolean;
  /** Run the configured narrative command (false with --no-codex-cleanup). */
  narrative?: boolean;
  /** What asked for this run: manual, timer, trigger, takedown... (recorded with the run). */
  trigger?: string;
  /** The clock (tests pin it). */
  now?: () => Date;
  /** The publish worker's watch of the iteration folders: only changed folders are stat'ed. */
  stamps?: Pick<IterationWatch, 'stampOf'>;
  /** The publish worker's memory of the append-only files: only what was appended is read. */
  linesRead?: LinesMemory;
}

export type SynthResult = 'published' | 'unchanged' | 'refreshed' | 'coalesced' | 'pinned' | 'dry-run';

export interface SynthOutcome {
  /** 0 published or nothing to do, 3 published with items withheld (failures throw). */
  exitCode: 0 | 3;
  result: SynthResult;
  releaseId: string | undefined;
  published: boolean;
  problems: PublicProblem[];
}

type Timings = Record<string, number>;

/** The worker threads of one publish, started on first need and stopped when the run ends. */
interface Threads {
  pool?: ThreadPool;
  /** The pool the build renders iteration pages on (the same one, once the build starts with enough to make). */
  render?: ThreadPool;
}

/** What a run records whether it ends well or not: each phase's time, counts, and its threads to stop. */
export interface RunRecord {
  timings: Timings;
  counts: Record<string, number>;
  threads: Threads;
}

/**
 * What every phase of one publish shares, resolved once before the first phase: the settings and the
 * clock, the detector, and where the run's timings, counts and threads are recorded.
 */
export interface PublishContext {
  db: Db;
  options: SynthOptions;
  config: SynthOptions['config'];
  now: Date;
  full: boolean;
  detector: Detector;
  redactor: Redactor;
  /** One epoch for every cache of this run (iterations, scanned hashes): what the detector finds and what the code does with it. */
  epoch: string;
  takenDown: ReadonlySet<number>;
  run: RunRecord;
  /** Runs one timed and logged phase of the publish. */
  step: <T>(label: string, work: () => T | Promise<T>, describe?: (result: T) => string) => Promise<T>;
  /** The worker threads, started the first time a step has enough items for them. */
  pool: (items: number, loopRoot: string) => ThreadPool | undefined;
}

/** Resolves the context of one publish: recovers what a crash left, admits the run on disk space, builds the detector. */
export function startPublish(db: Db, options: SynthOptions, run: RunRecord): PublishContext {
  const { config } = options;
  const now = options.now?.() ?? new Date();
  // A crashed run's lease and run were recovered when this run took the lease (acquireLease).
  const recovered = recoverReleases(config.dataDir, (ids) => newestFirst(db, ids));
  for (const line of recovered) info(`recovered: ${line}`);
  if (recovered.length > 0) write(db, () => audit(db, 'recover', recovered.join('; '), now));
  const used = readDiskUsedPercent(config.dataDir);
  if (used >= config.maxDiskUsedPercent) {
    throw new JourneyError('JOURNEY_DISK_FULL', `the data folder's file system is ${used.toFixed(1)}% full (limit ${config.maxDiskUsedPercent}%)`, {
      fix: 'Free space (old snapshots, other files) or raise maxDiskUsedPercent (JOURNEY_MAX_DISK_USED_PERCENT).',
    });
  }
  const detectorOptions = readDetectorOptions(config, { createKey: true });
  const detector = createDetector(detectorOptions);
  const threadCount = config.publishThreads || defaultThreads(); // 0: as many as the machine has
  return {
    db, options, config, now, full: options.full === true, detector, redactor: createRedactor(detector), run,
    epoch: sha256([detector.identity, readPipelineCodeHash(), String(config.maxFileBytes), JSON.stringify(config.phaseBudgetMinutes)].join('\0')),
    takenDown: readTakenDown(db),
    step: (label, work, describe) => phase(label, work, describe, run.timings),
    pool: (items, loopRoot) => {
      if (threadCount < 2 || items < POOL_MIN_ITEMS) return undefined;
      if (!run.threads.pool) info(`  ${threadCount} worker threads share the work`);
      return (run.threads.pool ??= new ThreadPool(threadCount, { detector: detectorOptions, identity: detector.identity, loopRoot, maxBytes: config.maxFileBytes }));
    },
  };
}
