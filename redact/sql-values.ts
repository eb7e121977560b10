// Values SQL names by their place: an INSERT's (or REPLACE's) rows under its column list, as VALUES
// tuples or a SELECT list; COPY's rows under its columns (`COPY users (name, password) FROM stdin;`,
// then one tab-separated row a line up to `\.`); a VALUES list named by the alias after it (a MERGE's
// `USING (VALUES ('bo', 'v')) AS s(name, password)`) or by the table expression before it (`WITH
// seed(name, password) AS (VALUES …)`). Each literal in a credential's column (quoted, cast, dollar-quoted,
// or given to a hashing call) reads as `column: value` on a line of its own, as the layout reading writes a table's cells.
// A dump's INSERT with no column list takes its columns from the CREATE TABLE above it; a placeholder's
// value logged after its statement (Postgres' `DETAIL:  parameters: $2 = 'v'`, SQLAlchemy's
// `[generated in 0.0003s] ('bo', 'v')`) takes its placeholder's column. Login procedures and OPTIONS lists are sql-logins.ts's.
import { PAGE_QUOTE } from './credential-values.ts';
import { loginProcedureEdits, optionEdits } from './sql-logins.ts';
import { argumentsAt, cellEdits, credentialColumn, itemsUntil, lineAt, type Cell } from './table-cells.ts';
import type { Edit } from './view.ts';

/** Rows of one statement read, at most. */
const MAX_ROWS = 500;

/** A statement's column list: names, perhaps quoted or bracketed. */
const COLUMNS = String.raw`\((?<columns>[^()]{1,400})\)`;

/** An insert's column list, then how its rows come: VALUES tuples or a SELECT list. */
const INSERT = new RegExp(String.raw`\b(?:insert|replace)\s{1,40}into\s{1,40}[\w."\x60[\]]{1,80}\s{0,40}${COLUMNS}\s{0,40}(?<rows>values?|select)\s{0,40}`, 'gi');

/** COPY … FROM stdin and the rest of its line (its options): its rows follow on the next lines. */
const COPY = new RegExp(String.raw`\bcopy\s{1,40}[\w."\x60[\]]{1,80}\s{0,40}${COLUMNS}\s{0,40}from\s{1,40}stdin\b(?<options>[^\n]{0,200})\n`, 'gi');
/** COPY's options that make its rows comma-separated: `WITH (FORMAT csv)`, `CSV HEADER`, `DELIMITER ','`. */
const COPY_CSV = /\bcsv\b|\bdelimiter\s{0,4}(?:as\s{1,4})?',?'/i;

