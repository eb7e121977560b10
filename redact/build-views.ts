// Every reading of a text the rules run on: the base (ANSI stripped when there is any), then each
// reading of it, and each reading of those, to a fixed depth. A reading holds only the lines it
// changes, so there is no cap on their number that a decoy could use up: a line full of decoy
// escapes costs its own readings, never another line's.
import { DECODERS, escapeEdits } from './escape-decoders.ts';
import { readerEdits, wordDiffEdits } from './reader-view.ts';
import type { ScratchBytes } from './text-bytes.ts';
import { childView, EditMap, makeView, rawView, viewFromEdits, type View } from './view.ts';

export { rawView, type View } from './view.ts';

/**
 * Length of the ANSI escape sequence starting at `at` (0 when there is none): CSI `ESC [ params
 * intermediates final`, or a two-character escape. An OSC (`ESC ] text BEL`) loses only its framing
 * (`ESC ]` here, `ESC \\` as a two-character escape; BEL stays as a separator): its text is what a
 * tool printed, and deleting it, or everything after an unterminated one, would hide a secret from
 * every rule. ANSI_ESCAPE below is the same grammar as a regex.
 */
function ansiLength(text: string, at: number): number {
  const kind = text.charCodeAt(at + 1);
  if (kind === 0x5b) { // [
    let index = at + 2;
    for (let code = text.charCodeAt(index); (code >= 0x30 && code <= 0x3b) || code === 0x3f; code = text.charCodeAt(index)) index += 1;
    while (index < text.length && text.charCodeAt(index) >= 0x20 && text.charCodeAt(index) <= 0x2f) index += 1;
    const final = text.charCodeAt(index);
    return final >= 0x40 && final <= 0x7e ? index + 1 - at : 0;
  }
  return (kind >= 0x40 && kind <= 0x5a) || (kind >= 0x5c && kind <= 0x5f) ? 2 : 0;
}

/**
 * The escapes ansiLength() measures, for the native replace that builds the view's text (a coloured
 * log holds an escape every few dozen characters; joining slices in JS is three times slower).
 * The three character classes do not overlap, so backtracking cannot find a different match.
 */
export const ANSI_ESCAPE = /\x1b(?:\[[0-;?]*[ -\/]*[@-~]|[@-Z\\-_])/g;

/**
 * `parent` with its ANSI escape sequences deleted (the whole text: in a coloured log nearly every
 * line has some), or undefined when it has none.
 *
 * @example
 * ansiView(rawView('gh\u001b[1mp_x'))?.text // 'ghp_x'
 */
export function ansiView(parent: View, scratch?: ScratchBytes): View | undefined {
  const text = parent.text;
  if (!text.includes('\u001b')) return undefined;
  const edits = new EditMap();
  let removed = 0;
  for (let at = text.indexOf('\u001b'); at >= 0; at = text.indexOf('\u001b', at + 1)) {
    const length = ansiLength(text, at);
    if (length === 0) continue;
    edits.add(at - removed, at, 0, length);
    removed += length;
    at += length - 1;
  }
  if (removed === 0) return undefined;
  ANSI_ESCAPE.lastIndex = 0;
  const stripped = text.replace(ANSI_ESCAPE, '');
  // Two parsers of one grammar: should they ever disagree, every offset after would be wrong.
  if (stripped.length !== text.length - removed) throw new Error('ansiView: the escape regex and the escape parser disagree');
  // The real characters of a range: the parent's, escapes deleted (toParentEnd stops before a trailing one).
  const slice = (start: number, end: number) => {
    ANSI_ESCAPE.lastIndex = 0;
    return parent.slice(edits.toParentStart(start), edits.toParentEnd(end)).replace(ANSI_ESCAPE, '');
  };
  return childView(parent, 'ansi', stripped, edits, slice, scratch ? () => scratch.bytesOf(stripped) : undefined);
}

/**
 * The base view of a text with ANSI escapes: stripped from the real text first, then folded once
 * (building the raw view and stripping that would fold and copy a coloured log twice).
 */
function ansiBaseView(text: string, scratch?: ScratchBytes): View | undefined {
  const edits = new EditMap();
  let removed = 0;
  for (let at = text.indexOf('\u001b'); at >= 0; at = text.indexOf('\u001b', at + 1)) {
    const length = ansiLength(text, at);
    if (length === 0) continue;
    edits.add(at - removed, at, 0, length);
    removed += length;
    at += length - 1;
  }
  if (removed === 0) return undefined;
  ANSI_ESCAPE.lastIndex = 0;
  const stripped = text.replace(ANSI_ESCAPE, '');
  if (stripped.length !== text.length - removed) throw new Error('ansiBaseView: the escape regex and the escape parser disagree');
  const folded = rawView(stripped, scratch);
  return makeView({
    name: 'ansi', text: folded.text, slice: folded.slice,
    toRaw: (start, end) => [edits.toParentStart(start), edits.toParentEnd(end)],
    toBytes: () => folded.bytes,
  });
}

interface Reading {
  name: string;
  make(view: View): View | undefined;
}

/** The readings applied to every view, in this order. */
const READINGS: readonly Reading[] = [
  ...Object.values(DECODERS).map((decoder) => ({ name: decoder.name, make: (view: View) => viewFromEdits(view, decoder.name, escapeEdits(view, decoder)) })),
  { name: 'reader', make: (view) => viewFromEdits(view, 'reader', readerEdits(view)) },
  { name: 'word-diff-new', make: (view) => viewFromEdits(view, 'word-diff-new', wordDiffEdits(view, 'new')) },
  { name: 'word-diff-old', make: (view) => viewFromEdits(view, 'word-diff-old', wordDiffEdits(view, 'old')) },
  // ANSI again: an escape written as \u001b in JSON only becomes one after decoding.
  { name: 'ansi', make: (view) => ansiView(view) },
];

/** Readings of readings, this deep: `&amp;#92;u0067` (an entity of an entity of a JSON escape) is three. */
const MAX_DEPTH = 3;

/** A reading that changes nothing more when applied to its own result. */
const IDEMPOTENT = new Set(['reader', 'word-diff-new', 'word-diff-old', 'ansi']);

/**
 * The views every rule runs on: the base (ANSI stripped when there is any) and its readings.
 *
 * @example
 * buildViews('a\\\\u0041').map((v) => v.name) // ['raw', 'backslash', 'backslash+backslash']
 */
export function buildViews(text: string, scratch?: ScratchBytes): View[] {
  // The base view is the big one: its bytes may go to the scratch buffer, the small derived views' may not.
  // Both rawView and ansiView write to it, so the raw view's bytes are gone once an ANSI view is made:
  // the raw view is then dropped, and no view is built from its bytes.
  const base = (text.includes('\u001b') ? ansiBaseView(text, scratch) : undefined) ?? rawView(text, scratch);
  const views: View[] = [base];
  const depthOf = new Map<View, number>([[base, 0]]);
  for (let index = 0; index < views.length; index++) {
    const view = views[index]!;
    const depth = depthOf.get(view)!;
    if (depth >= MAX_DEPTH) continue;
    const last = view.name.slice(view.name.lastIndexOf('+') + 1);
    for (const reading of READINGS) {
      if (reading.name === last && IDEMPOTENT.has(last)) continue;
      const derived = reading.make(view);
      if (!derived) continue;
      views.push(derived);
      depthOf.set(derived, depth + 1);
    }
  }
  return views;
}
