// Small formatters shared by the pages.

export const formatCount = (value: number) => value.toLocaleString('en-US');
export const formatCost = (value: number) => `$${value.toFixed(value < 1 ? 4 : 2)}`;
export const formatTime = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+/, '') : '—');

/** Class of one diff line for colouring: added, removed, hunk header or context. */
export function diffLineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return '';
}
