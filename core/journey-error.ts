// The one error base of journey: a permanent code (core/error-catalogue.ts), what happened, and the fix.
import { CATALOGUE, type ErrorCode } from './error-catalogue.ts';

/** Every error code journey can raise, with the exit code it maps to (from the catalogue). */
const ERROR_CODES = Object.fromEntries(Object.entries(CATALOGUE).filter(([, entry]) => entry.kind === 'error')
  .map(([code, entry]) => [code, entry.exit])) as Record<ErrorCode, number>;

export type { ErrorCode };

export interface JourneyErrorOptions {
  /** What the operator should do about it, when more precise than the catalogue's fix for the code. */
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
 * throw new JourneyError('JOURNEY_DATA_DIR_MISSING', `the data folder ${dataDir} does not exist`); // fix: the catalogue's
 */
export class JourneyError extends Error {
  readonly code: ErrorCode;
  readonly fix: string | undefined;
  readonly state: string | undefined;

  constructor(code: ErrorCode, message: string, options: JourneyErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'JourneyError';
    this.code = code;
    // A usage error's fix is the command's own line (`Run npm run x -- --help for usage.`).
    this.fix = options.fix ?? (code === 'JOURNEY_USAGE' ? undefined : CATALOGUE[code].fix);
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