/** A dump's INSERT with no column list (mysqldump's ``INSERT INTO `users` VALUES (…),(…);``): its table's name. */
const BARE_INSERT = /\b(?:insert|replace)\s{1,40}(?:ignore\s{1,40})?into\s{1,40}(?<table>[\w."\x60[\]]{1,80})\s{0,40}values?\s{0,40}(?=\()/gi;
/** CREATE TABLE and its name, before the parenthesis that lists its columns. */
const CREATE_TABLE = /\bcreate\s{1,40}(?:(?:temporary|temp|unlogged|global|local)\s{1,40}){0,2}table\s{1,40}(?:if\s{1,4}not\s{1,4}exists\s{1,40})?(?<table>[\w."\x60[\]]{1,80})\s{0,40}(?=\()/gi;
/** A CREATE TABLE item that is no column: a key, an index, a constraint. */
const NOT_COLUMN = /^(?:primary|unique|key|index|constraint|foreign|check|fulltext|spatial|exclude|like|period)\b/i;

/** A placeholder where a statement's value goes: `$2`, `?`, `%s`, `%(password)s`, `:password`, `@password`. */
const PLACEHOLDER = /^(?:\$(?<number>\d{1,3})|\?|%s|%\((?<named>\w{1,80})\)s|[:@](?<bound>[A-Za-z_]\w{0,80}))$/;
/** How far after its statement a logged parameter list may stand: the log's next line or two. */
const PARAMETERS_REACH = 600;
/** Postgres' logged parameters: `DETAIL:  parameters: $1 = 'bo', $2 = 'v'`. */
const POSTGRES_PARAMETERS = /\bparameters:[ \t]{1,4}/g;
/** SQLAlchemy's echo of a statement's parameters: `[generated in 0.00031s] ('bo', 'v')`, `[cached since 2.1s ago] {'password': 'v'}`. */
const ECHOED_PARAMETERS = /\[(?:generated in|cached since|raw sql|no key|dialect|insertmanyvalues)[^\]\n]{0,60}\][ \t]{0,4}(?=[([{])/gi;


/**
 * A common table expression's name and columns, then `AS`, before a parenthesized VALUES list (which
 * is found first: tried at every word of a log, the name and columns cost more than all the other SQL
 * readings together).
 */
const TABLE_EXPRESSION = new RegExp(String.raw`\b[\w"]{1,80}\s{0,40}${COLUMNS}\s{0,40}as\s{0,40}$`, 'i');
/** How far before its VALUES list a table expression's name and columns may begin. */
const TABLE_EXPRESSION_REACH = 80 + 40 + 402 + 40 + 2 + 40;

/** A parenthesized VALUES list: its rows, then the alias that names their columns. */
const VALUES_LIST = /\(\s{0,40}values\s{0,40}(?=\()/gi;
/** The alias after a VALUES list's closing parenthesis: `AS s(name, password)`. */
const ALIAS = new RegExp(String.raw`\s{0,40}\)\s{0,40}(?:as\s{1,40})?[\w"]{1,80}\s{0,40}${COLUMNS}`, 'iy');

/** Words that end a SELECT list outside quotes and parentheses. */
const SELECT_END = /^\s(?:from|where|union|on|returning|order|group|limit)\b/i;

/** A quote as a page escapes it (credential-values.ts): a value holding one is its entity reading's to split. */
const ESCAPED_QUOTE = new RegExp(PAGE_QUOTE, 'i');

/** A string's quote at a cell's start, after SQL's prefix (`N'v'`, `E'v'`). */
const QUOTE_OPENS = /[NEU]?'/iy;
/** What may follow a quoted literal in its cell: a type cast (`'v'::text`, `'v'::varchar(64)`). */
const CAST_AFTER = /^::[ \t]{0,4}[A-Za-z][\w ]{0,30}(?:\([\d, ]{1,12}\))?$/;
/** A dollar-quoted string (`$$v$$`, `$pw$v$pw$`), perhaps cast; a placeholder's `$1` is none. */
const DOLLAR_QUOTED = /^\$(?<tag>[A-Za-z_]\w{0,20})?\$(?<value>[^$]{1,400})\$\k<tag>\$(?:::[ \t]{0,4}[A-Za-z][\w ]{0,30})?$/;
/**
 * Calls that hash, encrypt or encode the literal given first, as the value's place (`CAST('v' AS text)`,
 * `crypt('v', gen_salt('bf'))`, `encode(digest('v', 'sha256'), 'hex')`, MySQL's `SHA2('v', 256)`):
 * the literal is the secret. A call on a column or a placeholder (`crypt(pw, …)`, `md5(?)`) holds none.
 */
const HASHING_CALLS = /^(?:(?:cast|crypt|md5|sha1|sha2|sha256|sha512|password|old_password|pgp_sym_encrypt|pgp_pub_encrypt|encrypt|aes_encrypt|des_encrypt|digest|hmac|encode|decode|convert|convert_to|to_base64|hex|unhex|upper|lower|trim)[ \t]{0,4}\([ \t]{0,4}){1,3}(?=[NEU]?')/i;

/**
 * The end of the quoted literal opening at `open` (after its closing quote), SQL's doubled quote
 * (`'it''s'`) inside it; -1 when it does not close in the cell.
 */
function literalEnd(text: string, open: number, end: number): number {
  for (let at = text.indexOf("'", open + 1); at >= 0 && at < end; at = text.indexOf("'", at + 2)) {
    if (text[at + 1] !== "'") return at + 1;
  }
  return -1;
}

/**
 * The literal a cell holds as its value, or undefined for SQL's own words (`NULL`, `DEFAULT`,
 * `:password`, `$2`, `?`, a column, a call on one): a quoted string (itemsUntil strips a bare one's
 * quotes), a number of four digits or more (a PIN), a quoted string cast (`'v'::text`), a dollar-quoted
 * string, or the first literal a hashing call is given.
 *
 * @example
 * literalOf("crypt('v1', gen_salt('bf'))", { start: 0, end: 27, text: "crypt('v1', gen_salt('bf'))" })?.text // 'v1'
 */
function literalOf(text: string, cell: Cell): Cell | undefined {
  if (/["']/.test(text[cell.start - 1] ?? '') || /^\d{4,}$/.test(cell.text)) return cell;
  const dollar = DOLLAR_QUOTED.exec(cell.text);
  if (dollar) {
    const start = cell.start + cell.text.indexOf('$', 1) + 1;
    return { start, end: start + dollar.groups!['value']!.length, text: dollar.groups!['value']! };
  }
  const call = HASHING_CALLS.exec(cell.text)?.[0].length ?? 0;
  QUOTE_OPENS.lastIndex = call;
  const quote = QUOTE_OPENS.exec(cell.text);
  if (!quote) return undefined;
  const open = cell.start + call + quote[0].length - 1;
  const close = literalEnd(text, open, cell.end);
  // Alone, a quoted string is cast; in a call, the rest is the call's (its other arguments, its closing parentheses).
  if (close < 0 || close - open < 3 || (call === 0 && !CAST_AFTER.test(text.slice(close, cell.end)))) return undefined;
  return { start: open + 1, end: close - 1, text: text.slice(open + 1, close - 1) };
}

/**
 * Writes the row's cell in the credential's column as `column: value`, when it holds a literal
 * (literalOf). COPY's rows hold bare values (`bare`).
 */
function rowEdits(text: string, rowStart: number, rowEnd: number, column: string, cell: Cell | undefined, edits: Edit[], bare = false): void {
  if (!cell || cell.text === '') return;
  const literal = bare ? cell : literalOf(text, cell);
  if (literal && !ESCAPED_QUOTE.test(literal.text)) cellEdits(text, rowStart, rowEnd, column, literal, edits);
}

/** Each VALUES tuple from `open` on, its cell in `column` written as `name: value`; returns where the tuples end. */
function tupleEdits(text: string, open: number, column: number, name: string, edits: Edit[]): number {
  let at = open;
  for (let rows = 0; rows < MAX_ROWS && text[at] === '('; rows++) {
    const row = argumentsAt(text, at);
    if (!row) break;
    rowEdits(text, at, row.end, name, row.cells[column], edits);
    if (rows === 0 && row.cells[column] && PLACEHOLDER.test(row.cells[column].text)) parameterEdits(text, row.end, row.cells, column, name, edits);
    at = row.end;
    while (/[\s,]/.test(text[at] ?? '')) at++;
  }
  return at;
}

/** The quoted literal whose opening quote stands at `open`, as a cell inside its quotes; undefined when none does. */
function quotedAt(text: string, open: number, end: number): Cell | undefined {
  if (text[open] !== "'" && text[open] !== '"') return undefined;
  const close = text[open] === "'" ? literalEnd(text, open, end) : text.indexOf('"', open + 1) + 1;
  if (close <= open + 2 || close > end) return undefined;
  return { start: open + 1, end: close - 1, text: text.slice(open + 1, close - 1) };
}

/** Writes a logged parameter's value as `name: value`: its quotes are the row it is read out of. */
function parameterEdit(text: string, cell: Cell | undefined, name: string, edits: Edit[]): void {
  if (cell && cell.text !== '' && !ESCAPED_QUOTE.test(cell.text)) cellEdits(text, cell.start - 1, cell.end + 1, name, cell, edits);
}

/**
 * The value logged for the placeholder in `column` of a statement's row (ending at `after`), in the log's
 * next lines: Postgres' `parameters: $2 = 'v'` by its number, an echoed tuple (`('bo', 'v')`) by the
 * placeholder's place among the row's, an echoed dict (`{'password': 'v'}`) by its name.
 */
function parameterEdits(text: string, after: number, cells: readonly Cell[], column: number, name: string, edits: Edit[]): void {
  const placeholder = PLACEHOLDER.exec(cells[column]!.text)!.groups!;
  const reach = Math.min(text.length, after + PARAMETERS_REACH);
  const window = text.slice(after, reach);
  POSTGRES_PARAMETERS.lastIndex = 0;
  const logged = placeholder['number'] !== undefined ? POSTGRES_PARAMETERS.exec(window) : null;
  if (logged) {
    const [, lineEnd] = lineAt(text, after + logged.index);
    const key = `$${placeholder['number']} = `;
    const at = text.indexOf(key, after + logged.index);
    if (at >= 0 && at < lineEnd) parameterEdit(text, quotedAt(text, at + key.length, lineEnd), name, edits);
    return;
  }
  ECHOED_PARAMETERS.lastIndex = 0;
  const echoed = ECHOED_PARAMETERS.exec(window);
  if (!echoed) return;
  const open = after + echoed.index + echoed[0].length;
  const [, lineEnd] = lineAt(text, open);
  const key = placeholder['named'] ?? placeholder['bound'];
  if (text[open] === '{') {
    if (key === undefined) return;
    for (const quote of ["'", '"']) {
      const at = text.indexOf(`${quote}${key}${quote}: `, open);
      if (at >= 0 && at < lineEnd) parameterEdit(text, quotedAt(text, at + key.length + 4, lineEnd), name, edits);
    }
    return;
  }
  const list = argumentsAt(text, open);
  const place = cells.slice(0, column).filter((cell) => PLACEHOLDER.test(cell.text)).length;
  const cell = list?.cells[place];
  if (cell && /["']/.test(text[cell.start - 1] ?? '')) parameterEdit(text, cell, name, edits);
}

/** The rows of an INSERT: its VALUES tuples, or its SELECT list up to a `;`, a clause's word or the text's end. */
function insertEdits(text: string, edits: Edit[]): void {
  INSERT.lastIndex = 0;
  for (const match of text.matchAll(INSERT)) {
    const found = credentialColumn(match.groups!['columns']!);
    if (!found) continue;
    const { column, name } = found;
    const open = match.index + match[0].length;
    if (!/^select$/i.test(match.groups!['rows']!)) {
      tupleEdits(text, open, column, name, edits);
      continue;
    }
    const list = itemsUntil(text, open, (at) => at === text.length || text[at] === ';' || SELECT_END.test(text.slice(at, at + 12)));
    if (list) rowEdits(text, open, list.end, name, list.cells[column], edits);
  }
}

/** The column lists of the CREATE TABLE statements in `text`, by their tables' names (unquoted). */
function createdTables(text: string): Map<string, string> {
  const tables = new Map<string, string>();
  CREATE_TABLE.lastIndex = 0;
  for (const match of text.matchAll(CREATE_TABLE)) {
    const list = argumentsAt(text, match.index + match[0].length);
    if (!list) continue;
    const columns = list.cells.map((cell) => cell.text).filter((item) => !NOT_COLUMN.test(item)).map((item) => item.split(/\s/, 1)[0]!);
    tables.set(tableName(match.groups!['table']!), columns.join(', '));
  }
  return tables;
}

/** A table's name without its quotes and schema: `` `app`.`users` `` is `users`. */
const tableName = (name: string) => name.split('.').at(-1)!.replace(/[`"[\]]/g, '').toLowerCase();

/** The rows of an INSERT with no column list, under the columns the CREATE TABLE above it names (a dump's). */
function bareInsertEdits(text: string, edits: Edit[]): void {
  const tables = createdTables(text);
  if (tables.size === 0) return;
  BARE_INSERT.lastIndex = 0;
  for (const match of text.matchAll(BARE_INSERT)) {
    const columns = tables.get(tableName(match.groups!['table']!));
    const found = columns !== undefined && credentialColumn(columns);
    if (found) tupleEdits(text, match.index + match[0].length, found.column, found.name, edits);
  }
}

/** A common table expression's column list, then its VALUES: `WITH seed(name, password) AS (VALUES ('bo', 'v'))`. */
function tableExpressionEdits(text: string, edits: Edit[]): void {
  VALUES_LIST.lastIndex = 0;
  for (const list of text.matchAll(VALUES_LIST)) {
    const expression = TABLE_EXPRESSION.exec(text.slice(Math.max(0, list.index - TABLE_EXPRESSION_REACH), list.index));
    const found = expression && credentialColumn(expression.groups!['columns']!);
    if (found) tupleEdits(text, list.index + list[0].length, found.column, found.name, edits);
  }
}

/** A CSV row's fields in [start, end), inside their double quotes (a field's commas inside them too). */
function csvCells(text: string, start: number, end: number): Cell[] {
  const cells: Cell[] = [];
  for (let from = start; from <= end;) {
    const close = text[from] === '"' ? text.indexOf('"', from + 1) : from;
    const next = text.indexOf(',', Math.max(close, from));
    const to = next < 0 || next > end ? end : next;
    const quoted = to - from >= 2 && text[from] === '"' && text[to - 1] === '"';
    cells.push(quoted ? { start: from + 1, end: to - 1, text: text.slice(from + 1, to - 1) } : { start: from, end: to, text: text.slice(from, to) });
    from = to + 1;
  }
  return cells;
}

/** The rows of COPY … FROM stdin: tab-separated (comma-separated as CSV), one a line, up to `\.` or a blank line. */
function copyEdits(text: string, edits: Edit[]): void {
  COPY.lastIndex = 0;
  for (const match of text.matchAll(COPY)) {
    const found = credentialColumn(match.groups!['columns']!);
    if (!found) continue;
    const { column, name } = found;
    const csv = COPY_CSV.test(match.groups!['options']!);
    let start = match.index + match[0].length;
    for (let rows = 0; rows < MAX_ROWS && start < text.length; rows++) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      const line = text.slice(start, end).replace(/\r$/, '');
      // A reading that decodes escapes shows COPY's `\.` as `.`.
      if (line === '\\.' || line === '.' || line.trim() === '') break;
      let from = start;
      const cells = csv ? csvCells(text, start, start + line.length) : line.split('\t').map((field) => {
        const cell = { start: from, end: from + field.length, text: field };
        from += field.length + 1;
        return cell;
      });
      // COPY writes a NULL as `\N` (as nothing in CSV); a CSV line with other fields than the columns is no row of it.
      if (csv && cells.length !== found.columns.length) break;
      if (cells[column]?.text !== '\\N') rowEdits(text, start, start + line.length, name, cells[column], edits, true);
      start = end + 1;
    }
  }
}

/** The rows of a VALUES list whose alias names their columns after them (`USING (VALUES …) AS s(name, password)`). */
function aliasedValuesEdits(text: string, edits: Edit[]): void {
  VALUES_LIST.lastIndex = 0;
  for (const match of text.matchAll(VALUES_LIST)) {
    const rows: Array<{ start: number; end: number; cells: Cell[] }> = [];
    let open = match.index + match[0].length;
    while (rows.length < MAX_ROWS && text[open] === '(') {
      const row = argumentsAt(text, open);
      if (!row) break;
      rows.push({ start: open, ...row });
      open = row.end;
      while (/[\s,]/.test(text[open] ?? '') && text[open] !== '\n') open++;
      if (text[open] === '\n') while (/\s/.test(text[open] ?? '')) open++;
    }
    ALIAS.lastIndex = open;
    const alias = ALIAS.exec(text);
    if (!alias || rows.length === 0) continue;
    const found = credentialColumn(alias.groups!['columns']!);
    if (!found) continue;
    const { column, name } = found;
    for (const row of rows) rowEdits(text, row.start, row.end, name, row.cells[column], edits);
  }
}

/**
 * The edits that read each value SQL places in a credential's column as `column: value`. Searched
 * only where the statements' words stand (a case-blind search of every view costs more than the reading).
 *
 * @example
 * const edits: Edit[] = []; sqlValueEdits("INSERT INTO users (name, password) SELECT 'bo', 'v';", edits) // reads 'password: v'
 */
export function sqlValueEdits(text: string, edits: Edit[]): void {
  const has = (word: string) => [word, word.toLowerCase(), word[0] + word.slice(1).toLowerCase()].some((form) => text.includes(form));
  if (has('INSERT') || has('REPLACE')) {
    insertEdits(text, edits);
    if (has('CREATE')) bareInsertEdits(text, edits);
  }
  if (text.includes('sp_') || text.includes('SP_')) loginProcedureEdits(text, edits);
  if (has('OPTIONS')) optionEdits(text, edits);
  if (has('COPY') && has('STDIN')) copyEdits(text, edits);
  if (has('VALUES')) {
    aliasedValuesEdits(text, edits);
    tableExpressionEdits(text, edits);
  }
}
