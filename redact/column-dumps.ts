// Byte dumps laid out in columns, read back to the bytes they show: `od` in each of its types
// (`-c`, `-a`, `-b`, `-x`, `-tx1`, `-tx1 -c`, `-tu1`, `-d`, `-o`, `-An`), hexdump's formats (`hexdump`,
// `-C`, `-c`, `-b`, `-x`, `-d`, `-o`; `hd`), xxd's (plain, `-g1`, `-g4`, `-e`, `-b`, `-p`) and PowerShell's
// Format-Hex. A token is cut into one cell per byte (or per little-endian word), over many lines:
// the detector reads it only once the block's cells are turned back into bytes (dump-cells.ts).
import { bufferOf, textBytes } from './text-bytes.ts';
import { charCells, numericReadings, OD_KINDS, XXD_KINDS, type CellKind, type LineReading } from './dump-cells.ts';

export interface ColumnDump {
  start: number;
  end: number;
  bytes: Buffer;
}

/**
 * When two kinds read a whole block, the first of these is the dump's: od -b's zero-padded octal
 * before the decimal those digits also are, xxd -b's bits before the hex they also are.
 */
const PRIORITY: readonly CellKind[] = ['char', 'bin1', 'hex1', 'oct1', 'dec1', 'hex2', 'xxd2', 'oct2', 'dec2', 'hex4', 'xxd4', 'xxd4le', 'hex8', 'plain-hex'];

/**
 * A line's cells without its ASCII column, where the column is marked: `  |…|` (hexdump -C, hd),
 * `  >…<` (od -tx1z), and xxd's, which starts two blanks past its hex area: as wide on every line
 * of a dump as on its first, the last line padded to it (`58696650   0a0d61  PfiXa..`).
 */
function cellsOf(body: string, xxdWidth: number): string {
  if (xxdWidth > 0) return body.slice(0, xxdWidth);
  for (const mark of ['  |', '  >']) {
    const column = body.indexOf(mark);
    if (column >= 0) return body.slice(0, column);
  }
  return body;
}

/** The width of an xxd line's hex area (its `: ` included): up to its first double blank. */
function xxdWidthOf(body: string): number {
  const gap = body.indexOf('  ', 1);
  return gap < 0 ? body.length : gap;
}

/** An offset column: 4 to 16 digits at the line's start, then `:`, a blank or the line's end. */
const OFFSET = /^[0-9a-fA-F]{4,16}(?=[: \t]|$)/;
/** An `xxd -p` line: hex digits only, longer than any offset. */
const PLAIN_HEX = /^[0-9a-fA-F]{24,256}$/;
/** Longest line read as a dump line: od -w can widen one, but not to a page. */
const MAX_LINE = 4096;

/** What a block's lines tell how to read the next one. */
interface LineLayout {
  /** Width of the offset column; 0 without one. */
  offsetWidth: number;
  /** Width of xxd's hex area; 0 in another tool's dump. */
  xxdWidth: number;
}

/** What one line of a dump holds, or undefined when it is no dump line. */
interface DumpLine {
  layout: LineLayout;
  readings: LineReading[];
  /** The line's offset column read as hex, where it has one: a dump's offsets rise, two dumps interleaved each rise on their own. */
  offset?: number;
}

const NO_LAYOUT: LineLayout = { offsetWidth: 0, xxdWidth: 0 };

/** A line with an offset column: od's, hexdump's, xxd's (`offset:`), Format-Hex's. */
function readOffsetLine(line: string, offset: string, layout: LineLayout): DumpLine | undefined {
  const xxd = line[offset.length] === ':';
  const body = line.slice(offset.length + (xxd ? 1 : 0));
  const xxdWidth = xxd ? layout.xxdWidth || xxdWidthOf(body) : 0;
  const readings = numericReadings(cellsOf(body, xxdWidth), xxd ? XXD_KINDS : OD_KINDS, true);
  const chars = xxd ? undefined : charCells(body);
  if (chars) readings.push({ kind: 'char', bytes: chars });
  if (readings.length === 0 && body.trim() !== '') return undefined;
  return { layout: { offsetWidth: offset.length, xxdWidth }, readings, offset: Number.parseInt(offset, 16) };
}

