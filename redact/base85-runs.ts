// Base85 runs: Ascii85 (Adobe's `<~ … ~>`, btoa's and Python's a85encode), the RFC 1924 alphabet
// (Python's b85encode, Mercurial, git) and ZeroMQ's Z85. Five characters carry four bytes, so a run
// of text is a fifth shorter than in base64 and no base64 or hex reading sees it. Each run is decoded
// at the alignment where its bytes read as text.
import { utf8IsPrintable } from './decoded-text.ts';

export interface Base85Run {
  start: number;
  end: number;
  kind: 'ascii85' | 'base85' | 'z85';
  bytes: Buffer;
}

interface Alphabet {
  kind: Base85Run['kind'];
  /** One entry per byte: the digit's value, -1 for a character outside the alphabet. */
  value: Int8Array;
}

function alphabet(kind: Base85Run['kind'], digits: string): Alphabet {
  const value = new Int8Array(256).fill(-1);
  [...digits].forEach((char, digit) => {
    value[char.charCodeAt(0)] = digit;
  });
  return { kind, value };
}

const ASCII85 = alphabet('ascii85', Array.from({ length: 85 }, (_, digit) => String.fromCharCode(33 + digit)).join(''));
const ALPHABETS = [
  ASCII85,
  alphabet('base85', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~'),
  alphabet('z85', '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#'),
];

/** Shortest run decoded: 15 characters carry 12 bytes, a short password (base64's floor is the same). */
const MIN_RUN = 15;

/**
 * Base85 of text is about one part in four punctuation, holds letters of both cases, and its
 * characters change class (small letter, capital, digit, punctuation) at nearly three in four steps:
 * words, paths and identifiers (`items[0]?.currency`, `src/reconcile.ts:80`) change at one in four.
 * A run that falls short is not decoded, which spares the decoding of nearly every token of a log.
 */
const MIN_PUNCTUATION = 0.1;
const MIN_CLASS_CHANGES = 0.45;

/** Per byte: the class a character belongs to (0 small letter, 1 capital, 2 digit, 3 anything else). */
const CLASS = new Uint8Array(256).fill(3);
for (let code = 97; code <= 122; code++) CLASS[code] = 0;
for (let code = 65; code <= 90; code++) CLASS[code] = 1;
for (let code = 48; code <= 57; code++) CLASS[code] = 2;

/** Ascii85's shorthand for four zero bytes (`z`) and, in btoa, four spaces (`y`). */
const ZEROS = 0x7a;
const SPACES = 0x79;

/**
 * The bytes of `text` [from, to) in `digits`, whitespace skipped, or undefined when a group
 * overflows 32 bits or holds a character outside the alphabet. A short last group is padded with
 * the highest digit, as every encoder does.
 */
function decode(text: string, from: number, to: number, digits: Alphabet): Buffer | undefined {
  const out: number[] = [];
  const group: number[] = [];
  const flush = (count: number) => {
    let value = 0;
    for (let k = 0; k < 5; k++) value = value * 85 + (group[k] ?? 84);
    if (value > 0xffffffff) return false;
    for (let k = 0; k < count; k++) out.push(Math.floor(value / 2 ** (24 - 8 * k)) & 0xff);
    group.length = 0;
    return true;
  };
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code === 32 || code === 9 || code === 10 || code === 13) continue;
    if (digits === ASCII85 && group.length === 0 && (code === ZEROS || code === SPACES)) {
      out.push(...new Array<number>(4).fill(code === ZEROS ? 0 : 32));
      continue;
    }
    const digit = code < 256 ? digits.value[code]! : -1;
    if (digit < 0) return undefined;
    group.push(digit);
    if (group.length === 5 && !flush(4)) return undefined;
  }
  if (group.length === 1) return undefined;
  if (group.length > 1 && !flush(group.length - 1)) return undefined;
  return Buffer.from(out);
}

/** Printable ASCII, a tab or a line break: what the bytes of an encoded token or line are. */
const isAsciiText = (byte: number) => (byte >= 0x20 && byte < 0x7f) || byte === 9 || byte === 10 || byte === 13;

/**
 * True when the first group of `text` at `from` decodes to four bytes of ASCII text: the cheap test
 * before a whole decoding. Any run of code or JSON is made of base85 characters, so the test must
 * be strict: a group of random bytes passes it once in fifty.
 */
function opensAsText(text: string, from: number, digits: Alphabet): boolean {
  let value = 0;
  for (let k = 0; k < 5; k++) {
    const code = text.charCodeAt(from + k);
    const digit = code < 256 ? digits.value[code]! : -1;
    if (digit < 0) return false;
    value = value * 85 + digit;
  }
  if (value > 0xffffffff) return false;
  for (let k = 0; k < 4; k++) if (!isAsciiText(Math.floor(value / 2 ** (24 - 8 * k)) & 0xff)) return false;
  return true;
}

/** One entry per byte: 1 for a character of any of the alphabets (every printable one but the space). */
const ANY_DIGIT = new Uint8Array(256);
for (const digits of ALPHABETS) digits.value.forEach((digit, code) => {
  if (digit >= 0) ANY_DIGIT[code] = 1;
});

