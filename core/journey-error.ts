// The one error base of journey: a permanent code, what happened, and the fix.

/** Every error code journey can raise, with the exit code it maps to. */
export const ERROR_CODES = {
  JOURNEY_USAGE: 2,
  JOURNEY_NO_LOOP_DIR: 2,
  JOURNEY_CONFIG_INVALID: 2,
  JOURNEY_CONFIG_FILE_UNREADABLE: 2,
  JOURNEY_DEMO_OUT_NOT_EMPTY: 2,
  JOURNEY_SECRET_SOURCE_UNREADABLE: 2,
  JOURNEY_REDACT_KEY_WEAK: 2,
  JOURNEY_SCAN_DIR_MISSING: 2,
  JOURNEY_PUBLIC_FLAG_REQUIRED: 2,
  JOURNEY_RELEASE_UNKNOWN: 2,
  JOURNEY_RESTORE_NOTHING: 1,
  JOURNEY_DATA_DIR_MISSING: 1,
  JOURNEY_NO_EARLIER_RELEASE: 1,
  JOURNEY_JUDGE_NO_DATA: 1,
  JOURNEY_REDACT_INPUT_TOO_LARGE: 1,
  JOURNEY_LOOP_DIR_MISSING: 1,
  JOURNEY_LOOP_STATE_INVALID: 1,
  JOURNEY_LOOP_PARITY_INVALID: 1,
  JOURNEY_REDACT_VERIFY_FAILED: 1,
  JOURNEY_BUILD_FAILED: 1,
  JOURNEY_LEAK_SCAN_FAILED: 1,
  JOURNEY_TAKEDOWN_INCOMPLETE: 1,
  JOURNEY_SERVER_LISTEN_FAILED: 1,
  JOURNEY_RELEASE_UNSERVABLE: 1,
  JOURNEY_WORKER_FAILED: 1,
  JOURNEY_DB_UNUSABLE: 1,
  JOURNEY_DISK_FULL: 1,
  JOURNEY_RENDER_FAILED: 1,
  JOURNEY_NARRATIVE_FAILED: 1,
  JOURNEY_INTERNAL: 1,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface JourneyErrorOptions {
  /** What the operator should do about it. */
  fix?: string;
  /** The state the disk is in after the failure (STYLE rule 9). */
  state?: string;
  cause?: unknown;
}

/**
 * An expected failure with a permanent code. The message never contains a secret:
 * callers pass fingerprints, never values.
 *
 * @example
 * throw new JourneyError('JOURNEY_LOOP_STATE_INVALID', 'state.json: "iteration" must be an integer', {
 *   fix: "Fix the loop's writer or remove the file.",
 * });
 */
export class JourneyError extends Error {
  readonly code: ErrorCode;
  readonly fix: string | undefined;
  readonly state: string | undefined;

  constructor(code: ErrorCode, message: string, options: JourneyErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'JourneyError';
    this.code = code;
    this.fix = options.fix;
    this.state = options.state;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code];
  }
}

/**
 * Renders an error as the lines an operator reads on stderr: what happened, why (the cause chain),
 * then what to do and the state it left, so that a failure ends with its fix and state.
 */
export function formatError(error: unknown): string {
  const lines: string[] = [];
  if (error instanceof JourneyError) lines.push(`${error.code}: ${error.message}`);
  else lines.push(`JOURNEY_INTERNAL: ${error instanceof Error ? error.message : String(error)}`);
  let cause = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    lines.push(`  caused by: ${text}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  if (error instanceof JourneyError) {
    if (error.fix) lines.push(`  fix: ${error.fix}`);
    if (error.state) lines.push(`  state: ${error.state}`);
  }
  return lines.join('\n');
}

/** True when `error` is a Node system error with the given code (ENOENT, EEXIST...). */
export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
