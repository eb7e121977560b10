// Where the values a context rule found occur again in a text. Looked for one by one, the few dozen
// values of a long log cost a tenth of its whole scan, and hundreds of passwords would cost more than
// the scan itself: there the keyword index finds them all in one pass.
import { findKeywords, indexKeywords } from './keyword-index.ts';
import type { ScratchBytes } from './text-bytes.ts';

/** The text is read this much at a time, into reused bytes. */
const CHUNK = 1 << 20;
/** A longer value is looked for alone: each chunk would have to reach that far into the next. */
const LONGEST_INDEXED = 1 << 16;

/** Values the keyword index takes: ASCII, 3 characters or more, not too long. */
const indexable = (value: string) => value.length >= 3 && value.length <= LONGEST_INDEXED && !/[^\x00-\x7f]/.test(value);

/**
 * The index pays from this many values in a long text: building it costs 0.3 ms and its pass 1 ms
 * per MB, where indexOf costs 0.13 ms per MB and value.
 */
const MIN_INDEXED = 12;
const MIN_INDEXED_TEXT = 1 << 16;

/**
 * Every occurrence of each value in `text`, overlapping ones included, as [value, offset]. The text
 * is written to bytes as Latin-1: a character beyond it loses its high byte there and may look like
 * part of a value, so each place found is compared with the text itself.
 *
 * @example
 * occurrencesOf('a hunter2 b hunter2', ['hunter2']) // [['hunter2', 2], ['hunter2', 12]]
 */
export function occurrencesOf(text: string, values: readonly string[], scratch?: ScratchBytes): Array<[string, number]> {
  const found: Array<[string, number]> = [];
  const many = text.length >= MIN_INDEXED_TEXT && values.filter(indexable).length >= MIN_INDEXED;
  const indexed = many ? values.filter(indexable) : [];
  for (const value of values) {
    if (many && indexable(value)) continue;
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) found.push([value, at]);
  }
  if (indexed.length === 0) return found;
  const index = indexKeywords(indexed.map((value, position) => ({ text: value, ignoreCase: false, rules: [position] })));
  const reach = Math.max(...indexed.map((value) => value.length)) - 1;
  for (let from = 0; from < text.length; from += CHUNK) {
    const to = Math.min(text.length, from + CHUNK + reach);
    const bytes = latin1Bytes(text.slice(from, to), scratch);
    for (const { at, keyword } of findKeywords(bytes, index)) {
      if (at >= CHUNK) continue; // starts in the next chunk, which reports it
      const value = indexed[keyword.rules[0]!]!;
      if (text.startsWith(value, from + at)) found.push([value, from + at]);
    }
  }
  return found;
}

/** `text` as Latin-1 bytes at offset 0 of an even-length buffer (findKeywords reads two at a time). */
function latin1Bytes(text: string, scratch?: ScratchBytes): Uint8Array {
  const size = text.length + (text.length & 1);
  const memory = scratch?.take(size);
  const buffer = memory ? Buffer.from(memory, 0, size) : Buffer.allocUnsafeSlow(size);
  buffer.write(text, 0, 'latin1');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, text.length);
}
