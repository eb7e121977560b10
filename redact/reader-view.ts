// The reader's view: a text as a person reading it sees it. Look-alike and compatibility characters
// folded (`ＡＫＩＡ`, `ghр_` with a Cyrillic р, `٣` as `3`), invisible characters dropped (controls,
// soft hyphens, zero-width characters), markdown emphasis, code spans and tags inside a word joined
// (`gh**p**_`), string literals joined across `+`, obfuscated addresses written plainly
// (`obfuscated-addresses.ts`), and hard-wrapped tokens joined again (`hard-wraps.ts`). A `git diff
// --word-diff` line reads two ways, old and new: each is a view of its own.
import { isAscii } from 'node:buffer';
import { continuationEdits, openedValueEdits, hardWrapEdits, labelBreakEdits, schemeWrapEdits } from './hard-wraps.ts';
import { BREAKING_TAG } from '../contract/breaking-tags.ts';
import { addressEdits } from './obfuscated-addresses.ts';
import { linkValueEdits } from './markdown-links.ts';
import { BEYOND_LATIN1_BYTE, bufferOf } from './text-bytes.ts';
import type { Edit, View } from './view.ts';

/**
 * Characters a reader does not see or reads past: every control character but tab and the line
 * breaks (a browser drops NUL and the C0 and C1 controls; form feed and vertical tab show as nothing
 * inside `<pre>`), Unicode's default-ignorable characters (soft hyphen, zero-width and joiner
 * characters, bidi controls, variation selectors, tags, Hangul fillers), combining marks
 * (`ǵhp_` is read as `ghp_`), and what a browser shows as one `�` a reader reads past: the
 * replacement character and a lone surrogate (`ghp_ab\uFFFDcd…` is a token with a blot in it).
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: combining marks are listed one by one on purpose: each is read as nothing
const INVISIBLE = /^(?![\t\n\r])[\p{Cc}\p{Default_Ignorable_Code_Point}\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F\uFFFD\uD800-\uDFFF]$/u;

/** What a browser shows as `�`: the replacement character, or half of a surrogate pair alone. */
const isBlot = (char: string) => char.length === 1 && (char === '\uFFFD' || (char.charCodeAt(0) >= 0xd800 && char.charCodeAt(0) <= 0xdfff));

/** Blots a token may hold and still be read as one: a reader fills in a few. */
const MAX_BLOTS = 4;

/** Characters a blot may stand among inside a token: a token's own, or what a reader does not see (`\u200B`). */
const TOKEN_SIDE = /[\w-]/;

/**
 * True when the blot at `at` is in a run of at most MAX_BLOTS blots, invisible characters between
 * them, with a token's characters on both sides (`ghp_ab��cd`, `glpat-�Zq7…`).
 */
function blotsInWord(view: View, at: number): boolean {
  let [start, end, blots] = [at, at + 1, 1];
  const skippable = (char: string) => isBlot(char) || (char !== '' && readingOf(char) === '');
  while (start > 0 && skippable(view.slice(start - 1, start)) && blots <= MAX_BLOTS) {
    start -= 1;
    if (isBlot(view.slice(start, start + 1))) blots += 1;
  }
  while (skippable(view.slice(end, end + 1)) && blots <= MAX_BLOTS) {
    if (isBlot(view.slice(end, end + 1))) blots += 1;
    end += 1;
  }
  return blots <= MAX_BLOTS && TOKEN_SIDE.test(view.slice(start - 1, start)) && TOKEN_SIDE.test(view.slice(end, end + 1));
}

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