/**
 * Reads a line as a dump line. A line without an offset inside a block whose lines have one is the
 * second row of `od -tx1 -c` (its cells under the offset's blank), so its cells start after that width.
 */
function readLine(line: string, layout: LineLayout): DumpLine | undefined {
  if (line.length > MAX_LINE) return undefined;
  if (line === '*') return { layout, readings: [] }; // od's mark for repeated lines
  if (PLAIN_HEX.test(line) && line.length % 2 === 0) return { layout: NO_LAYOUT, readings: [{ kind: 'plain-hex', bytes: [...Buffer.from(line, 'hex')] }] };
  const offset = OFFSET.exec(line)?.[0];
  if (offset !== undefined) return readOffsetLine(line, offset, layout);
  if (line[0] !== ' ' && line[0] !== '\t') return undefined;
  const readings = numericReadings(cellsOf(line, 0), OD_KINDS, false);
  const width = layout.offsetWidth;
  const under = width > 0 && line.slice(0, width).trim() === '' ? line.slice(width) : line;
  const chars = charCells(under);
  if (chars) readings.push({ kind: 'char', bytes: chars });
  return readings.length > 0 ? { layout: { ...layout, xxdWidth: 0 }, readings } : undefined;
}

/** What a block's lines read as, one entry per kind. */
type BlockReadings = Map<CellKind, { bytes: number[]; lines: number }>;

/**
 * The bytes a block shows: the reading of the kind that reads the most of its lines (by PRIORITY
 * among equals), or undefined when it is too short. xxd's 4-byte groups, which read in either order,
 * give both orders, one after the other.
 */
function blockBytes(readings: BlockReadings): Buffer | undefined {
  const most = Math.max(0, ...[...readings.values()].map((reading) => reading.lines));
  const best = PRIORITY.find((kind) => readings.get(kind)?.lines === most);
  const reading = best && readings.get(best);
  if (!reading || reading.bytes.length < MIN_BYTES) return undefined;
  // One `xxd -p` line is a hex run, which encoded-runs.ts reads already.
  if (best === 'plain-hex' && reading.lines < 2) return undefined;
  const swapped = best === 'xxd4' ? readings.get('xxd4le') : undefined;
  if (swapped?.lines === most) return Buffer.from([...reading.bytes, 10, ...swapped.bytes]);
  return Buffer.from(reading.bytes);
}

/**
 * How every dump line starts: an offset and a cell or nothing, a bare hex line, od's `*`, or two
 * cells (a number, or up to three characters, after blanks). Tested where each line starts, it
 * sets most lines of a log (words, code) aside before one is cut out and split: a megabyte of code
 * took 48 ms without it, 8 with it.
 */
const LINE_START = /[0-9a-fA-F]{4,16}(?::?[ \t]+\S|[ \t]*(?:\r?\n|$))|[0-9a-fA-F]{24}|\*\r?(?:\n|$)|(?:[ \t]{1,16}(?:-?[0-9a-fA-F]{1,16}|\S{1,3})(?=[ \t\r\n]|$)){2}/y;

/** Fewest bytes a block's reading needs to be searched: a short password. */
const MIN_BYTES = 8;
/** Most bytes a block's reading keeps: a dump past this is no file anyone reads in a log. */
const MAX_BYTES = 1 << 20;

/**
 * Finds, line after line in order, just past each line's last quote (`"` or `'`). The next quote of
 * each kind is kept from one line to the next, so a line without one costs two comparisons and each
 * quote of the text is stepped over once: a search of every line's bytes (and the view of them it
 * made) was most of the dump reader's time on a log.
 */
class LastQuotes {
  private readonly memory: Buffer;
  private readonly next = [-1, -1];

  constructor(bytes: Uint8Array) {
    this.memory = bufferOf(bytes);
  }

