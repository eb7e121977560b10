// The publish pipeline in order: recover, admit, ingest, redact, verify, write, build, scan, swap,
// record. One publish at a time per data folder (a lease in journey.db); a request during a run
// gets exactly one follow-up run.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { formatError, JourneyError } from '../core/journey-error.ts';
import { faultPoint } from '../core/fault-point.ts';
import { formatDuration, info, phase } from '../core/log.ts';
import type { JourneyConfig } from '../config/config-schema.ts';
import { createDetector, holdsLearned, type Detector } from '../redact/detect.ts';
import { readDetectorOptions } from '../redact/read-detector.ts';
import { formatFileFinding, scanFiles, type FileFinding, type ScanReport } from '../redact/read-scan-dir.ts';
import { writeLeakFindings } from './write-leak-findings.ts';
import { ensureRenderer } from './render/build-renderer-process.ts';
import { audit, openDb, readSetting, write, writeSetting, type Db } from '../state/db.ts';
import { readCachedIterations, readCachedPage, writeIterations, type IterationRow } from '../state/iterations.ts';
import { acquireLease, LEASE_MS, releaseLease, renewLease } from '../state/lease.ts';
import { newestFirst, readPin, recordRelease } from '../state/releases.ts';
import { planPublicFiles, withNeighbours, type PublicIteration } from './plan-public-files.ts';
import { publicJson, sha256 } from '../core/public-json.ts';
import { BUILD_JSON, countToMake, planReleaseFiles, sameAsPrevious } from './release/plan-release-files.ts';
import { formatProblem, publicProblem, type PublicProblem } from '../loop/problem.ts';
import type { ManifestEntry } from './release/release-manifest.ts';
import { projectSite, UNVERIFIED, withheldIteration } from './project-public.ts';
import { ingestIteration, readChangedIterations, type IngestJob, type IngestResult, type IterationState } from './read-changed-iterations.ts';
import { readPipelineCodeHash, readSiteCodeHash } from './read-code-hash.ts';
import { readDiskUsedPercent } from './read-disk-usage.ts';
import { readParityHistory, writeParityChanges } from '../state/parity.ts';
import { readScannedClean, rememberScannedClean } from '../state/scan-cache.ts';
import { readTakenDown } from '../state/takedowns.ts';
import { readOps } from './read-ops.ts';
import { readLoopTop, type LoopTop } from '../loop/read-loop.ts';
import { readRenderer, readRendererAssets } from './render/read-renderer.ts';
import { createRedactor, redactorIsOff, type Learned } from './redact-item.ts';
import type { Redactor } from '../redact/redact-text.ts';
import { newlyLearned, valuesIn } from './plan-learned.ts';
import { appendLearnedSecrets, readLearnedSecrets } from './write-learned-secrets.ts';
import { purgeTakedown } from './release/write-takedown.ts';
import { runNarrativeProcess } from './run-narrative-process.ts';
import { findUnredacted, verifyFailed, type PublicFile } from './verify-redacted.ts';
import { defaultThreads, POOL_MIN_ITEMS, runChunked, ThreadPool } from './thread-pool.ts';
import type { IterationPage, SiteData } from '../contract/site-data-schema.ts';
import { nextSnapshotId, planSnapshotHistory, pruneSnapshots, writeSnapshot } from './release/write-snapshot.ts';
import { writePublic } from './write-public.ts';
import { pruneReleases } from './release/write-retention.ts';
import { planServedAfterPublish, writeServedSnapshots } from './release/write-served-snapshots.ts';
import { assembleRelease, currentReleaseDir, currentReleaseId, publishRelease, readManifest, recoverReleases, releaseId, sealRelease } from './release/write-release.ts';
import { dataPaths } from '../core/data-layout.ts';

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
}

type SynthResult = 'published' | 'unchanged' | 'refreshed' | 'coalesced' | 'pinned' | 'dry-run';

export interface SynthOutcome {
  /** 0 published or nothing to do, 3 published with items withheld (failures throw). */
  exitCode: 0 | 3;
  result: SynthResult;
  releaseId: string | undefined;
  published: boolean;
  problems: PublicProblem[];
}

type Timings = Record<string, number>;

const stateKept = (dataDir: string) => {
  const id = currentReleaseId(dataDir);
  return id ? `nothing new was published; the last good release ${id} is still served` : 'nothing was published yet';
};

