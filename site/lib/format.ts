// Small formatters shared by the pages.

/** A count or a cost an imported run did not record reads "not recorded", never 0. */
export const formatCount = (value: number | null) => (value === null ? 'not recorded' : value.toLocaleString('en-US'));
export const formatCost = (value: number | null) => (value === null ? 'not recorded' : `$${value.toFixed(value < 1 ? 4 : 2)}`);
export const formatTime = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+/, '') : '—');
/** A duration as minutes and seconds: `12 min 05 s`, `45 s`. */
export const formatMinutes = (ms: number) => {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
};

/** Class of one diff line for colouring: added, removed, hunk header or context. */
export function diffLineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return '';
}

/**
 * A count with its word, in the plural unless the count is one.
 *
 * @example
 * plural(2, 'error line') // '2 error lines'
 */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
