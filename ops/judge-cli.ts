// `npm run judge`: the meta-judge. Builds a prompt from the redacted public data, runs the reviewer
// CLI, keeps the last section under its marker, and appends a review (its texts redacted) to
// <data>/reviews/meta-judge.jsonl. A circuit breaker stops calling a failing reviewer for a while.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandSpec } from '../cli/define-command.ts';
import { forOutput, info } from '../core/log.ts';
import { JourneyError } from '../core/journey-error.ts';
import { readDetector } from '../redact/read-detector.ts';
import { redactText } from '../redact/redact-text.ts';
import { openDb } from '../state/db.ts';
import { reviewSchema, type Review } from '../contract/ops-schemas.ts';
import { OPS_FILES, dataPaths } from '../core/data-layout.ts';
import type { IterationPage, SiteData } from '../contract/site-data-schema.ts';
import { redactItem } from '../synth/redact-item.ts';
import { buildJudgePrompt, PROMPT_ITERATIONS } from './build-judge-prompt.ts';
import { readBreaker, recordBreaker } from '../state/breaker.ts';
import { lastSection, parseReview } from './parse-review.ts';
import { runReviewerProcess } from './run-reviewer-process.ts';
import { mainWithEnvFiles } from './read-env-files.ts';

const BREAKER = 'reviewer';

/**
 * The public data the prompt is built from: the live release's site-data.json and newest iterations'
 * JSON, which passed the leak scan (<data>/public is written before the scan, and a refused publish
 * leaves it holding what the scan refused).
 */
function readPublic(dataDir: string): { site: SiteData; pages: IterationPage[] } {
  const dir = dataPaths(dataDir).current;
  const file = path.join(dir, 'site-data.json');
  if (!existsSync(file)) {
    throw new JourneyError('JOURNEY_JUDGE_NO_DATA', `${file} does not exist`); // the catalogue's fix
  }
  const site = JSON.parse(readFileSync(file, 'utf8')) as SiteData;
  const newest = [...site.iterations].sort((a, b) => b.number - a.number).slice(0, PROMPT_ITERATIONS);
  const pages = newest.flatMap((it) => {
    try {
      return [JSON.parse(readFileSync(path.join(dir, 'iterations', `${it.number}.json`), 'utf8')) as IterationPage];
    } catch {
      return [];
    }
  });
  return { site, pages };
}

export const judgeCommand: CommandSpec = {
  invocation: 'npm run judge --',
  summary: [
    'Ask the external reviewer (JOURNEY_REVIEWER_COMMAND; default the Codex CLI: `codex exec --skip-git-repo-check',
    '--sandbox read-only --model gpt-5.5 -c model_reasoning_effort=high`, the prompt as its last argument, stdin',
    'closed, killed after 420 s) to judge the loop from its public journey, and append its health score and',
    'findings to <data-dir>/reviews/meta-judge.jsonl.',
    'Exit 0 a review was added, 1 the reviewer failed or its breaker is open.',
  ].join('\n'),
  flags: [],
  examples: [
    'npm run judge -- --data-dir /data/autoswe',
    'JOURNEY_REVIEWER_COMMAND="codex exec --skip-git-repo-check --model gpt-5.4 -c model_reasoning_effort=medium" JOURNEY_JUDGE_TIMEOUT_SECONDS=600 npm run judge',
  ],
  async run({ config }) {
    const { site, pages } = readPublic(config.dataDir);
    const db = openDb(config);
    try {
      const now = new Date();
      const breaker = readBreaker(db, BREAKER, config.breakerCooldownSeconds, now);
      if (breaker.kind === 'open') {
        info(`reviewer not called: its breaker is open until ${breaker.until.toISOString()} after ${config.breakerFailures} failures in a row`);
        return 1;
      }
      if (breaker.kind === 'half-open') info('reviewer breaker half-open: one try');
      const prompt = buildJudgePrompt(site, pages, config.reviewerMarker);
      // The prompt leaves this machine: through the output filter too, whatever the release held.
      const run = await runReviewerProcess(config.reviewerCommand, forOutput(prompt), config.judgeTimeoutSeconds * 1000);
      const parsed = run.ok ? parseReview(lastSection(run.output, config.reviewerMarker)) : undefined;
      if (!parsed) {
        const failures = recordBreaker(db, BREAKER, false, config.breakerFailures, now);
        info(`reviewer failed (${run.ok ? 'no health score in its answer' : run.outcome}); ${failures} failure${failures === 1 ? '' : 's'} in a row`);
        return 1;
      }
      recordBreaker(db, BREAKER, true, config.breakerFailures, now);
      // The reviewer may read more than its prompt (a coding agent can open files): its words are
      // redacted like the loop's before they are stored, a text it cannot vouch for withheld.
      const detector = readDetector(config, { createKey: true });
      const redacted = redactItem(parsed, (text) => redactText(text, detector));
      if (redacted.rules.length + redacted.withheld.length > 0) info(`review redacted: ${redacted.rules.length} redactions, ${redacted.withheld.length} texts withheld`);
      const review: Review = reviewSchema.parse({ ts: now.toISOString(), reviewer: config.reviewerCommand[0], ...redacted.value });
      const file = path.join(config.dataDir, OPS_FILES.reviews);
      mkdirSync(path.dirname(file), { recursive: true });
      appendFileSync(file, `${JSON.stringify(review)}\n`);
      info(`review added: health score ${review.score}, ${review.findings.length} findings`);
      return 0;
    } finally {
      db.close();
    }
  },
};

if (import.meta.main) mainWithEnvFiles(judgeCommand);