function rowsToWrite(states: readonly IterationState[], files: readonly PublicIteration[]) {
  const rows: IterationRow[] = [];
  const moves: { number: number; stampKey: string; prev: number | null; next: number | null; publicSha: string }[] = [];
  states.forEach((state, index) => {
    const file = files[index]!;
    if (state.kind === 'projected') {
      // The page is stored as published (prev/next included); withNeighbours re-links it later.
      rows.push({ number: state.number, folder: state.folder, stampKey: state.stampKey, inputHash: state.inputHash,
        pageJson: file.text!, ...state.facts, prev: file.prev, next: file.next, publicSha: file.sha });
    } else if (state.kind === 'restamped' || file.text !== undefined) {
      moves.push({ number: state.number, stampKey: state.stampKey, prev: file.prev, next: file.next, publicSha: file.sha });
    }
  });
  return { rows, moves };
}

/** The last written site-data.json, as text (undefined before the first publish). */
function readPreviousSiteData(dataDir: string): string | undefined {
  try {
    return readFileSync(path.join(dataPaths(dataDir).public, 'site-data.json'), 'utf8');
  } catch {
    return undefined;
  }
}

/** The `changes` of the last written site-data.json: kept when this publish changes nothing itself. */
function readPreviousChanges(previous: string | undefined): SiteData['changes'] {
  try {
    return previous === undefined ? null : (JSON.parse(previous) as Partial<SiteData>).changes ?? null;
  } catch {
    return null; // an older or damaged site-data.json
  }
}

/** The worker threads of one publish, started on first need and stopped when the run ends. */
interface Threads {
  pool?: ThreadPool;
  /** The pool the build renders iteration pages on (the same one, once the build starts with enough to make). */
  render?: ThreadPool;
}

/** The leak scan of the files a release made, spread over the pool when there is one. */
async function scanRelease(staging: string, files: readonly ManifestEntry[], pool: ThreadPool | undefined, detector: Detector): Promise<ScanReport> {
  faultPoint('scan');
  const reports = await runChunked<ManifestEntry, ScanReport>(pool, 'scan', files, {
    per: 64, bytesOf: (f) => f.bytes, local: async (chunk) => [await scanFiles(staging, chunk.map((f) => f.path), detector)], label: 'scan',
  }, (chunk) => ({ root: staging, files: chunk.map((f) => f.path) }));
  return reports.reduce((all, r) => ({ files: all.files + r.files, bytes: all.bytes + r.bytes, findings: [...all.findings, ...r.findings] }),
    { files: 0, bytes: 0, findings: [] });
}

/** Matches a page's path among the public texts: `iterations/<n>.json`. */
const ITERATION_FILE = /^iterations\/(\d+)\.json$/;

/**
 * The verify gate over the texts this publish changed. A page that still holds what a detector
 * matches is withheld whole (its problem names file, line, rule and fingerprint) and the site data is
 * made again without it; a match in site-data.json, or one the withholding did not cure, refuses the
 * publish. `files` and `states` are updated in place, so the write step stores the withheld pages.
 */
async function verifyOrWithhold(ctx: {
  states: IterationState[]; files: PublicIteration[]; siteDataText: string; detector: Detector; redactor: Redactor;
  pool: (items: number) => ThreadPool | undefined; projectAgain: () => ReturnType<typeof projectSite>;
}): Promise<{ site: ReturnType<typeof projectSite> | undefined; siteDataText: string; withheld: number }> {
  const verify = (texts: PublicFile[]) => runChunked<PublicFile, FileFinding>(ctx.pool(texts.length), 'verify', texts, {
    per: 32, bytesOf: (t) => 2 * t.text.length, local: (chunk) => findUnredacted(chunk, ctx.detector),
  });
  const changed: PublicFile[] = ctx.files.filter((f) => f.text !== undefined).map((f) => ({ path: `iterations/${f.number}.json`, text: f.text! }));
  const findings = await verify([...changed, { path: 'site-data.json', text: ctx.siteDataText }]);
  const refusing = findings.find((f) => !ITERATION_FILE.test(f.file));
  if (refusing) throw verifyFailed(refusing);
  if (findings.length === 0) return { site: undefined, siteDataText: ctx.siteDataText, withheld: 0 };
  const again: PublicFile[] = [];
  for (const finding of findings) {
    const number = Number(ITERATION_FILE.exec(finding.file)![1]);
    const index = ctx.states.findIndex((s) => s.number === number);
    const problem = publicProblem({
      code: 'JOURNEY_REDACT_VERIFY_WITHHELD', file: `<data>/public/${finding.file}`, line: finding.line, column: finding.column, rule: finding.rule,
      message: `withheld whole: it still matches after redaction (fingerprint ${finding.fingerprint})`,
      fix: 'This is a redactor miss: report the rule and fingerprint; the page is published once the redactor handles it.',
    }, ctx.redactor);
    const projected = withheldIteration(number, UNVERIFIED, [problem]);
    const state = ctx.states[index]!;
    const file = ctx.files[index]!;
    ctx.states[index] = { ...state, kind: 'projected', facts: { summary: projected.summary, byRule: {}, models: [], problems: projected.problems } };
    const text = withNeighbours(publicJson(projected.page), file.prev, file.next);
    ctx.files[index] = { ...file, text, sha: sha256(text) };
    again.push({ path: finding.file, text });
  }
  const site = ctx.projectAgain();
  const siteDataText = publicJson(site.siteData);
  const still = await verify([...again, { path: 'site-data.json', text: siteDataText }]);
  if (still[0]) throw verifyFailed(still[0]);
  return { site, siteDataText, withheld: findings.length };
}

