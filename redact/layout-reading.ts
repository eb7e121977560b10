// The layout reading: a value its reader finds by where it stands, not by what stands beside it on
// its line. In a table, a cell under a column headed by a credential's name is that credential's
// value, and so is what follows a cell naming one in its row (empty cells and words like `staging`
// read past): markdown tables with or without their outer pipes (rows of fewer or more cells, rules
// of any tool's kind: psql's, grids', org-mode's), box-drawn ones (`│`), CSV, TSV and semicolon
// tables with a header line, LaTeX tabulars, and HTML tables. Tables aligned by spaces, written as
// data and printed by a query are data-tables.ts's; values under a label, label-lists.ts's. In an
// SQL insert, a value under a credential's column, and a known call's password argument; an HTML
// block's label and the next block's value. The reading writes each such value as `name: value` on
// its line, so the grammar rules find it as they find `password: v`.
import { isCredentialName, isQualifierWord } from './credential-names.ts';
import { looksDrawn } from './credential-values.ts';
import { FOLDED_CHAR } from './text-bytes.ts';
import { alignedTableEdits, arrayTableEdits, selectOutputEdits } from './data-tables.ts';
import { labelEdits } from './label-lists.ts';
import { sqlValueEdits } from './sql-values.ts';
import { argumentsAt, cellEdits, cellsEdits, columnNamesOf, credentialNameOf, fitsColumn, isRuleLine, lineAt, NAME_CELL, rowNameOf, type Cell, type Row } from './table-cells.ts';
import type { Edit, View } from './view.ts';

/** Where a credential's name may stand: a line without one of these is no table of credentials. */
// Short words only as words of a name (`pin`, `psk`, `auth` and `codes` are inside many other words: `mapping`, `decode`).
// A key's emoji alone in a cell (`| 🔑 |`; two FOLDED_CHARs in a base view, which columnNamesOf tells by their real characters).
const HINT = /pass(?!ed|ing|es\b)|pwd|secret|token|key|cred|(?<![a-z])(?:auth|pin|psk|pw|codes?)(?![a-z])|(?:\uD83D[\uDD11\uDD10\uDDDD]|\x80\x80)(?<=\|[ \t]{0,4}..)(?=\uFE0F?[ \t]{0,4}\|)/gi;

/** Rows of a table read past the header, at most: a table longer than this is data, read by its rows' own rules. */
const MAX_BODY_ROWS = 500;

/** Box drawing's vertical bars, light, heavy, double and dashed: any tool's table may draw its columns with one. */
const BAR_CHARS = ['│', '┃', '║', '╎', '╏', '┆', '┇', '┊', '┋'];
const BARS = new Set(BAR_CHARS);

/**
 * The cells of the line [start, end) split at `delimiter` (a `\|` stays in its cell), or undefined
 * when it has none. `real` gives the view's real characters (a folded byte may be a bar or not).
 */
function splitRow(text: string, start: number, end: number, delimiter: string, real: (at: number) => string): Row | undefined {
  const cells: Cell[] = [];
  let from = start;
  let found = false;
  const push = (to: number) => {
    let a = from;
    let b = to;
    while (a < b && (text[a] === ' ' || text[a] === '\t' || text[a] === '\r')) a++;
    while (b > a && (text[b - 1] === ' ' || text[b - 1] === '\t' || text[b - 1] === '\r')) b--;
    // A quoted cell (CSV's `"password"`, `"bo"`) is what its quotes hold.
    if (b - a >= 2 && (text[a] === '"' || text[a] === "'") && text[b - 1] === text[a]) [a, b] = [a + 1, b - 1];
    cells.push({ start: a, end: b, text: text.slice(a, b) });
  };
  // A LaTeX row's cells end at its `\\`.
  const close = delimiter === '&' ? text.lastIndexOf('\\\\', end) : -1;
  const cellsEnd = close >= start ? close : end;
  for (let at = text.indexOf(delimiter, start); at >= 0 && at < cellsEnd; at = text.indexOf(delimiter, at + 1)) {
    if (delimiter === '|' && text[at - 1] === '\\') continue;
    if (delimiter === FOLDED_CHAR && !BARS.has(real(at))) continue; // a base view's folded byte is a bar where the real character is
    found = true;
    push(at);
    from = at + delimiter.length;
  }
  if (!found) return undefined;
  push(cellsEnd);
  const leading = cells[0]!.text === '';
  if (leading) cells.shift();
  if (cells.length > 1 && cells.at(-1)!.text === '') cells.pop(); // the line closes with its delimiter
  return { start, end, cells, leading };
}

