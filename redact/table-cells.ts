// The pieces every layout reading shares: a cell's span, a row of them, the line around an offset, a
// list's arguments split at its commas, a table's rule lines, and the edits that write a cell as
// `name: value` on a line of its own.
import { isCredentialName } from './credential-names.ts';
import { looksDrawn } from './credential-values.ts';
import { FOLDED_CHAR } from './text-bytes.ts';
import type { Edit } from './view.ts';

export interface Cell {
  start: number;
  end: number;
  text: string;
}

export interface Row {
  start: number;
  end: number;
  cells: Cell[];
  /** The line opens with its delimiter (`| a | b |`), not a bare `a | b`. */
  leading: boolean;
}

/**
 * The cell of [from, to) of `text` without the blanks around it.
 *
 * @example
 * trimmedCell(' bo , v', 0, 4) // { start: 1, end: 3, text: 'bo' }
 */
export function trimmedCell(text: string, from: number, to: number): Cell {
  let [a, b] = [from, to];
  while (a < b && /\s/.test(text[a]!)) a++;
  while (b > a && /\s/.test(text[b - 1]!)) b--;
  return { start: a, end: b, text: text.slice(a, b) };
}

/**
 * Line [start, end) holding `at`.
 *
 * @example
 * lineAt('a\nbc\nd', 3) // [2, 4]
 */
export function lineAt(text: string, at: number): [number, number] {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const newline = text.indexOf('\n', at);
  return [start, newline < 0 ? text.length : newline];
}

/**
 * Writes `name: cell` for `cell` of the row [rowStart, rowEnd), on a line of its own: the rest of the
 * row is read past, as a line's end (what follows a row on its line, an SQL statement's `;`, is no part
 * of the value). `text` is the view's, to tell whether the row starts a line.
 *
 * @example
 * const edits: Edit[] = []; cellEdits('| bo | v |', 0, 10, 'password', { start: 7, end: 8, text: 'v' }, edits) // reads 'password: v\n'
 */
export function cellEdits(text: string, rowStart: number, rowEnd: number, name: string, cell: Cell, out: Edit[]): void {
  // On a line of its own, as a label line is: a row inside a line (an SQL tuple, an HTML row) starts one.
  const opens = rowStart === 0 || text[rowStart - 1] === '\n' ? '' : '\n';
  out.push({ at: rowStart, end: cell.start, text: `${opens}${name}: ` });
  if (cell.end < rowEnd) out.push({ at: cell.end, end: rowEnd, text: '\n' });
}

/**
 * Writes each of `cells` (in order, inside [rowStart, rowEnd)) as `name: cell` on a line of its own:
 * a list of values on one line (`passwords: [a, b]`).
 *
 * @example
 * const edits: Edit[] = []; cellsEdits('[a1, b2]', 1, 7, 'passwords', [{ start: 1, end: 3, text: 'a1' }, { start: 5, end: 7, text: 'b2' }], edits) // reads '\npasswords: a1\npasswords: b2'
 */
export function cellsEdits(text: string, rowStart: number, rowEnd: number, name: string, cells: readonly Cell[], out: Edit[]): void {
  const opens = rowStart === 0 || text[rowStart - 1] === '\n' ? '' : '\n';
  let from = rowStart;
  for (const [index, cell] of cells.entries()) {
    out.push({ at: from, end: cell.start, text: `${index === 0 ? opens : '\n'}${name}: ` });
    from = cell.end;
  }
  if (from < rowEnd) out.push({ at: from, end: rowEnd, text: '\n' });
}

/**
 * A cell that may name a column or a row: a few words of a name (`password/token`, `the staging
 * database admin password`), perhaps in emphasis or a code span, perhaps with a note after it
 * (`Password (staging)`).
 */
export const NAME_CELL = /^(?:\*\*|__|\x60)?(?<name>[A-Za-z][\w./-]{0,40}(?:[ \t][\w./-]{1,40}){0,5})(?:\*\*|__|\x60)?(?:[ \t]{1,4}[([][^()[\]]{1,40}[)\]])?:?$/;

/**
 * The name a cell gives, when it names a credential.
 *
 * @example
 * credentialNameOf({ start: 0, end: 18, text: 'Password (staging)' }) // 'Password'
 */
