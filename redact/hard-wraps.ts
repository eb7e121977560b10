// Hard wraps: a token a tool, an editor or a terminal cut with a line break, which a reader joins
// again at a glance. The break is joined when the line is as wide as text gets wrapped (a known
// width, or any width when the pieces are long and the next one reads as a token's), also behind a
// prefix the wrapped lines repeat: a diff's `+`, a comment's `// `, a quote's `> `, a log line's timestamp.
import { isCredentialName } from './credential-names.ts';
import { pageTextValue } from './page-values.ts';
import { bufferOf } from './text-bytes.ts';
import type { Edit, View } from './view.ts';

/**
 * Widths tools and editors wrap at: uuencode and Python's textwrap (60, 70), PEM and base64 (64,
 * 76), `fmt`, mail and git messages (72, 75, 78), PEP 8 and `fold` (79, 80), wide editors and
 * terminals (100, 120, 132). A cut at one of these is joined when either piece reads as a token's
 * (`…vault: AKI` + `AFJMR2PZ…`); a line of prose that happens to be as wide is left alone.
 */
const WRAP_WIDTHS = new Set([60, 64, 70, 72, 75, 76, 78, 79, 80, 100, 120, 132]);

/**
 * A line at least this wide, cut inside a token, is joined at any width: a terminal wraps wherever
 * its window ends. Narrower lines are written short on purpose.
 */
const MIN_TERMINAL_WIDTH = 40;

/**
 * Both pieces of a token cut at any width hold this many characters together, and the next line goes
 * on with what reads as a token's piece: two words of prose rarely do, and a plain word there
 * (`AKIA…\nmail to`) starts a line of its own that joining would break the token before.
 */
const MIN_CUT_TOKEN = 16;

const isWordByte = (code: number | undefined) => code !== undefined && ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45);

/**
 * What a wrapped line may repeat before its text: indentation, a diff's `+`/`-`, comment and quote
 * marks (`//`, `#`, `--`, `;`, `>`, ` * `), a line number (`12:`, `12|`), a bracketed or bare
 * timestamp (`[03:12]`, `2024-05-01T03:12:45Z`, `03:12:45.120`), a log level and the logger's name.
 */
const PREFIX = new RegExp([
  String.raw`[ \t]*(?:(?:[+\-!>|#*;%]+|\/\/+`,
  String.raw`\d{1,7}[:|]`,
  String.raw`\[[^\]\n]{1,40}\]`,
  String.raw`\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?`,
  String.raw`\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?`,
  // A level, and the logger's name after it (`WARNING uploader:`).
  String.raw`(?:TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERROR|FATAL|CRITICAL)(?![\w-])(?:[ \t]+[\w.$\[\]-]{1,40}:(?=[ \t]))?)[ \t]*)*`,
].join('|'), 'y');

/** Markup a page's reader does not see: tags and comments (an entity shows as one character). */
const MARKUP = /<\/?[A-Za-z!][^<>\n]{0,200}>|&#?\w{1,32};/g;

/** How wide the line [start, end) shows, its tags left out and each entity one character: a page's line `<pre>token` is as wide as `token`. */
function visibleWidth(text: string, start: number, end: number): number {
  let hidden = 0;
  for (const markup of text.slice(start, end).matchAll(MARKUP)) hidden += markup[0].startsWith('&') ? markup[0].length - 1 : markup[0].length;
  return end - start - hidden;
}

/** One entry per byte: 1 for the characters a PREFIX can start with; a line opening with any other has none. */
const PREFIX_START = new Uint8Array(256);
for (const char of ' \t+-!>|#*;%/[0123456789TDINWEFC') PREFIX_START[char.charCodeAt(0)] = 1;

/** Length of the prefix of the line starting at `at`. */
function prefixLength(text: string, at: number): number {
  PREFIX.lastIndex = at;
  return PREFIX.exec(text)?.[0].length ?? 0;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/** True when the prefixes at `a` and `b`, `length` long, have one shape: the same characters, any digit for a digit (a timestamp's or a line number's change from line to line). */
function sameShape(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) {
    const [x, y] = [bytes[a + k]!, bytes[b + k]!];
    if (x !== y && !(isDigit(x) && isDigit(y))) return false;
  }
  return true;
}

