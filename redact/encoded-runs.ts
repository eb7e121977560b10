// Finds base64 and hex runs (also base64 wrapped at 64 or 76 columns) and decodes those that hold text.

export interface EncodedRun {
  start: number;
  end: number;
  kind: 'base64' | 'hex';
  /** The decoded bytes as text; only runs that decode to mostly printable text are returned. */
  decoded: string;
}

/** Shortest run worth decoding: 20 base64 characters carry 15 bytes, enough for a short password. */
const MIN_RUN = 20;
const WRAP_WIDTHS = new Set([64, 76]);

/** One entry per byte: 1 for the characters of base64 and base64url. */
const BASE64 = new Uint8Array(256);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') BASE64[char.charCodeAt(0)] = 1;

/** Text of at least 6 characters, nearly all printable (tabs and newlines allowed). */
function printable(text: string): boolean {
  if (text.length < 6) return false;
  let good = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code >= 0x20 && code < 0x7f) || code === 9 || code === 10 || code === 13 || (code >= 0xa0 && code !== 0xfffd)) good += 1;
  }
  return good / text.length >= 0.9;
}

function decodeRun(run: string): { kind: 'base64' | 'hex'; decoded: string } | undefined {
  if (/^[0-9a-fA-F]+$/.test(run) && run.length % 2 === 0 && run.length >= 32) {
    const decoded = Buffer.from(run, 'hex').toString('utf8');
    if (printable(decoded)) return { kind: 'hex', decoded };
  }
  const body = run.replace(/\s+/g, '');
  if (!/[A-Z]/.test(body) || !/[a-z]/.test(body)) return undefined; // base64 of text mixes cases
  const decoded = Buffer.from(body, 'base64').toString('utf8');
  return printable(decoded) ? { kind: 'base64', decoded } : undefined;
}

/**
 * Every base64 or hex run of `text` that decodes to printable text. A run continues over a line break
 * when its line is exactly 64 or 76 characters wide (PEM and MIME wrapping). `bytes` is
 * `textBytes(text)`, which the search reads.
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
    const decoded = decodeRun(text.slice(start, end));
    if (decoded) runs.push({ start, end, ...decoded });
    // A 64- or 76-wide run that only looked wrapped (a hex value of 32 bytes, then a word on the next
    // line): each line on its own.
    else if (lineEnds.length > 0) runs.push(...decodeLines(text, start, [...lineEnds, end]));
    start = end;
  }
  return runs;
}

/** The lines of a run that did not decode as a whole, each decoded alone. */
function decodeLines(text: string, start: number, lineEnds: readonly number[]): EncodedRun[] {
  const runs: EncodedRun[] = [];
  let from = start;
  for (const to of lineEnds) {
    const decoded = to - from >= MIN_RUN ? decodeRun(text.slice(from, to)) : undefined;
    if (decoded) runs.push({ start: from, end: to, ...decoded });
    from = to + (text.charCodeAt(to) === 13 ? 2 : 1);
  }
  return runs;
}
