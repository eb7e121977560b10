// A value spelled out a character at a time, the same mark between every two: `A K I A …`,
// `F|o|5|…`, `H • a • 7`, `['g', 'h', 'p', …]`, `[P][e][5]…`, one character a line behind `> `,
// `A ----- K`; or one mark character of any kind between every two letters (`A-K.I_A Q/X`).
// A reader reads the characters as one word; this reading joins them, so every rule sees that word.
import { bufferOf } from './text-bytes.ts';
import { groupedEdits } from './grouped-out.ts';
import type { Edit, View } from './view.ts';

/** Fewest letters and digits a spelled run holds: a short password's. */
const MIN_LETTERS = 8;
/** Fewest letters (not digits) in it: digits apart by blanks or commas are a list of numbers (`[4, 5, 3, 2, …]`), which joined would read as a card's. */
const MIN_ALPHA = 3;
/** Longest mark between two characters (`', '` of a list, blanks to align columns, ` ----- `). */
const MAX_MARK = 12;
/** Fewest letters a run with marks of any kind holds: single letters apart by varying signs are rarer in text than a short password. */
const MIN_VARIED_LETTERS = 12;
/** Most characters one run joins: a long key spelled out, not a page of ASCII art. */
const MAX_RUN = 512;

const BLANK = new Uint8Array(256);
for (const code of [9, 10, 13, 32]) BLANK[code] = 1;
/** Letters and digits, Latin-1's letters, and the byte a character beyond Latin-1 folds to. */
const LETTER = new Uint8Array(256);
for (let code = 0; code < 256; code++) {
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 0x80 || (code >= 0xc0 && code !== 0xd7 && code !== 0xf7)) LETTER[code] = 1;
}

/** Letters and digits the byte itself says are ones: not the byte every character beyond Latin-1 folds to (`•` as well as `ж`). */
const LATIN = LETTER.map((letter, code) => (code === 0x80 ? 0 : letter));
/** Latin letters that are no digits. */
const ALPHA = LATIN.map((letter, code) => (code >= 48 && code <= 57 ? 0 : letter));

/** A spelled run: its last character's offset, its Latin letters and digits, its characters. */
interface Run {
  last: number;
  latin: number;
  count: number;
}

/** Whether the `length` bytes at `at` of `bytes` are the mark at `mark`. */
function sameMark(bytes: Uint8Array, at: number, mark: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[at + k] !== bytes[mark + k]) return false;
  return true;
}

/**
 * Whether a mark of `length` bytes at `at` holds no Latin letter or digit (a mark, not a word). A
 * character beyond Latin-1 may be one (`•`, `·`, `│` fold to the byte letters beyond it fold to),
 * beside a blank or a sign: a mark of such characters alone is a word of their script.
 */
function isMark(bytes: Uint8Array, at: number, length: number): boolean {
  let other = false;
  for (let k = 0; k < length; k++) {
    const code = bytes[at + k]!;
    if (code !== 0x80 && LETTER[code] === 1) return false;
    if (code !== 0x80) other = true;
  }
  return other;
}

/** Whether `code` is one of the mark's bytes: a character of a run is never one. */
function inMark(bytes: Uint8Array, mark: number, length: number, code: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[mark + k] === code) return true;
  return false;
}

/**
 * The run spelled from the character at `at` with a mark of `length` bytes after each character:
 * its last character's offset and its letters, or undefined when it is no run. Each character
 * stands alone (no letter touches it), the marks are all the same.
 */
function runFrom(bytes: Uint8Array, at: number, length: number): Run | undefined {
  const mark = at + 1;
  if (mark + length >= bytes.length || !isMark(bytes, mark, length)) return undefined;
  let last = at;
  let letters = LETTER[bytes[at]!]!;
  let latin = LATIN[bytes[at]!]!;
  let alpha = ALPHA[bytes[at]!]!;
  let count = 1;
  for (; count < MAX_RUN; count++) {
    const next = last + 1 + length;
    const code = bytes[next];
    if (code === undefined || BLANK[code] === 1 || inMark(bytes, mark, length, code) || !sameMark(bytes, last + 1, mark, length)) break;
    // The next character stands alone: a letter after it starts a word (`A K I A Quick`).
    if (LETTER[code] === 1 && LETTER[bytes[next + 1] ?? 0] === 1) break;
    last = next;
    letters += LETTER[code]!;
    latin += LATIN[code]!;
    alpha += ALPHA[code]!;
  }
  return letters >= MIN_LETTERS && alpha >= MIN_ALPHA ? { last, latin, count } : undefined;
}