  /** Just past the last quote of the line [start, end), or `start` when it has none; lines asked for in order. */
  after(start: number, end: number): number {
    let last = -1;
    for (let kind = 0; kind < 2; kind++) {
      const quote = kind === 0 ? 34 : 39;
      if (this.next[kind]! < start) {
        const found = this.memory.indexOf(quote, start);
        this.next[kind] = found < 0 ? Number.MAX_SAFE_INTEGER : found;
      }
      while (this.next[kind]! < end) {
        last = Math.max(last, this.next[kind]!);
        const found = this.memory.indexOf(quote, this.next[kind]! + 1);
        this.next[kind] = found < 0 ? Number.MAX_SAFE_INTEGER : found;
      }
    }
    return last < 0 ? start : last + 1;
  }
}

/** The dump line from `from` to `end` of `text`, when LINE_START lets it be one. */
function readLineAt(text: string, from: number, end: number, layout: LineLayout): DumpLine | undefined {
  LINE_START.lastIndex = from;
  return LINE_START.test(text) ? readLine(text.slice(from, end), layout) : undefined;
}

/**
 * hexyl's line (`│00000000│ 67 68 … ┊ 4d 79 … │ghp_4gaS┊Myqces2Q│`) as a dump line of offset and cells,
 * its box characters (one folded byte each) read as blanks and its character columns left out; undefined
 * for any other line.
 */
function hexylLine(text: string, bytes: Uint8Array, line: number, end: number): string | undefined {
  let at = line;
  while (at < end && (bytes[at] === 32 || bytes[at] === 9)) at += 1; // indented, as a log or a quote block shows it
  // The folded bytes: a derived view's text holds the real `│`.
  if (bytes[at] !== 0x80) return undefined;
  const boxes: number[] = [];
  for (let index = at; index < end && boxes.length < 4; index++) if (bytes[index] === 0x80) boxes.push(index);
  if (boxes.length < 4) return undefined;
  const [, afterOffset, middle, afterCells] = boxes as [number, number, number, number];
  return `${text.slice(at + 1, afterOffset)}  ${text.slice(afterOffset + 1, middle)} ${text.slice(middle + 1, afterCells)}`.trimEnd();
}

