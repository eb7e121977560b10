// Finds encoded runs a reader can undo at once and decodes those that hold text: base64 at any
// alignment (also wrapped at 64 or 76 columns, also gzip- or zlib-compressed inside), hex with or
// without `0x` and separators (`73:6b:2d`, `0x73, 0x6b`, also of UTF-16 text), base32, base85
// (`base85-runs.ts`) and the dumps of `dump-runs.ts`.
import { gunzipSync, inflateSync } from 'node:zlib';
import { findBase85Runs, type Base85Run } from './base85-runs.ts';
import { findDumps, type DumpRun } from './dump-runs.ts';
import { cached } from './verdict-cache.ts';
import { decodeBase64, decodeHex, hasPrintableRun, isPrintableCode, mayBeText, utf8IsPrintable } from './decoded-text.ts';

export interface EncodedRun {
  start: number;
  end: number;
  kind: 'base64' | 'hex' | 'base32' | 'gzip' | 'zlib' | DumpRun['kind'] | Base85Run['kind'];
  /** The decoded bytes as text: the whole when it is text, else its printable runs one per line. */
  decoded: string;
}

/** Shortest run worth decoding: 16 base64 characters carry 12 bytes, a short password. */
const MIN_RUN = 16;
/** Shortest hex run: 8 bytes. */
const MIN_HEX_DIGITS = 16;
const WRAP_WIDTHS = new Set([64, 76]);
/** A compressed payload never inflates past this: a larger one is not text anyone reads in a log. */
const MAX_INFLATED = 1 << 20;
/** Printable runs this long inside binary bytes are searched (what `strings` prints). */
const MIN_PRINTABLE_RUN = 12;

/** One entry per byte: 1 for the characters of base64 and base64url. */
const BASE64 = new Uint8Array(256);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') BASE64[char.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const char of '0123456789abcdefABCDEF') HEX[char.charCodeAt(0)] = 1;

/** Text of at least 6 characters, nearly all printable (tabs and newlines allowed). */
function printable(text: string): boolean {
  if (text.length < 6) return false;
  let bad = 0;
  const allowed = text.length / 10;
  for (let index = 0; index < text.length; index++) {
    if (!isPrintableCode(text.charCodeAt(index)) && ++bad > allowed) return false;
  }
  return true;
}

/** The printable runs of MIN_PRINTABLE_RUN bytes or more in binary bytes, one per line; undefined when there is none. */
function printableRuns(bytes: Buffer): string | undefined {
  const runs: string[] = [];
  let from = -1;
  for (let index = 0; index <= bytes.length; index++) {
    const byte = bytes[index];
    const text = byte !== undefined && ((byte >= 0x20 && byte < 0x7f) || byte === 9);
    if (text && from < 0) from = index;
    else if (!text && from >= 0) {
      if (index - from >= MIN_PRINTABLE_RUN) runs.push(bytes.toString('latin1', from, index));
      from = -1;
    }
  }
  return runs.length > 0 ? runs.join('\n') : undefined;
}

/** True when every other byte is zero, as in UTF-16 text of ASCII (little or big endian). */
function looksUtf16(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  let little = 0;
  let big = 0;
  for (let index = 0; index + 1 < bytes.length; index += 2) {
    if (bytes[index + 1] === 0 && bytes[index] !== 0) little += 1;
    else if (bytes[index] === 0 && bytes[index + 1] !== 0) big += 1;
  }
  return Math.max(little, big) >= (bytes.length / 2) * 0.9;
}

/**
 * UTF-16 text (PowerShell's -EncodedCommand, Windows tools): every other byte zero. Undefined when
 * the bytes are not that.
 */
function utf16(bytes: Buffer): string | undefined {
  if (bytes.length < 8 || bytes.length % 2 !== 0) return undefined;
  let little = 0;
  let big = 0;
  for (let index = 0; index < bytes.length; index += 2) {
    if (bytes[index + 1] === 0 && bytes[index] !== 0) little += 1;
    else if (bytes[index] === 0 && bytes[index + 1] !== 0) big += 1;
  }
  const half = bytes.length / 2;
  if (little >= half * 0.9) return bytes.toString('utf16le');
  if (big >= half * 0.9) return Buffer.from(bytes).swap16().toString('utf16le');
  return undefined;
}

