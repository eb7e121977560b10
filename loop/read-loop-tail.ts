// Reads a long file of the loop (a log over the size cap) from its end, in bounded memory: its last
// lines as text, and of everything before them only what the redactor needs to know, never published.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { findKeywords, indexKeywords } from '../redact/keyword-index.ts';
import { CREDENTIAL_GRAMMAR_RULES, TOOL_ARGUMENT_RULES } from '../redact/rules.ts';
import { decodeText, locateLoopFile, type Rejected } from './read-loop-file.ts';

/**
 * A file read from its end: its last lines as text; how many lines came before them; and `context`,
 * the lines before them that name a credential (each with the line after it), for the redactor to
 * learn from and never to publish: a password set at the top of a long log is still a secret where
 * the tail repeats it bare.
 */
export type TailRead = { kind: 'missing' } | { kind: 'tail'; text: string; linesBefore: number; context: string; size: number } | Rejected;

/** Bytes read at a time from the part of a long file before its tail. */
const HEAD_CHUNK_BYTES = 1 << 20;

/** Most bytes of context lines kept from before a tail; past this the head cannot be vouched for. */
const MAX_CONTEXT_BYTES = 8 << 20;

/** The grammar rules whose keywords name a credential. */
const NAMING_RULES = [...CREDENTIAL_GRAMMAR_RULES, ...TOOL_ARGUMENT_RULES];

/** Keywords of the label rules for codes (`exited with code: 0` stands on every fifth line of a CI log): no credential's name alone. */
const BROAD_KEYWORDS = new Set(['codes', 'codes:', 'code:', 'code =', 'code=']);

/**
 * Words that make a line one that may name a credential, as any grammar rule of the redactor could
 * learn a value from: every keyword of every rule that names one (so a rule added there is looked for
 * here: `mysql -pX`, `echo X | sudo -S`, `curl -u a:X`, `Kennwort: X` name no password), and a few
 * broad words besides. A line too many costs a little redaction, a line too few a leak. Found in
 * the bytes by the detector's own keyword index (no decoding).
 */
const CREDENTIAL_WORDS = indexKeywords(
  [...new Set([
    'pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred', 'bearer', 'session', 'cookie', 'identified', 'login', 'pin', 'otp',
    'mnemonic', 'seed', 'dsn', 'sas', '://',
    // The rules that name a credential, not those that find one by a command that printed it (`echo`, `cat `).
    ...NAMING_RULES.flatMap((rule) => rule.keywords ?? []).map((word) => word.toLowerCase()).filter((word) => !BROAD_KEYWORDS.has(word)),
  ])].map((text) => ({ text, ignoreCase: true, rules: [] })),
);
const URL_PASSWORD = /:\/\/[^\s/@:]*:[^\s/@]+@/;

/**
 * A label in letters beyond ASCII at the start of a line (`пароль: X`, `密码：X`, `contraseña = X`),
 * which the redactor's script-label rule reads without a keyword: its bytes as Latin-1, a byte over
 * 0x7f before the first `:` or `=` (or a fullwidth colon or equals sign).
 */
const SCRIPT_LABEL = /^[^\n:=\x80-\xff]{0,80}[\x80-\xff][^\n:=]{0,80}?(?::|=|\xef\xbc[\x9a\x9d])/gm;

/**
 * Lines after a credential line kept with it: a prompt's answer, an XML element's value, a
 * Terraform default some lines below its name; as far as any rule of the redactor reads.
 */
export const LINES_AFTER = Math.max(1, ...NAMING_RULES.map((rule) => rule.lines ?? 0));

/** What the head of a long file holds for the redactor: its line count, and its credential lines with the lines after each. */
interface HeadScan {
  lines: number;
  context: Buffer[];
  contextBytes: number;
}

