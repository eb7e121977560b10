// The reader's view: a text as a person reading it sees it. Look-alike and compatibility characters
// folded (`ＡＫＩＡ`, `ghр_` with a Cyrillic р), invisible characters and soft hyphens dropped,
// markdown emphasis, code spans and inline tags inside a word joined (`gh**p**_`), string literals
// joined across `+`, and tokens hard-wrapped at a fixed width joined again. A `git diff
// --word-diff` line reads two ways, old and new: each is a view of its own.
import { bufferOf } from './text-bytes.ts';
import type { Edit, View } from './view.ts';

/**
 * Characters a reader does not see or reads past: soft hyphen, zero-width and joiner characters,
 * bidi controls, variation selectors, tags, and combining marks (`ǵhp_` is read as `ghp_`).
 */
const INVISIBLE = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]|\uDB40[\uDC00-\uDDEF]/;

/** Letters of other scripts that read as Latin ones, and dashes, quotes and spaces that read as ASCII. */
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X', 'У': 'Y',
  'а': 'a', 'в': 'b', 'е': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x',
  'Ѕ': 'S', 'ѕ': 's', 'І': 'I', 'і': 'i', 'Ј': 'J', 'ј': 'j', 'ԁ': 'd', 'Ԁ': 'D', 'һ': 'h', 'Һ': 'H', 'ԛ': 'q', 'ԝ': 'w', 'Ԝ': 'W',
  'ь': 'b', 'Ь': 'b', 'ӏ': 'l', 'Ӏ': 'I', 'ꓲ': 'I', 'ɡ': 'g', 'ո': 'n', 'ս': 'u', 'օ': 'o', 'ı': 'i', 'ȷ': 'j', 'ℓ': 'l',
  // Latin letters of other uses, small capitals
  'ɑ': 'a', 'ǀ': 'l', 'ɩ': 'i', 'ʟ': 'L', 'ʀ': 'R', 'ʏ': 'Y', 'ɴ': 'N', 'ᴀ': 'A', 'ʙ': 'B', 'ᴄ': 'C', 'ᴅ': 'D', 'ᴇ': 'E', 'ɢ': 'G',
  'ʜ': 'H', 'ᴊ': 'J', 'ᴋ': 'K', 'ᴍ': 'M', 'ᴏ': 'O', 'ᴘ': 'P', 'ᴛ': 'T', 'ᴜ': 'U', 'ᴠ': 'V', 'ᴡ': 'W', 'ᴢ': 'Z', 'ƽ': '5', 'Ƨ': '2',
  // Cherokee and Lisu capitals that are Latin ones to the eye
  'Ꭺ': 'A', 'Ᏼ': 'B', 'Ꮯ': 'C', 'Ꭼ': 'E', 'Ꮐ': 'G', 'Ꮋ': 'H', 'Ꭻ': 'J', 'Ꮶ': 'K', 'Ꮮ': 'L', 'Ꮇ': 'M', 'Ꮲ': 'P', 'Ꮪ': 'S', 'Ꭲ': 'T',
  'Ꮩ': 'V', 'Ꮃ': 'W', 'Ꮓ': 'Z', 'ꓐ': 'B', 'ꓚ': 'C', 'ꓓ': 'D', 'ꓰ': 'E', 'ꓝ': 'F', 'ꓖ': 'G', 'ꓧ': 'H', 'ꓙ': 'J', 'ꓗ': 'K', 'ꓡ': 'L',
  'ꓟ': 'M', 'ꓠ': 'N', 'ꓑ': 'P', 'ꓣ': 'R', 'ꓢ': 'S', 'ꓔ': 'T', 'ꓴ': 'U', 'ꓦ': 'V', 'ꓪ': 'W', 'ꓫ': 'X', 'ꓬ': 'Y', 'ꓜ': 'Z',
  // Greek
  'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
  'α': 'a', 'ο': 'o', 'ρ': 'p', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ϲ': 'c', 'ϳ': 'j',
  // punctuation and spaces
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\uFE58': '-', '\uFE63': '-',
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u2033': '"',
  '\u00A0': ' ', '\u2000': ' ', '\u2001': ' ', '\u2002': ' ', '\u2003': ' ', '\u2004': ' ', '\u2005': ' ', '\u2006': ' ', '\u2007': ' ',
  '\u2008': ' ', '\u2009': ' ', '\u200A': ' ', '\u202F': ' ', '\u205F': ' ', '\u3000': ' ', '\u2024': '.', '\u2027': '.', '\u00B7': '.',
  '\u2044': '/', '\u2215': '/', '\u29F8': '/', '\u2236': ':', '\uA789': ':', '\u02D0': ':',
};

