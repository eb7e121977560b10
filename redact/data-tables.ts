// Tables the layout reading's delimiters do not split: columns aligned by spaces (`column -t`,
// reStructuredText's simple tables, a CLI's listing, a DataFrame's print with its index), tables written as data (a list of tuples whose
// first is the header, JSON's `columns` and `rows`), and the rows a query prints under its command
// (`sqlite3 app.db "select name, password from users"` then `bo|v`). A value under a column named for
// a credential reads as `name: value` on its line, as the layout reading's cells do.
import { isCredentialName } from './credential-names.ts';
import { looksDrawn } from './credential-values.ts';
import { argumentsAt, cellEdits, columnNamesOf, credentialColumn, credentialNameOf, fitsColumn, isRuleLine, lineAt, trimmedCell, type Cell } from './table-cells.ts';
import type { Edit } from './view.ts';

/** Rows read below a header, at most: a longer table is data, read by its rows' own rules. */
const MAX_ROWS = 500;

/** Cells of an aligned line: words joined by single spaces, apart by two or more (or a tab). */
const ALIGNED_CELL = /[^\s](?:[^\s]| (?=[^\s]))*/g;

/** An aligned header's cell: words of a title, no dots (`ls` prints file names in columns: `token.txt  notes.md`). */
const TITLE_CELL = /^[A-Za-z][\w/-]{0,40}(?: [\w/-]{1,40}){0,3}$/;

/** The cells of the aligned line [start, end), each where it starts in `text`. */
function alignedCells(text: string, start: number, end: number): Cell[] {
  const line = text.slice(start, end);
  const cells: Cell[] = [];
  ALIGNED_CELL.lastIndex = 0;
  for (let match = ALIGNED_CELL.exec(line); match && cells.length < 40; match = ALIGNED_CELL.exec(line)) {
    cells.push({ start: start + match.index, end: start + match.index + match[0].length, text: match[0] });
  }
  return cells;
}

/**
 * Reads a table whose columns are aligned by spaces, headed by the line [start, end): each row's cell
 * that starts where the credential's column does (`USER   PASSWORD` / `bo     v`, a reStructuredText
 * table between its `====  ====` rules). Returns where the reading ended, or undefined when the line
 * heads no such table.
 *
 * @example
 * const edits: Edit[] = []; alignedTableEdits('USER   PASSWORD\nbo     Qq6-raven-Vx26', 0, 15, edits) // row 2 reads 'PASSWORD: Qq6-raven-Vx26'
 */
export function alignedTableEdits(text: string, start: number, end: number, edits: Edit[]): number | undefined {
  if (end - start > 400) return undefined;
  const head = alignedCells(text, start, end);
  if (head.length < 2 || !head.every((cell) => TITLE_CELL.test(cell.text))) return undefined;
  const names = columnNamesOf(head);
  const column = names.findIndex((name) => name !== undefined);
  if (column < 0) return undefined;
  const name = names[column]!;
  const [left, right] = [head[column]!.start - start, head[column]!.end - start];
  let read: number | undefined;
  for (let at = end + 1, rows = 0; at < text.length && rows < MAX_ROWS; rows++) {
    const [rowStart, rowEnd] = lineAt(text, at);
    at = rowEnd + 1;
    if (isRuleLine(text.slice(rowStart, rowEnd))) continue;
    // A row of the table has a cell for each column, perhaps an index's before them under no title
    // (a pandas DataFrame's `0`, `1`), the credential's under its header: left-aligned, right-aligned or
    // overlapping it.
    const cells = alignedCells(text, rowStart, rowEnd);
    const indexed = cells.length === head.length + 1 && cells[0]!.end - rowStart <= head[0]!.start - start;
    const cell = cells[column + (indexed ? 1 : 0)];
    if ((cells.length !== head.length && !indexed) || !cell || cell.start - rowStart >= right || cell.end - rowStart <= left) break;
    if (credentialNameOf(cell) === undefined && fitsColumn(name, cell)) cellEdits(text, rowStart, rowEnd, name, cell, edits);
    read = rowEnd;
  }
  return read;
}