/** A LaTeX tabular's row's end: `\\`, perhaps a rule after it; the row's cells split at `&`. */
const LATEX_ROW_END = /\\\\[ \t]*(?:\\(?:hline|midrule))?$/;

/** Delimiters of tables whose header is names only: a sentence holds them too. */
const PROSE_DELIMITERS = new Set(['\t', ',', ';', '&']);

/** The delimiter a line's table uses, the most specific first; commas, semicolons and tabs only for a header whose every cell is a name. */
function delimiterOf(line: string, lineStart: number, real: (at: number) => string): string | undefined {
  for (const delimiter of BAR_CHARS) if (line.includes(delimiter)) return delimiter;
  for (let at = line.indexOf(FOLDED_CHAR); at >= 0; at = line.indexOf(FOLDED_CHAR, at + 1)) if (BARS.has(real(lineStart + at))) return FOLDED_CHAR;
  if (line.includes('&') && LATEX_ROW_END.test(line.trimEnd().slice(-16))) return '&';
  for (const delimiter of ['|', '\t', ',', ';']) if (line.includes(delimiter)) return delimiter;
  return undefined;
}

/**
 * The cells a row's credential name gives its values: the first that is not empty, another name, or
 * a word that only says which one (`| password | staging | v |`, `| password | | v |`), and each
 * later one that reads as drawn: a transposed table's row holds a value per column
 * (`| field | staging | prod |` over `| password | v1 | v2 |`).
 */
function valuesAfter(cells: readonly Cell[]): Cell[] {
  const at = cells.findIndex((cell) => cell.text !== '' && !isQualifierWord(cell.text) && credentialNameOf(cell) === undefined);
  // Only a neighbour names them: each must read as drawn, as a table's next cell must (credential-table-cell).
  if (at < 0 || !looksDrawn(cells[at]!.text)) return [];
  return [cells[at]!, ...cells.slice(at + 1).filter((cell) => cell.text !== '' && credentialNameOf(cell) === undefined && looksDrawn(cell.text))];
}

/** A line that may head a table aligned by spaces: words of titles alone (`USER   PASSWORD`), indented over an index column (a DataFrame's). */
const ALIGNED_HEADER = /^[ \t]{0,40}[A-Za-z][\w/ -]{0,398}\r?$/;

/** True when the name a hint stands in opens with a quote (`"password"`, `'api_key'`): an array table's header cell. */
function quotedAt(text: string, at: number, lineStart: number): boolean {
  let from = at;
  while (from > lineStart && at - from < 60 && /[\w ./-]/.test(text[from - 1]!)) from--;
  return text[from - 1] === '"' || text[from - 1] === "'";
}

/**
 * The edits of the layout reading of `view`, in order and without overlaps.
 *
 * @example
 * layoutEdits(rawView('| user | password |\n|---|---|\n| bo | Hq4-lantern |')) // row 3 reads 'password: Hq4-lantern'
 */
export function layoutEdits(view: View): Edit[] {
  const { text } = view;
  const real = (at: number) => view.slice(at, at + 1);
  const edits: Edit[] = [];
  HINT.lastIndex = 0;
  /** Where HTML tables open and close, found once (a search back from each row would make a long table quadratic). */
  let tables: TableBounds | undefined;
  // Each reading resumes the search where it ended (HINT.lastIndex), at its line's end at least.
  for (let hint = HINT.exec(text); hint; hint = HINT.exec(text)) {
    const [start, end] = lineAt(text, hint.index);
    HINT.lastIndex = end;
    const line = text.slice(start, end);
    const labelled = labelEdits(text, start, end, hint.index, edits);
    if (labelled !== undefined) {
      HINT.lastIndex = Math.max(end, labelled);
      continue;
    }
    if (/<t[hd][\s>]/i.test(line)) {
      tables ??= tableBounds(text);
      HINT.lastIndex = Math.max(end, htmlTableEdits(text, hint.index, tables, edits));
      continue;
    }
    // A table written as data, or a query's output below it, before the commas split the line.
    const data = (quotedAt(text, hint.index, start) ? arrayTableEdits(text, start, end, edits) : undefined)
      ?? (['select', 'SELECT', 'Select'].some((word) => line.includes(word)) ? selectOutputEdits(text, start, end, edits) : undefined);
    if (data !== undefined) {
      HINT.lastIndex = Math.max(end, data);
      continue;
    }
    const delimiter = delimiterOf(line, start, real);
    if (delimiter === undefined) {
      if (ALIGNED_HEADER.test(line) && line.trim().includes('  ')) HINT.lastIndex = Math.max(end, alignedTableEdits(text, start, end, edits) ?? end);
      continue;
    }
    const row = splitRow(text, start, end, delimiter, real);
    if (!row || row.cells.length < 2) continue;
    HINT.lastIndex = Math.max(end, readTable(text, row, delimiter, real, edits));
  }
  positionalEdits(text, edits);
  sqlValueEdits(text, edits);
  htmlBlockEdits(text, edits);
  edits.sort((a, b) => a.at - b.at || b.end - a.end);
  return edits;
}