/**
 * Characters whose reading may differ from their code: the two tables above, and the compatibility
 * ranges NFKC folds to ASCII (fullwidth forms, mathematical letters, enclosed and super/subscript
 * digits, letter-like symbols, ligatures). A text without one needs no Unicode reading at all.
 */
const SUSPECT = new RegExp(`${INVISIBLE.source}|[${Object.keys(LOOK_ALIKES).join('').replace(/[\]\\^-]/g, '\\$&')}\\u00AA\\u00B2\\u00B3\\u00B9\\u00BA\\u00BC-\\u00BE\\u2070-\\u209F\\u2100-\\u214F\\u2150-\\u218F\\u2460-\\u24FF\\u2776-\\u2793\\uFB00-\\uFB06\\uFF01-\\uFF5E]|\\uD835[\\uDC00-\\uDFFF]|\\uD83C[\\uDD00-\\uDD4F]`, 'g');

const readingCache = new Map<string, string>();

/** How a reader reads one suspect character (or surrogate pair). */
function readingOf(char: string): string {
  let reading = readingCache.get(char);
  if (reading === undefined) {
    reading = INVISIBLE.test(char) ? '' : LOOK_ALIKES[char] ?? char.normalize('NFKC');
    // A folding that yields more than a few characters or no ASCII is no look-alike (`㎒` is `MHz`, kept).
    if (reading.length > 3) reading = char;
    readingCache.set(char, reading);
  }
  return reading;
}

/** Latin-1 bytes whose reading differs: no-break space, soft hyphen, ordinal and super-script letters and digits, fractions, middle dot. */
const LATIN1_SUSPECTS = [0xa0, 0xaa, 0xad, 0xb2, 0xb3, 0xb7, 0xb9, 0xba, 0xbc, 0xbd, 0xbe];
/** What every character beyond Latin-1 folds to in a view's bytes (text-bytes.ts), unless it is a space or line break. */
const FOLDED = 0x80;

/**
 * The Unicode edits: look-alikes folded, compatibility forms normalised, invisible characters
 * dropped. Only characters beyond ASCII are visited, found with memchr in the view's bytes.
 */
function unicodeEdits(view: View, out: Edit[]): void {
  const memory = bufferOf(view.bytes);
  const at: number[] = [];
  for (const byte of [FOLDED, ...LATIN1_SUSPECTS]) {
    for (let index = memory.indexOf(byte); index >= 0; index = memory.indexOf(byte, index + 1)) at.push(index);
  }
  if (at.length === 0) return;
  at.sort((a, b) => a - b);
  for (let k = 0; k < at.length; k++) {
    const index = at[k]!;
    let char = view.slice(index, index + 1);
    const code = char.charCodeAt(0);
    // A surrogate pair folds to two bytes: read it whole.
    if (code >= 0xd800 && code <= 0xdbff && at[k + 1] === index + 1) {
      char = view.slice(index, index + 2);
      k += 1;
    }
    SUSPECT.lastIndex = 0;
    if (!SUSPECT.test(char)) continue;
    const reading = readingOf(char);
    if (reading !== char) out.push({ at: index, end: index + char.length, text: reading });
  }
}

const isWordByte = (code: number | undefined) => code !== undefined && ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45);

