// Finds the keywords of all rules in one pass over a text's bytes. Each keyword is looked for by its
// rarest three characters (its anchor), as memchr-style prefilters do, so a common prefix such as
// "rec" of "recovery phrase" does not stop the loop on every "record".

interface Keyword {
  text: string;
  /** Lower-cased text, compared against the lower-cased input when `ignoreCase`. */
  lower: string;
  ignoreCase: boolean;
  /** Offset of the anchor (the three characters the index looks for) in the keyword. */
  anchor: number;
  /** Indices of the rules this keyword wakes. */
  rules: number[];
}

export interface KeywordIndex {
  /** One bit per lower-cased anchor (3 characters of 7 bits: 2^21 bits). */
  anchorBits: Int32Array;
  /**
   * One byte per 16-bit word of text bytes (two characters read at once): PAIR_AT_0 and PAIR_AT_1
   * say whether the lower-cased pair is characters 0 and 1, or 1 and 2, of some anchor.
   */
  pairWords: Uint8Array;
  keywordsOf: Map<number, Keyword[]>;
}

export interface KeywordHit {
  /** Offset of the keyword's first character. */
  at: number;
  keyword: Keyword;
}

/** Per byte: ASCII letters to lower case, every non-ASCII byte to one code no keyword uses. */
const LOWER = new Uint8Array(256);
for (let code = 0; code < 256; code++) LOWER[code] = code >= 128 ? 127 : code >= 65 && code <= 90 ? code | 32 : code;

const PAIR_AT_0 = 1;
const PAIR_AT_1 = 2;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Rough frequency of each lower-cased character in agent output, per thousand (English letter order,
 * with the space, digits and the punctuation of code and logs). Only the order matters: it picks the
 * rarest anchor of a keyword.
 */
const FREQUENCY = new Map<string, number>([
  ...[...' etaoinsrhldcumpfgwyb'].map((char, rank): [string, number] => [char, 150 - rank * 7]),
  ['v', 8], ['k', 6], ['x', 3], ['j', 2], ['q', 1], ['z', 1],
  ['/', 15], ['.', 12], ['"', 10], ['-', 10], ['_', 8], [':', 8], ['=', 5], [',', 5],
  ...[...'0123456789'].map((digit): [string, number] => [digit, 10]),
]);
const frequency = (char: string) => FREQUENCY.get(char) ?? 3;

function lowerTrigram(lower: string, at: number): number {
  return (LOWER[lower.charCodeAt(at)]! << 14) | (LOWER[lower.charCodeAt(at + 1)]! << 7) | LOWER[lower.charCodeAt(at + 2)]!;
}

/**
 * Offset of the 3 characters of `lower` that the loop of findKeywords stops at least often: it
 * stops at every aligned pair that is characters 0-1 or 1-2 of some anchor, so an anchor costs
 * about as often as those two pairs are found in text.
 */
function rarestAnchor(lower: string): number {
  let best = 0;
  let bestScore = Infinity;
  for (let at = 0; at + 3 <= lower.length; at++) {
    const [first, middle, last] = [frequency(lower[at]!), frequency(lower[at + 1]!), frequency(lower[at + 2]!)];
    const score = middle * (first + last);
    if (score < bestScore) [best, bestScore] = [at, score];
  }
  return best;
}

/**
 * Indexes keywords (3 or more ASCII characters each) for `findKeywords`.
 *
 * @example
 * const index = indexKeywords([{ text: 'password', ignoreCase: true, rules: [3] }]);
 */
