// Whether decoded bytes can read as text, judged before any Buffer or string is made. A log holds
// thousands of base64- and hex-shaped runs per megabyte (identifiers, paths, hashes, keys), and
// nearly none decodes to text: decoding each into a Buffer and a UTF-8 string, at four alignments,
// cost the detector more than all its shape rules. These checks decode into one reused array and
// give the same verdict as encoded-runs.ts reaches on the real bytes.

/** One entry per byte: the 6-bit value of a base64 or base64url character; -1 for any other (`=` ends the data). */
const BASE64_VALUE = new Int8Array(256).fill(-1);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach((char, value) => {
  BASE64_VALUE[char.charCodeAt(0)] = value;
});
BASE64_VALUE[0x2d] = 62; // -
BASE64_VALUE[0x5f] = 63; // _

/** The value of a hex digit's code. */
const hexValue = (code: number) => (code <= 0x39 ? code - 0x30 : (code | 0x20) - 0x57);

let scratch = new Uint8Array(1 << 12);

/** The reused array, at least `size` long. */
function take(size: number): Uint8Array {
  if (scratch.length < size) scratch = new Uint8Array(Math.max(size, scratch.length * 2));
  return scratch;
}

/**
 * The bytes `Buffer.from(body.slice(skip), 'base64')` holds, decoded into a reused array (valid
 * until the next call) for a body of base64 or base64url characters and `=` padding.
 */
export function decodeBase64(body: string, skip: number): Uint8Array {
  const out = take(body.length);
  let bits = 0;
  let value = 0;
  let count = 0;
  for (let index = skip; index < body.length; index++) {
    const code = body.charCodeAt(index);
    const sextet = code < 256 ? BASE64_VALUE[code]! : -1;
    if (sextet < 0) break;
    value = ((value << 6) | sextet) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[count++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, count);
}

/** The bytes of `hex` (an even number of hex digits), decoded into the reused array (valid until the next call). */
export function decodeHex(hex: string): Uint8Array {
  const count = hex.length >> 1;
  const out = take(count);
  for (let index = 0; index < count; index++) out[index] = (hexValue(hex.charCodeAt(2 * index)) << 4) | hexValue(hex.charCodeAt(2 * index + 1));
  return out.subarray(0, count);
}

/** A character `printable` of encoded-runs.ts counts as text. */
export const isPrintableCode = (code: number) => (code >= 0x20 && code < 0x7f) || code === 9 || code === 10 || code === 13 || (code >= 0xa0 && code !== 0xfffd);

/**
 * True when `bytes.toString('utf8')` is at least 6 UTF-16 units, at most one in ten of them not
 * printable (`isPrintableCode`): the WHATWG decoder Node uses, run without making the string (each
 * maximal invalid subpart is one U+FFFD, a 4-byte sequence two printable surrogates).
 */
export function utf8IsPrintable(bytes: Uint8Array): boolean {
  let units = 0;
  let bad = 0;
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let point = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (needed === 0) {
      if (byte <= 0x7f) {
        units += 1;
        if (!isPrintableCode(byte)) bad += 1;
      } else if (byte >= 0xc2 && byte <= 0xdf) {
        needed = 1;
        point = byte & 0x1f;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        needed = 2;
        point = byte & 0xf;
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        needed = 3;
        point = byte & 0x7;
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
      } else {
        units += 1; // U+FFFD
        bad += 1;
      }
      continue;
    }
    const inRange = byte >= lower && byte <= upper;
    lower = 0x80;
    upper = 0xbf;
    if (!inRange) {
      // The sequence breaks off: one U+FFFD, and this byte starts afresh.
      needed = 0;
      seen = 0;
      units += 1;
      bad += 1;
      index -= 1;
      continue;
    }
    point = (point << 6) | (byte & 0x3f);
    seen += 1;
    if (seen < needed) continue;
    if (point > 0xffff) units += 2; // a surrogate pair: both halves count as printable
    else {
      units += 1;
      if (!isPrintableCode(point)) bad += 1;
    }
    needed = 0;
    seen = 0;
  }
  if (needed !== 0) {
    units += 1;
    bad += 1;
  }
  return units >= 6 && bad <= units / 10;
}

/** A byte of text: printable ASCII, a tab or a line break, or part of a UTF-8 sequence. */
const isTextByte = (byte: number) => (byte >= 0x20 && byte < 0x7f) || byte === 9 || byte === 10 || byte === 13 || byte >= 0x80;

/** Bytes that may be text: 6 or more, at most one in ten outside text. */
export function mayBeText(bytes: Uint8Array): boolean {
  if (bytes.length < 6) return false;
  let bad = 0;
  const allowed = bytes.length / 10;
  for (let index = 0; index < bytes.length; index++) {
    if (!isTextByte(bytes[index]!) && ++bad > allowed) return false;
  }
  return true;
}

/** True when `bytes` hold a run of `length` bytes that printableRuns of encoded-runs.ts keeps. */
export function hasPrintableRun(bytes: Uint8Array, length: number): boolean {
  let run = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    run = (byte >= 0x20 && byte < 0x7f) || byte === 9 ? run + 1 : 0;
    if (run >= length) return true;
  }
  return false;
}