/** A list of quoted names (`("name", "password")`, `["user","password"]`): an array table's header. */
const HEADER_LIST = /[[(][ \t]*(["'])[A-Za-z][\w ./-]{0,60}\1(?:[ \t]*,[ \t]*(["'])[A-Za-z][\w ./-]{0,60}\2){1,30}[ \t]*,?[ \t]*[\])]/g;

/** What may stand between an array table's rows: commas, closing brackets, a key (`,"rows":[`). */
const ROW_GAP = /^[\s,\])}]{0,40}(?:["']?[A-Za-z_]\w{0,40}["']?[ \t]*[:=][ \t]*)?[\s[(]{0,20}$/;

/** The next row list of an array table at or after `from` (a nested list's innermost), or -1. */
function nextRowOpen(text: string, from: number, bracket: string): number {
  let open = text.indexOf(bracket, from);
  if (open < 0 || open - from > 120 || !ROW_GAP.test(text.slice(from, open))) return -1;
  for (let inner = open + 1; inner < open + 20; inner++) {
    if (text[inner] === bracket) open = inner;
    else if (!/\s/.test(text[inner] ?? '')) break;
  }
  return open;
}

/**
 * Reads the array tables whose header list stands on the line [start, end): each later list of as
 * many items gives its item under the credential's name (`("bo", "v")`, `["bo","v"]`). Returns where
 * the reading ended, or undefined when the line holds no such header.
 *
 * @example
 * const edits: Edit[] = []; arrayTableEdits('[("name", "password"), ("bo", "v")]', 0, 35, edits) // reads 'password: v'
 */
export function arrayTableEdits(text: string, start: number, end: number, edits: Edit[]): number | undefined {
  const line = text.slice(start, end);
  let read: number | undefined;
  HEADER_LIST.lastIndex = 0;
  for (let match = HEADER_LIST.exec(line); match; match = HEADER_LIST.exec(line)) {
    const open = start + match.index;
    const header = argumentsAt(text, open);
    const column = header?.cells.findIndex((cell) => isCredentialName(cell.text)) ?? -1;
    if (!header || column < 0) continue;
    const name = header.cells[column]!.text;
    let at = header.end;
    for (let rows = 0, row = nextRowOpen(text, at, text[open]!); row >= 0 && rows < MAX_ROWS; rows++, row = nextRowOpen(text, at, text[open]!)) {
      const list = argumentsAt(text, row);
      if (!list || list.cells.length !== header.cells.length) break;
      const cell = list.cells[column]!;
      // A literal only (inside quotes): a variable's name there is no secret.
      if (cell.text !== '' && /["']/.test(text[cell.start - 1] ?? '') && credentialNameOf(cell) === undefined) cellEdits(text, row, list.end, name, cell, edits);
      at = list.end;
    }
    read = Math.max(read ?? 0, at);
    HEADER_LIST.lastIndex = Math.max(HEADER_LIST.lastIndex, at - start);
  }
  return read;
}

/** A query's column list (`select name, password from`): its output's rows hold them in this order. */
const SELECT_COLUMNS = /\bselect[ \t]{1,10}(?:distinct[ \t]{1,10})?(?<columns>[\w.`"[\] \t,]{1,400}?)[ \t]{1,10}from\b/gi;

/** The cells of an output row split at `delimiter`, or at nothing for a one-column query. */
function outputCells(text: string, start: number, end: number, delimiter: string | undefined): Cell[] {
  const cells: Cell[] = [];
  let from = start;
  const push = (to: number) => cells.push(trimmedCell(text, from, to));
  for (let at = delimiter ? text.indexOf(delimiter, start) : -1; at >= 0 && at < end && cells.length < 40; at = text.indexOf(delimiter!, at + 1)) {
    push(at);
    from = at + 1;
  }
  push(end);
  return cells;
}

/**
 * Reads the rows a query's driver returns, printed after `from` as a list of tuples or lists
 * (Python's `fetchall()`: `[('bo', 'v'), ('al', 'v2')]`, a one-column query's `[('v',)]`): each row's
 * quoted item under the credential's column. Returns where the reading ended, or undefined.
 */
function tupleRowEdits(text: string, from: number, columns: readonly string[], column: number, edits: Edit[]): number | undefined {
  for (const bracket of ['(', '[']) {
    let read: number | undefined;
    for (let rows = 0, row = nextRowOpen(text, from, bracket); row >= 0 && rows < MAX_ROWS; rows++, row = nextRowOpen(text, read!, bracket)) {
      const list = argumentsAt(text, row);
      const cells = list?.cells.at(-1)?.text === '' && list.cells.length === columns.length + 1 ? list.cells.slice(0, -1) : list?.cells;
      if (!list || cells!.length !== columns.length) break;
      const cell = cells![column]!;
      // A literal only (inside quotes): a `None` or a number there is no secret.
      if (cell.text !== '' && /["']/.test(text[cell.start - 1] ?? '') && credentialNameOf(cell) === undefined && fitsColumn(columns[column]!, cell)) {
        cellEdits(text, row, list.end, columns[column]!, cell, edits);
      }
      read = list.end;
    }
    if (read !== undefined) return read;
  }
  return undefined;
}

/**
 * Reads the rows a query prints on the lines below its command: sqlite's and `psql -A`'s bare pipes,
 * `mysql -B`'s tabs, a one-column query's lone values, a driver's list of tuples. The query on the line [start, end) names the
 * columns. Returns where the reading ended, or undefined when the line holds no such query.
 *
 * @example
 * const edits: Edit[] = []; selectOutputEdits('sqlite3 app.db "select name, password from users"\nbo|v1-Abc-23', 0, 50, edits) // row 2 reads 'password: v1-Abc-23'
 */
export function selectOutputEdits(text: string, start: number, end: number, edits: Edit[]): number | undefined {
  SELECT_COLUMNS.lastIndex = 0;
  const match = SELECT_COLUMNS.exec(text.slice(start, end));
  if (!match) return undefined;
  const found = credentialColumn(match.groups!['columns']!);
  if (!found || found.columns.includes('*')) return undefined;
  const { columns, column } = found;
  // A driver's fetch printed as a list of tuples or lists (`[('bo', 'v'), ('al', 'v2')]`), not as lines of cells.
  if (/^\s{0,20}[[(]/.test(text.slice(end + 1, end + 24))) return tupleRowEdits(text, end, columns, column, edits);
  let read: number | undefined;
  let delimiter: string | undefined;
  for (let at = end + 1, rows = 0; at < text.length && rows < MAX_ROWS; rows++) {
    const [rowStart, rowEnd] = lineAt(text, at);
    at = rowEnd + 1;
    const line = text.slice(rowStart, rowEnd);
    if (isRuleLine(line)) continue;
    delimiter ??= columns.length === 1 ? undefined : ['|', '\t'].find((d) => line.includes(d));
    if (columns.length > 1 && delimiter === undefined) break;
    const cells = outputCells(text, rowStart, rowEnd, delimiter);
    const cell = cells[column];
    // A value prints as one word; a one-column query's line is read only when it reads as drawn (no delimiter shows it is a row).
    if (cells.length !== columns.length || !cell || cell.text === '' || /\s/.test(cell.text) || (columns.length === 1 && !looksDrawn(cell.text))) break;
    if (credentialNameOf(cell) === undefined && fitsColumn(columns[column]!, cell)) cellEdits(text, rowStart, rowEnd, columns[column]!, cell, edits);
    read = rowEnd;
  }
  return read;
}
