// The gutter reading: a listing's lines without what stands before each one's text. A line number
// (Claude Code's `     2→`, `cat -n`'s `     2<TAB>`, `nl`'s, `less -N`'s, an editor's `12 | `, `grep -n`'s
// `12:` and `13-`, after a file's name too), a log's time, level or source, or a mark every line of a run
// repeats (a quote's `> `, a comment's `// ` `# ` `-- ` `; ` `% ` `! `, a diff's `+` and `-`). A label on one line and its value on the next (`2→  password:` / `3→    v`) are then read as
// the rules read them without it. Beyond the known gutters, whatever a label line and the line after it
// both begin with (`bo> `, `L2: `, a syslog's time, host and process, digits varying) and end with (` -->`)
// is read away too, and a lone `\r` after a label is read as the line break a page shows.
import { credentialNameOf, trimmedCell } from './table-cells.ts';
import { FOLDED_CHAR } from './text-bytes.ts';
import type { Edit, View } from './view.ts';

/**
 * A line number and its separator at a line's start: `→` (folded to 0x80 in a base view) or a tab
 * always; `:`, `-` (grep's context lines), `|` or blanks alone in a run of two or more; after a file's
 * name as grep prints it (`config/app.yml:12:`, `config/app.yml-13-`).
 */
const NUMBER_GUTTER = /[ \t]*(?:[\w./-]{1,160}?[:-])?\d{1,7}(?:(?<strong>\x80|→|\t)|[ \t]*(?<weak>[|:│-])[ \t]?|(?<blank>[ \t]+))/y;

/**
 * What a log puts before each line (a time, a level or a source in brackets, a build step's number and
 * time): different on every line, the same kind in a run.
 */
const LOG_PREFIX = /(?:\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?|\[[^\]\n]{1,80}\]|#\d{1,4}[ \t]+\d{1,6}\.\d{1,4})[ \t]+/y;

/** Marks a run of lines repeats (a quote's `>`, nested `> >`; a comment's `//`, `///`, `#`, `--`, `;`, `;;`, `%`, `!`; a diff's `+` and `-`), blanks between. */
const REPEATED_PREFIX = /(?:\/\/\/?|--|;;?|[>#%!+-])(?:[ \t]*(?:>|\/\/))*[ \t]?/y;

/** Characters a log's prefix starts with, and a repeated mark. */
const LOG_STARTS = new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '[', '#']);
const MARK_STARTS = new Set(['/', '-', '>', '#', ';', '+', '%', '!']);

interface Line {
  start: number;
  end: number;
}

/** What stands before a line's text: its length, the kind of run it makes (`key`), and whether it stands alone (a strong gutter). */
interface Gutter {
  length: number;
  key: string;
  strong: boolean;
}

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

/** True when a digit follows the first `:` or `-` of the line, within a file name's reach: where grep's file name may end. */
function numberAfterName(text: string, line: Line): boolean {
  // The line's head only, char by char: a search of the text for a line without one would run to the next such line.
  let [colon, dash] = [false, false];
  for (let at = line.start + 1, reach = Math.min(line.end, line.start + 160); at < reach && !(colon && dash); at++) {
    const char = text[at];
    if ((char === ':' && !colon) || (char === '-' && !dash)) {
      if (isDigit(text[at + 1])) return true;
      if (char === ':') colon = true;
      else dash = true;
    }
  }
  return false;
}

/** A sticky match of `pattern` at the line's start, or undefined. */
function matchAt(pattern: RegExp, text: string, line: Line): RegExpExecArray | undefined {
  pattern.lastIndex = line.start;
  const match = pattern.exec(text);
  return match && match.index + match[0].length <= line.end ? match : undefined;
}

