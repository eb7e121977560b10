// The base view of a text in one pass over its UTF-16 units: characters beyond Latin-1 folded and
// ANSI escapes left out, written straight into reusable bytes. Every text journey publishes goes
// through here, and each full-text copy costs about 3 ms per MB on a small VM: the old way (strip
// with a regex, then fold, then write the bytes) made three.
import { bufferOf, foldCode, latin1Text, type ScratchBytes } from './text-bytes.ts';
import { EditMap, makeView, type View } from './view.ts';

/**
 * The escapes ansiLength() measures, for the native replace that builds a text without them (a
 * coloured log holds an escape every few dozen characters; joining slices in JS is three times slower).
 * Its alternatives start with characters no other one does, so backtracking cannot find a different match.
 */
export const ANSI_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|[ -/]+[0-~]|[0-Z\\-~])/g;

/**
 * Length of the ANSI escape sequence starting at `at` of `units` (0 when there is none), as ECMA-48
 * writes them: CSI `ESC [ params intermediates final` (params `0`-`?`: `ESC [>c` too), an escape with
 * intermediates (`ESC ( B`, which `tput sgr0` prints), or a two-character escape (`ESC M`, `ESC 7`,
 * `ESC c`). An OSC (`ESC ] text BEL`) loses only its framing (`ESC ]` here, `ESC \\` as a
 * two-character escape; BEL stays as a separator): its text is what a tool printed, and deleting it,
 * or everything after an unterminated one, would hide a secret from every rule (the terminal's
 * reading, build-views.ts, deletes it whole as well). ANSI_ESCAPE is the same grammar as a regex.
 */
export function ansiLength(units: Uint16Array, at: number): number {
  const kind = units[at + 1];
  if (kind === 0x5b) { // [
    let index = at + 2;
    for (let code = units[index]; code !== undefined && code >= 0x30 && code <= 0x3f; code = units[index]) index += 1;
    for (let code = units[index]; code !== undefined && code >= 0x20 && code <= 0x2f; code = units[index]) index += 1;
    const final = units[index];
    return final !== undefined && final >= 0x40 && final <= 0x7e ? index + 1 - at : 0;
  }
  if (kind !== undefined && kind >= 0x20 && kind <= 0x2f) { // intermediates, then a final
    let index = at + 1;
    for (let code = units[index]; code !== undefined && code >= 0x20 && code <= 0x2f; code = units[index]) index += 1;
    const final = units[index];
    return final !== undefined && final >= 0x30 && final <= 0x7e ? index + 1 - at : 0;
  }
  return kind !== undefined && kind >= 0x30 && kind <= 0x7e ? 2 : 0;
}