/** Where the line holding `at` ends, past its newline, and `count` lines after it (or the chunk's end). */
function endAfterLines(bytes: Buffer, at: number, count: number): { end: number; missing: number } {
  let end = at;
  for (let left = count + 1; left > 0; left--) {
    const lineEnd = bytes.indexOf(10, end);
    if (lineEnd < 0) return { end: bytes.length, missing: left };
    end = lineEnd + 1;
  }
  return { end, missing: 0 };
}

/** Where each line of `bytes` that may name a credential starts, in order. */
function credentialLineStarts(bytes: Buffer): number[] {
  const starts = new Set<number>();
  for (const hit of findKeywords(bytes, CREDENTIAL_WORDS)) {
    const lineStart = bytes.lastIndexOf(10, hit.at) + 1;
    if (starts.has(lineStart)) continue;
    if (hit.keyword.text === '://') {
      const ownEnd = bytes.indexOf(10, hit.at);
      if (!URL_PASSWORD.test(bytes.subarray(lineStart, ownEnd < 0 ? bytes.length : ownEnd).toString('latin1'))) continue;
    }
    starts.add(lineStart);
  }
  // Only a chunk with a byte over 0x7f can hold a label in another script.
  if (bytes.some((byte) => byte > 0x7f)) {
    const latin1 = bytes.toString('latin1');
    SCRIPT_LABEL.lastIndex = 0;
    for (let match = SCRIPT_LABEL.exec(latin1); match; match = SCRIPT_LABEL.exec(latin1)) starts.add(match.index);
  }
  return [...starts].sort((a, b) => a - b);
}

/**
 * Reads [0, end) of an open file a chunk at a time (memory: one chunk plus the context kept),
 * counting its lines and keeping each line that may name a credential with the LINES_AFTER lines
 * after it. A line that straddles two chunks is carried into the next one; lines still owed when a
 * chunk ends (or the rest of a line longer than a chunk) are kept from the next.
 */
function scanHead(fd: number, end: number): HeadScan | 'too-much-context' {
  const chunk = Buffer.allocUnsafe(HEAD_CHUNK_BYTES);
  const scan: HeadScan = { lines: 0, context: [], contextBytes: 0 };
  let carried = 0;
  let position = 0;
  /** Lines still owed to the context from the previous chunk (the rest of a cut line counts as one). */
  let owed = 0;
  while (position < end) {
    const read = readSync(fd, chunk, carried, Math.min(chunk.length - carried, end - position), position);
    if (read === 0) break;
    position += read;
    const filled = carried + read;
    const last = position >= end ? filled : chunk.lastIndexOf(10, filled - 1) + 1;
    // A line longer than a chunk is looked at in pieces.
    const upTo = last === 0 ? filled : last;
    const bytes = chunk.subarray(0, upTo);
    for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) scan.lines++;
    let keptTo = 0;
    if (owed > 0) {
      const { end: stop, missing } = endAfterLines(bytes, 0, owed - 1);
      keep(scan, bytes.subarray(0, stop));
      keptTo = stop;
      owed = missing;
    }
    for (const lineStart of credentialLineStarts(bytes)) {
      const { end: stop, missing } = endAfterLines(bytes, lineStart, LINES_AFTER);
      if (stop <= keptTo && missing === 0) continue;
      keep(scan, bytes.subarray(Math.max(lineStart, keptTo), stop));
      keptTo = stop;
      owed = Math.max(owed, missing);
    }
    // What the last chunk owes is past the head: the tail itself.
    if (position >= end) owed = 0;
    if (scan.contextBytes > MAX_CONTEXT_BYTES) return 'too-much-context';
    carried = filled - upTo;
    chunk.copy(chunk, 0, upTo, filled);
  }
  return scan;
}

function keep(scan: HeadScan, bytes: Buffer): void {
  scan.context.push(Buffer.from(bytes));
  scan.contextBytes += bytes.length;
}