/** The gutter or repeated mark of the line, if any. */
function gutterOf(text: string, line: Line, real: (at: number) => string): Gutter | undefined {
  const first = text[line.start];
  // A log's time first: its date would read as a file's name and a number.
  const log = first !== undefined && LOG_STARTS.has(first) ? matchAt(LOG_PREFIX, text, line) : undefined;
  if (log) return { length: log[0].length, key: 'log', strong: false };
  let lead = line.start;
  while (lead < line.end && (text[lead] === ' ' || text[lead] === '\t')) lead++;
  if (isDigit(text[lead]) || (lead === line.start && numberAfterName(text, line))) {
    const number = matchAt(NUMBER_GUTTER, text, line);
    if (number) {
      const strong = number.groups!['strong'];
      if (strong !== FOLDED_CHAR || real(line.start + number[0].length - 1) === '→') {
        return { length: number[0].length, key: number.groups!['blank'] ? 'number-blank' : 'number', strong: strong !== undefined };
      }
    }
  }
  const mark = first !== undefined && MARK_STARTS.has(first) ? matchAt(REPEATED_PREFIX, text, line) : undefined;
  // The run's kind is its marks without their blanks: `+password:` and `+  v` are one diff's lines.
  return mark ? { length: mark[0].length, key: mark[0].replace(/[ \t]/g, ''), strong: false } : undefined;
}

/** How far a repeated prefix and a repeated suffix may reach: a log's time, host and source fit; a line's text does not. */
const PREFIX_MAX = 200;
const SUFFIX_MAX = 40;

/** Punctuation a label ends with before its value (`Password:`, `Password -`, `Password>`, `password =`, `Password →` folded). */
const LABEL_SEPARATORS = new Set([':', '-', '=', '>', '|', '\u2013', '\u2014', '\xbb', FOLDED_CHAR, '\u2192', '\u203a']);

/** A word of a credential's label, or a letter beyond ASCII (another script's label, folded in a base view): a pair of lines without one needs no reading. */
const LABEL_WORD = /pass|pwd|secret|token|key|pin|psk|cred|auth|code|phrase|[^\x00-\x7f]/i;

/** A tag closing a line (`</p>`, `<br/>`): its `>` is no label's separator. */
const CLOSING_TAG = /<\/?[A-Za-z][\w-]{0,20}(?:\s[^<>]{0,60})?\/?>[ \t\r]*$/;

/** What splits a prefix into a table's cells: a markdown or psql pipe, box drawing's, a tab. */
const CELL_DELIMITERS = /[|\u2502\t]/;

/**
 * True when a whole cell of `prefix`, between two delimiters, names a credential (`| password | staging | v |`
 * and the next row begin with `| password | `): their shared text, not a gutter. A word inside a cell
 * does not (`passport-api[123]: `, `tokensvc> `), nor a cell before the first delimiter: a docker
 * compose log's `api-token-1  | ` names a service.
 */
function namesCredential(prefix: string): boolean {
  if (!CELL_DELIMITERS.test(prefix)) return false;
  const cells = prefix.split(CELL_DELIMITERS);
  let from = cells[0]!.length + 1;
  for (const cell of cells.slice(1, -1)) {
    if (credentialNameOf(trimmedCell(prefix, from, from + cell.length)) !== undefined) return true;
    from += cell.length + 1;
  }
  return false;
}

/** The longest alphanumeric token of a prefix compared at once: a hash or a time fits, a line's run of text need not. */
const TOKEN_MAX = 64;
/** An alphanumeric token of a prefix: compared by its shape, its digits any (a line number, a time, a hash). */
const TOKEN = new RegExp(`[0-9A-Za-z]{1,${TOKEN_MAX}}`, 'y');

/** What goes on from a prefix that stops at a token of another shape: a gutter's separator, not a label's text. */
const GUTTER_GOES_ON = new Set([':', '-', '=', '|', '.', ',', ';']);

const isBlank = (char: string | undefined) => char === ' ' || char === '\t';
const isAlnum = (char: string | undefined) => {
  const code = char === undefined ? 0 : char.charCodeAt(0);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
};

/** The longest label a pair's first line may hold: what a line holds beyond a prefix and a suffix at their longest is text, not a label. */
const LABEL_MAX = 120;

