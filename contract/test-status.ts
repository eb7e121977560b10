// What a test case's status means: the loop's tests.json and the importers write their own words
// (`fail`, `FAILED`, `timedout`, `crashed`...). One reading for every page that counts or compares them.

/** Statuses that count as failing. */
const FAILING = /^(?:fail|failed|failing|failure|error|errored|broken|timedout|timeout|crashed)$/i;
/** Statuses that count as passing. */
const PASSING = /^(?:pass|passed|passing|ok|success|succeeded)$/i;

/**
 * True when a test case with this status failed (an error, a timeout and a crash count).
 *
 * @example
 * isFailingStatus('timedout') // true
 */
export function isFailingStatus(status: string): boolean {
  return FAILING.test(status);
}

/**
 * True when a test case with this status passed.
 *
 * @example
 * isPassingStatus('PASSED') // true
 */
export function isPassingStatus(status: string): boolean {
  return PASSING.test(status);
}
