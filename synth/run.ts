// The publish pipeline in order: recover, admit, ingest, redact, verify, write, build, scan, swap,
// record (each phase in synth/phases/). One publish at a time per data folder (a lease in
// journey.db); a request during a run gets exactly one follow-up run.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { JourneyError } from '../core/journey-error.ts';
import { formatDuration, info } from '../core/log.ts';
import { openDb, type Db } from '../state/db.ts';
import { readCachedPage } from '../state/iterations.ts';
import { acquireLease, LEASE_MS, releaseLease, renewLease } from '../state/lease.ts';
import { readPin } from '../state/releases.ts';
import { withNeighbours, type PublicIteration } from './plan-public-files.ts';
import { currentReleaseId } from './release/write-release.ts';
import { dataPaths } from '../core/data-layout.ts';
import { buildAndScan } from './phases/build-and-scan.ts';
import { ingest, narrate } from './phases/ingest.ts';
import { planRelease, unchanged } from './phases/plan-release.ts';
import { startPublish, type RunRecord, type SynthOptions, type SynthOutcome, type SynthResult } from './phases/publish-context.ts';
import { redactSite } from './phases/redact-site.ts';
import { keepHistory, swap } from './phases/swap.ts';
import { reportProblems, verify } from './phases/verify.ts';
import { writePublicData } from './phases/write-public-data.ts';

export type { SynthOutcome } from './phases/publish-context.ts';

const stateKept = (dataDir: string) => {
  const id = currentReleaseId(dataDir);
  return id ? `nothing new was published; the last good release ${id} is still served` : 'nothing was published yet';
};

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