/**
 * True when the line starting at `at` opens with a statement of its own (`NAME=value`, `key: value`)
 * rather than the rest of a cut token: its first word holds an assignment.
 */
function startsStatement(bytes: Uint8Array, at: number): boolean {
  let index = at;
  while (index < bytes.length && index - at < 200 && (isWordByte(bytes[index]) || bytes[index] === 46)) index += 1;
  while (bytes[index] === 32 || bytes[index] === 9) index += 1;
  const code = bytes[index];
  // `=` of base64 padding ends a token; `NAME=x`, `NAME = x`, `key: x`, `f(x)` start something new
  // (`token (note)` does not: a call has no blank before its parenthesis).
  const call = code === 40 && bytes[index - 1] !== 32 && bytes[index - 1] !== 9;
  return code === 58 || call || (code === 61 && bytes[index + 1] !== 61 && bytes[index + 1] !== 10 && index + 1 < bytes.length);
}

/** True when the word of `bytes` [from, to) reads as a piece of a token: letters with digits, or a capital after a small letter. */
function isTokenPiece(bytes: Uint8Array, from: number, to: number): boolean {
  let letter = false;
  let digit = false;
  for (let index = from; index < to; index++) {
    const code = bytes[index]!;
    if (code >= 48 && code <= 57) digit = true;
    else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      if (letter && digit) return true;
      if (code <= 90 && index > from && bytes[index - 1]! >= 97 && bytes[index - 1]! <= 122) return true;
      letter = true;
    }
  }
  return letter && digit;
}

/** True when `bytes` [from, to) is a plain word (`diff`, `Author`): what starts a line of its own, not the rest of a token. */
function isPlainWord(bytes: Uint8Array, from: number, to: number): boolean {
  for (let index = from; index < to; index++) {
    const code = bytes[index]!;
    if (!(code >= 97 && code <= 122) && !(index === from && code >= 65 && code <= 90)) return false;
  }
  return to > from;
}

/** Length of a SHA-1 digest in hex: the shortest a listing's key is (git log, sha1sum). */
const MIN_RECORD_HASH = 40;

/** Length of the digest (hex, a blank after it) that opens the line at `at`; 0 when it does not open with one of SHA-1's length or more. */
function digestOpening(bytes: Uint8Array, at: number): number {
  let index = at;
  while (index < bytes.length && index - at <= 128 && ((bytes[index]! >= 48 && bytes[index]! <= 57) || (bytes[index]! >= 97 && bytes[index]! <= 102))) index += 1;
  return index - at >= MIN_RECORD_HASH && (bytes[index] === 32 || bytes[index] === 9) ? index - at : 0;
}

/**
 * True when this line and the next both open with a digest of one length and a blank (`<sha256>  file`,
 * a release MANIFEST's `<sha256> <size> - <path>`): records of a listing, the next one no rest of a
 * token cut at the end of this one, when this one ends with a file name (its caller checks the
 * extension's dot). Joined, the file name and the next digest would read as one random token. A hex
 * value cut after `NAME=ab` is joined, digests or not (case ng.attack31-wrap-token-between-digest-lines).
 */
function startsRecord(bytes: Uint8Array, lineStart: number, next: number): boolean {
  const length = digestOpening(bytes, next);
  return length > 0 && digestOpening(bytes, lineStart) === length;
}

/** Where the word ending at `end` starts, looking back at most 200 characters. */
function wordStart(bytes: Uint8Array, end: number): number {
  let start = end;
  while (start > 0 && end - start < 200 && isWordByte(bytes[start - 1])) start -= 1;
  return start;
}

/** Where the word starting at `start` ends, looking at most 200 characters on. */
function wordEnd(bytes: Uint8Array, start: number): number {
  let end = start;
  while (end < bytes.length && end - start < 200 && isWordByte(bytes[end])) end += 1;
  return end;
}

