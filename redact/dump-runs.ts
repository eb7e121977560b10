// Byte dumps a reader decodes at a glance: the column dumps of od, hexdump and xxd
// (`column-dumps.ts`), decimal and `0x` byte lists, also over lines (`JSON.stringify(buffer)`,
// `Uint8Array(40) [103, 104, …]`, `xxd -i`), git's binary patches (base85 of zlib) and uuencoded files
// (`begin 644 name` … `end`, also xxencode and `begin-base64`). Each is one run whose bytes decode
// as a whole; the detector searches what they say.
import { inflateSync } from 'node:zlib';
import { findColumnDumps } from './column-dumps.ts';

export interface DumpRun {
  start: number;
  end: number;
  kind: 'hexdump' | 'byte-list' | 'git-binary-patch' | 'uuencode';
  bytes: Buffer;
}

/**
 * Eight or more decimal numbers of one byte each, separated by commas: a byte list, also one that
 * spans lines (`JSON.stringify(buffer, null, 2)`, Node's `Uint8Array(53) [` over rows). Blanks are
 * bounded, so a failed match costs at most its eight numbers.
 */
const BYTE_LIST = /(?<![\d.])(?:\d{1,3}[ \t]{0,8},\s{0,64}){7,}\d{1,3}(?![\d.])/g;

/** Eight or more `0x` bytes separated by commas, over lines too: `xxd -i`'s C array, a Rust or Go byte slice. */
const HEX_BYTE_LIST = /(?<![0-9A-Za-z])(?:0[xX][0-9a-fA-F]{2}[ \t]{0,8},\s{0,64}){7,}0[xX][0-9a-fA-F]{2}(?![0-9A-Za-z])/g;

function byteLists(text: string): DumpRun[] {
  const runs: DumpRun[] = [];
  BYTE_LIST.lastIndex = 0;
  for (let match = BYTE_LIST.exec(text); match; match = BYTE_LIST.exec(text)) {
    const numbers = match[0].split(',').map((n) => Number(n.trim()));
    if (numbers.some((n) => n > 255)) continue;
    runs.push({ start: match.index, end: match.index + match[0].length, kind: 'byte-list', bytes: Buffer.from(numbers) });
  }
  return runs;
}

/**
 * Each `0x` byte list of `text`. One on a single line is read by encoded-runs.ts's separated hex
 * too; this reads it across the line breaks a C array has every twelve bytes.
 */
function hexByteLists(text: string): DumpRun[] {
  const runs: DumpRun[] = [];
  HEX_BYTE_LIST.lastIndex = 0;
  for (let match = HEX_BYTE_LIST.exec(text); match; match = HEX_BYTE_LIST.exec(text)) {
    if (!match[0].includes('\n')) continue;
    const bytes = match[0].split(',').map((n) => Number.parseInt(n.trim().slice(2), 16));
    runs.push({ start: match.index, end: match.index + match[0].length, kind: 'byte-list', bytes: Buffer.from(bytes) });
  }
  return runs;
}

/** git's base85 alphabet (not Ascii85's). */
const GIT_BASE85 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~';
const BASE85_VALUE = new Map([...GIT_BASE85].map((char, index) => [char, index]));

