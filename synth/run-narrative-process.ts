// The optional narrative step (`--no-codex-cleanup` skips it): a configured command, for example an
// external model summarising the journey, whose output is redacted like every other loop text.
import { spawnSync } from 'node:child_process';
import { JourneyError } from '../core/journey-error.ts';

const MAX_OUTPUT = 256 * 1024;

/** The narrative command's time limit: a summary must not hold up a publish. */
export const NARRATIVE_TIMEOUT_MS = 120_000;

/**
 * Runs `command` through the shell with the loop folder as `$1`, with a time limit; returns its
 * stdout. A failure is a JOURNEY_NARRATIVE_FAILED (the caller publishes without a narrative).
 *
 * @example
 * const text = runNarrativeProcess('codex exec --summarise', '/srv/loop');
 */
export function runNarrativeProcess(command: string, loopDir: string, timeoutMs = NARRATIVE_TIMEOUT_MS): string {
  const result = spawnSync('/bin/sh', ['-c', `${command} "$1"`, 'narrative', loopDir], {
    encoding: 'utf8', timeout: timeoutMs, maxBuffer: MAX_OUTPUT, stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message.replace(/\/bin\/sh.*/, 'the command') : `exit ${result.status ?? result.signal}`;
    throw new JourneyError('JOURNEY_NARRATIVE_FAILED', `the narrative command failed (${why})`, {
      fix: 'Fix narrativeCommand (JOURNEY_NARRATIVE_COMMAND) or pass --no-codex-cleanup; this publish has no narrative.',
    });
  }
  return result.stdout.trim();
}