/**
 * A label in one HTML block and its value in the next (`<dt>Password</dt><dd>v</dd>`,
 * `<p>password:</p>\n<p>v</p>`), tags and blanks between them; matched sticky where the label's
 * block opens.
 */
const HTML_LABEL_BLOCK = /<(?<tag>p|dt|div|th|td|li|label|strong|b|h[1-6]|span)\b[^<>]{0,200}>[ \t]*(?<name>[A-Za-z][\w .-]{0,40}?)[ \t]*:?[ \t]*<\/\k<tag>[ \t]*>(?:\s|<\/?[A-Za-z][^<>]{0,200}>){0,6}?<(?<valueTag>p|dd|div|td|li|pre|code|span|kbd|samp)\b[^<>]{0,200}>[ \t]*(?<value>[^<\s][^<\n]{0,200}?)[ \t]*<\/\k<valueTag>[ \t]*>/iy;

/** Where a block may end its label: a definition term, or a colon closing any block. */
const LABEL_BLOCK_ENDS = ['</dt>', '</DT>', ':</'];

/** The edits that read an HTML label block and the value block after it as `name: value`. */
function htmlBlockEdits(text: string, edits: Edit[]): void {
  for (const end of LABEL_BLOCK_ENDS) {
    for (let at = text.indexOf(end); at >= 0; at = text.indexOf(end, at + end.length)) {
      const open = text.lastIndexOf('<', at - 1);
      if (open < 0 || at - open > 300) continue;
      HTML_LABEL_BLOCK.lastIndex = open;
      const match = HTML_LABEL_BLOCK.exec(text);
      const name = match?.groups?.['name']?.trim();
      if (!match || !name || !isCredentialName(name)) continue;
      const value = match.groups!['value']!;
      const start = match.index + match[0].lastIndexOf(value, match[0].length - value.length);
      const cell = { start, end: start + value.length, text: value };
      cellEdits(text, match.index, match.index + match[0].length, name, cell, edits);
    }
  }
}

/**
 * Calls whose password argument is known by place: Django's `create_user(username, email, password)`
 * and `create_superuser`, `ftplib.FTP(host, user, passwd)`, ldap3's `Connection(server, user,
 * password)`, redis-py's `Redis(host, port, db, password)`, and a `connect` of a host, a port, a user
 * and a password (paramiko's).
 */