/**
 * The ends of the lines of `text`, in order: at each `\n`, and at a lone `\r` (a line break in a page,
 * where a terminal would overwrite the line), a real one (`real` gives a view's real characters). `\r\n`
 * ends its line at the `\n`, the `\r` its last character.
 */
function lineEnds(text: string, real: (at: number) => string): (start: number) => number {
  const after = (char: string, from: number) => {
    const at = text.indexOf(char, from);
    return at < 0 ? text.length : at;
  };
  // The next of each from where the last line ended: one walk over the text for all its lines.
  let newline = -1;
  let carriage = text.includes('\r') ? -1 : text.length;
  return (start) => {
    if (newline < start) newline = after('\n', start);
    // U+2028 and U+2029 are a `\r` in a base view's text: a page shows them as a blank (the reader's view reads them so).
    while (carriage < start || (carriage < newline && (text[carriage + 1] === '\n' || real(carriage) !== '\r'))) carriage = after('\r', Math.max(start, carriage + 1));
    return Math.min(newline, carriage);
  };
}

/** A log's level: the one word of a log line's prefix that varies without digits (`WARN  admin password:` / `INFO  v`). */
const LOG_LEVEL = /^(?:trace|debug|dbg|info|inf|notice|note|warn|warning|wrn|error|err|fatal|crit|critical|alert|emerg|severe|fine|finer|finest|verbose|[TDIWEFV])$/i;

/**
 * True when two tokens are one kind of a prefix's varying part: equal, equal but for their digits (`L2`, `L3`),
 * hashes (`a1b2c3d`, `f00ba12`), or a log's levels (`WARN`, `INFO`) in the same case.
 */
function sameShape(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.replace(/\d+/g, '0') === b.replace(/\d+/g, '0')) return true;
  if (LOG_LEVEL.test(a) && LOG_LEVEL.test(b) && (a.toUpperCase() === a) === (b.toUpperCase() === b)) return true;
  return a.length === b.length && a.length >= 7 && /^[0-9a-f]+$/.test(a) && /^[0-9a-f]+$/.test(b) && /\d/.test(a) && /\d/.test(b);
}

/**
 * The lengths of what `a` and `b` begin with alike: the same characters, tokens of the same shape
 * (digits varying), at most PREFIX_MAX characters; [0, 0] when no character of it is other than a blank.
 */
function commonPrefix(text: string, a: Line, b: Line): [number, number] {
  let [i, k, marked] = [a.start, b.start, false];
  while (i < a.end && k < b.end && i - a.start < PREFIX_MAX) {
    if (isAlnum(text[i]) && isAlnum(text[k])) {
      TOKEN.lastIndex = i;
      const tokenA = TOKEN.exec(text)![0];
      TOKEN.lastIndex = k;
      const tokenB = TOKEN.exec(text)![0];
      if (isAlnum(text[i + tokenA.length]) || isAlnum(text[k + tokenB.length]) || !sameShape(tokenA, tokenB)) break;
      [i, k, marked] = [i + tokenA.length, k + tokenB.length, true];
    } else if (text[i] === text[k] && !isAlnum(text[i]) && text[i] !== '\r') {
      marked ||= !isBlank(text[i]);
      [i, k] = [i + 1, k + 1];
    } else break;
  }
  return marked ? [i - a.start, k - b.start] : [0, 0];
}

/**
 * The length of what `a` and `b` end with alike after their prefixes: a blank, then marks only (` -->`, a C comment's
 * close, ` |`), or the quote that closes what the prefix opened, then marks (a JSON log's `"}` after its `"msg":"`); 0 when none.
 */
