// Validation problems are data: collected during ingest, rendered once at the edge.

export interface Problem {
  /** Permanent code, e.g. JOURNEY_ITERATION_INVALID. */
  code: string;
  /** Path relative to the loop folder. */
  file: string;
  line?: number;
  field?: string;
  message: string;
  fix: string;
}

/** One line an operator can act on: `iterations/7/iteration.json:3 field "title": ... fix: ...`. */
export function formatProblem(problem: Problem): string {
  const where = `${problem.file}${problem.line ? `:${problem.line}` : ''}`;
  const field = problem.field ? ` field "${problem.field}"` : '';
  return `${problem.code}: ${where}${field}: ${problem.message}. fix: ${problem.fix}`;
}
