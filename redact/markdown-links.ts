// What a markdown link or footnote hides from a reader's eye and a page still holds: a link's title
// (`[password](https://db "v")`, shown on hover, kept in the page's bytes), a target that is no address
// (`[password](#v)`), and a reference's or a footnote's definition far below (`[pw]: https://db "v"`,
// `password[^1]` … `[^1]: v`). The reader's view reads each as the label and its value side by side on a
// line, `password: v`, the value in its place so a finding maps back to it: the rules then judge the pair.
import { bufferOf } from './text-bytes.ts';
import type { Edit, View } from './view.ts';

/** An inline link from its `[`: its text, its target, perhaps a quoted title (a URL may hold one level of parentheses). */
const INLINE_LINK = /\[(?<text>[^[\]\n]{1,200})\]\((?<target>(?:[^()\s]|\([^()\s]{0,200}\)){0,4096})(?:[ \t]+(?<title>"[^"\n]{1,1000}"|'[^'\n]{1,1000}'|\([^()\n]{1,1000}\)))?[ \t]*\)/dy;
/** A reference's use: `[text][id]`, `[text][]`, or `[id]` alone (not followed by `(`, `[` or `:`). */
const REFERENCE_USE = /\[(?<text>[^[\]\n]{1,200})\](?:\[(?<id>[^[\]\n]{0,200})\]|(?![([:]))/y;
/** A reference's definition at a line's start: `[id]: target "title"`. */
const REFERENCE_DEFINITION = /^[ \t]{0,3}\[(?<id>[^[\]\n^]{1,200})\]:[ \t]*(?<target><[^<>\n]{0,4096}>|\S{1,4096})(?:[ \t]+(?<title>"[^"\n]{1,1000}"|'[^'\n]{1,1000}'|\([^()\n]{1,1000}\)))?[ \t]*$/dgm;
/** A footnote's use glued to the word it notes (`password[^1]`), and its definition at a line's start (`[^1]: v`). */
const FOOTNOTE_USE = /\[\^(?<id>[^\]\s]{1,60})\]/g;
const FOOTNOTE_DEFINITION = /^[ \t]{0,3}\[\^(?<id>[^\]\s]{1,60})\]:/gm;

/**
 * A target that is no address but may be a value: a fragment or a bare word (`#Qx3-harbor-Lemon61`,
 * `Qx3-harbor-Lemon61`); not a path, a URL, a mail address, nor a heading's slug (`#password-reset`,
 * lower-case words joined by dashes, no digit), which a table of contents links to.
 */
function valueOfTarget(target: string): { skip: number } | undefined {
  const bare = target.startsWith('#') ? target.slice(1) : target;
  if (bare.length < 4 || /[/:@?=<>]/.test(bare) || /^[\w-]+\.[a-z]{2,}/i.test(bare) || /^[a-z]+(?:-[a-z]+)*$/.test(bare)) return undefined;
  return { skip: target.length - bare.length };
}

/** Normalises a reference id as markdown matches them: case and inner blanks do not count. */
const idOf = (id: string) => id.trim().replace(/\s+/g, ' ').toLowerCase();

/** The last three words before `at` on its line (`with the password` of `1. Create the role with the password[^1]`). */
function wordsBefore(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const words = text.slice(Math.max(lineStart, at - 80), at).match(/[\p{L}\p{N}_'-]+(?:[ \t]+[\p{L}\p{N}_'-]+){0,2}$/u);
  return words?.[0] ?? '';
}

/** Reads `[text](target "title")`: the title, else a target that is no address, as the text's value. */
function inlineLinkEdits(text: string, at: number, out: Edit[]): number {
  INLINE_LINK.lastIndex = at;
  const link = INLINE_LINK.exec(text);
  if (!link) return at;
  const end = at + link[0].length;
  const [textStart, textEnd] = link.indices!.groups!['text']!;
  // An image's `!` goes with its brackets: `![login](shot.png "v")` reads `login: v`, on a line of its own as a
  // tooltip shows it apart from the sentence (a label rule reads a line's label).
  const from = text[at - 1] === '!' ? at - 1 : at;
  const title = link.indices!.groups!['title'];
  if (title) {
    // `[password](url "v")` reads `password: v`: the brackets, the target and the title's quotes go.
    out.push({ at: from, end: textStart, text: '\n' }, { at: textEnd, end: title[0] + 1, text: ': ' }, { at: title[1] - 1, end, text: '\n' });
    return end;
  }
  const [targetStart, targetEnd] = link.indices!.groups!['target']!;
  const value = valueOfTarget(link.groups!['target']!);
  if (value) out.push({ at: from, end: textStart, text: '\n' }, { at: textEnd, end: targetStart + value.skip, text: ': ' }, { at: targetEnd, end, text: '\n' });
  return end;
}

/**
 * The edits of the reader's view that set each link's and footnote's hidden value beside its label.
 *
 * @example
 * linkValueEdits(rawView('[password](#Qx3-harbor-Lemon61)'), []) // `password: Qx3-harbor-Lemon61`
 */
export function linkValueEdits(view: View, out: Edit[]): void {
  const { text, bytes } = view;
  const memory = bufferOf(bytes);
  if (memory.indexOf(91) < 0) return; // no [
  /** The text of each reference's first use, by id. */
  const uses = new Map<string, string>();
  const definitions = memory.indexOf(']:') >= 0;
  for (let at = memory.indexOf(91); at >= 0; at = memory.indexOf(91, at + 1)) {
    if (bytes[at + 1] === 94) continue; // [^: a footnote
    const end = inlineLinkEdits(text, at, out);
    if (end > at) {
      at = end - 1;
      continue;
    }
    if (!definitions) continue;
    REFERENCE_USE.lastIndex = at;
    const use = REFERENCE_USE.exec(text);
    if (!use) continue;
    const id = idOf(use.groups!['id'] || use.groups!['text']!);
    if (!uses.has(id)) uses.set(id, use.groups!['text']!);
  }
  if (!definitions) return;
  REFERENCE_DEFINITION.lastIndex = 0;
  for (const definition of text.matchAll(REFERENCE_DEFINITION)) {
    const label = uses.get(idOf(definition.groups!['id']!));
    if (label === undefined) continue;
    const start = definition.index + definition[0].search(/\S/);
    const title = definition.indices!.groups!['title'];
    const [targetStart] = definition.indices!.groups!['target']!;
    // `[pw]: url "v"` reads `pw-text: v`; `[pw]: #v` too when its target is no address.
    if (title) out.push({ at: start, end: title[0] + 1, text: `${label}: ` }, { at: title[1] - 1, end: title[1], text: '' });
    else {
      const value = valueOfTarget(definition.groups!['target']!);
      if (value) out.push({ at: start, end: targetStart + value.skip, text: `${label}: ` });
    }
  }
  /** The words each footnote notes, by id: `the password` of `with the password[^1]`. */
  const noted = new Map<string, string>();
  FOOTNOTE_USE.lastIndex = 0;
  for (const use of text.matchAll(FOOTNOTE_USE)) {
    if (text[use.index + use[0].length] === ':') continue; // the definition itself
    const words = wordsBefore(text, use.index);
    if (words && !noted.has(use.groups!['id']!)) noted.set(use.groups!['id']!, words);
  }
  FOOTNOTE_DEFINITION.lastIndex = 0;
  for (const definition of text.matchAll(FOOTNOTE_DEFINITION)) {
    const words = noted.get(definition.groups!['id']!);
    if (words === undefined) continue;
    const start = definition.index + definition[0].indexOf('[');
    out.push({ at: start, end: definition.index + definition[0].length, text: `${words}:` });
  }
}
