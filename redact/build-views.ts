// Every reading of a text the rules run on: the base (ANSI stripped when there is any), then each
// reading of it, and each reading of those, to a fixed depth. A reading holds only the lines it
// changes, so there is no cap on their number that a decoy could use up: a line full of decoy
// escapes costs its own readings, never another line's.
import { DECODERS, escapeEdits } from './escape-decoders.ts';
import { readerEdits, wordDiffEdits } from './reader-view.ts';
import { gutterEdits } from './gutter-reading.ts';
import { layoutEdits } from './layout-reading.ts';
import { spelledEdits } from './spelled-out.ts';
import { ANSI_ESCAPE, ansiLength, baseView, unitsOf } from './base-view.ts';
import type { ScratchBytes } from './text-bytes.ts';
import { childView, EditMap, rawView, viewFromEdits, WHOLE_VIEW_MAX, type View } from './view.ts';

export { rawView, type View } from './view.ts';
export { ANSI_ESCAPE } from './base-view.ts';

/** An ESC that opens no CSI: what follows it, which a terminal takes into the escape, is on a page. */
const ESCAPE_LETTER = /\x1b(?=[ -Z\\-~])/g;

/**
 * The text as a page shows it: each ESC that opens no CSI is nothing there and the characters after
 * it stay, where a terminal (the base view, the `ansi` reading) takes one or more of them into the
 * escape: `AKIA…\x1bM3XP…` is the key on a page, and so is `DB_PASSWORD\x1b=v` an assignment. (After
 * `ESC [` a page shows the parameters, which break a token: no reading is needed.) Of the raw text,
 * and of each decoded reading (an ESC written `\u001b` in JSON). Undefined when there is no such ESC.
 */
function escapeLetterView(parent: View): View | undefined {
  if (!parent.text.includes('\u001b')) return undefined;
  ESCAPE_LETTER.lastIndex = 0; // matchAll starts where the last test left off
  const edits = [...parent.text.matchAll(ESCAPE_LETTER)].map((match) => ({ at: match.index, end: match.index + 1, text: '' }));
  return edits.length === 0 ? undefined : viewFromEdits(parent, 'escape-letters', edits);
}

/** An escape string (OSC `ESC ]`, DCS `ESC P`, SOS `ESC X`, PM `ESC ^`, APC `ESC _`) up to its terminator (BEL or `ESC \`). */
const ESCAPE_STRING = /\x1b[\]PX^_][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)/g;
/** The same, matched only where it is tried (sticky): a search from each ESC to the text's end would make a long log quadratic. */
const ESCAPE_STRING_AT = new RegExp(ESCAPE_STRING.source, 'y');

/**
 * The text as a terminal shows it: each escape string deleted whole, its text and all. An OSC 8
 * hyperlink's target between a label and its value (`ESC]8;;url ESC\ password ESC]8;; ESC\: v`) is
 * not on the screen; the base view keeps a string's text (deleting an unterminated one would hide what
 * follows it), so this reading is made beside it, of the raw text and of each decoded reading. The
 * other escapes are left to its own `ansi` reading, so it copies only the lines an escape string is on.
 * Undefined when there is no terminated escape string.
 */
function terminalView(parent: View): View | undefined {
  const { text } = parent;
  ESCAPE_STRING.lastIndex = 0;
  if (!text.includes('\u001b') || !ESCAPE_STRING.test(text)) return undefined;
  const edits: { at: number; end: number; text: string }[] = [];
  for (let at = text.indexOf('\u001b'); at >= 0; at = text.indexOf('\u001b', at)) {
    ESCAPE_STRING_AT.lastIndex = at;
    const escapeString = ESCAPE_STRING_AT.exec(text);
    if (escapeString) edits.push({ at, end: at + escapeString[0].length, text: '' });
    at += escapeString ? escapeString[0].length : 1;
  }
  return viewFromEdits(parent, 'terminal', edits);
}

/**
 * `parent` with its ANSI escape sequences deleted (the whole text: in a coloured log nearly every
 * line has some), or undefined when it has none.
 *
 * @example
 * ansiView(rawView('gh\u001b[1mp_x'))?.text // 'ghp_x'
 */
export function ansiView(parent: View): View | undefined {
  const text = parent.text;
  if (!text.includes('\u001b')) return undefined;
  const edits = new EditMap();
  // The escapes are parsed in the real characters: a folded one (an ideographic space is a space in
  // the view's text) would read as an escape's intermediate where the regex below sees none.
  // A base or raw view's real characters line up with its text one for one; should a reading's not, its own text is parsed.
  const sliced = parent.slice(0, text.length);
  const real = sliced.length === text.length ? sliced : text;
  const units = unitsOf(real);
  const kept: string[] = [];
  let removed = 0;
  let from = 0;
  for (let at = text.indexOf('\u001b'); at >= 0; at = text.indexOf('\u001b', at + 1)) {
    const length = ansiLength(units, at);
    if (length === 0) continue;
    edits.add(at - removed, at, 0, length);
    kept.push(text.slice(from, at));
    removed += length;
    from = at + length;
    at += length - 1;
  }
  if (removed === 0) return undefined;
  kept.push(text.slice(from));
  const stripped = kept.join('');
  ANSI_ESCAPE.lastIndex = 0;
  // Two parsers of one grammar: should they ever disagree, every offset after would be wrong.
  if (real.replace(ANSI_ESCAPE, '').length !== stripped.length) throw new Error('ansiView: the escape regex and the escape parser disagree');
  // The real characters of a range: the parent's, escapes deleted (toParentEnd stops before a trailing one).
  const slice = (start: number, end: number) => {
    ANSI_ESCAPE.lastIndex = 0;
    return parent.slice(edits.toParentStart(start), edits.toParentEnd(end)).replace(ANSI_ESCAPE, '');
  };
  return childView(parent, 'ansi', stripped, edits, slice);
}