/** A decimal digit of any script (`٣`, `३`, `３`): Unicode encodes each script's ten in a row, zero first. */
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * The value of a decimal digit: its distance from the start of its run of digits, modulo ten (a run
 * of several scripts' digits, such as the mathematical ones, is whole sets of ten).
 */
function digitValue(char: string): string {
  const code = char.codePointAt(0)!;
  let zero = code;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero -= 1;
  return String((code - zero) % 10);
}

const readingCache = new Map<string, string>();

/** Unicode's line and paragraph separators and NEL: a regex ends a line there, a page shows a blank. */
const LINE_SEPARATORS = new Set(['\u2028', '\u2029', '\u0085']);
/** What U+2028 and U+2029 fold to in a view's bytes (text-bytes.ts foldCode): a carriage return's byte. */
const FOLDED_LINE_SEPARATOR = 0x0d;

/**
 * How a reader reads one character (or surrogate pair): nothing when it is invisible, its Latin
 * look-alike, its digit, or its compatibility form (NFKC, then look-alikes: `﹫` is `@`, `𝚨` is
 * `A`) when that is printable ASCII of at most three characters. Anything else reads as itself
 * (`㎒` is `MHz`, but `ǆ` stays: it names no ASCII).
 */
function readingOf(char: string): string {
  let reading = readingCache.get(char);
  if (reading === undefined) {
    if (INVISIBLE.test(char)) reading = '';
    else if (LINE_SEPARATORS.has(char)) reading = ' '; // a page shows a blank there: `password:\u2028value` reads as a name and its value
    else if (LOOK_ALIKES[char] !== undefined) reading = LOOK_ALIKES[char];
    else if (DECIMAL_DIGIT.test(char)) reading = digitValue(char);
    else {
      const compatible = [...char.normalize('NFKC')].map((part) => LOOK_ALIKES[part] ?? part).join('');
      reading = compatible.length <= 3 && /^[\x20-\x7e]+$/.test(compatible) ? compatible : char;
    }
    readingCache.set(char, reading);
  }
  return reading;
}

const ESC = 0x1b;

/** Bytes (Latin-1 characters) a reader reads otherwise: the controls, ASCII ones apart (a text without a byte of 0x80 or more needs none of the others looked for). */
const ASCII_SUSPECTS: number[] = [];
const HIGH_SUSPECTS: number[] = [BEYOND_LATIN1_BYTE];
for (let code = 0; code <= 0xff; code++) {
  const char = String.fromCharCode(code);
  if (code !== BEYOND_LATIN1_BYTE && readingOf(char) !== char) (code < 0x80 ? ASCII_SUSPECTS : HIGH_SUSPECTS).push(code);
}

/**
 * The Unicode edits: look-alikes folded, compatibility forms normalised, invisible characters
 * dropped. Only the bytes of ASCII_SUSPECTS and HIGH_SUSPECTS are visited, found with memchr.
 */
function unicodeEdits(view: View, out: Edit[]): void {
  const memory = bufferOf(view.bytes);
  const at: number[] = [];
  for (const byte of isAscii(memory) ? ASCII_SUSPECTS : [...ASCII_SUSPECTS, ...HIGH_SUSPECTS]) {
    for (let index = memory.indexOf(byte); index >= 0; index = memory.indexOf(byte, index + 1)) {
      // An escape sequence (ESC, then `[` or a final byte) is the ansi reading's to remove, with what follows it.
      if (byte !== ESC || memory[index + 1]! < 0x40 || memory[index + 1]! > 0x5f) at.push(index);
    }
  }
  // U+2028 and U+2029 fold to a carriage return's byte: visited where the character really is one of them.
  for (let index = memory.indexOf(FOLDED_LINE_SEPARATOR); index >= 0; index = memory.indexOf(FOLDED_LINE_SEPARATOR, index + 1)) {
    const code = view.slice(index, index + 1).charCodeAt(0); // the real character: the base view's text holds the folded one
    if (code === 0x2028 || code === 0x2029) at.push(index);
  }
  if (at.length === 0) return;
  at.sort((a, b) => a - b);
  for (let k = 0; k < at.length; k++) {
    const index = at[k]!;
    let char = view.slice(index, index + 1);
    const code = char.charCodeAt(0);
    // A surrogate pair folds to two bytes: read it whole.
    const low = view.slice(index + 1, index + 2).charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff && at[k + 1] === index + 1) {
      char = view.slice(index, index + 2);
      k += 1;
    }
    const reading = readingOf(char);
    // A few blots inside a token are read past; a longer run, or one not between word characters, is
    // bytes that were never text (a binary file read as text), left as it is.
    if (reading === '' && isBlot(char) && !blotsInWord(view, index)) continue;
    if (reading !== char) out.push({ at: index, end: index + char.length, text: reading });
  }
}

const isWordByte = (code: number | undefined) => code !== undefined && ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45);
/** Markup at [at, end) touches a letter or digit on either side (a word's own character, not an escape's letter before it). */
const touchesWord = (bytes: Uint8Array, at: number, end: number) => (endsWord(bytes, at) && isAlphanumeric(bytes[at - 1])) || isAlphanumeric(bytes[end]);
const isAlphanumeric = (code: number | undefined) => code !== undefined && ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122));

