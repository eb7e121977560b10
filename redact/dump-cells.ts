// The cells of a byte dump's line, read as bytes: numbers in each base, width and byte order od,
// hexdump and xxd print (`4b`, `113`, `454b`, `3d59454b`, `01001011`, `-61`), and od -c's and od -a's
// 4-wide character cells (`   K`, `  \r`, ` 303`, `  nl`). column-dumps.ts finds the lines.

/**
 * How a token shows its bytes: its digits, its base, how many bytes it holds, and their order. od
 * and hexdump print words in the machine's order, little-endian on every machine an agent runs on;
 * xxd prints them big-endian, except under `-e`, which its lines do not say, so its 4-byte groups
 * are read both ways.
 */
interface TokenKind {
  test: RegExp;
  base: 2 | 8 | 10 | 16;
  bytes: 1 | 2 | 4 | 8;
  bigEndian?: true;
}

const TOKEN_KINDS = {
  hex1: { test: /^[0-9a-fA-F]{2}$/, base: 16, bytes: 1 },
  oct1: { test: /^[0-3][0-7]{2}$/, base: 8, bytes: 1 },
  dec1: { test: /^-?\d{1,3}$/, base: 10, bytes: 1 },
  bin1: { test: /^[01]{8}$/, base: 2, bytes: 1 },
  hex2: { test: /^[0-9a-fA-F]{4}$/, base: 16, bytes: 2 },
  oct2: { test: /^[01][0-7]{5}$/, base: 8, bytes: 2 },
  dec2: { test: /^-?\d{1,5}$/, base: 10, bytes: 2 },
  hex4: { test: /^[0-9a-fA-F]{8}$/, base: 16, bytes: 4 },
  // xxd's groups: its last line's last group holds what is left, so it may be shorter.
  xxd2: { test: /^(?:[0-9a-fA-F]{2}){1,2}$/, base: 16, bytes: 2, bigEndian: true },
  xxd4: { test: /^(?:[0-9a-fA-F]{2}){1,4}$/, base: 16, bytes: 4, bigEndian: true },
  xxd4le: { test: /^(?:[0-9a-fA-F]{2}){1,4}$/, base: 16, bytes: 4 },
  hex8: { test: /^[0-9a-fA-F]{16}$/, base: 16, bytes: 8 },
} satisfies Record<string, TokenKind>;

export type NumericKind = keyof typeof TOKEN_KINDS;
/** A reading's kind: its tokens', od -c's characters, or `xxd -p`'s bare hex lines. */
export type CellKind = NumericKind | 'char' | 'plain-hex';

/** The kinds of od's and hexdump's lines. */
export const OD_KINDS: readonly NumericKind[] = ['hex1', 'oct1', 'dec1', 'hex2', 'oct2', 'dec2', 'hex4', 'hex8'];
/** The kinds of xxd's lines (after `offset:`): `-g1`, plain, `-b`, `-g4` and `-e`. */
export const XXD_KINDS: readonly NumericKind[] = ['hex1', 'xxd2', 'bin1', 'xxd4', 'xxd4le'];

/** A token's bytes in the order the dumped file holds them, or undefined when it is no token of `kind`. */
function tokenBytes(kind: NumericKind, token: string): number[] | undefined {
  const { test, base, bytes, bigEndian } = TOKEN_KINDS[kind] as TokenKind;
  if (!test.test(token)) return undefined;
  if (base === 16 && (bytes >= 4 || bigEndian)) {
    const big = [...Buffer.from(token, 'hex')];
    return bigEndian ? big : big.reverse();
  }
  const value = Number.parseInt(token, base);
  const size = 256 ** bytes;
  // od -td1 and -td2 print signed values: -61 is the byte 0xc3.
  if (value < -(size / 2) || value >= size) return undefined;
  const unsigned = (value + size) % size;
  if (bytes === 1) return [unsigned];
  return bigEndian ? [unsigned >> 8, unsigned & 0xff] : [unsigned & 0xff, unsigned >> 8];
}

/** od -c's and hexdump -c's escapes. */
const ESCAPES: Record<string, number> = { '\\0': 0, '\\a': 7, '\\b': 8, '\\f': 12, '\\n': 10, '\\r': 13, '\\t': 9, '\\v': 11 };
/** od -a's names of the control characters, each at its code; `del` is 127. */
const NAMES = 'nul soh stx etx eot enq ack bel bs ht nl vt ff cr so si dle dc1 dc2 dc3 dc4 nak syn etb can em sub esc fs gs rs us sp'.split(' ');