interface Reading {
  name: string;
  make(view: View): View | undefined;
}

/** The readings applied to every view, in this order. */
const READINGS: readonly Reading[] = [
  ...Object.values(DECODERS).map((decoder) => ({ name: decoder.name, make: (view: View) => viewFromEdits(view, decoder.name, escapeEdits(view, decoder)) })),
  { name: 'reader', make: (view) => viewFromEdits(view, 'reader', readerEdits(view)) },
  { name: 'layout', make: (view) => viewFromEdits(view, 'layout', layoutEdits(view)) },
  { name: 'gutter', make: (view) => viewFromEdits(view, 'gutter', gutterEdits(view)) },
  { name: 'word-diff-new', make: (view) => viewFromEdits(view, 'word-diff-new', wordDiffEdits(view, 'new')) },
  { name: 'word-diff-old', make: (view) => viewFromEdits(view, 'word-diff-old', wordDiffEdits(view, 'old')) },
  // A value spelled a character at a time (`A K I A …`, `F|o|5|…`, `['g', 'h', …]`) read as the word it spells.
  { name: 'spelled', make: (view) => viewFromEdits(view, 'spelled', spelledEdits(view)) },
  // ANSI again: an escape written as \u001b in JSON only becomes one after decoding.
  { name: 'ansi', make: (view) => ansiView(view) },
  { name: 'escape-letters', make: (view) => escapeLetterView(view) },
  { name: 'terminal', make: (view) => terminalView(view) },
];

/** Readings that read a text's lines as they stand: never of a reader's view, which joins some. */
const LINE_READINGS = new Set(['layout', 'gutter']);

/** Readings of readings, this deep: `&amp;#92;u0067` (an entity of an entity of a JSON escape) is three. */
const MAX_DEPTH = 3;

/** A reading that changes nothing more when applied to its own result. */
const IDEMPOTENT = new Set(['reader', 'layout', 'gutter', 'word-diff-new', 'word-diff-old', 'spelled', 'ansi', 'escape-letters', 'terminal']);

/**
 * The views every rule runs on: the base (ANSI stripped when there is any) and its readings.
 *
 * @example
 * buildViews('a\\\\u0041').map((v) => v.name) // ['raw', 'backslash', 'backslash+backslash']
 */
export function buildViews(text: string, scratch?: ScratchBytes): View[] {
  // The base view is the big one: its bytes may go to the scratch buffer, the small derived views' may not.
  const base = baseView(text, scratch);
  const views: View[] = [base];
  const depthOf = new Map<View, number>([[base, 0]]);
  // Readings of the raw text beside the base, where a page or a terminal shows its escapes otherwise
  // (rare: a coloured log's escapes are CSIs, which need neither).
  ESCAPE_LETTER.lastIndex = 0;
  ESCAPE_STRING.lastIndex = 0;
  if (text.includes('\u001b') && (ESCAPE_LETTER.test(text) || ESCAPE_STRING.test(text))) {
    const raw = rawView(text);
    for (const view of [escapeLetterView(raw), terminalView(raw)]) {
      if (!view) continue;
      views.push(view);
      depthOf.set(view, 1);
    }
  }
  /**
   * Texts of the views so far, by length: two readings in either order (`entity+reader`,
   * `reader+entity`) often agree. Only while every view is whole (a text up to WHOLE_VIEW_MAX):
   * a longer text's views hold only the lines they change, and two of them with equal text may be
   * different lines of the raw text, each to be searched.
   */
  const texts = text.length <= WHOLE_VIEW_MAX ? new Map<number, string[]>([[base.text.length, [base.text]]]) : undefined;
  for (let index = 0; index < views.length; index++) {
    const view = views[index]!;
    const depth = depthOf.get(view)!;
    if (depth >= MAX_DEPTH) continue;
    const last = view.name.slice(view.name.lastIndexOf('+') + 1);
    // A reader's view and a spelled-out one join lines: the line readings read the lines as they stand.
    const read = view.name.split('+').some((name) => name === 'reader' || name === 'spelled');
    for (const reading of READINGS) {
      if (reading.name === last && IDEMPOTENT.has(last)) continue;
      // A reader's view joins lines (a label and the value below it, a gutter and the next line's text):
      // the layout and the gutter read the lines as they stand, and map back to them alone.
      if (read && LINE_READINGS.has(reading.name)) continue;
      const derived = reading.make(view);
      if (!derived) continue;
      // A reading whose text another view already has finds nothing that view does not, nor do its own readings.
      const same = texts?.get(derived.text.length);
      if (same?.includes(derived.text)) continue;
      texts?.set(derived.text.length, [...(same ?? []), derived.text]);
      views.push(derived);
      depthOf.set(derived, depth + 1);
    }
  }
  return views;
}
