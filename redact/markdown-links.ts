// What a markdown link or footnote, or an HTML element's attribute, hides from a reader's eye and a page
// still holds: a link's title (`[password](https://db "v")`, shown on hover, kept in the page's bytes), a
// target that is no address (`[password](#v)`), a reference's or a footnote's definition far below
// (`[pw]: https://db "v"`, `password[^1]` … `[^1]: v`), and an attribute beside what labels it
// (`<abbr title="v">password</abbr>`, `<meta name="password" content="v">`). The reader's view reads each as the label and its value side by side on a
// line, `password: v`, the value in its place so a finding maps back to it: the rules then judge the pair.
// Only a value that can be one is read so: one token with a digit, drawn or under a credential's label
// (a wiki's `[Login](LoginPage)`, a table of contents' `[Password](#password-reset)` are links).
import { isCredentialLabel, isCredentialName } from './credential-names.ts';
import { looksDrawn } from './credential-values.ts';
import { bufferOf } from './text-bytes.ts';
import type { Edit, View } from './view.ts';

/** A link's title: quoted (escapes inside), or in parentheses; CommonMark lets one line break stand before it. */
const TITLE = String.raw`(?:[ \t]*\r?\n[ \t]*|[ \t]+)(?<title>"(?:[^"\\\n]|\\.){1,1000}"|'(?:[^'\\\n]|\\.){1,1000}'|\([^()\n]{1,1000}\)|“[^”\n]{1,1000}”)`;
/** A link's target: in angle brackets, or without blanks (a URL may hold one level of parentheses). */
const TARGET = String.raw`(?<target><[^<>\n]{1,4096}>|(?:[^()\s]|\([^()\s]{0,200}\)){0,4096})`;
/**
 * An inline link from its `[`: its text (one level of brackets inside: `[admin [db] password]`), its
 * target, perhaps a title.
 */
const INLINE_LINK = new RegExp(String.raw`\[(?<text>(?:[^[\]\n]|\[[^[\]\n]{0,100}\]){1,200})\]\(` + TARGET + `(?:${TITLE})?[ \\t]*\\)`, 'dy');
/** A reference's use: `[text][id]`, `[text][]`, or `[id]` alone (not followed by `(`, `[` or `:`). */
const REFERENCE_USE = /\[(?<text>[^[\]\n]{1,200})\](?:\[(?<id>[^[\]\n]{0,200})\]|(?![([:]))/y;
/** A reference's definition at a line's start, in a quote or a list item too: `[id]: target "title"`, the target or the title perhaps on the next line. */
const REFERENCE_DEFINITION = new RegExp(String.raw`^(?:[ \t]*>)*[ \t]*\[(?<id>[^[\]\n^]{1,200})\]:(?:[ \t]*\r?\n)?[ \t]*(?<target><[^<>\n]{0,4096}>|\S{1,4096})(?:${TITLE})?[ \t]*$`, 'dgm');
/** A footnote's definition at a line's start (`[^1]: v`), and a use of it (`password[^1]`). */
const FOOTNOTE_DEFINITION = /^[ \t]{0,3}\[\^(?<id>[^\]\s]{1,60})\]:[ \t]*(?<value>\S+)[ \t]*$/dgm;
const FOOTNOTE_USE = /\[\^(?<id>[^\]\s]{1,60})\](?!:)/g;
/** Most uses of one footnote whose words are read beside its definition. */
const MOST_USES = 4;

/** Words of a label that names a credential: a credential's name or the word for password in another language. */
const namesCredential = (label: string) => isCredentialName(label.replace(/[^\p{L}\p{N}_ -]/gu, ' ').trim()) || isCredentialLabel(label)
  || /(?:^|[\s_-])(?:password|passwd|passphrase|passcode|pin|pwd|secret|token|key)s?$/i.test(label.trim());

/**
 * Whether `value` (a title, a target without its `#`, a footnote's text) is read as the value of
 * `label`: one token with a digit, that looks drawn or stands under a credential's label.
 */
const isHiddenValue = (label: string, value: string) => value.length >= 4 && !/\s/.test(value) && /\d/.test(value) && (looksDrawn(value) || namesCredential(label));

/**
 * The value a target holds: a fragment's or a bare word's text (`#Qx3-harbor-Lemon61`, `#/v`, `<#v>`), a
 * query's last value (`?p=v`); none for a path, a URL, a mail address or a heading's slug.
 */