/**
 * The maximal runs of MIN_RUN or more characters of some alphabet (blank-separated tokens) that mix
 * classes as base85 does (MIN_PUNCTUATION, MIN_CLASS_CHANGES), found by skipping ahead over windows
 * that hold a blank (as the base64 search does).
 */
function candidateRuns(bytes: Uint8Array): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  const length = bytes.length;
  let start = 0;
  while (start + MIN_RUN <= length) {
    let probe = start + MIN_RUN - 1;
    while (probe >= start && ANY_DIGIT[bytes[probe]!] === 1) probe -= 1;
    if (probe >= start) {
      start = probe + 1;
      continue;
    }
    const counts = [0, 0, 0, 0];
    let changes = 0;
    let end = start;
    for (let previous = CLASS[bytes[start]!]!; end < length && ANY_DIGIT[bytes[end]!] === 1; end++) {
      const kind = CLASS[bytes[end]!]!;
      counts[kind]! += 1;
      if (kind !== previous) changes += 1;
      previous = kind;
    }
    // Both cases of letters too: a timestamp (`"2026-11-14T01:20:00Z",`) changes class as often.
    const mixed = counts[0]! > 0 && counts[1]! > 0 && counts[3]! >= (end - start) * MIN_PUNCTUATION;
    if (mixed && changes >= (end - start - 1) * MIN_CLASS_CHANGES) runs.push([start, end]);
    start = end;
  }
  return runs;
}

/** The first decoding of [start, end) in `digits`, at the first of the five alignments, whose bytes are printable text. */
function decodeAligned(text: string, start: number, end: number, digits: Alphabet): Buffer | undefined {
  for (let skip = 0; skip < 5 && end - start - skip >= MIN_RUN; skip++) {
    if (!opensAsText(text, start + skip, digits)) continue;
    const decoded = decode(text, start + skip, end, digits);
    if (decoded && utf8IsPrintable(decoded)) return decoded;
  }
  return undefined;
}

/**
 * Every base85 run of `text` (`bytes` is `textBytes(text)`) whose bytes open as text, at the first
 * of the five alignments where they do: framed Ascii85 whole (it may be wrapped), then bare runs of
 * each alphabet.
 *
 * @example
 * findBase85Runs(text, textBytes(text))[0]?.bytes.toString() // 'token=ghp_…' for 'x <~FD,B0+DGm>…~>'
 */
export function findBase85Runs(text: string, bytes: Uint8Array): Base85Run[] {
  const runs: Base85Run[] = [];
  for (let open = text.indexOf('<~'); open >= 0; open = text.indexOf('<~', open + 2)) {
    const close = text.indexOf('~>', open + 2);
    if (close < 0 || close - open > 1 << 16) break;
    const decoded = decode(text, open + 2, close, ASCII85);
    if (decoded) runs.push({ start: open, end: close + 2, kind: 'ascii85', bytes: decoded });
  }
  const framed = runs.map(({ start, end }) => [start, end]);
  for (const [from, to] of candidateRuns(bytes)) {
    if (framed.some(([open, close]) => open! <= from && to <= close!)) continue; // `<~ … ~>`, read whole above
    // Each alphabet's own runs inside the token: `"a85":` is a run of Ascii85, not of the others.
    for (const digits of ALPHABETS) {
      for (let start = from; start < to;) {
        while (start < to && digits.value[bytes[start]!]! < 0) start += 1;
        let end = start;
        while (end < to && digits.value[bytes[end]!]! >= 0) end += 1;
        const decoded = end - start >= MIN_RUN ? decodeAligned(text, start, end, digits) : undefined;
        if (decoded) runs.push({ start, end, kind: digits.kind, bytes: decoded });
        start = end;
      }
    }
  }
  return runs;
}

/**
 * `bytes` in an alphabet's base85 (Ascii85 without its shorthands and framing), the way its
 * encoders write a value of their own: the known-secret rule looks for these forms of short values
 * directly, as it does for base64.
 *
 * @example
 * encodeBase85(Buffer.from('Tr0ub4dor&3'), 'base85') // 'RB|wNVl-rLawan'
 */
export function encodeBase85(bytes: Uint8Array, kind: Base85Run['kind']): string {
  const digits = ALPHABETS.find((entry) => entry.kind === kind)!;
  const chars = [...digits.value.entries()].filter(([, digit]) => digit >= 0).sort((a, b) => a[1] - b[1]).map(([code]) => String.fromCharCode(code));
  let out = '';
  for (let at = 0; at < bytes.length; at += 4) {
    const count = Math.min(4, bytes.length - at);
    let value = 0;
    for (let k = 0; k < 4; k++) value = value * 256 + (bytes[at + k] ?? 0);
    let group = '';
    for (let k = 0; k < 5; k++) {
      group = chars[value % 85]! + group;
      value = Math.floor(value / 85);
    }
    out += group.slice(0, count + 1);
  }
  return out;
}