/** The bytes one 4-wide cell of `od -c` or `od -a` shows (`   G`, `  \r`, ` 303`, `  nl`), or undefined. */
function charCell(cell: string): number[] | undefined {
  if (cell[0] !== ' ') return undefined;
  const value = cell.trimStart();
  if (value === '') return [0x20]; // a space is shown as a blank cell
  if (value === '**') return []; // the rest of a multibyte character shown in the cell before
  if (value.length === 1) return [...Buffer.from(value)];
  const escape = ESCAPES[value];
  if (escape !== undefined) return [escape];
  if (/^[0-3][0-7]{2}$/.test(value)) return [Number.parseInt(value, 8)];
  if (value === 'del') return [127];
  const name = NAMES.indexOf(value);
  return name >= 0 ? [name] : undefined;
}

/**
 * A line of 4-wide cells, each a blank (a space), one character, an escape, three octal digits, `**`
 * or a name. Each alternative is four characters wide, so the test never backtracks.
 */
const CHAR_CELLS = /^(?: {3}\S| {2}\\[0abfnrtv]| [0-3][0-7]{2}| {2}\*\*| {2}[a-z]{2}| [a-z]{3}| {4})+$/;

/**
 * The bytes of a line of 4-wide character cells, or undefined when it is not one.
 *
 * @example
 * charCells('   K   E   Y  \\r  \\n')?.length // 5
 */
export function charCells(body: string): number[] | undefined {
  const cells = body.trimEnd();
  // Cells are right-aligned, so a line cut after its last cell ends on a multiple of four.
  if (cells.length === 0 || cells.length % 4 !== 0 || !CHAR_CELLS.test(cells)) return undefined;
  const bytes: number[] = [];
  for (let at = 0; at < cells.length; at += 4) {
    const cell = charCell(cells.slice(at, at + 4));
    if (!cell) return undefined;
    bytes.push(...cell);
  }
  return bytes;
}

/** One reading of a line: the kind its cells are, and the bytes they show. */
export interface LineReading {
  kind: CellKind;
  bytes: number[];
}

/** The bytes of the tokens from the first that are of `kind`, up to the first that is not. */
function fittingBytes(kind: NumericKind, tokens: readonly string[]): { count: number; bytes: number[] } {
  const bytes: number[] = [];
  let count = 0;
  for (; count < tokens.length; count++) {
    const token = tokenBytes(kind, tokens[count]!);
    if (!token) break;
    bytes.push(...token);
  }
  return { count, bytes };
}

/** A first token some numeric kind may read: decimal or octal digits, or 2, 4, 6, 8 or 16 hex digits. */
const NUMBER_TOKEN = /^(?:-?\d{1,6}|(?:[0-9a-fA-F]{2}){1,4}|[0-9a-fA-F]{16})(?:[ \t]|$)/;

/**
 * The numeric readings of a line's cells: each kind that reads the most tokens. What follows them
 * is an ASCII column (Format-Hex's, or one `cellsOf` did not cut) only after an offset or a wide
 * gap; otherwise the line is text, not a dump.
 *
 * @example
 * numericReadings('454b 3d59', OD_KINDS, true) // [{ kind: 'hex2', bytes: [0x4b, 0x45, 0x59, 0x3d] }]
 */
export function numericReadings(cells: string, kinds: readonly NumericKind[], hasOffset: boolean): LineReading[] {
  const trimmed = cells.trim();
  // Most lines that get here are not dumps: their first token is no number of any kind.
  if (!NUMBER_TOKEN.test(trimmed)) return [];
  const tokens = trimmed.split(/[ \t]+/, 64);
  const fits = kinds.map((kind) => {
    const { count, bytes } = fittingBytes(kind, tokens);
    return { kind, count, bytes };
  });
  const most = Math.max(...fits.map((fit) => fit.count));
  if (most === 0) return [];
  if (most < tokens.length && !hasOffset && !/\S[ \t]{2,}\S/.test(trimmed)) return [];
  return fits.filter((fit) => fit.count === most).map(({ kind, bytes }) => ({ kind, bytes }));
}
