// Validation problems are data: collected during ingest, rendered once at the edge.

export interface Problem {
  /** Permanent code, e.g. JOURNEY_ITERATION_INVALID. */
  code: string;
  /** Path relative to the loop folder. */
  file: string;
  line?: number;
  column?: number;
  field?: string;
  /** The redaction rule involved, for redaction problems. */
  rule?: string;
  message: string;
  fix: string;
}

/** Where and what, without code and fix: `iterations/7/iteration.json:3 field "title": must be a string`. */
export function describeProblem(problem: Problem): string {
  const where = `${problem.file}${problem.line ? `:${problem.line}` : ''}${problem.line && problem.column ? `:${problem.column}` : ''}`;
  const field = problem.field ? ` field "${problem.field}"` : '';
  const rule = problem.rule ? ` rule ${problem.rule}` : '';
  return `${where}${field}${rule}: ${problem.message}`;
}

/** One line an operator can act on: code, file, line, field, message and fix. */
export function formatProblem(problem: Problem): string {
  return `${problem.code}: ${describeProblem(problem)}. fix: ${problem.fix}`;
}