function valueOfTarget(target: string): { skip: number; value: string } | undefined {
  const inner = target.startsWith('<') ? target.slice(1, -1) : target;
  // A query's last value (`https://db/?p=v`) is one the link hides too.
  const query = /[?&][\w.-]{1,40}=(?<value>[^&#\s=]{4,200})$/.exec(inner);
  if (query) return { skip: target.lastIndexOf(query.groups!['value']!), value: query.groups!['value']! };
  const bare = inner.replace(/^#[/!]?/, '');
  // A heading's slug, numbered or not (`password-reset`, `section-4.2`), is where the link goes.
  if (/[/:@?<>]/.test(bare) || /^[\w-]+\.[a-z]{2,}(?:$|\/)/i.test(bare) || /^[a-z]+(?:[-_.](?:[a-z]+|\d+))*$/.test(bare)) return undefined;
  return { skip: target.indexOf(bare), value: bare };
}

/** Normalises a reference's or a footnote's id as markdown matches them: case and inner blanks do not count. */
const idOf = (id: string) => id.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Up to three words before `at` on its line (`with the password` of `1. With the password[^1]`), in
 * their real characters, emphasis and a sign after them left out (`**password**.`); within 80 characters.
 */
function wordsBefore(view: View, at: number): string {
  const before = view.slice(Math.max(0, at - 80), at);
  const line = before.slice(before.lastIndexOf('\n') + 1).replace(/[\s*_~`.,;:)]+$/u, '');
  return line.match(/[\p{L}\p{N}_'-]+(?:[ \t]+[\p{L}\p{N}_'-]+){0,2}$/u)?.[0] ?? '';
}

/**
 * The edits of an inline link at `at` that read its title, else a target that is no address, as its
 * text's value, on a line of its own: `[password](url "v")` reads `\npassword: v\n`. The link's end,
 * or `at` when there is no link there.
 */
function inlineLinkEdits(view: View, at: number, out: Edit[]): number {
  INLINE_LINK.lastIndex = at;
  const link = INLINE_LINK.exec(view.text);
  if (!link) return at;
  const end = at + link[0].length;
  const [textStart, textEnd] = link.indices!.groups!['text']!;
  const label = view.slice(textStart, textEnd);
  // An image's `!` goes with its brackets: `![login](shot.png "v")` reads `login: v`.
  const from = view.text[at - 1] === '!' ? at - 1 : at;
  const title = link.indices!.groups!['title'];
  const [targetStart] = link.indices!.groups!['target']!;
  const target = valueOfTarget(link.groups!['target']!);
  // Both may hide one: the target's value is read from a line of its own beside the title's.
  const readTarget = target !== undefined && isHiddenValue(label, target.value);
  const readTitle = title !== undefined && isHiddenValue(label, view.slice(title[0] + 1, title[1] - 1));
  if (!readTarget && !readTitle) {
    // The title names what the text is (`[v](https://x "password")`).
    const named = title === undefined ? '' : view.slice(title[0] + 1, title[1] - 1);
    if (named && namesCredential(named) && isHiddenValue(named, label)) out.push({ at: from, end: textStart, text: `\n${named}: ` }, { at: textEnd, end, text: '\n' });
    return end;
  }
  out.push({ at: from, end: readTarget ? targetStart + target.skip : title![0] + 1, text: `\n${label}: ` });
  if (readTarget && readTitle) out.push({ at: targetStart + target.skip + target.value.length, end: title![0] + 1, text: `\n${label}: ` });
  out.push({ at: readTitle ? title![1] - 1 : targetStart + target!.skip + target!.value.length, end, text: '\n' });
  return end;
}

/** Reads each reference definition's title or value-like target beside the text of the link that uses it. */
function referenceEdits(view: View, out: Edit[]): void {
  const { text, bytes } = view;
  const memory = bufferOf(bytes);
  /** The text of each reference's first use, by id. */
  const uses = new Map<string, string>();
  for (let at = memory.indexOf(91); at >= 0; at = memory.indexOf(91, at + 1)) { // [
    REFERENCE_USE.lastIndex = at;
    const use = REFERENCE_USE.exec(text);
    if (!use) continue;
    const id = idOf(use.groups!['id'] || use.groups!['text']!);
    const [textStart, textEnd] = [at + 1, at + 1 + use.groups!['text']!.length];
    if (!uses.has(id)) uses.set(id, view.slice(textStart, textEnd));
  }
  REFERENCE_DEFINITION.lastIndex = 0;
  for (const definition of text.matchAll(REFERENCE_DEFINITION)) {
    const label = uses.get(idOf(definition.groups!['id']!));
    if (label === undefined) continue;
    const start = definition.index + definition[0].search(/\[/);
    const title = definition.indices!.groups!['title'];
    const [targetStart] = definition.indices!.groups!['target']!;
    const target = valueOfTarget(definition.groups!['target']!);
    if (title && isHiddenValue(label, view.slice(title[0] + 1, title[1] - 1))) {
      out.push({ at: start, end: title[0] + 1, text: `${label}: ` }, { at: title[1] - 1, end: title[1], text: '' });
    } else if (target && isHiddenValue(label, target.value)) out.push({ at: start, end: targetStart + target.skip, text: `${label}: ` });
  }
}

/** Reads each footnote's one-token definition beside the words its uses note. */
function footnoteEdits(view: View, out: Edit[]): void {
  const { text } = view;
  // Definitions first: most texts have none, and a regex class (`[^a-z0-9]`) is no use without one.
  const definitions = new Map<string, { at: number; markEnd: number; value: string }>();
  FOOTNOTE_DEFINITION.lastIndex = 0;
  for (const definition of text.matchAll(FOOTNOTE_DEFINITION)) {
    const id = idOf(definition.groups!['id']!);
    if (!definitions.has(id)) definitions.set(id, { at: definition.index + definition[0].indexOf('['), markEnd: definition.indices!.groups!['value']![0], value: definition.groups!['value']! });
  }
  if (definitions.size === 0) return;
  const noted = new Map<string, string[]>();
  FOOTNOTE_USE.lastIndex = 0;
  for (const use of text.matchAll(FOOTNOTE_USE)) {
    const id = idOf(use.groups!['id']!);
    const words = noted.get(id) ?? [];
    if (!definitions.has(id) || words.length >= MOST_USES) continue;
    const before = wordsBefore(view, use.index);
    if (before) noted.set(id, [...words, before]);
  }
  for (const [id, words] of noted) {
    const definition = definitions.get(id)!;
    const label = words.join(' ');
    if (isHiddenValue(label, view.slice(definition.markEnd, definition.markEnd + definition.value.length))) out.push({ at: definition.at, end: definition.markEnd, text: `${label}: ` });
  }
}

/** A start tag, its name and its attributes. */
const START_TAG = /<(?<tag>[A-Za-z][\w:-]{0,40})(?<attributes>\s[^<>]{0,2000})?>/dg;
/** One attribute: its name and its value, quoted or not. */
const ATTRIBUTE = /\s(?<name>[\w:-]{1,40})\s*=\s*(?:"(?<value>[^"<>\n]{0,1000})"|'(?<value>[^'<>\n]{0,1000})'|(?<value>[^\s"'<>=\x60]{1,1000}))/dg;
/** Attributes that name what an element or another attribute holds. */
const LABELLING = new Set(['name', 'label', 'alt', 'aria-label', 'data-label', 'data-name', 'data-key', 'placeholder', 'title', 'type', 'for', 'id']);
/** Attributes that hold a value a page does not show as text (a tooltip, a field's value, a fragment). */
const HOLDING = new Set(['title', 'content', 'value', 'data-value', 'data-secret', 'placeholder', 'href']);
/** An element's text up to its end tag, inline tags inside it (`<b>Password</b>`). */
const ELEMENT_TEXT = /^(?:[^<>\n]|<\/?(?:b|i|em|strong|code|kbd|span|small|u|mark)\b[^<>]{0,200}>){1,300}$/;

/** The text of the element whose start tag ends at `tagEnd`, up to its own end tag within 400 characters, and where that tag ends. */
function elementText(text: string, tag: string, tagEnd: number): { text: string; end: number } | undefined {
  const close = text.slice(tagEnd, tagEnd + 400).toLowerCase().indexOf(`</${tag.toLowerCase()}`);
  if (close < 0) return undefined;
  const inner = text.slice(tagEnd, tagEnd + close);
  const end = text.indexOf('>', tagEnd + close);
  return end >= 0 && ELEMENT_TEXT.test(inner) ? { text: inner, end: end + 1 } : undefined;
}

interface Attribute {
  name: string;
  value: string;
  /** Offsets of the value in the text. */
  at: number;
  end: number;
}

/** The attributes of the tag whose attribute text starts at `from`. */
function attributesOf(view: View, attributes: string, from: number): Attribute[] {
  const out: Attribute[] = [];
  ATTRIBUTE.lastIndex = 0;
  for (const found of attributes.matchAll(ATTRIBUTE)) {
    const [at, end] = found.indices!.groups!['value']!;
    out.push({ name: found.groups!['name']!.toLowerCase(), value: view.slice(from + at, from + end), at: from + at, end: from + end });
  }
  return out;
}

/** An attribute's value as a hidden value: a fragment's text without its `#`. */
function heldValue(attribute: Attribute): { at: number; value: string } | undefined {
  if (attribute.name !== 'href') return { at: attribute.at, value: attribute.value };
  const fragment = /^#[/!]?/.exec(attribute.value);
  return fragment ? { at: attribute.at + fragment[0].length, value: attribute.value.slice(fragment[0].length) } : undefined;
}

/**
 * Reads a tag's or an element's hidden value beside what labels it, on a line of its own, whatever
 * the order of the attributes and their quotes: `<abbr title="v">password</abbr>`, `<meta name=password
 * content=v>`, `<a href="#v" title="password">`, `<kbd title="password">v</kbd>` each read `\npassword: v\n`.
 */
function attributeEdits(view: View, out: Edit[]): void {
  const { text } = view;
  START_TAG.lastIndex = 0;
  for (const tag of text.matchAll(START_TAG)) {
    const attributesText = tag.groups!['attributes'];
    if (!attributesText) continue;
    const attributes = attributesOf(view, attributesText, tag.indices!.groups!['attributes']![0]);
    // A form field's name or type and its value (`<input type="password" value="v">`) are credential-attribute-pair's, an
    // element named by its `name` or `id` (`<param name="password">v</param>`) credential-xml-key's.
    const names = attributes.filter((attribute) => LABELLING.has(attribute.name) && namesCredential(attribute.value));
    // Most tags of a page (`class`, `src`) label nothing and hold nothing: their elements are not read.
    if (names.length === 0 && !attributes.some((attribute) => HOLDING.has(attribute.name))) continue;
    const tagEnd = tag.index + tag[0].length;
    const element = elementText(text, tag.groups!['tag']!, tagEnd);
    const elementEnd = element ? element.end : tagEnd;
    const shown = element ? view.slice(tagEnd, tagEnd + element.text.length).replace(/<[^<>]*>/g, '').trim() : '';
    const formField = names.some((attribute) => ['name', 'data-name', 'type', 'key'].includes(attribute.name));
    const read = (label: string, at: number, value: string, end: number) => {
      if (!isHiddenValue(label, value)) return false;
      out.push({ at: tag.index, end: at, text: `\n${label}: ` }, { at: at + value.length, end, text: '\n' });
      return true;
    };
    let done = false;
    // An attribute labels another's value, or the element's text.
    for (const label of names) {
      for (const holder of attributes) {
        // (credential-attribute-pair reads quoted values; an unquoted one is read here.)
        if (done || holder === label || !HOLDING.has(holder.name) || (formField && holder.name === 'value' && /["']/.test(text[holder.at - 1] ?? ''))) continue;
        const held = heldValue(holder);
        if (held) done = read(label.value, held.at, held.value, elementEnd > tagEnd && held.at > tagEnd ? elementEnd : Math.max(tagEnd, elementEnd));
      }
      if (!done && element && shown && !element.text.includes('<') && !['name', 'id', 'key'].includes(label.name)) done = read(label.value, tagEnd, view.slice(tagEnd, tagEnd + element.text.length), elementEnd);
    }
    // The element's text labels an attribute's value (`<abbr title="v">password</abbr>`, `<a href="#v">password</a>`).
    if (!done && element && namesCredential(shown)) {
      for (const holder of attributes) {
        const held = HOLDING.has(holder.name) ? heldValue(holder) : undefined;
        if (!done && held) done = read(shown, held.at, held.value, elementEnd);
      }
    }
  }
}

/**
 * The edits of the reader's view that set each link's and footnote's hidden value beside its label./**
 * The edits of the reader's view that set each link's and footnote's hidden value beside its label.
 *
 * @example
 * const edits: Edit[] = [];
 * linkValueEdits(rawView('[password](#Qx3-harbor-Lemon61)'), edits); // the view reads `\npassword: Qx3-harbor-Lemon61\n`
 */
export function linkValueEdits(view: View, out: Edit[]): void {
  const { bytes } = view;
  const memory = bufferOf(bytes);
  // An HTML element's hidden attribute: only where a tag holds one of the attributes that can hide a value.
  if (memory.indexOf(60) >= 0 && /\s(?:title|content|value|data-value|data-secret|href|placeholder|name|label|aria-label|data-label)\s*=/i.test(view.text)) attributeEdits(view, out);
  if (memory.indexOf(91) < 0) return; // no [
  for (let at = memory.indexOf(91); at >= 0; at = memory.indexOf(91, at + 1)) {
    if (bytes[at + 1] === 94) continue; // [^: a footnote
    const end = inlineLinkEdits(view, at, out);
    if (end > at) at = end - 1;
  }
  if (memory.indexOf(']:') >= 0) {
    referenceEdits(view, out);
    footnoteEdits(view, out);
  }
}
