// Runs the external reviewer CLI non-interactively: the prompt as its last argument, stdin closed
// (a reviewer that reads it gets end-of-file at once), its whole process group killed at the timeout.
import { runCommandProcess } from './run-command-process.ts';

export interface ReviewerRun {
  ok: boolean;
  output: string;
  /** One line: `exit 0`, `killed after 420 s`, `failed to start: ENOENT`. */
  outcome: string;
}

/**
 * @example
 * const run = await runReviewerProcess(['codex', 'exec'], prompt, 420_000);
 */
export async function runReviewerProcess(command: readonly string[], prompt: string, timeoutMs: number): Promise<ReviewerRun> {
  const run = await runCommandProcess([...command, prompt], timeoutMs, { keepStdout: true });
  return { ok: run.code === 0, output: run.stdout, outcome: run.outcome };
}