export function credentialNameOf(cell: Cell): string | undefined {
  const name = NAME_CELL.exec(cell.text)?.groups?.['name'];
  return name !== undefined && isCredentialName(name) ? name : undefined;
}

/** A header's short word for a password: `Pass` (alone a verdict or a count as often), `PW`, a key's emoji (🔑, 🔐, 🗝️). */
const SHORT_PASSWORD = /^(?:pass|pw|\u{1F511}|\u{1F510}|\u{1F5DD}\uFE0F?)$/iu;
/** A header cell that names an account: beside it, a short word for a password heads the password's column (`| User | Pass |`). */
const ACCOUNT_CELL = /^(?:user|username|user name|login|account|email|e-mail|usr)$/i;

/**
 * The credential each header cell names (credentialNameOf), or, when none does and another names an account,
 * `password` for a short word of one (SHORT_PASSWORD): `| User | Pass |` heads a password's column,
 * `| Test | Pass | Fail |` a verdict's.
 *
 * @example
 * columnNamesOf([{ start: 2, end: 6, text: 'User' }, { start: 9, end: 13, text: 'Pass' }]) // [undefined, 'password']
 */
export function columnNamesOf(cells: readonly Cell[], real?: (at: number) => string): Array<string | undefined> {
  const names = cells.map(credentialNameOf);
  if (names.some((name) => name !== undefined) || !cells.some((cell) => ACCOUNT_CELL.test(cell.text.replace(/[*_\x60]/g, '')))) return names;
  // A base view folds an emoji to FOLDED_CHARs: its real characters tell a key's.
  const realText = (cell: Cell) => (real && cell.text.includes(FOLDED_CHAR) && cell.end - cell.start <= 4
    ? Array.from({ length: cell.end - cell.start }, (_, at) => real(cell.start + at)).join('') : cell.text);
  return cells.map((cell) => (SHORT_PASSWORD.test(realText(cell).replace(/[*_\x60]/g, '')) ? 'password' : undefined));
}

/**
 * The credential a row's first cell names, or `password` for a short word of one (`pass     | v` of
 * psql's expanded output) when its value reads as drawn (`pass | yes` is a verdict).
 *
 * @example
 * rowNameOf({ start: 0, end: 4, text: 'pass' }, { start: 7, end: 24, text: 'Px3-saffron-Mib24' }) // 'password'
 */
export function rowNameOf(cell: Cell, value: Cell | undefined): string | undefined {
  return credentialNameOf(cell) ?? (value && SHORT_PASSWORD.test(cell.text) && looksDrawn(value.text) ? 'password' : undefined);
}

/** A column's one word that names a password whatever stands under it; `token`, `auth`, `secret` head counts and kinds too. */
const PASSWORD_WORD = /^(?:password|passwd|pwd|passphrase|passcode|pass|pw)$/i;

/**
 * True when `cell` may be the value of the column `name` heads: anything under a password's column
 * or a column whose name says more (`api_token`, `db password`); under a column of one other word
 * (`Token`, `Auth`, `Secret`), only what reads as drawn (`128000`, `OAuth2`, `cl100k_base` do not).
 *
 * @example
 * fitsColumn('Token', { start: 0, end: 6, text: '128000' }) // false
 */
export function fitsColumn(name: string, cell: Cell): boolean {
  return PASSWORD_WORD.test(name) || /[\s_.-]/.test(name.trim()) || looksDrawn(cell.text);
}