/** A memchr result, or the text's end when there is none (so the search is not made again for every line). */
const afterOrEnd = (found: number, length: number) => (found < 0 ? length : found);

/**
 * The edits that join each hard-wrapped token: the line break, and the prefix the next line repeats,
 * are removed when the line ends inside a word that goes on at once on the next line (not a
 * statement of its own there), and the line is as wide as a wrap makes it.
 *
 * @example
 * hardWrapEdits(rawView(`${'x'.repeat(61)} AKI\nAFJMR2PZD7CDC1CH8`), []) // [{ at: 65, end: 66, text: '' }]
 */
export function hardWrapEdits(view: View, out: Edit[]): void {
  const { text, bytes } = view;
  const memory = bufferOf(bytes);
  // The next `<` and `&` at or after a line's start: only a line holding one is measured for markup.
  let nextTag = -1;
  let nextEntity = -1;
  let lineStart = 0;
  /** The prefix of the line starting at `lineStart`, when the previous line measured it (-1: not yet). */
  let carried = -1;
  for (let newline = memory.indexOf(10); newline >= 0; lineStart = newline + 1, newline = memory.indexOf(10, newline + 1)) {
    const end = bytes[newline - 1] === 13 ? newline - 1 : newline;
    let ownPrefix = carried;
    carried = -1;
    if (end - lineStart < MIN_TERMINAL_WIDTH || !isWordByte(bytes[end - 1])) continue;
    // The next line's text: after its prefix when it repeats this line's (a timestamp's digits may differ).
    const nextPrefixFound = PREFIX_START[bytes[newline + 1]!] === 1 ? prefixLength(text, newline + 1) : 0;
    carried = nextPrefixFound;
    // This line's prefix only when it is needed: to compare with the next line's, or to measure the text after it.
    const prefixHere = () => (ownPrefix = ownPrefix >= 0 ? ownPrefix : PREFIX_START[bytes[lineStart]!] === 1 ? prefixLength(text, lineStart) : 0);
    // A prefix this line does not repeat is the next line's own text (`-Zq7…`, the rest of a `glpat-` token), not a wrap's.
    const nextPrefix = nextPrefixFound > 0 && (nextPrefixFound !== prefixHere() || !sameShape(bytes, lineStart, newline + 1, nextPrefixFound)) ? 0 : nextPrefixFound;
    const next = newline + 1 + nextPrefix;
    if (!isWordByte(bytes[next])) continue;
    if (nextTag < lineStart) nextTag = afterOrEnd(memory.indexOf(60, lineStart), bytes.length);
    if (nextEntity < lineStart) nextEntity = afterOrEnd(memory.indexOf(38, lineStart), bytes.length);
    const marked = nextTag < end || nextEntity < end;
    const width = marked ? visibleWidth(text, lineStart, end) : end - lineStart;
    if (width < MIN_TERMINAL_WIDTH) continue;
    const [tail, head] = [wordStart(bytes, end), wordEnd(bytes, next)];
    if (bytes[tail - 1] === 46 && startsRecord(bytes, lineStart, next)) continue; // a listing's file name, then its next record
    const headPiece = isTokenPiece(bytes, next, head);
    const cut = headPiece && end - tail + head - next >= MIN_CUT_TOKEN;
    // At a wrap width the next piece may be short or plain capitals (`…AKIA5HC3YJK7DWQ2` + `XMTB`), not a word of its own.
    const pieces = headPiece || (isTokenPiece(bytes, tail, end) && !isPlainWord(bytes, next, head));
    // A credential's name cut in two (`export PGP` + `ASSWORD=…`) is joined before its value too.
    const name = isCredentialName(text.slice(tail, end) + text.slice(next, head)) && !isCredentialName(text.slice(next, head));
    if (name) {
      out.push({ at: end, end: next, text: '' });
      continue;
    }
    if (!cut && !(pieces && (WRAP_WIDTHS.has(width) || WRAP_WIDTHS.has(width - prefixHere())))) continue;
    if (!startsStatement(bytes, next)) out.push({ at: end, end: next, text: '' });
  }
}

