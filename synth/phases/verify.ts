// Phase `verify`, the second gate, and the problems of a publish: pages that still match are withheld; every withheld part is reported with its fix.
import { info } from '../../core/log.ts';
import type { Detector } from '../../redact/detect.ts';
import type { FileFinding } from '../../redact/read-scan-dir.ts';
import { withNeighbours, type PublicIteration } from '../plan-public-files.ts';
import { publicJson, sha256 } from '../../core/public-json.ts';
import { formatProblem, publicProblem, type PublicProblem } from '../../loop/problem.ts';
import { type projectSite, UNVERIFIED, withheldIteration } from '../project-public.ts';
import type { IterationState } from '../read-changed-iterations.ts';
import { redactorIsOff } from '../redact-item.ts';
import type { Redactor } from '../../redact/redact-text.ts';
import { findUnredacted, verifyFailed, type PublicFile } from '../verify-redacted.ts';
import { runChunked, type ThreadPool } from '../thread-pool.ts';
import type { Ingested } from './ingest.ts';
import type { PublishContext } from './publish-context.ts';
import type { Redacted } from './redact-site.ts';

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

/** Phase `verify` (the second gate, unless a test switched the redactor off): pages that still match are withheld. */
export async function verify(ctx: PublishContext, ingested: Ingested, redacted: Redacted): Promise<Redacted> {
  if (redactorIsOff()) return redacted;
  const verified = await ctx.step('verify', () => verifyOrWithhold({
    states: ingested.states, files: redacted.files, siteDataText: redacted.siteDataText, detector: ctx.detector, redactor: ctx.redactor,
    pool: (items) => ctx.pool(items, ingested.top.root), projectAgain: redacted.projectAgain,
  }), (v) => (v.withheld === 0 ? 'every changed text clean' : `${v.withheld} pages withheld: they still held what a detector matches`));
  return { ...redacted, site: verified.site ?? redacted.site, siteDataText: verified.siteDataText };
}

/** Every withheld part and note of this publish, printed with file, line and fix; the exit status they make. */
export function reportProblems(ctx: PublishContext, ingested: Ingested, redacted: Redacted): { problems: PublicProblem[]; exitCode: 0 | 3 } {
  const { top, ops, states } = ingested;
  // What the operator reads names files and fields of the loop: they pass the redactor like the site does.
  const problems = [...[...top.problems, ...ops.problems].map((p) => publicProblem(p, ctx.redactor, redacted.known)),
    ...states.flatMap((s) => s.facts.problems), ...redacted.site.problems];
  for (const problem of problems) info(`  ${problem.note ? 'note' : 'withheld'}: ${formatProblem(problem)}`);
  // A note (counts that disagree) withholds nothing: it is printed and shown, and the exit stays 0.
  return { problems, exitCode: problems.some((p) => !p.note) ? 3 : 0 };
}