/** Decodes the lines of a git binary patch's hunk: a length letter, then base85 in groups of five. */
function gitBase85(lines: readonly string[]): Buffer | undefined {
  const out: number[] = [];
  for (const line of lines) {
    const lead = line.charCodeAt(0);
    const length = lead >= 65 && lead <= 90 ? lead - 64 : lead >= 97 && lead <= 122 ? lead - 70 : -1;
    if (length < 0 || (line.length - 1) % 5 !== 0) return undefined;
    const decoded: number[] = [];
    for (let at = 1; at < line.length; at += 5) {
      let value = 0;
      for (let k = 0; k < 5; k++) {
        const digit = BASE85_VALUE.get(line[at + k]!);
        if (digit === undefined) return undefined;
        value = value * 85 + digit;
      }
      decoded.push((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
    }
    out.push(...decoded.slice(0, length));
  }
  return Buffer.from(out);
}

/** Each `GIT binary patch` hunk (`literal N` or `delta N` and its base85 lines), inflated. */
function gitBinaryPatches(text: string): DumpRun[] {
  const runs: DumpRun[] = [];
  for (let at = text.indexOf('GIT binary patch'); at >= 0; at = text.indexOf('GIT binary patch', at + 1)) {
    const header = /\n(?:literal|delta) \d+\r?\n/y;
    header.lastIndex = at + 'GIT binary patch'.length;
    const found = header.exec(text);
    if (!found) continue;
    const start = header.lastIndex;
    const lines: string[] = [];
    let end = start;
    for (let line = /^[A-Za-z][0-9A-Za-z!#$%&()*+\-;<=>?@^_`{|}~]+$/m; ;) {
      const newline = text.indexOf('\n', end);
      const candidate = text.slice(end, newline < 0 ? text.length : newline).replace(/\r$/, '');
      if (!line.test(candidate)) break;
      lines.push(candidate);
      end = newline < 0 ? text.length : newline + 1;
      if (newline < 0) break;
    }
    const packed = lines.length > 0 ? gitBase85(lines) : undefined;
    if (!packed) continue;
    try {
      runs.push({ start, end, kind: 'git-binary-patch', bytes: inflateSync(packed, { maxOutputLength: 1 << 20 }) });
    } catch {
      runs.push({ start, end, kind: 'git-binary-patch', bytes: packed }); // a delta, or not deflated: read as it is
    }
  }
  return runs;
}

/** xxencode's alphabet; uuencode's is the characters from space to backtick, each its code minus 32. */
const XX_DIGITS = '+-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const XX_VALUE = new Map([...XX_DIGITS].map((char, index) => [char, index]));

/**
 * The bytes of uuencoded (or, with `xx`, xxencoded) lines: each opens with its byte count, then four
 * characters per three bytes. Trailing blanks an editor trimmed count as zeros.
 */
function uudecode(lines: readonly string[], xx: boolean): Buffer {
  const out: number[] = [];
  const valueOf = (char: string | undefined) => (char === undefined ? 0 : xx ? XX_VALUE.get(char) ?? 0 : (char.charCodeAt(0) - 32) & 63);
  for (const line of lines) {
    const count = valueOf(line[0]);
    const bytes: number[] = [];
    for (let at = 1; bytes.length < count; at += 4) {
      const [a, b, c, d] = [valueOf(line[at]), valueOf(line[at + 1]), valueOf(line[at + 2]), valueOf(line[at + 3])];
      bytes.push(((a << 2) | (b >> 4)) & 0xff, ((b << 4) | (c >> 2)) & 0xff, ((c << 6) | d) & 0xff);
    }
    out.push(...bytes.slice(0, count));
  }
  return Buffer.from(out);
}

/** `begin 644 name` or `begin-base64 644 name` at a line start. */
const UU_HEADER = /begin(-base64)? [0-7]{3,4} [^\n]{0,255}\n/y;

/**
 * Each uuencoded, xxencoded or `begin-base64` block: its lines from the header to `end` (or
 * `====`), decoded whole, so a value cut at a line's end is read across it.
 */
function uuencodedBlocks(text: string): DumpRun[] {
  const runs: DumpRun[] = [];
  for (let at = text.indexOf('begin'); at >= 0; at = text.indexOf('begin', at + 1)) {
    if (at > 0 && text[at - 1] !== '\n') continue;
    UU_HEADER.lastIndex = at;
    const header = UU_HEADER.exec(text);
    if (!header) continue;
    const start = UU_HEADER.lastIndex;
    const lines: string[] = [];
    let end = start;
    for (let from = start; from < text.length && from - start < 1 << 16;) {
      const newline = text.indexOf('\n', from);
      const lineEnd = newline < 0 ? text.length : newline;
      const line = text.slice(from, lineEnd).replace(/\r$/, '');
      if (line === 'end' || line === '====' || line.length > 100) break;
      lines.push(line);
      end = lineEnd;
      from = lineEnd + 1;
    }
    const base64 = header[1] !== undefined;
    const bytes = base64 ? Buffer.from(lines.join(''), 'base64') : uudecode(lines, lines.some((line) => /[a-z]/.test(line)));
    if (bytes.length > 0) runs.push({ start, end, kind: 'uuencode', bytes });
  }
  return runs;
}

/**
 * Three commas with a number between each two, which every byte list holds: found from the commas,
 * twice as fast as BYTE_LIST's scan of every digit, which then runs only when there is one.
 */
const BYTE_LIST_MARK = /,\s{0,64}\d{1,3}[ \t]{0,8},\s{0,64}\d{1,3}[ \t]{0,8},/;

/**
 * The dumps in `text`, each with the bytes it holds. Cheap when there are none: column dumps are
 * read line by line, each line given up at its first token no dump has; the other kinds are looked
 * for by their own mark first (a comma, `0x`, the patch header, `begin`).
 *
 * @example
 * findDumps('[103, 104, 112, 95, 65, 66, 67, 68]')[0]?.bytes.toString() // 'ghp_ABCD'
 */
export function findDumps(text: string, bytes?: Uint8Array): DumpRun[] {
  const runs: DumpRun[] = [];
  runs.push(...findColumnDumps(text, bytes).map((dump) => ({ ...dump, kind: 'hexdump' as const })));
  if (BYTE_LIST_MARK.test(text)) runs.push(...byteLists(text));
  if (text.includes('0x') || text.includes('0X')) runs.push(...hexByteLists(text));
  if (text.includes('GIT binary patch')) runs.push(...gitBinaryPatches(text));
  if (text.includes('begin')) runs.push(...uuencodedBlocks(text));
  return runs;
}
