// The publish pipeline in order: read, validate, project, redact, verify, write, build, scan, swap, prune.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { JourneyError } from '../cli/journey-error.ts';
import { info, phase } from '../cli/log.ts';
import type { JourneyConfig } from '../config/config-schema.ts';
import type { Detector } from '../redact/detect.ts';
import { readDetector } from '../redact/read-detector.ts';
import { formatFileFinding, readScanDir } from '../redact/read-scan-dir.ts';
import { redactText, scanText } from '../redact/redact-text.ts';
import { buildSite } from './build-site-process.ts';
import { formatProblem, type Problem } from './problem.ts';
import { projectPublic } from './project-public.ts';
import { readLoop } from './read-loop.ts';
import { readSiteCodeHash } from './read-site-code-hash.ts';
import { serializePublic, writePublic, type PublicFile } from './write-public.ts';
import { acquireLock } from './write-lock.ts';
import {
  currentReleaseId, hashTree, paths, publishRelease, pruneReleases, readManifest, releaseId, removeStaging, replacePublicDir,
} from './write-release.ts';

export interface SynthOptions {
  config: JourneyConfig & { loopDir: string };
  /** Build and publish even when nothing changed since the current release. */
  rebuildSite: boolean;
  now?: Date;
  buildTimeoutMs?: number;
}

export interface SynthOutcome {
  /** 0 published or nothing to do, 3 published with items withheld (failures throw). */
  exitCode: 0 | 3;
  releaseId: string | undefined;
  published: boolean;
  problems: Problem[];
}

const STATE_KEPT = (dataDir: string) => {
  const id = currentReleaseId(dataDir);
  return id ? `nothing new was published; the last good release ${id} is still served` : 'nothing was published yet';
};

/**
 * Verify gate: the serialised public files are scanned again. The redactor already re-checks each
 * text, so a hit here means two texts joined into a secret, or a bug: refuse the whole publish.
 */
function verifyRedacted(files: readonly PublicFile[], detector: Detector): void {
  for (const file of files) {
    const finding = scanText(file.text, detector).findings[0];
    if (finding) {
      throw new JourneyError('JOURNEY_REDACT_VERIFY_FAILED',
        `public/${file.path}:${finding.line}:${finding.column} rule ${finding.rule} still matches after redaction (fingerprint ${finding.fingerprint})`,
        { fix: 'This is a redactor bug: report the rule and fingerprint; the loop data is unchanged.' });
    }
  }
}

/**
 * Runs one synth. Throws JourneyError when the publish is refused or fails; the previous release then
 * stays current.
 *
 * @example
 * const outcome = await runSynth({ config, rebuildSite: false });
 * process.exitCode = outcome.exitCode;
 */
export async function runSynth(options: SynthOptions): Promise<SynthOutcome> {
  const { config } = options;
  const where = paths(config.dataDir);
  mkdirSync(config.dataDir, { recursive: true });
  const release = acquireLock(path.join(config.dataDir, 'synth.lock'));
  try {
    removeStaging(config.dataDir);
    const detector = readDetector(config, { createKey: true });
    const loop = await phase('ingest', () => readLoop(config.loopDir, config.maxFileBytes),
      (l) => `${l.iterations.length} iterations, ${l.verdicts.length} verdicts, ${l.problems.length} withheld`);
    const output = await phase('redact', () => projectPublic(loop, (text) => redactText(text, detector)),
      (o) => `${o.siteData.redactions.total} values redacted`);
    const problems = [...loop.problems, ...output.problems];
    for (const problem of problems) info(`  withheld: ${formatProblem(problem)}`);
    const publicFiles = serializePublic(output);
    await phase('verify', () => verifyRedacted(publicFiles, detector));
    const runDir = path.join(where.staging, `${Date.now()}-${process.pid}`);
    const stagedPublic = path.join(runDir, 'public');
    await phase('write', () => writePublic(stagedPublic, publicFiles), () => `${publicFiles.length} files`);
    const inputHash = createHash('sha256').update(readSiteCodeHash())
      .update(hashTree(stagedPublic).map((f) => `${f.path}\0${f.sha256}`).join('\n')).digest('hex');
    const current = currentReleaseId(config.dataDir);
    const exitCode = problems.length > 0 ? 3 : 0;
    if (!options.rebuildSite && current && readManifest(config.dataDir, current)?.inputHash === inputHash) {
      info(`nothing changed since release ${current}; pass --rebuild-site to build anyway`);
      removeStaging(config.dataDir);
      return { exitCode, releaseId: current, published: false, problems };
    }
    const builtDir = path.join(runDir, 'site');
    await phase('build', () => buildSite({
      publicDir: stagedPublic, outDir: builtDir, cacheDir: path.join(config.dataDir, 'cache', 'astro'),
      timeoutMs: options.buildTimeoutMs ?? 600_000,
    }));
    cpSync(stagedPublic, builtDir, { recursive: true });
    const report = await phase('scan', () => readScanDir(builtDir, detector), (r) => `${r.files} files, ${r.findings.length} findings`);
    if (report.findings.length > 0) {
      for (const f of report.findings.slice(0, 20)) info(`  leak: ${formatFileFinding(f)}`);
      if (report.findings.length > 20) info(`  ... and ${report.findings.length - 20} more (npm run scan -- <dir> lists them all)`);
      throw new JourneyError('JOURNEY_LEAK_SCAN_FAILED', `the leak scan found ${report.findings.length} matches in the built site`, {
        fix: 'Each line above names file, line, rule and fingerprint; add the missing redaction or fix the page that printed it.',
        state: STATE_KEPT(config.dataDir),
      });
    }
    const files = hashTree(builtDir);
    const id = releaseId(options.now ?? new Date(), files);
    await phase('swap', () => {
      publishRelease(config.dataDir, builtDir, { id, created: (options.now ?? new Date()).toISOString(), inputHash, files });
      replacePublicDir(config.dataDir, stagedPublic);
    }, () => `current -> releases/${id}`);
    const pruned = pruneReleases(config.dataDir, config.keepReleases);
    removeStaging(config.dataDir);
    info(`published release ${id} (${files.length} files${pruned ? `, ${pruned} old releases pruned` : ''})`);
    return { exitCode, releaseId: id, published: true, problems };
  } catch (error) {
    removeStaging(config.dataDir);
    if (error instanceof JourneyError && error.state === undefined) {
      throw new JourneyError(error.code, error.message, { fix: error.fix, state: STATE_KEPT(config.dataDir), cause: error.cause });
    }
    throw error;
  } finally {
    release();
  }
}
