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
import { publicJson } from '../core/public-json.ts';
import { BUILD_JSON, countToMake, planReleaseFiles, sameAsPrevious } from './release/plan-release-files.ts';
import { formatProblem, publicProblem, type PublicProblem } from '../loop/problem.ts';
import { type ManifestEntry } from './release/release-manifest.ts';
import { sha256 } from '../core/public-json.ts';
import { projectSite, UNVERIFIED, withheldIteration } from './project-public.ts';
import { ingestIteration, readChangedIterations, type IngestJob, type IngestResult, type IterationState } from './read-changed-iterations.ts';
import { readPipelineCodeHash, readSiteCodeHash } from './read-code-hash.ts';
import { readDiskUsedPercent } from './read-disk-usage.ts';
import { readParityHistory, writeParityChanges } from '../state/parity.ts';
import { readOps } from './read-ops.ts';
import { readLoopTop } from '../loop/read-loop.ts';
import { readRenderer, readRendererAssets } from './render/read-renderer.ts';
import { createRedactor, redactorIsOff, type Learned } from './redact-item.ts';
import type { Redactor } from '../redact/redact-text.ts';
import { newlyLearned, valuesIn } from './plan-learned.ts';
import { appendLearnedSecrets, readLearnedSecrets } from './write-learned-secrets.ts';
import { purgeTakedown } from './release/write-takedown.ts';
import { runNarrativeProcess } from './run-narrative-process.ts';
import { findUnredacted, verifyFailed, type PublicFile } from './verify-redacted.ts';
import { defaultThreads, POOL_MIN_ITEMS, runChunked, WorkerPool } from './worker-pool-process.ts';
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
  buildTimeoutMs?: number;
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
  pool?: WorkerPool;
}