/** Where the last `lines` lines of `bytes` begin (a trailing newline ends the last line, it starts none); -1 when fewer are there. */
function startOfLastLines(bytes: Buffer, lines: number): number {
  let at = bytes.length - (bytes[bytes.length - 1] === 10 ? 2 : 1);
  for (let seen = 0; at >= 0; at--) {
    if (bytes[at] === 10 && ++seen === lines) return at + 1;
  }
  return -1;
}

/** A PEM end line (`-----END ... -----`) and a begin line: a tail that starts inside a block holds its body without the begin. */
const PEM_END = /^-----END [A-Z0-9 ]{1,60}-----\s*$/m;
const PEM_BEGIN = /^-----BEGIN [A-Z0-9 ]{1,60}-----/m;

/** Leaves out everything up to a PEM end line that comes before any begin line; returns the lines left out. */
function dropCutBlock(text: string): { text: string; dropped: number } {
  const end = PEM_END.exec(text);
  const begin = PEM_BEGIN.exec(text);
  if (!end || (begin && begin.index < end.index)) return { text, dropped: 0 };
  const cut = text.indexOf('\n', end.index);
  if (cut < 0) return { text: '', dropped: text.split('\n').length };
  return { text: text.slice(cut + 1), dropped: text.slice(0, cut + 1).split('\n').length - 1 };
}

/**
 * Reads the end of `relative`: the whole file when it is within `maxBytes`, else its last `lines`
 * lines, at most `maxBytes` of them, from a line start (never half a line or half a character).
 * The part before is only scanned a chunk at a time (its lines counted, its credential lines kept as
 * `context`), so memory is bounded by `maxBytes` whatever the file's size. When the tail starts
 * inside a PEM block (an end line before any begin line), everything up to that end line is left
 * out too: a key body cut from its begin line is still a key. A head with more credential lines
 * than MAX_CONTEXT_BYTES is rejected: the tail cannot be vouched for.
 *
 * @example
 * readLoopTail('/srv/loop', 'iterations/7/log.txt', 20 * 1024 * 1024, 2200)
 * // { kind: 'tail', text: '...', linesBefore: 8123456, context: 'export DB_PASSWORD=...\n', size: 1073741824 }
 */
export function readLoopTail(root: string, relative: string, maxBytes: number, lines: number): TailRead {
  const found = locateLoopFile(root, relative);
  if (found.kind !== 'file') return found;
  if (found.size <= maxBytes) {
    const whole = decodeText(readFileSync(found.real));
    return whole.kind === 'text' ? { kind: 'tail', text: whole.text, linesBefore: 0, context: '', size: found.size } : whole;
  }
  const fd = openSync(found.real, 'r');
  try {
    const window = Buffer.allocUnsafe(maxBytes);
    const from = found.size - maxBytes;
    const bytes = window.subarray(0, readSync(fd, window, 0, maxBytes, from));
    const lastLines = startOfLastLines(bytes, lines);
    const firstBreak = bytes.indexOf(10);
    // Fewer lines than asked fit the window: start after its first (partial) line; none fits: nothing.
    const start = lastLines >= 0 ? lastLines : firstBreak >= 0 ? firstBreak + 1 : bytes.length;
    const decoded = decodeText(bytes.subarray(start));
    if (decoded.kind === 'rejected') return decoded;
    const head = scanHead(fd, from + start);
    if (head === 'too-much-context') {
      return {
        kind: 'rejected',
        reason: `holds more than ${MAX_CONTEXT_BYTES} bytes of lines naming credentials before its last lines, too many to check them against`,
        fix: 'Have the loop rotate or shorten its log, or keep credentials out of it.',
      };
    }
    const { text, dropped } = dropCutBlock(decoded.text);
    // The context is never published: bytes that are not UTF-8 are read as the replacement character.
    const context = Buffer.concat(head.context).toString('utf8');
    return { kind: 'tail', text, linesBefore: head.lines + dropped, context, size: found.size };
  } finally {
    closeSync(fd);
  }
}