/** Inline tags a page or markdown may put inside a word: `gh<b>p</b>_`, `<wbr>`, `<span class="x">`. */
const INLINE_TAG = /<\/?(?:b|i|u|s|em|strong|code|span|mark|small|sub|sup|del|ins|kbd|var|samp|tt|wbr|a|font)(?:\s[^<>\n]{0,200})?\/?>|<!--[^\n]{0,200}?-->/y;

/**
 * Markdown and HTML inside a word, which a reader's eye skips: emphasis (`*`, `**`, `~~`), code
 * spans (`` ` ``), inline tags. Only between two word characters: `a * b` and `x**2` of code stay.
 */
function inlineMarkupEdits(view: View, out: Edit[]): void {
  const { text, bytes } = view;
  const memory = bufferOf(bytes);
  for (const lead of [42, 126, 96]) { // * ~ `
    for (let at = memory.indexOf(lead); at >= 0; at = memory.indexOf(lead, at + 1)) {
      let end = at;
      while (bytes[end] === lead && end - at < 3) end += 1;
      if (isWordByte(bytes[at - 1]) && isWordByte(bytes[end])) out.push({ at, end, text: '' });
      at = end - 1;
    }
  }
  for (let at = memory.indexOf(60); at >= 0; at = memory.indexOf(60, at + 1)) { // <
    INLINE_TAG.lastIndex = at;
    const tag = INLINE_TAG.exec(text);
    if (!tag) continue;
    // A run of tags (`</b><b>`) between two word characters.
    let end = at + tag[0].length;
    for (INLINE_TAG.lastIndex = end; ; INLINE_TAG.lastIndex = end) {
      const next = INLINE_TAG.exec(text);
      if (!next) break;
      end += next[0].length;
    }
    if (isWordByte(bytes[at - 1]) && isWordByte(bytes[end])) out.push({ at, end, text: '' });
    at = end - 1;
  }
}

/** `"ghp_abc" + "def"` (also across a line break), as the string the program builds. */
function concatenationEdits(view: View, out: Edit[]): void {
  const { bytes } = view;
  const memory = bufferOf(bytes);
  const isSpace = (code: number | undefined) => code === 32 || code === 9 || code === 10 || code === 13;
  for (let at = memory.indexOf(43); at >= 0; at = memory.indexOf(43, at + 1)) { // +
    let before = at - 1;
    while (before >= 0 && isSpace(bytes[before]) && at - before < 8) before -= 1;
    const quote = bytes[before];
    if (quote !== 34 && quote !== 39 && quote !== 96) continue;
    let after = at + 1;
    while (after < bytes.length && isSpace(bytes[after]) && after - at < 200) after += 1;
    if (bytes[after] !== quote || !isWordByte(bytes[before - 1]) || !isWordByte(bytes[after + 1])) continue;
    out.push({ at: before, end: after + 1, text: '' });
  }
}

/** Widths at which tools hard-wrap long tokens: PEM and base64 (64, 76), `fold` and mail (72, 78, 80), and wider terminals. */
const WRAP_WIDTHS = new Set([64, 72, 76, 78, 80, 100, 120]);

/**
 * True when the line starting at `at` opens with a statement of its own (`NAME=value`, `key: value`)
 * rather than the rest of a cut token: its first word holds an assignment.
 */
function startsStatement(bytes: Uint8Array, at: number): boolean {
  let index = at;
  while (index < bytes.length && index - at < 200 && (isWordByte(bytes[index]) || bytes[index] === 46)) index += 1;
  while (bytes[index] === 32 || bytes[index] === 9) index += 1;
  const code = bytes[index];
  // `=` of base64 padding ends a token; `NAME=x`, `NAME = x`, `key: x`, `f(x)` start something new.
  return code === 58 || code === 40 || (code === 61 && bytes[index + 1] !== 61 && bytes[index + 1] !== 10 && index + 1 < bytes.length);
}

/**
 * A token cut by a line break at a wrap width: the line is exactly that wide, its last word runs to
 * the break, and the word goes on at once on the next line (not a statement of its own there).
 */