/**
 * True when a word character stands before `at`, and not as the letter of an escape: `\n<b>` and
 * `\n**` of a JSON string open a line, they are not inside a word.
 */
const endsWord = (bytes: Uint8Array, at: number) => isWordByte(bytes[at - 1]) && bytes[at - 2] !== 92;

/**
 * Any tag a page or markdown may put inside a word, opening, closing or self-closing, with or without
 * attributes: `gh<b>p</b>_`, `<wbr>`, `<span class="x">`, `<x-note>` (remark drops a tag it does not
 * know and joins the word), comments, and markdown's other raw HTML (a processing instruction `<?x?>`, a
 * declaration `<!X>`, CDATA), which the site drops whole.
 */
// Attributes up to 4 KiB (a link's long URL): the run stops at the next `<` or line end, so the search stays linear.
const INLINE_TAG = /<\/?[A-Za-z][\w:.-]{0,40}(?:\s[^<>\n]{0,4096})?\/?>|<!--[^\n]{0,200}?-->/y;
/** The same with markdown's other raw HTML, for a text that holds its ends (`?>`, `]]>`, `<!` and a letter): their searches run 200 characters on. */
const INLINE_TAG_OR_RAW = new RegExp(`${INLINE_TAG.source}|<\\?[^\\n]{0,200}?\\?>|<!\\[CDATA\\[[^\\n]{0,200}?\\]\\]>|<![A-Za-z][^<>\\n]{0,200}>`, 'y');

/**
 * A markdown link as its reader sees it, its text: `[text](url "title")`, `[text][ref]`, `[text][]`.
 * The URL may be long (4 KiB) and hold one level of parentheses; the title is quoted.
 */