const KNOWN_CALL = /\b(?<call>create_superuser|create_user|FTP(?:_TLS)?|Connection|(?:Strict)?Redis|connect)[ \t]*(?=\()/g;

/** Where a known call's password stands among its positional `cells`, if it does. */
function passwordPlace(call: string, cells: readonly Cell[]): number | undefined {
  if (call === 'Redis' || call === 'StrictRedis') return 3;
  if (call !== 'connect') return 2;
  if (cells.length === 0 || cells[0]!.text.includes('://')) return undefined; // a URL's connection takes no user and password by place
  // A host, a user and a password (MySQLdb's, pymysql's) is the credential-argument rule's.
  return cells.length >= 4 && /^\d{1,5}$/.test(cells[1]!.text) ? 3 : undefined;
}

/** An argument given by name (`timeout=5`, `auto_bind=True`), unquoted: a quoted `'cn=admin,dc=x'` is a value. */
const isNamed = (text: string, cell: Cell) => !/["']/.test(text[cell.start - 1] ?? '') && /^[A-Za-z_]\w*[ \t]*=(?!=)/.test(cell.text);

/**
 * Values known by their place in a list: a known call's password argument reads as `password: value`
 * (SQL's places are sql-values.ts's). Its place counts the arguments before the first named one.
 */
function positionalEdits(text: string, edits: Edit[]): void {
  const calls = ['create_', 'FTP', 'onnect', 'Redis'].some((word) => text.includes(word));
  KNOWN_CALL.lastIndex = 0;
  for (const match of calls ? text.matchAll(KNOWN_CALL) : []) {
    const open = match.index + match[0].length;
    const call = argumentsAt(text, open);
    if (!call) continue;
    const named = call.cells.findIndex((cell) => isNamed(text, cell));
    const positional = named < 0 ? call.cells : call.cells.slice(0, named);
    const place = passwordPlace(match.groups!['call']!, positional);
    const cell = place === undefined ? undefined : positional[place];
    // A literal only (inside quotes): a variable's name passed there is no secret.
    if (cell && cell.text !== '' && /["']/.test(text[cell.start - 1] ?? '')) cellEdits(text, open, call.end, 'password', cell, edits);
  }
}

/**
 * Reads the table `head` opens (or the row it is): returns where the reading ended. A header's
 * credential column gives each body row's cell; a row naming a credential gives what follows.
 */
function readTable(text: string, head: Row, delimiter: string, real: (at: number) => string, edits: Edit[]): number {
  const names = columnNamesOf(head.cells, real);
  const column = names.findIndex((name) => name !== undefined);
  if (column < 0) return shortRowEdits(text, head, edits);
  // A header is its table's first row: a row below another of the same table is a row of values. A
  // row ruled below is a header whatever stands above it (`staging | prod | dev` over `| env | user | password |`).
  const above = head.start > 1 ? lineAt(text, head.start - 1) : undefined;
  const aboveRow = above && splitRow(text, above[0], above[1], delimiter, real);
  const first = !aboveRow || aboveRow.cells.length !== head.cells.length || aboveRow.leading !== head.leading
    || (head.end < text.length && isRuleLine(text.slice(head.end + 1, lineAt(text, head.end + 1)[1])));
  const separated = PROSE_DELIMITERS.has(delimiter);
  // A CSV or TSV header is names only: a sentence with commas is no header.
  if (separated && !head.cells.every((cell) => NAME_CELL.test(cell.text))) return head.end;
  const body: Row[] = [];
  let at = head.end + 1;
  let ruled = false;
  // Only a table's first row may head its columns: a later row is read alone, its table's body not again.
  while (first && at < text.length && body.length < MAX_BODY_ROWS) {
    const [start, end] = lineAt(text, at);
    const line = text.slice(start, end);
    at = end + 1;
    // A rule of any table's kind (`|---|`, psql's `---+---`, a grid's `+===+`, `\hline`) is read past.
    if (isRuleLine(line)) {
      ruled = true;
      continue;
    }
    const row = end > start ? splitRow(text, start, end, delimiter, real) : undefined;
    // A row may hold fewer cells than its header or more (a note past the last column); a CSV row holds as many.
    const extra = row ? row.cells.length - head.cells.length : 0;
    if (!row || row.leading !== head.leading || row.cells.length <= column || extra > 2 || (separated && extra !== 0)) break;
    body.push(row);
  }
  // Body rows that name a credential in the same column make a table of names and values, no header.
  const keyed = body.some((row) => credentialNameOf(row.cells[column]!) !== undefined);
  if (body.length > 0 && !keyed && (ruled || separated || !head.leading || head.cells.length > 2)) {
    for (const row of body) {
      const cell = row.cells[column]!;
      if (cell.text !== '' && !isQualifierWord(cell.text) && credentialNameOf(cell) === undefined && fitsColumn(names[column]!, cell)) cellEdits(text, row.start, row.end, names[column]!, cell, edits);
    }
    return body.at(-1)!.end;
  }
  if (separated || ruled) return head.end;
  // A row of its own (`| password | | v |`, `password | v`): what follows the name, empty cells read past.
  // A bare row (no leading delimiter) names a credential in one word: `cat password | head` is a pipe.
  if (!head.leading && (column !== 0 || /\s/.test(head.cells[0]!.text))) return head.end;
  const values = valuesAfter(head.cells.slice(column + 1));
  if (values.length > 0) cellsEdits(text, head.start, head.end, names[column]!, values, edits);
  return head.end;
}

/**
 * A bare row whose first cell is a short word for a password and whose next reads as drawn (psql's
 * expanded `pass     | v`): written as `password: v`. Returns where the reading ended.
 */
function shortRowEdits(text: string, row: Row, edits: Edit[]): number {
  const [first, value] = row.cells;
  const name = !row.leading && row.cells.length === 2 && first ? rowNameOf(first, value) : undefined;
  if (name !== undefined && value) cellEdits(text, row.start, row.end, name, value, edits);
  return row.end;
}

/** `<tr>` rows and their `<th>`/`<td>` cells' contents. */
const HTML_ROW = /<tr\b[^>]{0,400}>([\s\S]{0,20000}?)<\/tr\s*>/gi;
/** A cell's content may hold inline tags (`<b>bo</b>`, `<code>v</code>`), never another cell's or row's. */
const HTML_CELL = /<t[hd]\b([^>]{0,400})>((?:[^<]|<(?!\/?t[dhr]\b|\/?table\b)[^<>]{0,200}>){0,400}?)<\/t[hd]\s*>/gi;

/** How many columns an HTML cell spans (`colspan=2`), at most a few: its header's columns are counted by it. */
const COLSPAN = /\bcolspan\s*=\s*["']?(\d{1,2})/i;

/** How long the tags and blanks before and after a cell's text are (`<b>bo</b>`: 3 and 4), a few tags each. */
function wrappingOf(content: string): [number, number] {
  let [a, b] = [0, content.length];
  const blank = (at: number) => content[at] === ' ' || content[at] === '\t' || content[at] === '\n' || content[at] === '\r';
  for (let tags = 0; tags < 8 && a < b; tags++) {
    while (a < b && blank(a)) a++;
    const close = content[a] === '<' ? content.indexOf('>', a) : -1;
    if (close < 0 || close >= b) break;
    a = close + 1;
  }
  for (let tags = 0; tags < 8 && b > a; tags++) {
    while (b > a && blank(b - 1)) b--;
    const open = content[b - 1] === '>' ? content.lastIndexOf('<', b - 1) : -1;
    if (open < a) break;
    b = open;
  }
  return [a, content.length - b];
}

/** How far an HTML table's rows are read from where it opens. */
const TABLE_REACH = 20_000;

interface TableBounds {
  opens: number[];
  closes: number[];
}

/** Every `<table` and `</table` of `text`, in order, in either case. */
function tableBounds(text: string): TableBounds {
  const all = (needle: string) => {
    const found: number[] = [];
    for (const form of [needle, needle.toUpperCase()]) for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) found.push(at);
    return found.sort((a, b) => a - b);
  };
  return { opens: all('<table'), closes: all('</table') };
}

/** The last of the sorted `offsets` at or before `at`, or the first after it (`after`), or -1. */
function nearest(offsets: readonly number[], at: number, after: boolean): number {
  let [low, high] = [0, offsets.length - 1];
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (after ? offsets[middle]! >= at : offsets[middle]! <= at) {
      found = offsets[middle]!;
      if (after) high = middle - 1;
      else low = middle + 1;
    } else if (after) low = middle + 1;
    else high = middle - 1;
  }
  return found;
}

/** The HTML table around `at`, read as the text tables are: returns where its reading ended. */
function htmlTableEdits(text: string, at: number, tables: TableBounds, edits: Edit[]): number {
  const open = nearest(tables.opens, at, false);
  if (open < 0 || at - open > TABLE_REACH) return at + 1;
  const closeAt = nearest(tables.closes, at, true);
  const close = closeAt < 0 || closeAt - at > TABLE_REACH ? Math.min(text.length, at + TABLE_REACH) : closeAt;
  const rows: Row[] = [];
  HTML_ROW.lastIndex = open;
  for (let row = HTML_ROW.exec(text); row && row.index < close; row = HTML_ROW.exec(text)) {
    const inner = row.index + row[0].indexOf('>') + 1;
    const cells: Cell[] = [];
    HTML_CELL.lastIndex = 0;
    for (const cell of row[1]!.matchAll(HTML_CELL)) {
      const start = inner + cell.index + cell[0].indexOf('>') + 1;
      const content = cell[2]!;
      const [lead, trail] = wrappingOf(content);
      const text = content.slice(lead, content.length - trail);
      cells.push({ start: start + lead, end: start + lead + text.length, text });
      const span = Number(COLSPAN.exec(cell[1]!)?.[1] ?? 1);
      for (let more = 1; more < Math.min(span, 20); more++) cells.push({ start: start + lead, end: start + lead, text: '' });
    }
    if (cells.length > 0) rows.push({ start: row.index, end: row.index + row[0].length, cells, leading: true });
  }
  const [head, ...body] = rows;
  if (!head) return close;
  const names = columnNamesOf(head.cells);
  const column = names.findIndex((name) => name !== undefined);
  const keyed = column < 0 || body.some((row) => row.cells[column] && credentialNameOf(row.cells[column]) !== undefined);
  for (const row of rows) {
    const cell = row.cells[column];
    if (!keyed && row !== head && cell && cell.text !== '' && credentialNameOf(cell) === undefined && fitsColumn(names[column]!, cell)) {
      cellEdits(text, row.start, row.end, names[column]!, cell, edits);
      continue;
    }
    // A row naming a credential in its first cell (`<tr><td>password</td><td>v</td></tr>`), in a table of names and values.
    const name = row.cells[0] && credentialNameOf(row.cells[0]);
    const values = valuesAfter(row.cells.slice(1));
    if (name !== undefined && values.length > 0 && (keyed || row !== head)) cellsEdits(text, row.start, row.end, name, values, edits);
  }
  return close;
}