/**
 * The edits that put a credential's name and its value on one line when a page shows them so: a line
 * ending with the name and `:` or `=` (and a markdown hard break's `\\`, or blanks), the value opening
 * the next line. Markdown renders a soft break as a blank and a hard one as a break a reader reads past;
 * a log or prompt shows the value right under its name. The break is read as one blank.
 *
 * @example
 * labelBreakEdits(rawView('staging password: \\\nPz8-walnut-Rig47'), []) // [{ at: 17, end: 20, text: ' ' }]
 * labelBreakEdits(rawView('Password:\nPz8-walnut-Rig47'), []) // []: a prompt, read by the prompt rule
 */
export function labelBreakEdits(view: View, out: Edit[]): void {
  const { text, bytes } = view;
  const memory = bufferOf(bytes);
  for (let newline = memory.indexOf(10); newline >= 0; newline = memory.indexOf(10, newline + 1)) {
    let end = bytes[newline - 1] === 13 ? newline - 1 : newline;
    while (end > 0 && (bytes[end - 1] === 32 || bytes[end - 1] === 9)) end -= 1;
    const hardBreak = bytes[end - 1] === 92; // markdown's `\` at a line's end
    if (hardBreak) end -= 1;
    while (end > 0 && (bytes[end - 1] === 32 || bytes[end - 1] === 9)) end -= 1;
    const mark = bytes[end - 1];
    if (mark !== 58 && mark !== 61) continue; // `:` or `=`
    const nameEnd = end - 1;
    const nameStart = wordStart(bytes, nameEnd);
    if (nameStart === nameEnd || !isCredentialName(text.slice(nameStart, nameEnd))) continue;
    // A name alone on its line (`Password:`) is a prompt, whose value the prompt rule reads on the next line.
    const lineStart = nameStart === 0 ? 0 : memory.lastIndexOf(10, nameStart - 1) + 1; // a negative offset would count from the end
    if (/^[\s>*#+-]*$/.test(text.slice(lineStart, nameStart))) continue;
    let next = newline + 1;
    while (next < bytes.length && (bytes[next] === 32 || bytes[next] === 9) && next - newline < 40) next += 1;
    if (!isWordByte(bytes[next]) || startsStatement(bytes, next)) continue;
    // `Password:` and what was typed alone on the next line: the prompt rule's, as a terminal shows it. On a
    // page the line's text ends at its block's closing tag (`v</pre></section> <section>`): what follows is
    // markup, not more words, so a page and the record it shows are read alike.
    const nextEnd = afterOrEnd(memory.indexOf(10, next), bytes.length);
    if (!hardBreak && mark === 58 && !/\s/.test(pageTextValue(text.slice(next, nextEnd)).trimEnd())) continue;
    out.push({ at: end, end: next, text: ' ' });
  }
}

/**
 * The edits that join a token cut by a line continuation (`export GH=ghp_…\` and its rest on the next
 * line, indented or not): shell, Dockerfile, C and Python join the lines at the backslash, and so does
 * a reader. Only where a word goes on at both sides: `cmd \` before an option is left alone.
 *
 * @example
 * continuationEdits(rawView('T=ghp_ab\\\n  cd'), []) // [{ at: 8, end: 12, text: '' }]
 */
export function continuationEdits(view: View, out: Edit[]): void {
  const { bytes } = view;
  const memory = bufferOf(bytes);
  for (let slash = memory.indexOf('\\\n'); slash >= 0; slash = memory.indexOf('\\\n', slash + 2)) addContinuation(bytes, slash, 2, out);
  for (let slash = memory.indexOf('\\\r\n'); slash >= 0; slash = memory.indexOf('\\\r\n', slash + 3)) addContinuation(bytes, slash, 3, out);
}

function addContinuation(bytes: Uint8Array, slash: number, breakLength: number, out: Edit[]): void {
  if (bytes[slash - 2] === 92) return;
  let next = slash + breakLength;
  while (bytes[next] === 32 || bytes[next] === 9) next += 1;
  if (isWordByte(bytes[slash - 1]) && isWordByte(bytes[next])) {
    out.push({ at: slash, end: next, text: '' });
    return;
  }
  // An assignment continued on the next line (`export TOKEN=\` / `  "v"`, `TOKEN := \` / `  v`): its value.
  let before = slash - 1;
  while (bytes[before] === 32 || bytes[before] === 9) before -= 1;
  if (bytes[before] === 61 && bytes[next] !== undefined && bytes[next] !== 10 && bytes[next] !== 13) out.push({ at: before + 1, end: next, text: '' });
}

/**
 * An assignment whose value opens a block on the next line: Python's parentheses (`password = (` /
 * `"v"`), a shell's here-document in a substitution (`PASS=$(cat <<EOF` / `v` / `EOF`). A reader reads the
 * value beside its name.
 */
const OPENED_VALUE = /=[ \t]*(?:\(|\$\([ \t]*cat[ \t]+<<-?[ \t]*["']?\w{1,20}["']?)[ \t]*\r?\n[ \t]*/g;

/**
 * The edits that join an assignment to its value on the next line, where the value opens a block
 * (OPENED_VALUE). Only the opening is read away; the block's close stays on its line.
 *
 * @example
 * openedValueEdits(rawView('password = (\n    "v"\n)'), []) // [{ at: 11, end: 20, text: '' }]
 */
export function openedValueEdits(view: View, out: Edit[]): void {
  const { text } = view;
  if (!text.includes('=')) return;
  OPENED_VALUE.lastIndex = 0;
  for (const match of text.matchAll(OPENED_VALUE)) out.push({ at: match.index + 1, end: match.index + match[0].length, text: '' });
}

/** A URL cut in its scheme's `://` (`postgres:` or `postgres:/` at a line's end, the rest of `//` on the next line). */
const SCHEME_CUT = /[A-Za-z][A-Za-z0-9+.-]{1,20}:\/?$/;

/**
 * The edits that join a URL a terminal or an editor cut right after its scheme: a line at least as
 * wide as a terminal ends in `scheme:` or `scheme:/`, and the next goes on with the slashes. A reader
 * reads `postgres:/` + `/admin:pw@db` as one URL.
 *
 * @example
 * schemeWrapEdits(rawView(`${'x'.repeat(40)} psql postgres:/\n/admin:pw@db`), []) // [{ at: 56, end: 57, text: '' }]
 */
export function schemeWrapEdits(view: View, out: Edit[]): void {
  const { text, bytes } = view;
  const memory = bufferOf(bytes);
  let lineStart = 0;
  for (let newline = memory.indexOf(10); newline >= 0; lineStart = newline + 1, newline = memory.indexOf(10, newline + 1)) {
    const end = bytes[newline - 1] === 13 ? newline - 1 : newline;
    if (end - lineStart < MIN_TERMINAL_WIDTH) continue;
    // The cut before the scheme's colon: `postgres` + `://admin:pw@db`.
    const rest = text.slice(newline + 1, newline + 4);
    const beforeColon = rest === '://' && /[A-Za-z][A-Za-z0-9+.-]{1,20}$/.test(text.slice(Math.max(lineStart, end - 24), end));
    if (beforeColon) {
      out.push({ at: end, end: newline + 1, text: '' });
      continue;
    }
    if ((bytes[end - 1] !== 58 && bytes[end - 1] !== 47) || bytes[newline + 1] !== 47) continue;
    const slashes = (bytes[end - 1] === 47 ? 1 : 0) + (bytes[newline + 2] === 47 ? 2 : 1);
    if (slashes === 2 && SCHEME_CUT.test(text.slice(Math.max(lineStart, end - 24), end))) out.push({ at: end, end: newline + 1, text: '' });
  }
}
