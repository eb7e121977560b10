// A byte per character of a text, for the detector's hot loops: reading a Uint8Array is about three
// times faster in V8 than charCodeAt on a string, and every text journey publishes passes these loops.
// The same mapping gives the folded text: one byte per character as a string, which V8's regexes
// scan about twice as fast as a text that holds a single character beyond Latin-1.

/** Characters beyond Latin-1 (including each half of a surrogate pair). */
const BEYOND_LATIN1 = /[^\x00-\xff]/g;

/** What a character beyond Latin-1 becomes: a non-ASCII byte that no keyword, base64 or hex run uses. */
export const BEYOND_LATIN1_BYTE = 0x80;

/** BEYOND_LATIN1_BYTE as a character of a folded text: where a pattern or a reading meets a character beyond Latin-1. */
export const FOLDED_CHAR = String.fromCharCode(BEYOND_LATIN1_BYTE);

/**
 * The folded code of a character beyond Latin-1, chosen so that every regex construct the rules
 * may use treats it as it treats the character: a line terminator stays one (`\r`, which no window
 * of the detector ends at), other whitespace stays whitespace (a space), anything else is a
 * non-word, non-space character (BEYOND_LATIN1_BYTE).
 */
export function foldCode(code: number): number {
  if (code <= 0xff) return code;
  if (code === 0x2028 || code === 0x2029) return 0x0d;
  // U+FEFF is whitespace to a regex but invisible to a reader: it folds like any other character, so
  // the reader's view finds it (by the byte 0x80) and drops it.
  if (code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000) return 0x20;
  return BEYOND_LATIN1_BYTE;
}

/**
 * `text` as one byte per character: Latin-1 characters as they are, every other character as
 * `foldCode` says, so ASCII comparisons on the bytes are exact. The array starts at offset 0 of
 * its own buffer and the buffer has an even length, so it can also be read two bytes at a time.
 * Written into `scratch` when it is big enough: fresh memory for every megabyte of text costs more
 * in page faults than the conversion itself.
 *
 * @example
 * textBytes('a→b') // Uint8Array [0x61, 0x80, 0x62]
 */
export function textBytes(text: string, scratch?: ArrayBuffer): Uint8Array {
  const size = text.length + (text.length & 1);
  const buffer = scratch && scratch.byteLength >= size ? Buffer.from(scratch, 0, size) : Buffer.allocUnsafeSlow(size);
  const written = buffer.write(text, 0, 'latin1');
  // latin1 writes one byte per UTF-16 unit; anything else would misplace every offset after it.
  if (written !== text.length) throw new Error(`textBytes: wrote ${written} bytes for ${text.length} characters`);
  if (buffer.length > text.length) buffer[text.length] = 0;
  BEYOND_LATIN1.lastIndex = 0;
  for (let match = BEYOND_LATIN1.exec(text); match; match = BEYOND_LATIN1.exec(text)) buffer[match.index] = foldCode(match[0].charCodeAt(0));
  return new Uint8Array(buffer.buffer, 0, text.length);
}

/**
 * `text` with every character beyond Latin-1 folded (`foldCode`), as a one-byte string of the same
 * length, and its bytes. A text without such characters is returned as it is.
 *
 * @example
 * foldText('a→b').folded // 'a\x80b'
 */
export function foldText(text: string, scratch?: ArrayBuffer): { folded: string; bytes: Uint8Array | undefined } {
  BEYOND_LATIN1.lastIndex = 0;
  if (!BEYOND_LATIN1.test(text)) return { folded: text, bytes: undefined };
  const bytes = textBytes(text, scratch);
  return { folded: latin1Text(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.buffer.byteLength - bytes.byteOffset), bytes.length), bytes };
}

/**
 * Node makes a Latin-1 string of this many bytes or more an external string: a copy in memory outside
 * V8's heap (EXTERN_APEX + 1 in its src/string_bytes.cc), 0.06 ms per MB here. A shorter one is made
 * on V8's heap, whose large-object pages are mapped afresh for each string: 4 ms per MB on a small VM,
 * nearly all of it page faults, and a tenth of the whole scan of an ANSI-coloured log.
 */
const EXTERNAL_LATIN1 = 1_031_914;

/** Below this a string on V8's heap costs less than converting EXTERNAL_LATIN1 bytes. */
const WORTH_EXTERNAL = 1 << 15;