/** `rule (count)` for each rule of the findings, the most frequent first. */
function countByRule(findings: readonly FileFinding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} (${n})`).join(', ');
}

/** The setting that says how many learned values every cached page has been checked against. */
const LEARNED_CHECKED = 'learned_values_checked';

/** Rounds of reading pages again: a page read again may name a secret of its own, once. */
const MAX_LEARN_ROUNDS = 3;

/**
 * A secret a context rule found in one record is redacted in every other one (the redactor sees one
 * record at a time): values new to this publish, and values a crash left unchecked, are stored, and
 * every page that holds one is read and redacted again, `states` updated in place. Returns the values
 * known now, how many pages were redone, and the values an earlier release holds (to purge after the
 * swap: the public saw them bare before anyone knew they were secrets).
 */
async function learnAcrossRecords(ctx: {
  store: readonly Learned[]; checked: number; states: IterationState[]; site: ReturnType<typeof projectSite>;
  pageOf: (number: number) => string; previousSiteData: string | undefined; record: (fresh: readonly Learned[]) => void;
  reread: (numbers: ReadonlySet<number>, known: readonly Learned[]) => Promise<IterationState[]>;
  /** Whether a text holds one of the values in any reading (the detector's search). */
  holds?: (text: string, values: readonly string[]) => boolean;
}): Promise<{ known: readonly Learned[]; redone: number; purge: string[] }> {
  let known = ctx.store;
  let toCheck = ctx.store.slice(Math.min(ctx.checked, ctx.store.length));
  let found = [...ctx.states.flatMap((s) => s.learned ?? []), ...ctx.site.learned];
  const purge = new Set<string>();
  let redone = 0;
  for (let round = 0; round < MAX_LEARN_ROUNDS; round++) {
    const fresh = newlyLearned(known, found);
    toCheck = [...toCheck, ...fresh];
    if (toCheck.length === 0) break;
    ctx.record(fresh);
    known = [...known, ...fresh];
    const again = new Set<number>();
    for (const state of ctx.states) {
      const published = state.cached ? valuesIn(ctx.pageOf(state.number), toCheck, ctx.holds) : [];
      for (const value of published) purge.add(value.value);
      const now = state.pageJson === undefined ? published : valuesIn(state.pageJson, toCheck, ctx.holds);
      if (now.length > 0) again.add(state.number);
    }
    for (const value of valuesIn(ctx.previousSiteData ?? '', toCheck, ctx.holds)) purge.add(value.value);
    toCheck = [];
    if (again.size === 0) break;
    const reread = await ctx.reread(again, known);
    redone += reread.length;
    for (const state of reread) ctx.states[ctx.states.findIndex((s) => s.number === state.number)] = state;
    found = reread.flatMap((s) => s.learned ?? []);
  }
  return { known, redone, purge: [...purge] };
}

/**
 * What every phase of one publish shares, resolved once before the first phase: the settings and the
 * clock, the detector, and where the run's timings, counts and threads are recorded.
 */
interface PublishContext {
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

/** What a run records whether it ends well or not: each phase's time, counts, and its threads to stop. */
interface RunRecord {
  timings: Timings;
  counts: Record<string, number>;
  threads: Threads;
}

/** Resolves the context of one publish: recovers what a crash left, admits the run on disk space, builds the detector. */
function startPublish(db: Db, options: SynthOptions, run: RunRecord): PublishContext {
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

/** The loop as read: its top files, each iteration's state, the operations' records, and a way to read pages again. */
interface Ingested {
  top: LoopTop;
  states: IterationState[];
  ops: ReturnType<typeof readOps>;
  cache: ReturnType<typeof readCachedIterations>;
  learnedStore: Learned[];
  readIterations: (known: readonly Learned[], only?: ReadonlySet<number>) => Promise<IterationState[]>;
}

/** Phase `ingest`: the loop's files read and validated; changed iterations projected and redacted. */
function ingest(ctx: PublishContext): Promise<Ingested> {
  const { config, db } = ctx;
  const cache = readCachedIterations(db);
  const learnedStore = readLearnedSecrets(config.dataDir);
  return ctx.step('ingest', async () => {
    const top = await readLoopTop(config.loopDir, config.maxFileBytes);
    const ops = readOps(config.dataDir, config.maxFileBytes);
    const ingestJobs = (jobs: IngestJob[]) => runChunked<IngestJob, IngestResult>(ctx.pool(jobs.length, top.root), 'ingest', jobs, {
      per: 16, bytesOf: (job) => job.bytes, local: (chunk) => chunk.map((job) => ingestIteration(job, top.root, config.maxFileBytes, ctx.redactor)),
      label: 'ingest',
    });
    const readIterations = (known: readonly Learned[], only?: ReadonlySet<number>) => readChangedIterations({
      root: top.root, folders: top.folders, verdicts: new Map(top.verdicts.map((v) => [v.iteration, v])), cache,
      epoch: ctx.epoch, budgets: config.phaseBudgetMinutes, takenDown: ctx.takenDown, maxBytes: config.maxFileBytes, ingest: ingestJobs,
      full: ctx.full, known, ...(only ? { only } : {}),
    });
    return { top, states: await readIterations(learnedStore), ops, cache, learnedStore, readIterations };
  }, ({ states }) => {
    const projected = states.filter((s) => s.kind === 'projected').length;
    ctx.run.counts['iterations'] = states.length;
    ctx.run.counts['projected'] = projected;
    return `${states.length} iterations: ${projected} read and redacted, ${states.length - projected} unchanged`;
  });
}

/** Phase `narrative` (when configured and not skipped): the narrative command's text, or null; a failure only loses the narrative. */
async function narrate(ctx: PublishContext): Promise<string | null> {
  const command = ctx.config.narrativeCommand;
  if (!command || ctx.options.narrative === false) return null;
  try {
    return await ctx.step('narrative', () => runNarrativeProcess(command, ctx.config.loopDir));
  } catch (error) {
    info(formatError(error)); // the publish goes on without a narrative
    return null;
  }
}

/** The public data of this publish: the site's data and its text, each iteration's file, and what was learned. */
interface Redacted {
  site: ReturnType<typeof projectSite>;
  siteDataText: string;
  files: PublicIteration[];
  /** Values a context rule found, here or before: every page is clean of each. */
  known: readonly Learned[];
  /** Values an earlier release holds bare: purged after the swap. */
  purge: string[];
  /** The site's data made again (after the verify gate withholds a page). */
  projectAgain: () => ReturnType<typeof projectSite>;
}

/** Phase `redact`: the site projected and redacted, each value a context rule found looked for in every other page. */
function redactSite(ctx: PublishContext, ingested: Ingested, narrative: string | null): Promise<Redacted> {
  const { db, config } = ctx;
  const { top, states, ops, cache, learnedStore } = ingested;
  const changedIterations = states.filter((s) => s.kind === 'projected' && cache.get(s.number)?.inputHash !== s.inputHash).map((s) => s.number);
  const parityHistory = readParityHistory(db);
  const previousSiteData = readPreviousSiteData(config.dataDir);
  const previousChanges = readPreviousChanges(previousSiteData);
  const project = (known: readonly Learned[]) => projectSite(top, states.map((s) => s.facts), ctx.redactor, {
    takenDown: [...ctx.takenDown].sort((a, b) => a - b), narrative, samples: ops.samples, reviews: ops.reviews, opsProblems: ops.problems,
    parityHistory, changedIterations, previousChanges, known,
    // The loop's clock, not ours: the same loop files give the same site data, whenever they are published.
    at: top.state?.updated_at ?? top.heartbeat?.ts ?? ctx.now.toISOString(),
  });
  return ctx.step('redact', async () => {
    const first = project(learnedStore);
    const learned = await learnAcrossRecords({
      store: learnedStore, checked: Number(readSetting(db, LEARNED_CHECKED) ?? 0), states, site: first, pageOf: (n) => readCachedPage(db, n),
      previousSiteData, record: (fresh) => {
        if (!ctx.options.dryRun) appendLearnedSecrets(config.dataDir, fresh);
      },
      reread: (numbers, all) => ingested.readIterations(all, numbers),
      holds: (text, values) => holdsLearned(text, ctx.detector, values),
    });
    const site = learned.known === learnedStore ? first : project(learned.known);
    const files = planPublicFiles(states, (n) => readCachedPage(db, n), ctx.full);
    return { site, files, siteDataText: publicJson(site.siteData), known: learned.known, purge: learned.purge, projectAgain: () => project(learned.known), redone: learned.redone };
  }, ({ site, files, redone }) => `${site.siteData.redactions.total} values redacted in all, ${files.filter((f) => f.text !== undefined).length} pages changed${
    redone > 0 ? ` (${redone} read again: they held a secret named elsewhere)` : ''}`);
}

/** Phase `verify` (the second gate, unless a test switched the redactor off): pages that still match are withheld. */
async function verify(ctx: PublishContext, ingested: Ingested, redacted: Redacted): Promise<Redacted> {
  if (redactorIsOff()) return redacted;
  const verified = await ctx.step('verify', () => verifyOrWithhold({
    states: ingested.states, files: redacted.files, siteDataText: redacted.siteDataText, detector: ctx.detector, redactor: ctx.redactor,
    pool: (items) => ctx.pool(items, ingested.top.root), projectAgain: redacted.projectAgain,
  }), (v) => (v.withheld === 0 ? 'every changed text clean' : `${v.withheld} pages withheld: they still held what a detector matches`));
  return { ...redacted, site: verified.site ?? redacted.site, siteDataText: verified.siteDataText };
}

/** Every withheld part and note of this publish, printed with file, line and fix; the exit status they make. */
function reportProblems(ctx: PublishContext, ingested: Ingested, redacted: Redacted): { problems: PublicProblem[]; exitCode: 0 | 3 } {
  const { top, ops, states } = ingested;
  // What the operator reads names files and fields of the loop: they pass the redactor like the site does.
  const problems = [...[...top.problems, ...ops.problems].map((p) => publicProblem(p, ctx.redactor, redacted.known)),
    ...states.flatMap((s) => s.facts.problems), ...redacted.site.problems];
  for (const problem of problems) info(`  ${problem.note ? 'note' : 'withheld'}: ${formatProblem(problem)}`);
  // A note (counts that disagree) withholds nothing: it is printed and shown, and the exit stays 0.
  return { problems, exitCode: problems.some((p) => !p.note) ? 3 : 0 };
}

/** Phase `write`: the iteration cache in journey.db and the public folder; new page texts become files. */
async function writePublicData(ctx: PublishContext, ingested: Ingested, redacted: Redacted, textOf: (file: PublicIteration) => string): Promise<void> {
  const { db, config } = ctx;
  const { states, cache } = ingested;
  const publicDir = dataPaths(config.dataDir).public;
  await ctx.step('write', () => {
    const { rows, moves } = rowsToWrite(states, redacted.files);
    const present = new Set(states.map((s) => s.number));
    const removed = [...cache.keys()].filter((n) => !present.has(n));
    write(db, () => {
      writeIterations(db, rows, moves, removed, ctx.now.toISOString());
      writeParityChanges(db, redacted.site.parityChanges);
      // Every cached page is now clean of every learned value: a crash before this line checks them again.
      writeSetting(db, LEARNED_CHECKED, String(redacted.known.length));
    });
    const written = writePublic(publicDir, redacted.siteDataText, redacted.files, textOf, ctx.full);
    // The new texts are files now: let them go (tens of thousands of pages); the release links those files.
    for (const file of redacted.files) {
      if (file.text === undefined) continue;
      file.source = path.join(publicDir, 'iterations', `${file.number}.json`);
      delete file.text;
    }
    return written;
  }, (written) => `${written} public files`);
}

/** The release this publish would make, against the current one. */
interface ReleasePlan {
  wanted: ReturnType<typeof planReleaseFiles>;
  /** Hashes the leak scan passed already under this epoch (the verify gate's texts included). */
  clean: Set<string>;
  currentId: string | undefined;
  previous: { dir: string; entries: ManifestEntry[] } | undefined;
  snapshotId: string;
  entry: string;
  renderOptions: { noindex: boolean; basePath: string };
}

/** Freshness when no timer publishes (the site calls itself stale past twice this). */
const ASSUMED_PUBLISH_EVERY_SECONDS = 900;

/** Phase `bundle`, then the plan: every file of the release, with what it is made from. */
async function planRelease(ctx: PublishContext, ingested: Ingested, redacted: Redacted, textOf: (file: PublicIteration) => string): Promise<ReleasePlan> {
  const { db, config, now } = ctx;
  const siteHash = readSiteCodeHash();
  const entry = await ctx.step('bundle', () => ensureRenderer({
    cacheDir: path.join(config.dataDir, 'cache', 'render'), siteHash, timeoutMs: config.publishTimeoutSeconds * 1000,
  }), () => `site code ${siteHash.slice(0, 12)}`);
  // Site-wide render options are part of every page's bytes, so they join the code hash of every render key.
  const renderOptions = { noindex: config.noindex, basePath: config.basePath };
  const render = await readRenderer(entry, renderOptions);
  const currentId = currentReleaseId(config.dataDir);
  const currentDir = currentReleaseDir(config.dataDir);
  const previousEntries = currentId && !ctx.full ? readManifest(config.dataDir, currentId) : undefined;
  // This publish's snapshot is named now, so /history/ and build.json can list it before it exists.
  const snapshotId = nextSnapshotId(config.dataDir, now);
  const history = planSnapshotHistory(config.dataDir, { id: snapshotId, sha256: sha256(redacted.siteDataText) }, retentionOf(config), now,
    planServedAfterPublish(db, config.dataDir, keepOf(config), now));
  const buildJson = publicJson({
    built_at: now.toISOString(), snapshot: snapshotId, iterations: ingested.states.length, site_code: siteHash.slice(0, 12), schema_version: 1,
    publish_every_seconds: config.timerEverySeconds || ASSUMED_PUBLISH_EVERY_SECONDS,
  });
  const renderHere = (route: string, pageJson: string) => render(route, { page: JSON.parse(pageJson) as IterationPage });
  const renderIteration = (route: string, pageJson: string) => (ctx.run.threads.render
    ? ctx.run.threads.render.run<Uint8Array>('render', { entry, route, pageJson, site: renderOptions }, () => renderHere(route, pageJson), 2 * pageJson.length)
    : renderHere(route, pageJson));
  const wanted = planReleaseFiles({
    siteHash: sha256(`${siteHash}\0${JSON.stringify(renderOptions)}`), noindex: config.noindex, siteData: redacted.site.siteData, siteDataText: redacted.siteDataText,
    iterations: redacted.files, iterationText: textOf, render, renderIteration, assets: readRendererAssets(entry), buildJson, history, siteUrl: config.siteUrl,
  });
  const clean = readScannedClean(db, ctx.epoch);
  // The verify gate scanned these exact bytes as the leak scan would (same detector, same epoch).
  for (const file of redacted.files) if (file.text !== undefined || file.source !== undefined) clean.add(file.sha);
  clean.add(sha256(redacted.siteDataText));
  return { wanted, clean, currentId, previous: previousEntries && currentDir ? { dir: currentDir, entries: previousEntries } : undefined, snapshotId, entry, renderOptions };
}

const retentionOf = (config: JourneyConfig) => ({ days: config.snapshotDays, max: config.snapshotMax });
const keepOf = (config: JourneyConfig) => ({ keep: config.keepReleases, graceMs: config.releaseGraceSeconds * 1000 });

/** Nothing to publish: the same files as the current release, each passed by this detector already. */
function unchanged(plan: ReleasePlan): boolean {
  const { previous, wanted, clean } = plan;
  return previous !== undefined && sameAsPrevious(previous.entries, wanted) && previous.entries.every((e) => e.path === BUILD_JSON || clean.has(e.sha256));
}

/** Phases `build` and `scan`: the release assembled in staging and every new file leak-scanned; a finding refuses it. */
async function buildAndScan(ctx: PublishContext, plan: ReleasePlan, staging: string, loopRoot: string): Promise<{ assembled: Awaited<ReturnType<typeof assembleRelease>>; report: ScanReport }> {
  ctx.run.threads.render = ctx.pool(countToMake(plan.previous?.entries, plan.wanted), loopRoot);
  const assembled = await ctx.step('build', () => assembleRelease(staging, plan.previous, plan.wanted),
    (a) => `${a.made.length} files rendered or written, ${a.linked} linked from ${plan.currentId ?? 'nothing'}`);
  ctx.run.counts['made'] = assembled.made.length;
  ctx.run.counts['linked'] = assembled.linked;
  const toScan = assembled.entries.filter((e) => !plan.clean.has(e.sha256));
  const report = await ctx.step('scan', () => scanRelease(staging, toScan, ctx.pool(toScan.length, loopRoot), ctx.detector),
    (r) => `${r.files} files scanned, ${assembled.entries.length - r.files} known clean, ${r.findings.length} findings`);
  if (report.findings.length === 0) return { assembled, report };
  for (const f of report.findings.slice(0, 20)) info(`  leak: ${formatFileFinding(f)}`);
  const findingsFile = writeLeakFindings(ctx.config.dataDir, report.findings);
  if (report.findings.length > 20) info(`  ... and ${report.findings.length - 20} more (all of them in ${findingsFile})`);
  info(`  by rule: ${countByRule(report.findings)}`);
  throw new JourneyError('JOURNEY_LEAK_SCAN_FAILED', `the leak scan found ${report.findings.length} matches in the built site`, {
    fix: `Each line above (and ${findingsFile}) names file, line, rule and fingerprint; add the missing redaction or fix the page that printed it.`,
  });
}

/** Phase `swap`: the release sealed, renamed into releases/ and made current; journey.db records it and what it scanned. */
function swap(ctx: PublishContext, plan: ReleasePlan, staging: string, built: Awaited<ReturnType<typeof buildAndScan>>): Promise<string> {
  const { db, now } = ctx;
  const { assembled, report } = built;
  return ctx.step('swap', () => {
    const manifestHash = sealRelease(staging, assembled.entries);
    const id = releaseId(now, manifestHash);
    publishRelease(ctx.config.dataDir, staging, id);
    write(db, () => {
      recordRelease(db, {
        id, createdAt: now.toISOString(), fileCount: assembled.entries.length, bytes: assembled.entries.reduce((sum, e) => sum + e.bytes, 0),
        manifestHash, scanOutcome: `clean: ${report.files} scanned, ${assembled.entries.length - report.files} known clean`,
      }, plan.currentId, now.toISOString());
      rememberScannedClean(db, assembled.entries.map((e) => e.sha256), ctx.epoch);
      audit(db, 'publish', `release ${id}: ${assembled.made.length} new files, ${assembled.linked} linked`, now);
    });
    return id;
  }, (id) => `current -> releases/${id}`);
}

/**
 * Phases `snapshot` and `prune` after the swap: the site data kept as a snapshot, old releases and
 * snapshots pruned, the served list written; `purge`: values an earlier release held bare.
 */
async function keepHistory(ctx: PublishContext, plan: ReleasePlan, id: string, redacted: Redacted): Promise<string> {
  const { db, config, now } = ctx;
  const releaseDir = path.join(dataPaths(config.dataDir).releases, id);
  const snapshot = await ctx.step('snapshot', () => writeSnapshot(config.dataDir, plan.snapshotId, path.join(releaseDir, 'site-data.json'), redacted.siteDataText, id),
    (snapshot) => `snapshots/${snapshot}`);
  const pruned = await ctx.step('prune', () => {
    const snapshots = pruneSnapshots(config.dataDir, retentionOf(config), now);
    const releases = pruneReleases(db, config.dataDir, keepOf(config), now);
    writeServedSnapshots(db, config.dataDir); // the new snapshot served; those of pruned releases no longer
    return { snapshots, releases: releases.length };
  }, (p) => `${p.releases} releases, ${p.snapshots} snapshots`);
  if (redacted.purge.length > 0) {
    // A secret named only now stood bare in a page published earlier: no kept release or snapshot may keep it.
    const purged = await ctx.step('purge', () => purgeTakedown(config.dataDir, { values: redacted.purge, iterations: [] }, ctx.detector.key, now, config.dbDir),
      (p) => `${p.releasesRemoved.length} releases deleted, ${p.snapshotsRewritten.length} snapshots rewritten`);
    info(`  ${redacted.purge.length === 1 ? 'a secret' : `${redacted.purge.length} secrets`} named only now stood in earlier releases: ${purged.releasesRemoved.length} releases deleted, ${purged.snapshotsRewritten.length} snapshots rewritten`);
  }
  const extra = [pruned.releases ? `${pruned.releases} old releases pruned` : '', pruned.snapshots ? `${pruned.snapshots} old snapshots pruned` : ''].filter(Boolean);
  return `snapshot ${snapshot}${extra.length ? `, ${extra.join(', ')}` : ''}`;
}

/** Runs one publish with the lease held: the phases in order; returns its result. */
async function publishOnce(db: Db, options: SynthOptions, run: RunRecord): Promise<SynthOutcome> {
  const ctx = startPublish(db, options, run);
  const ingested = await ingest(ctx);
  const narrative = await narrate(ctx);
  const redacted = await verify(ctx, ingested, await redactSite(ctx, ingested, narrative));
  const { problems, exitCode } = reportProblems(ctx, ingested, redacted);
  const outcome = (result: SynthResult, id?: string): SynthOutcome => ({ exitCode, result, releaseId: id, published: result === 'published', problems });
  const textOf = (file: PublicIteration) => file.text
    ?? (file.source ? readFileSync(file.source, 'utf8') : withNeighbours(readCachedPage(db, file.number), file.prev, file.next));
  if (!options.dryRun) await writePublicData(ctx, ingested, redacted, textOf);
  if (!options.rebuildSite) {
    info('public data refreshed; pass --rebuild-site to build and publish the site');
    return outcome('refreshed');
  }
  const pinned = readPin(db);
  if (pinned) {
    info(`release ${pinned} is pinned by a rollback: nothing new is published until \`npm run unpin\``);
    return outcome('pinned', pinned);
  }
  const plan = await planRelease(ctx, ingested, redacted, textOf);
  // Unchanged files and a detector that already passed them: nothing to do. A new detector (a new
  // known secret, a new rule) re-scans the current files even when none changed.
  if (plan.currentId && unchanged(plan)) {
    info(`nothing changed since release ${plan.currentId}`);
    return outcome('unchanged', plan.currentId);
  }
  const staging = path.join(dataPaths(ctx.config.dataDir).staging, `${process.pid}-${Date.now()}`);
  try {
    const built = await buildAndScan(ctx, plan, staging, ingested.top.root);
    if (options.dryRun) {
      info(`dry run: a release of ${built.assembled.entries.length} files (${built.assembled.made.length} new) would be published; nothing was changed`);
      return outcome('dry-run');
    }
    const id = await swap(ctx, plan, staging, built);
    const kept = await keepHistory(ctx, plan, id, redacted);
    info(`published release ${id} (${built.assembled.entries.length} files, ${kept})`);
    return outcome('published', id);
  } finally {
    rmSync(dataPaths(ctx.config.dataDir).staging, { recursive: true, force: true }); // the lease makes it ours alone
  }
}