/** The readable parts of decoded bytes: all of it when it is text, its printable runs when it is mostly binary. */
function readable(bytes: Buffer): string | undefined {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return inflated(() => gunzipSync(bytes, { maxOutputLength: MAX_INFLATED }));
  if (bytes.length >= 2 && bytes[0] === 0x78 && (bytes[0] * 256 + bytes[1]!) % 31 === 0) return inflated(() => inflateSync(bytes, { maxOutputLength: MAX_INFLATED }));
  if (mayBeText(bytes)) {
    const text = bytes.toString('utf8');
    if (printable(text)) return text;
  }
  const wide = bytes.includes(0) ? utf16(bytes) : undefined;
  if (wide !== undefined && printable(wide)) return wide;
  return printableRuns(bytes);
}

function inflated(inflate: () => Buffer): string | undefined {
  try {
    const text = inflate().toString('utf8');
    return text.length > 0 ? text : undefined;
  } catch {
    return undefined; // not really compressed, or past the cap: nothing a reader reads
  }
}

/** Decodes base32 (RFC 4648, upper case, padding optional); undefined when it is not. */
function base32(run: string): Buffer | undefined {
  const body = run.replace(/=+$/, '');
  if (!/^[A-Z2-7]+$/.test(body)) return undefined;
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of body) {
    value = (value << 5) | 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/**
 * True when `readable` may find something in `bytes`: a gzip or zlib header, text, or a printable
 * run. The same tests on the reused array of decoded-text.ts, so that only these get a Buffer.
 */
function mayBeReadable(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0x1f && bytes[1] === 0x8b) || (bytes[0] === 0x78 && (bytes[0] * 256 + bytes[1]!) % 31 === 0))) return true;
  return (mayBeText(bytes) && utf8IsPrintable(bytes)) || hasPrintableRun(bytes, MIN_PRINTABLE_RUN) || looksUtf16(bytes);
}

function decodeRun(run: string): { kind: EncodedRun['kind']; decoded: string } | undefined {
  const hex = run.startsWith('0x') || run.startsWith('0X') ? run.slice(2) : run;
  if (/^[0-9a-fA-F]+$/.test(hex) && hex.length >= MIN_HEX_DIGITS) {
    const even = hex.length % 2 === 0 ? hex : hex.slice(0, -1);
    const decoded = mayBeHexText(decodeHex(even)) ? hexText(Buffer.from(even, 'hex')) : undefined;
    if (decoded) return { kind: 'hex', decoded };
  }
  // Only a wrapped run holds whitespace: its line breaks.
  const body = run.includes('\n') ? run.replace(/\s+/g, '') : run;
  // Base32 in either case (`base32 | tr A-Z a-z`): upper case is the alphabet.
  if ((/^[A-Z2-7]+=*$/.test(body) || /^[a-z2-7]+=*$/.test(body)) && body.length >= MIN_RUN) {
    const bytes = base32(body.toUpperCase());
    const decoded = bytes && readableText(bytes);
    if (decoded) return { kind: 'base32', decoded };
  }
  // A word is no base64, and neither is hex: base64 of text always holds letters beyond f.
  if (!/[A-Za-z]/.test(body) || !/[0-9A-Z+/]/.test(body) || /^(?:0[xX])?[0-9a-fA-F]+$/.test(body)) return undefined;
  // Any alignment: a run may begin with characters that belong to what precedes the encoded value.
  for (let skip = 0; skip < 4 && body.length - skip >= MIN_RUN; skip++) {
    if (!mayBeReadable(decodeBase64(body, skip))) continue;
    if (looksLikePath(body)) return undefined;
    const bytes = Buffer.from(skip === 0 ? body : body.slice(skip), 'base64');
    const decoded = readable(bytes);
    if (decoded !== undefined) return { kind: bytes[0] === 0x1f ? 'gzip' : bytes[0] === 0x78 && !mayBeText(bytes) ? 'zlib' : 'base64', decoded };
  }
  return undefined;
}

/**
 * decodeRun, once per distinct run of a text: a log repeats its identifiers, paths and keys (two in
 * three runs of a megabyte of agent output were seen before in it), and each costs four decodings.
 */
const decodeRunOnce = cached(decodeRun);

/** True when readableText may return text for `bytes`. */
const mayBeReadableText = (bytes: Uint8Array) => mayBeText(bytes) && utf8IsPrintable(bytes);