function commonSuffix(text: string, a: Line, b: Line): number {
  let length = 0;
  while (length < SUFFIX_MAX && a.end - length > a.start && b.end - length > b.start && text[a.end - length - 1] === text[b.end - length - 1]
    && !isAlnum(text[a.end - length - 1])) length++;
  const opened = text[a.start - 1];
  if ((opened === '"' || opened === "'") && text[b.start - 1] === opened) {
    // The first quote of the marks both end with closes the string: a value's own marks (`v!`) stand before it.
    const closes = text.indexOf(opened, a.end - length);
    if (closes >= 0 && closes < a.end) return a.end - closes;
  }
  // The suffix starts at its first blank: a value's own last marks (`v!`) are no suffix.
  let from = a.end - length;
  while (from < a.end && !isBlank(text[from])) from++;
  return /^[ \t][^0-9A-Za-z\n]*$/.test(text.slice(from, a.end)) && /\S/.test(text.slice(from, a.end)) ? a.end - from : 0;
}

/** The line's last character other than a blank or a `\r`. */
function lastCharOf(text: string, line: Line): string | undefined {
  let last = line.end - 1;
  while (last >= line.start && (isBlank(text[last]) || text[last] === '\r')) last--;
  return last >= line.start ? text[last] : undefined;
}

/** True when `text` from `start` to `end` ends, blanks and a `\r` aside, with a label's separator. */
function endsWithSeparator(text: string, start: number, end: number): boolean {
  let last = end - 1;
  while (last > start && (isBlank(text[last]) || text[last] === '\r')) last--;
  return last >= start && LABEL_SEPARATORS.has(text[last]!);
}

/**
 * The edits that read a label line and the line after it without what both begin with and end with
 * (`bo> password:` / `bo>   v`, `<!-- password: -->` / `<!--   v -->`, `Dec  7 13:56:16 host app[123]: password:`
 * / `Dec  7 13:56:17 host app[123]:   v`): any prefix both repeat, its digits varying. Undefined when the
 * first is no label (a credential's word, a separator at its end) or they share no prefix.
 */
function repeatedPrefix(text: string, a: Line, b: Line): Edit[] | undefined {
  // The first line ends with a separator, or both with the same mark (` -->`): most lines do neither.
  const lastA = lastCharOf(text, a);
  // A tag's `>` (`…</p>`) closes markup, not a label.
  const separated = LABEL_SEPARATORS.has(lastA ?? '') && !(lastA === '>' && CLOSING_TAG.test(text.slice(Math.max(a.start, a.end - 80), a.end)));
  if (!separated && (lastA !== lastCharOf(text, b) || isAlnum(lastA))) return undefined;
  if (text[a.start] !== text[b.start] && !(isAlnum(text[a.start]) && isAlnum(text[b.start]))) return undefined;
  // The label lies in the line's last LABEL_MAX + SUFFIX_MAX characters: a line without a label's word there holds
  // none, which is cheaper to tell than the prefix.
  if (!LABEL_WORD.test(text.slice(Math.max(a.start, a.end - LABEL_MAX - SUFFIX_MAX), a.end))) return undefined;
  const [prefixA, prefixB] = commonPrefix(text, a, b);
  // A separator right after it continues another gutter (grep's `app.yml:12:`, `app.yml-13-`): gutterOf reads those.
  if (prefixA === 0 || GUTTER_GOES_ON.has(text[a.start + prefixA]!) || GUTTER_GOES_ON.has(text[b.start + prefixB]!)) return undefined;
  // What both begin with names the credential itself (a table's rows, `| password | staging | v |`): it is their text, no gutter.
  if (namesCredential(text.slice(a.start, a.start + prefixA))) return undefined;
  // A line too long to be a prefix and a label alone (a syslog's long message, a page's markup) shares a log's
  // header with the next, a word or a number in it, not a bracket or a mark: `[INFO] …password:` and
  // `[pod/web] v` share no more than their `[`.
  if (a.end - a.start > PREFIX_MAX + TOKEN_MAX + LABEL_MAX + SUFFIX_MAX && (prefixA < 6 || !/[0-9A-Za-z]/.test(text.slice(a.start, a.start + prefixA)))) return undefined;
  const suffix = commonSuffix(text, { start: a.start + prefixA, end: a.end }, { start: b.start + prefixB, end: b.end });
  // A longer line's label is its end (a log line's long message that ends `… the generated admin password:`).
  const label = text.slice(Math.max(a.start + prefixA, a.end - suffix - LABEL_MAX), a.end - suffix);
  if (label.length > LABEL_MAX || !endsWithSeparator(label, 0, label.length) || !LABEL_WORD.test(label)) return undefined;
  if (!/\S/.test(text.slice(b.start + prefixB, b.end - suffix))) return undefined;
  const edits = [blanked(a.start, prefixA)];
  if (suffix > 0) edits.push(blanked(a.end - suffix, suffix));
  if (text[a.end] === '\r') edits.push({ at: a.end, end: a.end + 1, text: '\n' });
  edits.push(blanked(b.start, prefixB));
  if (suffix > 0) edits.push(blanked(b.end - suffix, suffix));
  return edits;
}