/** A column's name as a statement lists it and its output heads it: `t.password`, `p AS password` and `"password"` are `password`. */
const columnName = (column: string) => column.trim().split(/[\s.]+/).at(-1)!.replace(/^[`"[]|[`"\]]$/g, '');

/**
 * The names of an SQL column list (`name, u.password`), and the place and name of the first that
 * names a credential; undefined when none does.
 *
 * @example
 * credentialColumn('id, u.password AS pw, "api_token"') // { columns: ['id', 'pw', 'api_token'], column: 2, name: 'api_token' }
 */
export function credentialColumn(list: string): { columns: string[]; column: number; name: string } | undefined {
  const columns = list.split(',').map(columnName);
  const column = columns.findIndex((name) => isCredentialName(name));
  return column < 0 ? undefined : { columns, column, name: columns[column]! };
}

/** The closing bracket of each opening one a list may use. */
const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']' };

/**
 * The items of the list opening at `open` (a `(` or a `[`): each one's span inside its quotes, split
 * at the commas outside quotes and brackets; undefined when the list does not close within reach.
 *
 * @example
 * argumentsAt("('bo', 'v')", 0)?.cells.map((cell) => cell.text) // ['bo', 'v']
 */
export function argumentsAt(text: string, open: number): { cells: Cell[]; end: number } | undefined {
  const close = CLOSING[text[open]!];
  if (close === undefined) return undefined;
  const list = itemsUntil(text, open + 1, (at) => text[at] === close);
  return list && { cells: list.cells, end: list.end + 1 };
}

/** Farthest a list's items are read from where it starts. */
const LIST_REACH = 4000;

/**
 * The items from `from` up to the first place `ends` says the list ends outside quotes and brackets
 * (it is asked at the text's end too): each one's span inside its quotes, split at the commas outside them. `end` is
 * where the list ended; undefined when it did not within reach or a quote did not close.
 *
 * @example
 * itemsUntil("'bo', 'v';", 0, (at) => "'bo', 'v';"[at] === ';')?.cells.map((cell) => cell.text) // ['bo', 'v']
 */
export function itemsUntil(text: string, from: number, ends: (at: number) => boolean): { cells: Cell[]; end: number } | undefined {
  const cells: Cell[] = [];
  let itemFrom = from;
  let depth = 0;
  const push = (to: number) => {
    let { start: a, end: b } = trimmedCell(text, itemFrom, to);
    // SQL's string prefixes (`N'v'`, `E'v'`) stand outside the quotes.
    if (b - a >= 3 && /[NEBXU]/i.test(text[a]!) && text[a + 1] === "'") a += 1;
    if (b - a >= 2 && (text[a] === "'" || text[a] === '"') && text[b - 1] === text[a]) [a, b] = [a + 1, b - 1];
    cells.push({ start: a, end: b, text: text.slice(a, b) });
  };
  for (let at = from; at <= text.length && at < from + LIST_REACH; at++) {
    if (depth === 0 && ends(at)) {
      push(at);
      return { cells, end: at };
    }
    if (at === text.length) break;
    const char = text[at]!;
    if (char === "'" || char === '"') {
      at = text.indexOf(char, at + 1);
      while (at > 0 && text[at + 1] === char) at = text.indexOf(char, at + 2); // SQL's doubled quote
      if (at < 0) return undefined;
    } else if (char === '(' || char === '[') depth++;
    else if ((char === ')' || char === ']') && depth > 0) depth--;
    else if (char === ',' && depth === 0) {
      push(at);
      itemFrom = at + 1;
    }
  }
  return undefined;
}

/**
 * A line that only rules a table: markdown's `|---|:-:|`, org-mode's `|---+---|`, psql's `---+---`,
 * a grid's `+===+===+`, reStructuredText's `====  ====`, box drawing, LaTeX's `\hline` and booktabs rules.
 */
const RULE_CHARS = /^[-=+:|─━┄┅┈┉╌╍═┼╪╋┬┴├┤╞╡╤╧┌┐└┘┏┓┗┛╔╗╚╝╭╮╰╯║┃│╠╣╦╩╬╟╢╤╧╓╖╙╜╒╕╘╛ \t]{3,800}\r?$/;
/** A rule's run: a line of pipes and spaces alone rules nothing. */
const RULE_RUN = /[-=─━═┄┅┈┉╌╍]{3}/;
const LATEX_RULE = /^[ \t]*\\(?:hline|midrule|toprule|bottomrule|cline\{[\d-]{1,9}\})[ \t]*\r?$/;

/**
 * True when `line` only rules a table.
 *
 * @example
 * isRuleLine('------+-----------') // true
 */
export const isRuleLine = (line: string) => (RULE_CHARS.test(line) && RULE_RUN.test(line)) || (line.includes('\\') && LATEX_RULE.test(line));
