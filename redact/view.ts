// A view of a text: what one reading of it shows (ANSI stripped, escapes decoded, look-alikes
// folded...), with a map from its offsets back to the raw text, so a secret found in a view is
// redacted where it really sits.
import { bufferOf, foldText, joinText, textBytes, type ScratchBytes } from './text-bytes.ts';

export interface View {
  /** `raw`, or the chain of readings that made it: `backslash+entity`. */
  name: string;
  /** What the rules search: the base views hold characters beyond Latin-1 folded (`foldText`). */
  text: string;
  /** `textBytes(text)`, made on first use: the detector's loops read these. */
  readonly bytes: Uint8Array;
  /** The real characters of [start, end) of `text`, unfolded (the same length). */
  slice(start: number, end: number): string;
  /** Maps a [start, end) range of this view to the range of the raw text it came from. */
  toRaw(start: number, end: number): [number, number];
}

interface ViewParts {
  name: string;
  text: string;
  toRaw: View['toRaw'];
  slice?: View['slice'];
  /** Makes the bytes, or returns them when they are already known. */
  toBytes?: () => Uint8Array;
}

export function makeView({ name, text, toRaw, slice, toBytes }: ViewParts): View {
  let bytes: Uint8Array | undefined;
  return {
    name, text, toRaw,
    get bytes() {
      return (bytes ??= toBytes ? toBytes() : textBytes(text));
    },
    slice: slice ?? ((start, end) => text.slice(start, end)),
  };
}

/**
 * The raw text as a view of itself, folded (`foldText`) so that regexes scan a one-byte string.
 * The bytes (and the folded text when it needs a copy) may be written to `scratch`.
 *
 * @example
 * rawView('a→b').text // 'a\x80b'
 */
export function rawView(text: string, scratch?: ScratchBytes): View {
  const { folded, bytes } = foldText(text, scratch?.take(text.length + 1));
  return makeView({
    name: 'raw', text: folded, toRaw: (start, end) => [start, end], slice: (start, end) => text.slice(start, end),
    ...(bytes ? { toBytes: () => bytes } : scratch ? { toBytes: () => scratch.bytesOf(folded) } : {}),
  });
}

/**
 * Offsets of the edits a reading made: view [v, v+vl) stands for parent [p, p+pl), identity between.
 * Kept in one growing Int32Array: an ANSI-coloured log has millions of edits.
 */
export class EditMap {
  // Small at first: most texts get a map and few edits (a zeroed 16 KiB array per view cost a
  // fifth of a full publish's redaction time).
  private cells: Int32Array;
  private count = 0;

  /** `storage` is reused memory (the base view's, from ScratchBytes): its old contents are ignored. */
  constructor(storage?: Int32Array) {
    this.cells = storage ?? new Int32Array(4 * 16);
  }

  /** The memory the edits are in, grown or not: the owner of reused memory keeps it for the next map. */
  get storage(): Int32Array {
    return this.cells;
  }

  add(v: number, p: number, vl: number, pl: number): void {
    if ((this.count + 1) * 4 > this.cells.length) {
      const grown = new Int32Array(this.cells.length * 2);
      grown.set(this.cells);
      this.cells = grown;
    }
    const at = this.count * 4;
    this.cells[at] = v;
    this.cells[at + 1] = p;
    this.cells[at + 2] = vl;
    this.cells[at + 3] = pl;
    this.count += 1;
  }

  /** Index of the last edit with v <= offset (v < offset when `strict`), -1 if none. */
  private find(offset: number, strict: boolean): number {
    let low = 0;
    let high = this.count - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const v = this.cells[middle * 4]!;
      if (strict ? v < offset : v <= offset) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  private map(offset: number, strict: boolean): number {
    const k = this.find(offset, strict);
    if (k < 0) return offset;
    const cells = this.cells;
    const [v, p, vl, pl] = [cells[k * 4]!, cells[k * 4 + 1]!, cells[k * 4 + 2]!, cells[k * 4 + 3]!];
    const inside = offset - v;
    if (strict ? inside <= vl : inside < vl) return strict ? p + pl : p;
    return p + pl + inside - vl;
  }

  toParentStart(offset: number): number {
    return this.map(offset, false);
  }

  toParentEnd(offset: number): number {
    return this.map(offset, true);
  }
}

/** A view made from `parent` by `edits`, named after both. */
export function childView(parent: View, name: string, text: string, edits: EditMap, slice?: View['slice'], toBytes?: () => Uint8Array): View {
  return makeView({
    name: parent.name === 'raw' ? name : `${parent.name}+${name}`, text,
    toRaw: (start, end) => parent.toRaw(edits.toParentStart(start), edits.toParentEnd(end)),
    ...(slice ? { slice } : {}), ...(toBytes ? { toBytes } : {}),
  });
}

/** One replacement a reading makes: parent [at, end) reads as `text`. */
export interface Edit {
  at: number;
  end: number;
  text: string;
}

/**
 * Up to this length a reading keeps the whole text, so that what spans lines (a key block, a JSON
 * string decoded onto lines of its own) stays whole in it; a longer text keeps only the lines the
 * reading changes.
 */
export const WHOLE_VIEW_MAX = 1 << 16;

/**
 * The view `edits` (in order, not overlapping) make of `parent`, or undefined when there are none.
 * A long text's view holds only the lines they touch (a line joined to the next by an edit takes the
 * next along): a reading that changes a few lines of a long log costs those lines, not the log.
 *
 * @example
 * viewFromEdits(rawView('a\nb\\u003dc'), 'backslash', [{ at: 3, end: 9, text: '=' }])?.text // 'a\nb=c'
 */
export function viewFromEdits(parent: View, name: string, edits: Iterable<Edit>): View | undefined {
  const whole = parent.text.length <= WHOLE_VIEW_MAX;
  const text = parent.text;
  const memory = bufferOf(parent.bytes);
  const map = new EditMap();
  const pieces: string[] = [];
  let consumed = 0; // parent offset up to which the view is built
  let length = 0; // view length so far
  let lineEnd = -1;
  const lineEndFrom = (offset: number) => {
    const newline = memory.indexOf(10, offset);
    return newline < 0 ? text.length : newline;
  };
  // The parent's real characters: a derived view is small, and its rules then see them unfolded.
  const copy = (to: number) => {
    pieces.push(parent.slice(consumed, to));
    length += to - consumed;
    consumed = to;
  };
  const replace = (replacement: string, to: number) => {
    map.add(length, consumed, replacement.length, to - consumed);
    pieces.push(replacement);
    length += replacement.length;
    consumed = to;
  };
  for (const edit of edits) {
    if (edit.at < consumed) continue; // overlaps the previous one
    if (edit.at >= lineEnd && !whole) {
      if (lineEnd >= 0) copy(lineEnd);
      const start = Math.max(consumed, edit.at === 0 ? 0 : memory.lastIndexOf(10, edit.at - 1) + 1);
      if (start > consumed) replace(length === 0 ? '' : '\n', start);
    }
    copy(edit.at);
    replace(edit.text, edit.end);
    // The line end found for an earlier edit is this one's too when no line break lies before it:
    // searched again for each of a JSON record's thousand escapes, it cost the record's length each time.
    if (edit.end > lineEnd) lineEnd = lineEndFrom(edit.end);
  }
  if (lineEnd < 0) return undefined;
  copy(whole ? text.length : lineEnd);
  if (consumed < text.length) replace('', text.length);
  return childView(parent, name, joinText(pieces, length), map);
}