/** A write that found the disk (or the quota) full, as the operator's error; anything else as it is. */
function diskFullError(error: unknown, dataDir: string): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (!['ENOSPC', 'EDQUOT', 'SQLITE_FULL'].includes(String(code))) return error;
  return new JourneyError('JOURNEY_DISK_FULL', `the disk filled while publishing (${code}): ${(error as Error).message.split('\n')[0]}`, {
    fix: `Free space on the file system of ${dataDir} (old snapshots, other files); the current release was left as it was.`, cause: error,
  });
}

/**
 * Runs one synth (and the follow-up runs requested while it ran). Throws JourneyError when the
 * publish is refused or fails; the previous release then stays current.
 *
 * @example
 * const outcome = await runSynth({ config, rebuildSite: true, trigger: 'manual' });
 * process.exitCode = outcome.exitCode;
 */
export async function runSynth(options: SynthOptions): Promise<SynthOutcome> {
  try {
    return await synthRounds(options);
  } catch (error) {
    throw diskFullError(error, options.config.dataDir); // also a full disk met opening the database or taking the lease
  }
}

/** The rounds of one synth: a publish, then one more for each request made while it ran (up to 10). */
async function synthRounds(options: SynthOptions): Promise<SynthOutcome> {
  const { config } = options;
  mkdirSync(config.dataDir, { recursive: true }); // journey.db may live elsewhere (JOURNEY_DB_DIR)
  const db = openDb(config);
  const flags = [options.rebuildSite && '--rebuild-site', options.full && '--full', options.dryRun && '--dry-run', options.narrative === false && '--no-codex-cleanup']
    .filter(Boolean).join(' ');
  try {
    for (let round = 0; ; round++) {
      const lease = acquireLease(db, { trigger: round === 0 ? options.trigger ?? 'manual' : 'follow-up', flags });
      if (!lease.acquired) {
        info(`another publish is running (pid ${lease.holder.pid} on ${lease.holder.host}, run ${lease.holder.runId}); it will run once more when it ends`);
        return { exitCode: 0, result: 'coalesced', releaseId: currentReleaseId(config.dataDir), published: false, problems: [] };
      }
      if (lease.recovered !== undefined) info(`recovered: run ${lease.recovered} was interrupted (its lease had lapsed)`);
      const renew = setInterval(() => renewLease(db, lease.runId), LEASE_MS / 4);
      renew.unref();
      const run: RunRecord = { timings: {}, counts: {}, threads: {} };
      const { timings, counts, threads } = run;
      const started = performance.now();
      let outcome: SynthOutcome;
      try {
        outcome = await publishOnce(db, options, run);
      } catch (thrown) {
        const error = diskFullError(thrown, config.dataDir);
        const code = error instanceof JourneyError ? error.code : 'JOURNEY_INTERNAL';
        try {
          releaseLease(db, lease.runId, { outcome: error instanceof JourneyError ? 'refused' : 'failed', phases: timings, counts, errorCode: code });
        } catch (recording) {
          // A full disk may refuse this write too: the next run finds the lease lapsed and records it.
          info(`could not record the run's end: ${(recording as Error).message.split('\n')[0]}`);
        }
        if (error instanceof JourneyError && error.state === undefined) {
          throw new JourneyError(error.code, error.message, { fix: error.fix, state: stateKept(config.dataDir), cause: error.cause });
        }
        throw error;
      } finally {
        clearInterval(renew);
        await threads.pool?.close();
      }
      counts['problems'] = outcome.problems.length;
      const followUp = releaseLease(db, lease.runId, {
        outcome: outcome.result, phases: timings, counts, ...(outcome.releaseId ? { releaseId: outcome.releaseId } : {}),
      });
      info(`run ${lease.runId} ${outcome.result} in ${formatDuration(performance.now() - started)} (peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`);
      if (!followUp || round >= 10) return outcome;
      info('a publish was requested while this one ran: running once more');
    }
  } finally {
    db.close();
  }
}