/** Whether four hex digits start at `at` of `text` (an offset column's least). */
function startsOffset(text: string, at: number): boolean {
  for (let k = 0; k < 4; k++) {
    const code = text.charCodeAt(at + k) | 0x20; // a letter's lower case; digits keep theirs
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}

/** Most characters of a prefix every line of a dump repeats (`> `, a log's timestamp and level). */
const MAX_PREFIX = 48;

/**
 * Where a dump line starts behind a prefix (`> 00000000  67 68 …`, `2024-01-01T00:00:00Z 00000000  …`):
 * after a blank within the line's first MAX_PREFIX characters, or undefined. Only a line holding a double
 * blank is tried (hexdump's and xxd's lines all do): `nextDouble` is where the next one is.
 */
function prefixedLine(text: string, at: number, end: number, nextDouble: number, layout: LineLayout): { from: number; line: DumpLine } | undefined {
  if (nextDouble >= end) return undefined;
  for (let index = at + 1; index < Math.min(end, at + MAX_PREFIX); index++) {
    // Behind its prefix a line opens with its offset, four hex digits and more: any other word is tried no further.
    if (text.charCodeAt(index - 1) !== 32 || !startsOffset(text, index)) continue;
    const line = readLineAt(text, index, end, layout);
    if (line) return { from: index, line };
  }
  return undefined;
}

/** One dump of a block: its readings, its last offset and the one its next line would have (lines of two dumps interleaved go to two streams). */
interface Stream {
  readings: BlockReadings;
  lastOffset: number;
  expected: number;
}

/** Most dumps a block's lines interleave. */
const MAX_STREAMS = 4;
/** Most an offset goes on from the line before in one dump, read as hex whatever its base (`od -w32`'s `0000040` is 0x40). */
const MAX_STEP = 64;

/**
 * The blocks of consecutive dump lines in `text`, each with the bytes it shows. A line that reads
 * two ways (`47 49` is hex and decimal) adds to both readings; the block is read the way most of
 * its lines read. Lines whose offsets go back (two dumps interleaved, `00000000` after `00000010`)
 * start a stream of their own, each read alone. A prefix the first line has (`> `, a timestamp) is
 * read past on the block's every line, and hexyl's box-drawn lines are read as plain ones.
 * Linear: each line is read once, and a line's tokens are capped. `bytes` is `textBytes(text)`, when the caller has it.
 *
 * @example
 * findColumnDumps('0000000 147 150 160 137 101 102 103 104\n')[0]?.bytes.toString() // 'ghp_ABCD'
 */
export function findColumnDumps(text: string, bytes: Uint8Array = textBytes(text)): ColumnDump[] {
  const dumps: ColumnDump[] = [];
  const memory = bufferOf(bytes);
  const quotes = new LastQuotes(bytes);
  let blockStart = -1;
  let blockEnd = -1;
  let blockPrefix = 0;
  let layout = NO_LAYOUT;
  let streams: Stream[] = [];
  let current: Stream | undefined;
  let nextDouble = -1;
  const close = () => {
    if (blockStart < 0) return;
    for (const stream of streams) {
      const bytes = blockBytes(stream.readings);
      if (bytes) dumps.push({ start: blockStart, end: blockEnd, bytes });
    }
    blockStart = -1;
    blockPrefix = 0;
    layout = NO_LAYOUT;
    streams = [];
    current = undefined;
  };
  // The stream a line goes on: the one whose next offset it has, else the one it follows closest by a line's
  // step (od's octal offsets read as hex never equal a count of bytes), else a new one (another dump's lines).
  const streamFor = (offset: number | undefined): Stream => {
    if (offset === undefined && current) return current;
    let found = offset === undefined ? undefined : streams.find((stream) => stream.expected === offset);
    if (!found && offset !== undefined) {
      for (const stream of streams) {
        if (stream.lastOffset < offset && offset - stream.lastOffset <= MAX_STEP && (!found || stream.lastOffset > found.lastOffset)) found = stream;
      }
    }
    if (found || streams.length >= MAX_STREAMS) return found ?? streams.at(-1)!;
    const stream: Stream = { readings: new Map(), lastOffset: -1, expected: -1 };
    streams.push(stream);
    return stream;
  };
  for (let at = 0; at < text.length;) {
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    const lineEnd = end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (nextDouble < at) {
      nextDouble = memory.indexOf('  ', at, 'latin1');
      if (nextDouble < 0) nextDouble = text.length;
    }
    let from = at + blockPrefix;
    const hexyl = hexylLine(text, bytes, at, lineEnd);
    let line = hexyl !== undefined ? readLine(hexyl, layout) : from <= lineEnd ? readLineAt(text, from, lineEnd, layout) : undefined;
    if (!line) {
      // A block read behind a prefix ends; the line may still be a dump's of its own, as it stands.
      const prefixed = blockPrefix > 0;
      close();
      from = at;
      line = prefixed ? readLineAt(text, at, lineEnd, layout) : undefined;
      // A dump inside a quoted string (a JSON record's "output", decoded) opens after the quote.
      if (!line) {
        from = quotes.after(at, lineEnd);
        const quoted = from > at ? hexylLine(text, bytes, from, lineEnd) : undefined;
        line = quoted !== undefined ? readLine(quoted, layout) : from > at ? readLineAt(text, from, lineEnd, layout) : undefined;
      }
      if (!line) {
        const prefixed = prefixedLine(text, at, lineEnd, nextDouble, layout);
        if (prefixed) {
          ({ from, line } = prefixed);
          blockPrefix = from - at;
        }
      }
    }
    if (line) {
      if (blockStart < 0) blockStart = from;
      blockEnd = lineEnd;
      layout = line.layout;
      current = streamFor(line.offset);
      if (line.offset !== undefined) {
        current.lastOffset = line.offset;
        current.expected = line.offset + Math.max(0, ...line.readings.map((reading) => reading.bytes.length));
      }
      for (const { kind, bytes } of line.readings) {
        const reading = current.readings.get(kind) ?? { bytes: [], lines: 0 };
        if (reading.bytes.length < MAX_BYTES) reading.bytes.push(...bytes);
        reading.lines += 1;
        current.readings.set(kind, reading);
      }
    }
    at = end + 1;
  }
  close();
  return dumps;
}