/** Decoded hex as text, or undefined: hex of binary (a hash, a key) is not read as text. */
function readableText(bytes: Buffer): string | undefined {
  if (!mayBeText(bytes)) return undefined;
  const text = bytes.toString('utf8');
  return printable(text) ? text : undefined;
}

/** True when hexText may return text for `bytes`: UTF-8 text, or UTF-16 (every other byte zero). */
const mayBeHexText = (bytes: Uint8Array) => mayBeReadableText(bytes) || looksUtf16(bytes);

/** Decoded hex as text, UTF-8 or UTF-16 in either byte order (`0067006800700…` is `ghp…`). */
function hexText(bytes: Buffer): string | undefined {
  const text = readableText(bytes);
  if (text !== undefined) return text;
  const wide = utf16(bytes);
  return wide !== undefined && printable(wide) ? wide : undefined;
}

/** A path or a dotted name (`src/components/Button`): base64 of text never holds two words between slashes. */
function looksLikePath(run: string): boolean {
  let words = 0;
  for (const part of run.split('/')) if (/^[a-z][a-z-]{2,}$|^[A-Z][a-z]+(?:[A-Z][a-z]+)*$/.test(part) && ++words >= 2) return true;
  return false;
}

/**
 * Every base64, base32, hex or base85 run or dump of `text` that decodes to something readable. A run continues
 * over a line break when its line is exactly 64 or 76 characters wide (PEM and MIME wrapping).
 * `bytes` is `textBytes(text)`, which the search reads.
 *
 * @example
 * findEncodedRuns(text, textBytes(text))[0]?.decoded // 'token=ghp_abcdefghijk' for 'auth dG9rZW49Z2hwX2FiY2RlZmdoaWpr'
 */
export function findEncodedRuns(text: string, bytes: Uint8Array): EncodedRun[] {
  const runs: EncodedRun[] = [];
  const length = bytes.length;
  let start = 0;
  // Skip ahead like Boyer-Moore: a run of MIN_RUN needs every character of the window to qualify,
  // so one bad character at the window's end rules out every start before it.
  while (start + MIN_RUN <= length) {
    let probe = start + MIN_RUN - 1;
    while (probe >= start && BASE64[bytes[probe]!] === 1) probe -= 1;
    if (probe >= start) {
      start = probe + 1;
      continue;
    }
    let end = start + MIN_RUN;
    let lineStart = start;
    /** Where each wrapped line of the run ends. */
    const lineEnds: number[] = [];
    for (;;) {
      while (end < length && BASE64[bytes[end]!] === 1) end += 1;
      const wrapped = WRAP_WIDTHS.has(end - lineStart) && (bytes[end] === 10 || (bytes[end] === 13 && bytes[end + 1] === 10));
      const next = bytes[end] === 13 ? end + 2 : end + 1;
      if (!wrapped || next >= length || BASE64[bytes[next]!] !== 1) break;
      lineEnds.push(end);
      lineStart = next;
      end = next;
    }
    while (end < length && bytes[end] === 61 && end - start < 1_000_000) end += 1; // '=' padding
    const decoded = decodeRunOnce(text.slice(start, end));
    if (decoded) runs.push({ start, end, ...decoded });
    // A 64- or 76-wide run that only looked wrapped (a hex value of 32 bytes, then a word on the next
    // line): each line on its own.
    else if (lineEnds.length > 0) runs.push(...decodeLines(text, start, [...lineEnds, end]));
    start = end;
  }
  runs.push(...findSeparatedHex(text, bytes));
  for (const dump of [...findDumps(text, bytes), ...findBase85Runs(text, bytes)]) {
    const decoded = readable(dump.bytes);
    if (decoded !== undefined) runs.push({ start: dump.start, end: dump.end, kind: dump.kind, decoded });
  }
  return runs;
}

/** The lines of a run that did not decode as a whole, each decoded alone. */
function decodeLines(text: string, start: number, lineEnds: readonly number[]): EncodedRun[] {
  const runs: EncodedRun[] = [];
  let from = start;
  for (const to of lineEnds) {
    const decoded = to - from >= MIN_RUN ? decodeRunOnce(text.slice(from, to)) : undefined;
    if (decoded) runs.push({ start: from, end: to, ...decoded });
    from = to + (text.charCodeAt(to) === 13 ? 2 : 1);
  }
  return runs;
}