/**
 * The gutter at `at` read as as many spaces: the line's text keeps its place, so a value found after
 * it maps back to itself alone, and an indented label or value stays indented.
 */
const blanked = (at: number, length: number): Edit => ({ at, end: at + length, text: ' '.repeat(length) });

/**
 * The edits of the gutter reading of `view`, in order and without overlaps: each line's number gutter
 * blanked, and each repeated prefix of a run of two or more lines with a label among them.
 *
 * @example
 * gutterEdits(rawView('  1→password:\n  2→  v')) // [{ at: 0, end: 4, text: '    ' }, { at: 14, end: 18, text: '    ' }]
 */
export function gutterEdits(view: View): Edit[] {
  const { text } = view;
  const real = (at: number) => view.slice(at, at + 1);
  const edits: Edit[] = [];
  /**
   * The run of lines whose prefix or weak gutter is pending: it counts only if it has two lines, one
   * of them a label with its value below (a line ending in `:`). A diff's or a comment block's other
   * runs read the same without their prefix, and would only cost a reading of every such line.
   */
  let run: { key: string; gutters: Array<[number, number]>; labelled: boolean } | undefined;
  const close = () => {
    // The edits are made only for a run that is kept: most runs (a diff, a log) are not.
    if (run && run.gutters.length >= 2 && run.labelled) for (const [at, length] of run.gutters) edits.push(blanked(at, length));
    run = undefined;
  };
  const endOf = lineEnds(text, real);
  /** Where the line read as a pair's second starts: its prefix is blanked already. */
  let paired = -1;
  for (let start = 0; start < text.length;) {
    const line = { start, end: endOf(start) };
    start = line.end + 1;
    const next = start < text.length ? { start, end: endOf(start) } : undefined;
    const pair = next && repeatedPrefix(text, line, next);
    if (pair) {
      close();
      edits.push(...(line.start === paired ? pair.filter((edit) => edit.at >= line.end) : pair));
      paired = next.start;
      continue;
    }
    // A lone `\r` after a label breaks the line on a page: the value after it is on the next.
    if (text[line.end] === '\r' && endsWithSeparator(text, line.start, line.end) && LABEL_WORD.test(text.slice(Math.max(line.start, line.end - LABEL_MAX), line.end))) edits.push({ at: line.end, end: line.end + 1, text: '\n' });
    const gutter = line.start === paired ? undefined : gutterOf(text, line, real);
    if (gutter?.strong) {
      close();
      edits.push(blanked(line.start, gutter.length));
      continue;
    }
    if (gutter === undefined) {
      close();
      continue;
    }
    if (run?.key !== gutter.key) close();
    run ??= { key: gutter.key, gutters: [], labelled: false };
    run.gutters.push([line.start, gutter.length]);
    if (!run.labelled) {
      let last = line.end - 1;
      while (last > line.start && (text[last] === ' ' || text[last] === '\t' || text[last] === '\r')) last--;
      run.labelled = text[last] === ':';
    }
  }
  close();
  // A run's edits are made when it closes, after a later line's `\r`.
  return edits.sort((x, y) => x.at - y.at);
}
