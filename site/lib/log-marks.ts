// Which lines of an iteration's log are errors or warnings, so the page marks them (a class and an
// anchor #log-line-N) and the outcome summary links the first ones. Pure: the page renders the result.
import { plural } from './format.ts';

export type LogLevel = 'error' | 'warn';

export interface LogMark {
  /** 1-based line number in the published log (the page's #log-line-N). */
  line: number;
  level: LogLevel;
  text: string;
}

/**
 * What reads as an error line. Bare words count in capitals only (ERROR, FAIL, FAILED, FATAL):
 * in lower case they are prose ("handles error cases"). With a colon or in brackets, as compilers
 * and loggers print them, any case counts (`error:`, `[error]`, `TypeError:`).
 */
const ERROR_PATTERNS = [
  /\b(?:ERROR|FATAL|CRITICAL|FAIL|FAILED|FAILURE)\b|\bERR!/g,
  /\b(?:error|fatal)\s*(?::|\])/gi,
  /\b[A-Z]\w*(?:Error|Exception):/g,
  /\bTraceback \(most recent call last\)/g,
  /\bpanic:|\bpanicked at\b/g,
  /\blevel"?\s*[=:]\s*"?(?:error|fatal)\b/gi,
  // A count of failures that is not zero: "1 failed", "3 errors", "2 tests failing".
  /\b[1-9]\d*\s+(?:tests?\s+)?(?:failed|failing|failures?|errors?)\b/gi,
];

const WARN_PATTERNS = [/\bWARN(?:ING)?\b/g, /\bwarn(?:ing)?\s*(?::|\])/gi, /\b[A-Z]\w*Warning:/g, /\blevel"?\s*[=:]\s*"?warn(?:ing)?\b/gi];

/** A match that says there was none: "0 errors", "no failures", "FAILED: 0", "errors=0", "without ERROR". */
function saysNone(line: string, found: RegExpExecArray): boolean {
  const before = line.slice(Math.max(0, found.index - 12), found.index);
  const after = line.slice(found.index + found[0].length, found.index + found[0].length + 8);
  const zeroAfter = /[:=]$/.test(found[0]) ? /^\s*0\b/ : /^s?\s*[:=]\s*0\b/;
  return /\b(?:0|no|zero|without)\s+$/i.test(before) || zeroAfter.test(after);
}

function matches(line: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((pattern) => [...line.matchAll(pattern)].some((found) => !saysNone(line, found)));
}

/**
 * The level of one log line, or null for an ordinary line.
 *
 * @example
 * logLevel('ERROR amount check failed') // 'error'
 * logLevel('done: 0 errors, no failures') // null
 */
export function logLevel(line: string): LogLevel | null {
  if (matches(line, ERROR_PATTERNS)) return 'error';
  if (matches(line, WARN_PATTERNS)) return 'warn';
  return null;
}

/**
 * Every marked line of a log, in order.
 *
 * @example
 * markLog('ok\nWARN slow\nError: boom') // [{ line: 2, level: 'warn', text: 'WARN slow' }, { line: 3, level: 'error', text: 'Error: boom' }]
 */
export function markLog(log: string): LogMark[] {
  const marks: LogMark[] = [];
  log.split('\n').forEach((text, i) => {
    const level = logLevel(text);
    if (level !== null) marks.push({ line: i + 1, level, text });
  });
  return marks;
}

/** A run of ordinary lines (newlines included), or one marked line. */
export type LogSegment = string | LogMark;

/**
 * One shown piece of a log (the head, the fold or the tail) cut into plain runs and marked lines, so
 * the page wraps only the marked ones. `firstLine` is the piece's first line number in the whole log.
 *
 * @example
 * logSegments('a\nERROR b\nc', 41, marks) // ['a\n', { line: 42, level: 'error', text: 'ERROR b' }, '\nc']
 */
export function logSegments(piece: string, firstLine: number, marks: readonly LogMark[]): LogSegment[] {
  const lines = piece.split('\n');
  const last = firstLine + lines.length - 1;
  const segments: LogSegment[] = [];
  let plain = '';
  let next = 0;
  for (const mark of marks) {
    if (mark.line < firstLine || mark.line > last) continue;
    const index = mark.line - firstLine;
    plain += lines.slice(next, index).map((line) => `${line}\n`).join('');
    if (plain !== '') segments.push(plain);
    segments.push(mark);
    plain = index < lines.length - 1 ? '\n' : '';
    next = index + 1;
  }
  plain += lines.slice(next).join('\n');
  if (plain !== '') segments.push(plain);
  return segments;
}


/**
 * What a folded stretch of the log holds, for its "show them" line: `, with 2 errors and 1 warning`,
 * or '' when it holds no marked line.
 *
 * @example
 * foldedMarks(marks, 41, 1880) // ', with 2 errors and 1 warning'
 */
export function foldedMarks(marks: readonly LogMark[], from: number, to: number): string {
  const inside = marks.filter((mark) => mark.line >= from && mark.line <= to);
  const errors = inside.filter((mark) => mark.level === 'error').length;
  const warnings = inside.length - errors;
  const parts = [...(errors > 0 ? [plural(errors, 'error')] : []), ...(warnings > 0 ? [plural(warnings, 'warning')] : [])];
  return parts.length === 0 ? '' : `, with ${parts.join(' and ')}`;
}