/** The leak scan of the files a release made, spread over the pool when there is one. */
async function scanRelease(staging: string, files: readonly ManifestEntry[], pool: WorkerPool | undefined, detector: Detector): Promise<ScanReport> {
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
  pool: (items: number) => WorkerPool | undefined; projectAgain: () => ReturnType<typeof projectSite>;
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

/** Runs one publish with the lease held; returns its result. */
async function publishOnce(db: Db, options: SynthOptions, timings: Timings, counts: Record<string, number>, threads: Threads): Promise<SynthOutcome> {
  const { config } = options;
  const now = options.now?.() ?? new Date();
  const step = <T>(label: string, work: () => T | Promise<T>, describe?: (result: T) => string): Promise<T> => phase(label, work, describe, timings);
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
  const redactor = createRedactor(detector);
  const threadCount = config.publishThreads || defaultThreads();
  /** The worker threads, started the first time a step has enough items for them. */
  const poolFor = (items: number, loopRoot: string) => {
    if (threadCount < 2 || items < POOL_MIN_ITEMS) return undefined;
    if (!threads.pool) info(`  ${threadCount} worker threads share the work`);
    return (threads.pool ??= new WorkerPool(threadCount, { detector: detectorOptions, identity: detector.identity, loopRoot, maxBytes: config.maxFileBytes }));
  };
  const takenDown = new Set((db.prepare('SELECT number FROM takedown_iterations').all() as { number: number }[]).map((r) => r.number));
  // One epoch for every cache of this run (iterations, scanned hashes): what the detector finds and
  // what the code does with it.
  const epoch = sha256([detector.identity, readPipelineCodeHash(), String(config.maxFileBytes), JSON.stringify(config.phaseBudgetMinutes)].join('\0'));
  const full = options.full === true;

  const cache = readCachedIterations(db);
  const learnedStore = readLearnedSecrets(config.dataDir);
  const { top, states, ops, readIterations } = await step('ingest', async () => {
    const top = await readLoopTop(config.loopDir, config.maxFileBytes);
    const ops = readOps(config.dataDir, config.maxFileBytes);
    const ingest = (jobs: IngestJob[]) => runChunked<IngestJob, IngestResult>(poolFor(jobs.length, top.root), 'ingest', jobs, {
      per: 16, bytesOf: (job) => job.bytes, local: (chunk) => chunk.map((job) => ingestIteration(job, top.root, config.maxFileBytes, redactor)),
      label: 'ingest',
    });
    const readIterations = (known: readonly Learned[], only?: ReadonlySet<number>) => readChangedIterations({
      root: top.root, folders: top.folders, verdicts: new Map(top.verdicts.map((v) => [v.iteration, v])), cache,
      epoch, budgets: config.phaseBudgetMinutes, takenDown, maxBytes: config.maxFileBytes, ingest, full, known, ...(only ? { only } : {}),
    });
    return { top, states: await readIterations(learnedStore), ops, readIterations };
  }, ({ states }) => {
    const projected = states.filter((s) => s.kind === 'projected').length;
    counts['iterations'] = states.length;
    counts['projected'] = projected;
    return `${states.length} iterations: ${projected} read and redacted, ${states.length - projected} unchanged`;
  });

  let narrative: string | null = null;
  if (config.narrativeCommand && options.narrative !== false) {
    try {
      narrative = await step('narrative', () => runNarrativeProcess(config.narrativeCommand!, config.loopDir, 120_000));
    } catch (error) {
      info(formatError(error)); // the publish goes on without a narrative
    }
  }
  const changedIterations = states.filter((s) => s.kind === 'projected' && cache.get(s.number)?.inputHash !== s.inputHash).map((s) => s.number);
  const parityHistory = readParityHistory(db);
  const previousSiteData = readPreviousSiteData(config.dataDir);
  const previousChanges = readPreviousChanges(previousSiteData);
  let known: readonly Learned[] = learnedStore;
  const projectTheSite = () => projectSite(top, states.map((s) => s.facts), redactor, {
    takenDown: [...takenDown].sort((a, b) => a - b), narrative, samples: ops.samples, reviews: ops.reviews, opsProblems: ops.problems,
    parityHistory, changedIterations, previousChanges, known,
    // The loop's clock, not ours: the same loop files give the same site data, whenever they are published.
    at: top.state?.updated_at ?? top.heartbeat?.ts ?? now.toISOString(),
  });
  let purge: string[] = [];
  let { site, files, siteDataText } = await step('redact', async () => {
    let site = projectTheSite();
    const learned = await learnAcrossRecords({
      store: learnedStore, checked: Number(readSetting(db, LEARNED_CHECKED) ?? 0), states, site, pageOf: (n) => readCachedPage(db, n),
      previousSiteData, record: (fresh) => {
        if (!options.dryRun) appendLearnedSecrets(config.dataDir, fresh);
      },
      reread: (numbers, all) => readIterations(all, numbers),
      holds: (text, values) => holdsLearned(text, detector, values),
    });
    if (learned.known !== learnedStore) {
      known = learned.known;
      site = projectTheSite();
    }
    purge = learned.purge;
    const files = planPublicFiles(states, (n) => readCachedPage(db, n), full);
    return { site, files, siteDataText: publicJson(site.siteData), redone: learned.redone };
  }, ({ site, files, redone }) => `${site.siteData.redactions.total} values redacted in all, ${files.filter((f) => f.text !== undefined).length} pages changed${
    redone > 0 ? ` (${redone} read again: they held a secret named elsewhere)` : ''}`);
  if (!redactorIsOff()) {
    const verified = await step('verify', () => verifyOrWithhold({
      states, files, siteDataText, detector, redactor, pool: (items) => poolFor(items, top.root), projectAgain: () => projectTheSite(),
    }), (v) => (v.withheld === 0 ? 'every changed text clean' : `${v.withheld} pages withheld: they still held what a detector matches`));
    site = verified.site ?? site;
    siteDataText = verified.siteDataText;
  }
  // What the operator reads names files and fields of the loop: they pass the redactor like the site does.
  const problems = [...[...top.problems, ...ops.problems].map((p) => publicProblem(p, redactor, known)), ...states.flatMap((s) => s.facts.problems), ...site.problems];
  for (const problem of problems) info(`  ${problem.note ? 'note' : 'withheld'}: ${formatProblem(problem)}`);
  // A note (counts that disagree) withholds nothing: it is printed and shown, and the exit stays 0.
  const exitCode = problems.some((p) => !p.note) ? 3 : 0;

  const textOf = (file: PublicIteration) => file.text
    ?? (file.source ? readFileSync(file.source, 'utf8') : withNeighbours(readCachedPage(db, file.number), file.prev, file.next));
  if (!options.dryRun) {
    await step('write', () => {
      const { rows, moves } = rowsToWrite(states, files);
      const present = new Set(states.map((s) => s.number));
      const removed = [...cache.keys()].filter((n) => !present.has(n));
      write(db, () => {
        writeIterations(db, rows, moves, removed, now.toISOString());
        writeParityChanges(db, site.parityChanges);
        // Every cached page is now clean of every learned value: a crash before this line checks them again.
        writeSetting(db, LEARNED_CHECKED, String(known.length));
      });
      const written = writePublic(dataPaths(config.dataDir).public, siteDataText, files, textOf, full);
      // The new texts are files now: let them go (tens of thousands of pages); the release links those files.
      for (const file of files) {
        if (file.text === undefined) continue;
        file.source = path.join(dataPaths(config.dataDir).public, 'iterations', `${file.number}.json`);
        delete file.text;
      }
      return written;
    }, (written) => `${written} public files`);
  }
  const outcome = (result: SynthResult, id?: string): SynthOutcome => ({ exitCode, result, releaseId: id, published: result === 'published', problems });
  if (!options.rebuildSite) {
    info('public data refreshed; pass --rebuild-site to build and publish the site');
    return outcome('refreshed');
  }
  const pinned = readPin(db);
  if (pinned) {
    info(`release ${pinned} is pinned by a rollback: nothing new is published until \`npm run unpin\``);
    return outcome('pinned', pinned);
  }

  const siteHash = readSiteCodeHash();
  const entry = await step('bundle', () => ensureRenderer({
    cacheDir: path.join(config.dataDir, 'cache', 'render'), siteHash, timeoutMs: options.buildTimeoutMs ?? 600_000,
  }), () => `site code ${siteHash.slice(0, 12)}`);
  // Site-wide render options are part of every page's bytes, so they join the code hash of every render key.
  const renderOptions = { noindex: config.noindex, basePath: config.basePath };
  const render = await readRenderer(entry, renderOptions);
  let renderPool: WorkerPool | undefined;
  const renderHere = (route: string, pageJson: string) => render(route, { page: JSON.parse(pageJson) as IterationPage });
  const renderIteration = (route: string, pageJson: string) => (renderPool
    ? renderPool.run<Uint8Array>('render', { entry, route, pageJson, site: renderOptions }, () => renderHere(route, pageJson), 2 * pageJson.length)
    : renderHere(route, pageJson));
  const currentId = currentReleaseId(config.dataDir);
  const currentDir = currentReleaseDir(config.dataDir);
  const previousEntries = currentId && !full ? readManifest(config.dataDir, currentId) : undefined;
  // This publish's snapshot is named now, so /history/ and build.json can list it before it exists.
  const snapshotId = nextSnapshotId(config.dataDir, now);
  const retention = { days: config.snapshotDays, max: config.snapshotMax };
  const keep = { keep: config.keepReleases, graceMs: config.releaseGraceSeconds * 1000 };
  const history = planSnapshotHistory(config.dataDir, { id: snapshotId, sha256: sha256(siteDataText) }, retention, now,
    planServedAfterPublish(db, config.dataDir, keep, now));
  const buildJson = publicJson({
    built_at: now.toISOString(), snapshot: snapshotId, iterations: states.length, site_code: siteHash.slice(0, 12), schema_version: 1,
    publish_every_seconds: config.timerEverySeconds || 900, // the freshness banner calls the site stale past twice this
  });
  const wanted = planReleaseFiles({
    siteHash: sha256(`${siteHash}\0${JSON.stringify(renderOptions)}`), noindex: config.noindex, siteData: site.siteData, siteDataText, iterations: files, iterationText: textOf, render, renderIteration,
    assets: readRendererAssets(entry), buildJson, history, siteUrl: config.siteUrl,
  });
  const clean = new Set((db.prepare('SELECT sha256 FROM scan_cache WHERE epoch = ?').all(epoch) as { sha256: string }[]).map((r) => r.sha256));
  // The verify gate scanned these exact bytes as the leak scan would (same detector, same epoch).
  for (const file of files) if (file.text !== undefined || file.source !== undefined) clean.add(file.sha);
  clean.add(sha256(siteDataText));
  // Unchanged files and a detector that already passed them: nothing to do. A new detector (a new
  // known secret, a new rule) re-scans the current files even when none changed.
  if (currentId && previousEntries && sameAsPrevious(previousEntries, wanted) && previousEntries.every((e) => e.path === BUILD_JSON || clean.has(e.sha256))) {
    info(`nothing changed since release ${currentId}`);
    return outcome('unchanged', currentId);
  }
  renderPool = poolFor(countToMake(previousEntries, wanted), top.root);
  const staging = path.join(dataPaths(config.dataDir).staging, `${process.pid}-${Date.now()}`);
  try {
    const assembled = await step('build', () => assembleRelease(staging, previousEntries && currentDir ? { dir: currentDir, entries: previousEntries } : undefined, wanted),
      (a) => `${a.made.length} files rendered or written, ${a.linked} linked from ${currentId ?? 'nothing'}`);
    counts['made'] = assembled.made.length;
    counts['linked'] = assembled.linked;
    const toScan = assembled.entries.filter((e) => !clean.has(e.sha256));
    const report = await step('scan', () => scanRelease(staging, toScan, poolFor(toScan.length, top.root), detector),
      (r) => `${r.files} files scanned, ${assembled.entries.length - r.files} known clean, ${r.findings.length} findings`);
    if (report.findings.length > 0) {
      for (const f of report.findings.slice(0, 20)) info(`  leak: ${formatFileFinding(f)}`);
      const findingsFile = writeLeakFindings(config.dataDir, report.findings);
      if (report.findings.length > 20) info(`  ... and ${report.findings.length - 20} more (all of them in ${findingsFile})`);
      info(`  by rule: ${countByRule(report.findings)}`);
      throw new JourneyError('JOURNEY_LEAK_SCAN_FAILED', `the leak scan found ${report.findings.length} matches in the built site`, {
        fix: `Each line above (and ${findingsFile}) names file, line, rule and fingerprint; add the missing redaction or fix the page that printed it.`,
      });
    }
    if (options.dryRun) {
      info(`dry run: a release of ${assembled.entries.length} files (${assembled.made.length} new) would be published; nothing was changed`);
      return outcome('dry-run');
    }
    const id = await step('swap', () => {
      const manifestHash = sealRelease(staging, assembled.entries);
      const id = releaseId(now, manifestHash);
      publishRelease(config.dataDir, staging, id);
      write(db, () => {
        recordRelease(db, {
          id, createdAt: now.toISOString(), fileCount: assembled.entries.length, bytes: assembled.entries.reduce((sum, e) => sum + e.bytes, 0),
          manifestHash, scanOutcome: `clean: ${report.files} scanned, ${assembled.entries.length - report.files} known clean`,
        }, currentId, now.toISOString());
        db.prepare('DELETE FROM scan_cache WHERE epoch <> ?').run(epoch);
        if ((db.prepare('SELECT count(*) AS n FROM scan_cache').get() as { n: number }).n > 2 * assembled.entries.length) db.prepare('DELETE FROM scan_cache').run();
        const remember = db.prepare('INSERT OR IGNORE INTO scan_cache (sha256, epoch) VALUES (?, ?)');
        for (const e of assembled.entries) remember.run(e.sha256, epoch);
        audit(db, 'publish', `release ${id}: ${assembled.made.length} new files, ${assembled.linked} linked`, now);
      });
      return id;
    }, (id) => `current -> releases/${id}`);
    const releaseDir = path.join(dataPaths(config.dataDir).releases, id);
    const snapshot = writeSnapshot(config.dataDir, snapshotId, path.join(releaseDir, 'site-data.json'), siteDataText, id);
    const prunedSnapshots = pruneSnapshots(config.dataDir, retention, now);
    const pruned = pruneReleases(db, config.dataDir, keep, now);
    writeServedSnapshots(db, config.dataDir); // the new snapshot served; those of pruned releases no longer
    if (purge.length > 0) {
      // A secret named only now stood bare in a page published earlier: no kept release or snapshot may keep it.
      const purged = await purgeTakedown(config.dataDir, { values: purge, iterations: [] }, detector.key, now, config.dbDir);
      info(`  ${purge.length === 1 ? 'a secret' : `${purge.length} secrets`} named only now stood in earlier releases: ${purged.releasesRemoved.length} releases deleted, ${purged.snapshotsRewritten.length} snapshots rewritten`);
    }
    const extra = [pruned.length ? `${pruned.length} old releases pruned` : '', prunedSnapshots ? `${prunedSnapshots} old snapshots pruned` : ''].filter(Boolean);
    info(`published release ${id} (${assembled.entries.length} files, snapshot ${snapshot}${extra.length ? `, ${extra.join(', ')}` : ''})`);
    return outcome('published', id);
  } finally {
    rmSync(dataPaths(config.dataDir).staging, { recursive: true, force: true }); // the lease makes it ours alone
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
      const timings: Timings = {};
      const counts: Record<string, number> = {};
      const started = performance.now();
      let outcome: SynthOutcome;
      const threads: Threads = {};
      try {
        outcome = await publishOnce(db, options, timings, counts, threads);
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