export function indexKeywords(keywords: ReadonlyArray<{ text: string; ignoreCase: boolean; rules: number[] }>): KeywordIndex {
  const anchorBits = new Int32Array((1 << 21) >> 5);
  const pairs = new Uint8Array(1 << 14);
  const keywordsOf = new Map<number, Keyword[]>();
  for (const { text, ignoreCase, rules } of keywords) {
    if (text.length < 3 || /[^\x00-\x7f]/.test(text)) throw new Error(`keyword "${text}" must be 3 or more ASCII characters`);
    const lower = text.toLowerCase();
    const anchor = rarestAnchor(lower);
    const trigram = lowerTrigram(lower, anchor);
    pairs[trigram >> 7]! |= PAIR_AT_0;
    pairs[trigram & 0x3fff]! |= PAIR_AT_1;
    anchorBits[trigram >> 5]! |= 1 << (trigram & 31);
    keywordsOf.set(trigram, [...(keywordsOf.get(trigram) ?? []), { text, lower, ignoreCase, anchor, rules }]);
  }
  const pairWords = new Uint8Array(1 << 16);
  for (let first = 0; first < 256; first++) {
    for (let second = 0; second < 256; second++) {
      const word = LITTLE_ENDIAN ? (second << 8) | first : (first << 8) | second;
      pairWords[word] = pairs[(LOWER[first]! << 7) | LOWER[second]!]!;
    }
  }
  return { anchorBits, pairWords, keywordsOf };
}

/** Whether `keyword` sits at `at`. */
function keywordAt(bytes: Uint8Array, at: number, keyword: Keyword): boolean {
  const { length } = keyword.text;
  if (at < 0 || at + length > bytes.length) return false;
  if (keyword.ignoreCase) {
    for (let offset = 0; offset < length; offset++) if (LOWER[bytes[at + offset]!] !== keyword.lower.charCodeAt(offset)) return false;
    return true;
  }
  for (let offset = 0; offset < length; offset++) if (bytes[at + offset] !== keyword.text.charCodeAt(offset)) return false;
  return true;
}

function hitsAt(bytes: Uint8Array, at: number, keywords: Keyword[], hits: KeywordHit[]): void {
  for (const keyword of keywords) if (keywordAt(bytes, at - keyword.anchor, keyword)) hits.push({ at: at - keyword.anchor, keyword });
}

/**
 * Every keyword occurrence in `bytes` (`textBytes` of a text), first character first. One pass for
 * all keywords of all rules (a regex alternation of 120 keywords runs several times slower in V8).
 * Each anchor has 3 characters, so each of its occurrences covers an aligned pair at its offset 0
 * or 1: the loop reads the bytes two at a time as one 16-bit word against a 64 KiB table, and only
 * then checks the anchor (written out twice: a helper call per candidate costs the loop half its
 * speed) and the keyword.
 *
 * @example
 * findKeywords(textBytes('my password'), index) // [{ at: 3, keyword: { text: 'password', ... } }]
 */
export function findKeywords(bytes: Uint8Array, index: KeywordIndex): KeywordHit[] {
  const hits: KeywordHit[] = [];
  const { pairWords, anchorBits: bits, keywordsOf } = index;
  if (keywordsOf.size === 0) return hits;
  const length = bytes.length;
  // textBytes() puts the bytes at offset 0 of an even-length buffer; a copy makes any other array so.
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  const words = new Uint16Array(aligned.buffer, aligned.byteOffset, length >> 1);
  for (let word = 0; word < words.length; word++) {
    const kind = pairWords[words[word]!]!;
    if (kind === 0) continue;
    if ((kind & PAIR_AT_1) !== 0 && word > 0 && 2 * word + 2 <= length) {
      const at = 2 * word - 1; // the word is characters 1 and 2 of an anchor at an odd offset
      const key = (LOWER[bytes[at]!]! << 14) | (LOWER[bytes[at + 1]!]! << 7) | LOWER[bytes[at + 2]!]!;
      if ((bits[key >> 5]! & (1 << (key & 31))) !== 0) hitsAt(bytes, at, keywordsOf.get(key)!, hits);
    }
    if ((kind & PAIR_AT_0) !== 0 && 2 * word + 3 <= length) {
      const at = 2 * word; // the word is characters 0 and 1 of an anchor at an even offset
      const key = (LOWER[bytes[at]!]! << 14) | (LOWER[bytes[at + 1]!]! << 7) | LOWER[bytes[at + 2]!]!;
      if ((bits[key >> 5]! & (1 << (key & 31))) !== 0) hitsAt(bytes, at, keywordsOf.get(key)!, hits);
    }
  }
  // Anchors sit at different offsets of their keywords: hits come out nearly, not quite, in order.
  return hits.sort((a, b) => a.at - b.at);
}
