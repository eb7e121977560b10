// Phases `build` and `scan`: the release assembled in staging, every new file leak-scanned; a finding refuses it.
import { JourneyError } from '../../core/journey-error.ts';
import { faultPoint } from '../../core/fault-point.ts';
import { info } from '../../core/log.ts';
import type { Detector } from '../../redact/detect.ts';
import { formatFileFinding, scanFiles, type FileFinding, type ScanReport } from '../../redact/read-scan-dir.ts';
import { writeLeakFindings } from '../write-leak-findings.ts';
import { withdrawRefused } from '../withdraw-refused.ts';
import { dataPaths } from '../../core/data-layout.ts';
import { countToMake } from '../release/plan-release-files.ts';
import type { ManifestEntry } from '../release/release-manifest.ts';
import { runChunked, type ThreadPool } from '../thread-pool.ts';
import { assembleRelease } from '../release/write-release.ts';
import type { ReleasePlan } from './plan-release.ts';
import type { PublishContext } from './publish-context.ts';

/** The leak scan of the files a release made, spread over the pool when there is one. */
async function scanRelease(staging: string, files: readonly ManifestEntry[], pool: ThreadPool | undefined, detector: Detector): Promise<ScanReport> {
  faultPoint('scan');
  const reports = await runChunked<ManifestEntry, ScanReport>(pool, 'scan', files, {
    per: 64, bytesOf: (f) => f.bytes, local: async (chunk) => [await scanFiles(staging, chunk.map((f) => f.path), detector)], label: 'scan',
  }, (chunk) => ({ root: staging, files: chunk.map((f) => f.path) }));
  return reports.reduce((all, r) => ({ files: all.files + r.files, bytes: all.bytes + r.bytes, findings: [...all.findings, ...r.findings] }),
    { files: 0, bytes: 0, findings: [] });
}

/** `rule (count)` for each rule of the findings, the most frequent first. */
function countByRule(findings: readonly FileFinding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} (${n})`).join(', ');
}

/** Phases `build` and `scan`: the release assembled in staging and every new file leak-scanned; a finding refuses it. */
export async function buildAndScan(ctx: PublishContext, plan: ReleasePlan, staging: string, loopRoot: string): Promise<{ assembled: Awaited<ReturnType<typeof assembleRelease>>; report: ScanReport }> {
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
  const withdrawn = withdrawRefused(dataPaths(ctx.config.dataDir).public, staging, report.findings, ctx.detector);
  if (withdrawn.length > 0) info(`  withdrew ${withdrawn.length} public files holding a refused value (${withdrawn.slice(0, 5).join(', ')}${withdrawn.length > 5 ? ', ...' : ''}); the next publish writes them again`);
  throw new JourneyError('JOURNEY_LEAK_SCAN_FAILED', `the leak scan found ${report.findings.length} matches in the built site`, {
    fix: `Each line above (and ${findingsFile}) names file, line, rule and fingerprint; add the missing redaction or fix the page that printed it.`,
  });
}