function hardWrapEdits(view: View, out: Edit[]): void {
  const { bytes } = view;
  const memory = bufferOf(bytes);
  let lineStart = 0;
  for (let newline = memory.indexOf(10); newline >= 0; newline = memory.indexOf(10, newline + 1)) {
    const end = bytes[newline - 1] === 13 ? newline - 1 : newline;
    if (WRAP_WIDTHS.has(end - lineStart) && isWordByte(bytes[end - 1]) && isWordByte(bytes[newline + 1]) && !startsStatement(bytes, newline + 1)) {
      out.push({ at: end, end: newline + 1, text: '' });
    }
    lineStart = newline + 1;
  }
}

/** Right-to-left override (U+202E) to its pop (U+202C) or the line's end: shown reversed. */
const RLO = '\u202E';
const PDF = '\u202C';

/**
 * What a right-to-left override shows: the characters after it, reversed, up to its pop or the end of
 * the line (`\u202Eevil_ks` is read as `sk_live`). Found through the folded byte every such control
 * has; the span's reading replaces the span, controls and all.
 */
function bidiOverrideEdits(view: View, out: Edit[]): void {
  const memory = bufferOf(view.bytes);
  for (let at = memory.indexOf(FOLDED); at >= 0; at = memory.indexOf(FOLDED, at + 1)) {
    if (view.slice(at, at + 1) !== RLO) continue;
    const newline = memory.indexOf(10, at);
    const lineEnd = newline < 0 ? view.text.length : newline;
    const stretch = view.slice(at + 1, lineEnd);
    const pop = stretch.indexOf(PDF);
    const inner = pop < 0 ? stretch : stretch.slice(0, pop);
    const end = at + 1 + inner.length + (pop < 0 ? 0 : 1);
    out.push({ at, end, text: [...inner].reverse().join('') });
    at = end - 1;
  }
}

/**
 * The edits of the reader's view of `view`, in order and without overlaps.
 *
 * @example
 * readerEdits(rawView('gh**p**_x')) // [{ at: 2, end: 4, text: '' }, { at: 5, end: 7, text: '' }]
 */
export function readerEdits(view: View): Edit[] {
  const edits: Edit[] = [];
  bidiOverrideEdits(view, edits);
  unicodeEdits(view, edits);
  inlineMarkupEdits(view, edits);
  concatenationEdits(view, edits);
  hardWrapEdits(view, edits);
  edits.sort((a, b) => a.at - b.at || b.end - a.end);
  const kept: Edit[] = [];
  for (const edit of edits) if (kept.length === 0 || edit.at >= kept.at(-1)!.end) kept.push(edit);
  return kept;
}

/** `[-old-]{+new+}` of `git diff --word-diff`: the new reading drops the old part and unwraps the new. */
const WORD_DIFF = /\[-((?:(?!-\])[^\n]){0,2000})-\]|\{\+((?:(?!\+\})[^\n]){0,2000})\+\}/y;

/**
 * The edits of one reading of a word diff: `new` (what the line became) or `old` (what it was).
 *
 * @example
 * wordDiffEdits(rawView('gh[-x-]{+p+}_'), 'new') // [{ at: 2, end: 7, text: '' }, { at: 7, end: 12, text: 'p' }]
 */
export function wordDiffEdits(view: View, reading: 'old' | 'new'): Edit[] {
  const memory = bufferOf(view.bytes);
  const edits: Edit[] = [];
  for (const lead of [91, 123]) { // [ {
    for (let at = memory.indexOf(lead); at >= 0; at = memory.indexOf(lead, at + 1)) {
      if (view.bytes[at + 1] !== (lead === 91 ? 45 : 43)) continue;
      WORD_DIFF.lastIndex = at;
      const match = WORD_DIFF.exec(view.text);
      if (!match) continue;
      const removed = match[1] !== undefined;
      const keep = removed === (reading === 'old');
      edits.push({ at, end: at + match[0].length, text: keep ? view.slice(at + 2, at + match[0].length - 2) : '' });
      at += match[0].length - 1;
    }
  }
  return edits.sort((a, b) => a.at - b.at);
}