/**
 * Below this a join on V8's heap costs less than converting EXTERNAL_LATIN1 bytes (about 0.7 ms):
 * a page's views (tens of kilobytes) are joined, a long log's lines of escapes are converted.
 */
const WORTH_EXTERNAL_JOIN = 1 << 17;

/**
 * The first `length` bytes of `memory` as a one-byte string. When `memory` is big enough a shorter
 * text is cut from an external string of EXTERNAL_LATIN1 bytes (V8 slices it without a copy).
 *
 * @example
 * latin1Text(Buffer.from('abc'), 2) // 'ab'
 */
export function latin1Text(memory: Buffer, length: number): string {
  if (length >= EXTERNAL_LATIN1 || length < WORTH_EXTERNAL || memory.length < EXTERNAL_LATIN1) return memory.toString('latin1', 0, length);
  return memory.toString('latin1', 0, EXTERNAL_LATIN1).slice(0, length);
}

/** Parts are joined this many at a time on V8's heap: small strings, in its young generation. */
const JOIN_BATCH = 1024;

/** Memory the long joins are written to, kept between them (they are made one after another). */
let joinMemory: Buffer | undefined;

/**
 * `parts.join('')`, `length` characters long, made an external string when it is long and Latin-1 (a
 * view of a piece's lines of escapes: 10 ms per MB as one join on V8's heap, most of it page faults):
 * joined a batch at a time, written to reused memory, and converted once.
 *
 * @example
 * joinText(['a', 'b'], 2) // 'ab'
 */
export function joinText(parts: readonly string[], length: number): string {
  if (length < WORTH_EXTERNAL_JOIN || length >= EXTERNAL_LATIN1) return parts.join('');
  const batches: string[] = [];
  for (let at = 0; at < parts.length; at += JOIN_BATCH) batches.push(parts.slice(at, at + JOIN_BATCH).join(''));
  // Two-byte text would be converted from twice the memory into no external string: join it on the heap.
  if (batches.some((batch) => BEYOND_LATIN1_TEST.test(batch))) return batches.join('');
  joinMemory ??= Buffer.allocUnsafeSlow(EXTERNAL_LATIN1);
  let offset = 0;
  for (const batch of batches) offset += joinMemory.write(batch, offset, 'latin1');
  if (offset !== length) throw new Error(`joinText: wrote ${offset} characters for ${length}`);
  // Past `length` the memory holds what an earlier join left: cut off, never read.
  return joinMemory.toString('latin1', 0, EXTERNAL_LATIN1).slice(0, length);
}

const BEYOND_LATIN1_TEST = /[^\x00-\xff]/;

/** The same memory as a Buffer, whose indexOf is memchr: 0.6 ms for 20 MB against 5 ms for Uint8Array's. */
export function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * One reusable buffer for the bytes of the texts searched one after another (the pieces of a long
 * text). Only one text's bytes can live in it at a time.
 */
export class ScratchBytes {
  private buffer: ArrayBuffer | undefined;

  /** Up to this size the buffer is kept between uses. */
  static readonly KEEP = 8 << 20;

  /** A buffer of at least `size` bytes, reused while it is not too big to keep. */
  take(size: number): ArrayBuffer | undefined {
    if (size > ScratchBytes.KEEP) return undefined;
    // At least EXTERNAL_LATIN1: a folded piece is made a string from here (latin1Text).
    if (!this.buffer || this.buffer.byteLength < size) this.buffer = new ArrayBuffer(Math.max(size + (size & 1), EXTERNAL_LATIN1));
    return this.buffer;
  }

  private units: ArrayBuffer | undefined;

  /** A Uint16Array of `length` units, its memory reused while it is not too big to keep. */
  takeUnits(length: number): Uint16Array | undefined {
    if (length > ScratchBytes.KEEP) return undefined;
    if (!this.units || this.units.byteLength < length * 2) this.units = new ArrayBuffer(Math.max(length * 2, 1 << 17));
    return new Uint16Array(this.units, 0, length);
  }

  /** Memory for the base view's edit map (a coloured log has an escape every few dozen characters); put back grown with keepCells. */
  cells: Int32Array | undefined;

  bytesOf(text: string): Uint8Array {
    return textBytes(text, this.take(text.length + 1));
  }
}