/** `text` as UTF-16 units, in `scratch` when one is given (the base view's loop reads them). */
export function unitsOf(text: string, scratch?: ScratchBytes): Uint16Array {
  const units = scratch?.takeUnits(text.length) ?? new Uint16Array(text.length);
  if (LITTLE_ENDIAN) bufferOf(new Uint8Array(units.buffer, units.byteOffset, text.length * 2)).write(text, 0, 'utf16le');
  else for (let index = 0; index < text.length; index++) units[index] = text.charCodeAt(index);
  return units;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Writes `units` [from, to) folded (`foldCode`) to `bytes` from `written` on, adding the offset of
 * each folded one to `folds`; returns where it stopped.
 */
function foldRange(units: Uint16Array, from: number, to: number, bytes: Uint8Array, written: number, folds: Folds): number {
  let at = written;
  for (let index = from; index < to; index++) {
    const code = units[index]!;
    if (code > 0xff) {
      folds.at.push(at);
      folds.code.push(code);
      bytes[at++] = foldCode(code);
    } else bytes[at++] = code;
  }
  return at;
}

/** The characters beyond Latin-1 of a base view: their view offsets (ascending) and their real codes. */
interface Folds {
  at: number[];
  code: number[];
}

/**
 * Writes `text` folded to `bytes`, leaving out each ANSI escape when `edits` is given and recording
 * it there; returns the number of bytes written. Escapes are found with indexOf and the stretches
 * between them folded by a loop that does nothing else: one loop doing both ran three times slower.
 */
function foldText(text: string, units: Uint16Array, bytes: Uint8Array, edits: EditMap | undefined, folds: Folds): number {
  let written = 0;
  let from = 0;
  for (let at = edits ? text.indexOf('\u001b') : -1; at >= 0; at = text.indexOf('\u001b', at + 1)) {
    const escape = ansiLength(units, at);
    if (escape === 0) continue;
    written = foldRange(units, from, at, bytes, written, folds);
    edits!.add(written, at, 0, escape);
    from = at + escape;
    at = from - 1;
  }
  return foldRange(units, from, text.length, bytes, written, folds);
}

/** Index of the first fold at or after `offset` (folds.length when none is). */
function firstFold(folds: readonly number[], offset: number): number {
  let low = 0;
  let high = folds.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (folds[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The real characters of [start, end) of a base view when it needs no mapping back: none folded
 * (the folded text's own, a one-byte string) or one folded character alone (the readings ask for
 * each of those). Undefined otherwise.
 */
function sliceWithoutMapping(folds: Folds, folded: string, start: number, end: number): string | undefined {
  const first = firstFold(folds.at, start);
  if (first === folds.at.length || folds.at[first]! >= end) return folded.slice(start, end);
  return end === start + 1 ? String.fromCharCode(folds.code[first]!) : undefined;
}

/**
 * The view the rules search first: `text` with its ANSI escapes left out (named `ansi` when there
 * were any, else `raw`) and folded (`foldText`), its bytes in `scratch` when one is given. Its
 * `slice` gives the real characters, escapes left out.
 *
 * @example
 * baseView('gh\u001b[1mp_→').text // 'ghp_\x80'
 */
export function baseView(text: string, scratch?: ScratchBytes): View {
  const { length } = text;
  // The map lives as long as the view, like the bytes: its memory is reused from one piece of a long text to the next.
  const edits = text.includes('\u001b') ? new EditMap(scratch?.cells) : undefined;
  const size = length + (length & 1);
  const memory = scratch?.take(size + 2);
  const buffer = memory ? Buffer.from(memory, 0, size) : Buffer.allocUnsafeSlow(size);
  const beyondLatin1 = /[^\x00-\xff]/.test(text);
  /** The characters beyond Latin-1: elsewhere the view's text holds the real characters. */
  const folds: Folds = { at: [], code: [] };
  let written = length;
  if (edits || beyondLatin1) written = foldText(text, unitsOf(text, scratch), buffer, edits, folds);
  else buffer.write(text, 0, 'latin1'); // Latin-1 only, no escape: the bytes are the text, and the text needs no copy
  if (scratch && edits) scratch.cells = edits.storage;
  const changed = beyondLatin1 || written < length;
  if (written < size) buffer[written] = 0; // the pair read of findKeywords sees a byte no anchor uses
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, written);
  const folded = changed ? latin1Text(memory ? Buffer.from(memory) : buffer, written) : text;
  const removed = edits !== undefined && written < length;
  // A range without a fold is its own real characters, as a one-byte string: no mapping back needed.
  if (!removed) return makeView({ name: 'raw', text: folded, toRaw: (start, end) => [start, end], toBytes: () => bytes,
    slice: (start, end) => sliceWithoutMapping(folds, folded, start, end) ?? text.slice(start, end) });
  return makeView({
    name: 'ansi', text: folded, toBytes: () => bytes,
    toRaw: (start, end) => [edits.toParentStart(start), edits.toParentEnd(end)],
    // The real characters of a range: the raw text's, escapes left out (toParentEnd stops before a trailing one).
    slice: (start, end) => {
      const quick = sliceWithoutMapping(folds, folded, start, end);
      if (quick !== undefined) return quick;
      const raw = text.slice(edits.toParentStart(start), edits.toParentEnd(end));
      if (!raw.includes('\u001b')) return raw;
      ANSI_ESCAPE.lastIndex = 0;
      const real = raw.replace(ANSI_ESCAPE, '');
      // Two parsers of one grammar: should they ever disagree, every offset after would be wrong.
      if (real.length !== end - start) throw new Error('baseView: the escape regex and the escape parser disagree');
      return real;
    },
  });
}
