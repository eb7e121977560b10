// A long log on an iteration page: its first and last lines shown, the middle folded behind a
// <details> (still in the page, so it needs no JavaScript and searching the page finds it).

/** Lines shown before the fold. */
export const LOG_HEAD = 40;
/** Lines shown after the fold. */
export const LOG_TAIL = 120;

export interface FoldedLog {
  head: string;
  /** The middle, or null when the log is short enough to show whole. */
  folded: { text: string; lines: number; from: number; to: number } | null;
  tail: string;
}

/**
 * @example
 * foldLog(tenThousandLines) // { head: lines 1-40, folded: { lines: 9840, from: 41, to: 9880 }, tail: the last 120 }
 */
export function foldLog(log: string): FoldedLog {
  const lines = log.split('\n');
  if (lines.length <= LOG_HEAD + LOG_TAIL + 20) return { head: log, folded: null, tail: '' };
  const middle = lines.slice(LOG_HEAD, lines.length - LOG_TAIL);
  return {
    head: lines.slice(0, LOG_HEAD).join('\n'),
    folded: { text: middle.join('\n'), lines: middle.length, from: LOG_HEAD + 1, to: LOG_HEAD + middle.length },
    tail: lines.slice(-LOG_TAIL).join('\n'),
  };
}