/**
 * Hex separated the way dumps and languages write it: pairs (`73:6b:2d`, `73 6b 2d`, `0x73, 0x6b`,
 * `73-6b-2d`) and groups of whole bytes (`6768 705f` of `bytes.hex(' ', 2)`, `6768705f 5a713872` of
 * od, `0x6768705f5a713872, …` of a C array of words). Each group is whole: an odd one (a short git
 * hash) is no part of a run.
 */
const SEPARATED_HEX = /(?<![0-9a-zA-Z])(?:0[xX])?(?:[0-9a-fA-F]{2}){1,32}(?![0-9a-fA-F])(?:(?::|-| |, ?|[ \t]*\r?\n[ \t]*)(?:0[xX])?(?:[0-9a-fA-F]{2}){1,32}(?![0-9a-fA-F]))+/g;

/**
 * Bytes written one number each, apart by blanks, also over lines: decimal (`71 73 84 72 …`, what a
 * byte array prints) and eight bits (`01000111 01001001 …`, a binary dump). Their characters are the
 * separated hex runs' own, so the stretches found for those are read this way too.
 */
const SPACED_DECIMAL = /(?<![0-9a-zA-Z.])(?:\d{1,3}(?:[ \t]+|[ \t]*\r?\n[ \t]*)){7,}\d{1,3}(?![0-9a-zA-Z.])/g;
const SPACED_BITS = /(?<![0-9a-zA-Z])(?:[01]{8}(?:[ \t]+|[ \t]*\r?\n[ \t]*)){3,}[01]{8}(?![0-9a-zA-Z])/g;

/** One entry per byte: 1 for the characters a separated hex run is made of. */
const HEX_RUN = new Uint8Array(256);
for (const char of '0123456789abcdefABCDEFxX:-, \t\r\n') HEX_RUN[char.charCodeAt(0)] = 1;

/** Shortest separated run: 8 bytes in two groups and one separator. */
const MIN_SEPARATED = 17;

/** The runs of `stretch` (at `offset` of the text) written as decimal or bit numbers, one a byte, that decode to text. */
function spacedNumbers(stretch: string, offset: number): EncodedRun[] {
  const runs: EncodedRun[] = [];
  for (const [pattern, base] of [[SPACED_DECIMAL, 10], [SPACED_BITS, 2]] as const) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(stretch); match; match = pattern.exec(stretch)) {
      const numbers = match[0].trim().split(/\s+/).map((number) => Number.parseInt(number, base));
      if (numbers.some((number) => number > 255)) continue;
      const decoded = readableText(Buffer.from(numbers));
      if (decoded) runs.push({ start: offset + match.index, end: offset + match.index + match[0].length, kind: 'byte-list', decoded });
    }
  }
  return runs;
}

/**
 * Separated hex runs of 8 bytes or more that decode to text. Found like the base64 runs, by
 * skipping ahead over windows that hold a character no such run has; the few stretches of hex
 * digits and separators left are matched with a regex.
 */
function findSeparatedHex(text: string, bytes: Uint8Array): EncodedRun[] {
  const runs: EncodedRun[] = [];
  const length = bytes.length;
  let start = 0;
  while (start + MIN_SEPARATED <= length) {
    let probe = start + MIN_SEPARATED - 1;
    while (probe >= start && HEX_RUN[bytes[probe]!] === 1) probe -= 1;
    if (probe >= start) {
      start = probe + 1;
      continue;
    }
    let end = start + MIN_SEPARATED;
    while (end < length && HEX_RUN[bytes[end]!] === 1) end += 1;
    const stretch = text.slice(start, end);
    SEPARATED_HEX.lastIndex = 0;
    for (let match = SEPARATED_HEX.exec(stretch); match; match = SEPARATED_HEX.exec(stretch)) {
      if (!/[:, \n-]/.test(match[0])) continue; // no separator: a plain hex run, decoded with the others
      const hex = match[0].replace(/0[xX]/g, '').replace(/[^0-9a-fA-F]/g, '');
      if (hex.length < 16) continue; // under 8 bytes
      const decoded = hexText(Buffer.from(hex, 'hex'));
      if (decoded) runs.push({ start: start + match.index, end: start + match.index + match[0].length, kind: 'hex', decoded });
    }
    runs.push(...spacedNumbers(stretch, start));
    start = end;
  }
  return runs;
}
