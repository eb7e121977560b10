// Validation problems are data: collected during ingest, rendered once at the edge. What reaches an
// operator's terminal or the site is a PublicProblem: its file, field and message passed the
// redactor (a loop names its own files and keys, and a name is content).
import type { ProblemCode } from '../core/error-catalogue.ts';
import { ownText, type PublicText } from '../core/public-text.ts';
import { replaceLearned, type LearnedValue } from '../redact/replace-learned.ts';
import type { Redactor } from '../redact/redact-text.ts';

export interface Problem {
  /** Permanent code, e.g. JOURNEY_ITERATION_INVALID (core/error-catalogue.ts). */
  code: ProblemCode;
  /** Path relative to the loop folder. */
  file: string;
  line?: number;
  column?: number;
  field?: string;
  /** The redaction rule involved, for redaction problems. */
  rule?: string;
  message: string;
  fix: string;
  /** A note withholds nothing (counts that disagree, say): printed and shown, but the exit stays 0. */
  note?: boolean;
}

/** A problem whose every text passed the redactor: the only kind printed or published. */
export interface PublicProblem extends Omit<Problem, 'file' | 'field' | 'message' | 'fix'> {
  file: PublicText;
  field?: PublicText;
  message: PublicText;
  fix: PublicText;
}

/**
 * The problem with its file, field, message and fix redacted, and the values learned from other
 * records (`known`) replaced too: a folder named after a password the log states elsewhere is that
 * password. A text the redactor cannot vouch for is withheld (its position stays).
 *
 * @example
 * publicProblem({ code: 'JOURNEY_ITERATION_INVALID', file: 'subagents/alice@corp.io.json', message: '...', fix: '...' }, redactor)
 */
export function publicProblem(problem: Problem, redactor: Redactor, known: readonly LearnedValue[] = []): PublicProblem {
  const redact = (text: string): PublicText => {
    const result = redactor(text);
    // The placeholders stand where values stood: what is left is still the redactor's output.
    return result.unsure ? ownText`[withheld]` : replaceLearned(result.text, known) as PublicText;
  };
  const { file, field, message, fix, ...rest } = problem;
  return { ...rest, file: redact(file), ...(field === undefined ? {} : { field: redact(field) }), message: redact(message), fix: redact(fix) };
}

/** Where and what, without code and fix: `iterations/7/iteration.json:3 field "title": must be a string`. */
export function describeProblem(problem: Problem | PublicProblem): string {
  const where = `${problem.file}${problem.line ? `:${problem.line}` : ''}${problem.line && problem.column ? `:${problem.column}` : ''}`;
  const field = problem.field ? ` field "${problem.field}"` : '';
  const rule = problem.rule ? ` rule ${problem.rule}` : '';
  return `${where}${field}${rule}: ${problem.message}`;
}

/** One line an operator can act on: code, file, line, field, message and fix. */
export function formatProblem(problem: PublicProblem): PublicText {
  return `${problem.code}: ${describeProblem(problem)}. fix: ${problem.fix}` as PublicText;
}