const MARKDOWN_LINK = /\[([^[\]\n]{1,200})\](?:\((?:[^()\s]|\([^()\s]{0,200}\)){0,4096}(?:[ \t]+(?:"[^"\n]{0,1000}"|'[^'\n]{0,1000}'|\([^()\n]{0,1000}\)))?[ \t]*\)|\[[^[\]\n]{0,200}\])/y;

/**
 * Markdown and HTML beside a word, which a reader's eye skips: emphasis (`*`, `**`, `~~`), code
 * spans (`` ` ``), inline tags, and a link's brackets and target, glued to a word on either side or
 * right after a label's colon (`**password:** v`, `` `PGPASSWORD` v ``); `a * b` stays.
 */
function inlineMarkupEdits(view: View, out: Edit[]): void {
  const { text, bytes } = view;
  const memory = bufferOf(bytes);
  for (const lead of [42, 126, 96]) { // * ~ `
    for (let at = memory.indexOf(lead); at >= 0; at = memory.indexOf(lead, at + 1)) {
      let end = at;
      while (bytes[end] === lead && end - at < 3) end += 1;
      if (endsWord(bytes, at) && isWordByte(bytes[end])) out.push({ at, end, text: '' });
      else if (lead === 96) {
        // A code span of one word (`` `PGPASSWORD` v ``, ``password: ``v`` ``): both its fences. One of
        // words is a command's substitution (`` Bearer `gcloud auth print-identity-token` ``): it stays.
        // Searched within the span's reach only: an unmatched fence must not cost a search to the text's end.
        const reach = text.slice(end, end + 200 + (end - at)).indexOf(text.slice(at, end));
        const close = reach < 0 ? -1 : end + reach;
        if (close > end && !/[\s`]/.test(text.slice(end, close)) && bytes[close + end - at] !== 96) {
          out.push({ at, end, text: '' }, { at: close, end: close + end - at, text: '' });
          end = close + end - at;
        }
      } else if (touchesWord(bytes, at, end) || bytes[at - 1] === 58) out.push({ at, end, text: '' });
      at = end - 1;
    }
  }
  // A link glued to a word (`AKIA2Q7ZK4[M3XP…](https://…)`): its brackets and target are not read.
  for (let at = memory.indexOf(91); at >= 0; at = memory.indexOf(91, at + 1)) { // [
    MARKDOWN_LINK.lastIndex = at;
    const link = MARKDOWN_LINK.exec(text);
    if (!link) continue;
    const end = at + link[0].length;
    if (endsWord(bytes, at) || isWordByte(bytes[end])) {
      out.push({ at, end: at + 1, text: '' });
      out.push({ at: at + 1 + link[1]!.length, end, text: '' });
    }
    at = end - 1;
  }
  const tags = memory.indexOf('?>') >= 0 || memory.indexOf(']]>') >= 0 || /<![A-Za-z]/.test(text) ? INLINE_TAG_OR_RAW : INLINE_TAG;
  for (let at = memory.indexOf(60); at >= 0; at = memory.indexOf(60, at + 1)) { // <
    tags.lastIndex = at;
    const tag = tags.exec(text);
    if (!tag) continue;
    // A run of tags (`</b><b>`) between two word characters.
    let end = at + tag[0].length;
    // A run holding a tag a browser shows as a break (contract/breaking-tags.ts) separates two words: a model
    // name in one cell and a number in the next are not one token. Every other tag, known or not, joins them.
    let breaks = BREAKING_TAG.test(tag[0]);
    for (tags.lastIndex = end; ; tags.lastIndex = end) {
      const next = tags.exec(text);
      if (!next) break;
      end += next[0].length;
      breaks ||= BREAKING_TAG.test(next[0]);
    }
    // A tag run touching a letter or digit on one side is read away too: `password: <kbd>v</kbd>` shows
    // `password: v`. A `-` or `+` alone is no word there: a diff's spans (`=</span><span>-[REDACTED…]`) are lines.
    // After a label's `:` (`<b>password:</b> v`, `password:<br>v`, `password: <details>…`) a run is read away, a break as a
    // space; so is a break between two words (`show</summary>v`), which the site renders as a space (render-markdown.ts).
    const afterLabel = bytes[at - 1] === 58 || (bytes[at - 1] === 32 && bytes[at - 2] === 58);
    // A ruby's annotation (`<ruby>password<rt>v</rt></ruby>`) is shown over its base: a label and its value.
    if (/^<rt\b/i.test(text.slice(at, at + 4)) && endsWord(bytes, at)) out.push({ at, end, text: ': ' });
    else if (breaks) {
      if (afterLabel || (endsWord(bytes, at) && isWordByte(bytes[end]))) out.push({ at, end, text: ' ' });
    } else if ((endsWord(bytes, at) && isWordByte(bytes[end])) || touchesWord(bytes, at, end) || afterLabel) out.push({ at, end, text: '' });
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

/** A shell's expansion of a variable in braces (`${x}`, `${x:-}`): empty where the variable is unset. */
const BRACED_EXPANSION = /\$\{(?:[A-Za-z_][A-Za-z0-9_]{0,40}|\d{1,2}|[@*])(?::?-)?\}/y;

/**
 * A word a shell joins from parts: an expansion in braces or an empty quote glued between two word
 * characters (`Vox8${x}2`, `Vox8''2`, `Vox8""2`), which an unset variable or the quote itself leaves
 * empty: the reading deletes it, so a value split that way is read whole. And a string in ANSI-C
 * quotes (`$'v'`) read as the quoted string it is.
 */
function shellJoinEdits(view: View, out: Edit[]): void {
  const { text, bytes } = view;
  const memory = bufferOf(bytes);
  for (let at = memory.indexOf(36); at >= 0; at = memory.indexOf(36, at + 1)) { // $
    // ANSI-C quoting (`DB_PASS=$'v'`) is a quoted string to its reader: the `$` goes.
    if (bytes[at + 1] === 39 && (bytes[at - 1] === 61 || bytes[at - 1] === 32 || bytes[at - 1] === 58)) {
      out.push({ at, end: at + 1, text: '' });
      continue;
    }
    if (bytes[at + 1] !== 123 || !isWordByte(bytes[at - 1])) continue;
    BRACED_EXPANSION.lastIndex = at;
    const expansion = BRACED_EXPANSION.exec(text);
    if (expansion && isWordByte(bytes[at + expansion[0].length])) out.push({ at, end: at + expansion[0].length, text: '' });
  }
  // A run of empty quotes (`''`, `""`, `$''`, `''""`) between two word characters.
  for (const quote of [34, 39]) {
    for (let at = memory.indexOf(quote); at >= 0; at = memory.indexOf(quote, at + 1)) {
      const start = bytes[at - 1] === 36 ? at - 1 : at;
      if (!isWordByte(bytes[start - 1])) continue;
      let end = at;
      while ((bytes[end] === 34 || bytes[end] === 39) && bytes[end + 1] === bytes[end]) end += bytes[end + 2] === 36 ? 3 : 2;
      if (end > at && isWordByte(bytes[end])) out.push({ at: start, end, text: '' });
      at = Math.max(at, end - 1);
    }
  }
}

/** A redaction marker, journey's or one that looks like it, as text or percent-encoded in a URL: `[REDACTED:rule#ab12]`, `%5BREDACTED%5D`. */
const MARKER_LIKE = /\[REDACTED(?::[^\]\s]{0,80})?\]|%5BREDACTED(?::[^%\s]{0,80})?%5D/iy;

/**
 * A marker glued between two word characters is read away (`ghp_AHIS…[REDACTED:x#ab12]kXGS…`): a text
 * that carries one inside a token hides the token's two halves from every rule, where a reader takes the
 * marker out at a glance. The token found whole is then redacted with the marker.
 */
function markerJoinEdits(view: View, out: Edit[]): void {
  const { text, bytes } = view;
  const memory = bufferOf(bytes);
  for (const lead of ['[REDACTED', '%5BREDACTED']) {
    for (let at = memory.indexOf(lead); at >= 0; at = memory.indexOf(lead, at + 1)) {
      if (!isWordByte(bytes[at - 1])) continue;
      MARKER_LIKE.lastIndex = at;
      const marker = MARKER_LIKE.exec(text);
      if (marker && isWordByte(bytes[at + marker[0].length])) out.push({ at, end: at + marker[0].length, text: '' });
    }
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
  for (let at = memory.indexOf(BEYOND_LATIN1_BYTE); at >= 0; at = memory.indexOf(BEYOND_LATIN1_BYTE, at + 1)) {
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
  shellJoinEdits(view, edits);
  markerJoinEdits(view, edits);
  addressEdits(view, edits);
  hardWrapEdits(view, edits);
  labelBreakEdits(view, edits);
  schemeWrapEdits(view, edits);
  continuationEdits(view, edits);
  openedValueEdits(view, edits);
  // A link's or an element's hidden value set beside its label takes the place of what the others make of its markup
  // (a tag glued to its text read away, a glued link's target deleted): the others' edits that touch its edits go.
  const linked: Edit[] = [];
  linkValueEdits(view, linked);
  const byStart = (a: Edit, b: Edit) => a.at - b.at || b.end - a.end;
  linked.sort(byStart);
  edits.sort(byStart);
  const kept: Edit[] = [];
  let next = 0;
  for (const edit of edits) {
    while (next < linked.length && linked[next]!.end <= edit.at) keep(kept, linked[next++]!);
    if (next < linked.length && linked[next]!.at < edit.end && edit.at < linked[next]!.end) continue;
    if (next < linked.length && edit.at === edit.end && edit.at === linked[next]!.at) continue;
    keep(kept, edit);
  }
  while (next < linked.length) keep(kept, linked[next++]!);
  return kept;
}

/** Adds `edit` to `kept` (in order) unless it overlaps the last one kept. */
function keep(kept: Edit[], edit: Edit): void {
  if (kept.length === 0 || edit.at >= kept.at(-1)!.end) kept.push(edit);
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
  return wordDiffsOf(view).map(({ at, end, removed }) => ({ at, end, text: removed === (reading === 'old') ? view.slice(at + 2, end - 2) : '' }));
}

interface WordDiff {
  at: number;
  end: number;
  /** `[-old-]` rather than `{+new+}`. */
  removed: boolean;
}

/** Each view's word diffs, found once for both readings: the search visits every `[` and `{` of a log. */
const wordDiffs = new WeakMap<View, WordDiff[]>();

/** The `[-old-]` and `{+new+}` spans of `view`, in order. */
function wordDiffsOf(view: View): WordDiff[] {
  const known = wordDiffs.get(view);
  if (known) return known;
  const memory = bufferOf(view.bytes);
  const diffs: WordDiff[] = [];
  for (const lead of [91, 123]) { // [ {
    for (let at = memory.indexOf(lead); at >= 0; at = memory.indexOf(lead, at + 1)) {
      if (view.bytes[at + 1] !== (lead === 91 ? 45 : 43)) continue;
      WORD_DIFF.lastIndex = at;
      const match = WORD_DIFF.exec(view.text);
      if (!match) continue;
      diffs.push({ at, end: at + match[0].length, removed: match[1] !== undefined });
      at += match[0].length - 1;
    }
  }
  diffs.sort((a, b) => a.at - b.at);
  wordDiffs.set(view, diffs);
  return diffs;
}