/**
 * The run spelled from the letter at `at` with one character of any kind but a line break between every
 * two letters (`A-K.I_A Q/X-7`), or undefined when it holds fewer than MIN_VARIED_LETTERS letters.
 */
function variedRunFrom(bytes: Uint8Array, at: number): Run | undefined {
  if (LATIN[bytes[at]!] !== 1) return undefined;
  let last = at;
  let count = 1;
  let alpha = ALPHA[bytes[at]!]!;
  for (; count < MAX_RUN; count++) {
    const mark = bytes[last + 1];
    const next = last + 2;
    // Its letters are Latin ones: a character beyond Latin-1 (a `•` as much as a `ж`) is one folded byte, a mark or a letter.
    if (mark === undefined || mark === 10 || mark === 13 || LETTER[mark] === 1 || LATIN[bytes[next] ?? 0] !== 1 || LETTER[bytes[next + 1] ?? 0] === 1) break;
    last = next;
    alpha += ALPHA[bytes[next]!]!;
  }
  return count >= MIN_VARIED_LETTERS && alpha >= MIN_ALPHA ? { last, latin: count, count } : undefined;
}

/** A letter or digit of LETTER, as a class of the folded text. */
const LETTER_CLASS = String.raw`[A-Za-z0-9\x80\xc0-\xd6\xd8-\xf6\xf8-\xff]`;
const OTHER_CLASS = String.raw`[^A-Za-z0-9\x80\xc0-\xd6\xd8-\xf6\xf8-\xff]`;
/**
 * Where a run may start: a letter standing alone, another standing alone a mark's length after it.
 * The regex finds them in native code (the character before consumed, not looked behind for: half
 * the time); the loop of runFrom then reads only there.
 */
const RUN_START = new RegExp(`(?:^|${OTHER_CLASS})${LETTER_CLASS}(?=${OTHER_CLASS}{1,${MAX_MARK}}${LETTER_CLASS}(?!${LETTER_CLASS}))`, 'g');

/**
 * The edits that join each spelled-out run of `view`: every mark between its characters deleted.
 * Linear: a run is looked for only where two lone letters stand a mark apart, each such place tried
 * once per mark length, and a run found is stepped over whole.
 *
 * @example
 * spelledEdits(rawView('key: g h p _ R k 4 T n 8 W q')) // [{ at: 6, end: 7, text: '' }, …]
 */
export function spelledEdits(view: View): Edit[] {
  const { bytes } = view;
  // The runs are read in the folded bytes; a derived view's text holds its real characters (`Ё`, not the byte
  // 0x80 the classes name), so the search reads its bytes as text: both must agree on every character.
  const text = view.name === 'raw' || view.name === 'ansi' ? view.text : bufferOf(bytes).toString('latin1', 0, bytes.length);
  const edits: Edit[] = [];
  RUN_START.lastIndex = 0;
  for (let found = RUN_START.exec(text); found; found = RUN_START.exec(text)) {
    const at = found.index + found[0].length - 1; // the letter, the match's last character
    // Of the marks that spell a run here, the one joining the most Latin letters and digits, then
    // leaving the fewest other characters in it: `A | K | I` is spelled with ` | `, not with ` `
    // between `A`, `|`, `K`; `H • a • 7` with ` • `, whose `•` folds to the byte letters beyond Latin-1 do.
    let best: (Run & { length: number }) | undefined;
    for (let length = 1; length <= MAX_MARK; length++) {
      const run = runFrom(bytes, at, length);
      if (run && (!best || run.latin > best.latin || (run.latin === best.latin && run.count < best.count))) best = { ...run, length };
    }
    // Marks of any kind, one character each, where they join more letters than one mark did.
    const varied = variedRunFrom(bytes, at);
    if (varied && (!best || varied.count > best.latin)) best = { ...varied, length: 1 };
    if (!best) continue;
    for (let mark = at + 1; mark < best.last; mark += 1 + best.length) edits.push({ at: mark, end: mark + best.length, text: '' });
    RUN_START.lastIndex = best.last;
  }
  const spelledCount = edits.length;
  groupedEdits(text, edits);
  if (spelledCount === 0 || spelledCount === edits.length) return edits;
  // Both kinds in one text: in order, and a grouped run's blank only where no lone characters' mark stands.
  edits.sort((a, b) => a.at - b.at || b.end - a.end);
  const kept: Edit[] = [];
  for (const edit of edits) if (kept.length === 0 || edit.at >= kept.at(-1)!.end) kept.push(edit);
  return kept;
}
