// Known-secret literals: each configured value and its encoded forms become one literal rule, the
// way CI systems mask secrets in their logs. A long value is also matched loosely: in any letter
// case and with separators left out or moved (`{F827E28E-…}`, `f827e28e7f75…`), also reversed.
import { encodeBase85 } from './base85-runs.ts';
import type { Rule } from './rule.ts';
import { foldCode } from './text-bytes.ts';

/** Shorter values are too likely to occur by chance; CI systems use the same floor. */
export const MIN_SECRET_LENGTH = 8;

/** `text` as a regex source matching it literally. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `\xNN` for a folded code: the source of a regex stays ASCII. */
const hexEscape = (code: number) => `\\x${code.toString(16).padStart(2, '0')}`;

/**
 * Regex source matching `literal` in a folded text (`foldText`): each character beyond Latin-1 as
 * its fold, and with `ignoreCase` each character as any of its case forms, folded (`ÿ` is also
 * `Ÿ`, which folds). Matches at least wherever the literal matches the real text.
 *
 * @example
 * foldedLiteral('Łukasz', true) // '\\x80ukasz'
 */
function foldedLiteral(literal: string, ignoreCase: boolean): string {
  let source = '';
  // By UTF-16 unit: the text is folded unit by unit, each half of a surrogate pair on its own.
  for (const char of literal.split('')) {
    const forms = ignoreCase ? [char, char.toLowerCase(), char.toUpperCase()].filter((form) => form.length === 1) : [char];
    const folded = new Set(forms.map((form) => {
      const code = form.charCodeAt(0);
      return code > 0xff ? hexEscape(foldCode(code)) : code > 0x7e || code < 0x20 ? hexEscape(code) : escapeRegExp(form);
    }));
    source += folded.size === 1 ? [...folded][0]! : `[${[...folded].join('')}]`;
  }
  return source;
}

const htmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** `value` with each letter moved `letters` places, each digit `digits` places, or with `ascii` each printable character (rot47). */
function rotated(value: string, letters: number, digits: number, ascii = 0): string {
  return value.replace(/[!-~]/g, (char) => {
    const code = char.charCodeAt(0);
    if (ascii > 0) return String.fromCharCode(33 + ((code - 33 + ascii) % 94));
    if (code >= 48 && code <= 57) return String.fromCharCode(48 + ((code - 48 + digits) % 10));
    const base = code >= 97 && code <= 122 ? 97 : code >= 65 && code <= 90 ? 65 : -1;
    return base < 0 ? char : String.fromCharCode(base + ((code - base + letters) % 26));
  });
}

/**
 * The forms a value takes in logs and pages: itself, base64 (at each of the three alignments it can
 * have inside a longer base64 text), base85 and Ascii85 (the value encoded alone), hex (either case),
 * URL-encoded, JSON-escaped, HTML-escaped, its bytes as decimal numbers between spaces, reversed, and
 * rotated the ways `tr` does it in one step (rot13, rot5 of digits, rot18, rot47). Other encodings
 * (separated hex, entities of any length, gzip, base85 inside a longer run...) are undone by the
 * detector's readings before the literal is looked for.
 *
 * @example
 * encodedForms('p@ss/word1').includes('p%40ss%2Fword1') // true
 */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const hex = bytes.toString('hex');
  const forms = new Set<string>([value, encodeURIComponent(value.toWellFormed()), JSON.stringify(value).slice(1, -1), htmlEscape(value), hex, hex.toUpperCase(),
    encodeBase85(bytes, 'ascii85'), encodeBase85(bytes, 'base85'), encodeBase85(bytes, 'z85'), [...bytes].join(' '),
    [...value].reverse().join(''), rotated(value, 13, 0), rotated(value, 0, 5), rotated(value, 13, 5), rotated(value, 0, 0, 47)]);
  for (let shift = 0; shift < 3; shift++) {
    // Prefix `shift` bytes, encode, then drop the characters that depend on the prefix or what follows.
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').replace(/=+$/, '');
    const head = Math.ceil((shift * 8) / 6);
    const tail = ((shift + bytes.length) % 3) === 0 ? 0 : 1;
    const stable = encoded.slice(head, encoded.length - tail);
    if (stable.length >= MIN_SECRET_LENGTH) forms.add(stable);
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * A value with at least this many characters left once its separators are taken out is matched
 * loosely (looseLiteral): 12 letters and digits in any case still leave some 2^60 values, so the
 * loose form names this value and no other text.
 */
const MIN_LOOSE_LENGTH = 12;

/**
 * What people put between the groups of a value, or take out: `f827e28e-7f75`, `AB12 CD34`, `ab:cd`,
 * `a_b`, `1.2`, words listed (`Hq4, lantern, Vox82`), a form's `+` for a space, a tab between cells.
 */
const SEPARATORS = /[-_.:/,;+\s]+/g;
/**
 * Between two characters of a loose value: a run of separators and blanks of any width (`Hq4 - lantern`,
 * `H q 4  l a n`, `H     s     1`: a reader reads a value spaced out however wide), of characters the
 * next one (a letter or digit of the value) is not, so a try costs the run once and no more. A bound
 * was a width to step over: five blanks between the characters hid a learned value. One class, not
 * an alternation: V8 runs a class's star as a tight loop (an alternation of the shell's joins, `${x}`
 * and `''`, made a decoy of spaced letters seventeen times as slow).
 */
const SEPARATOR_GAP = String.raw`[\-_.:/,;+\s]*`;

/**
 * A value as the loose form reads it: composed, its separators out, in lower case.
 *
 * @example
 * skeletonOf('Ёлка-Хвоя 47') // 'ёлкахвоя47'
 */
function skeletonOf(value: string): string {
  return value.normalize('NFC').replace(SEPARATORS, '').toLowerCase();
}

/**
 * Regex source matching `value` in any letter case, with its separators (SEPARATORS) left out,
 * moved or changed: a UUID printed upper case in braces, without its dashes, or a hex key in groups.
 * A value with too little left without separators to stay specific keeps its groups; undefined when
 * it has only one.
 *
 * @example
 * looseLiteral('f827e28e-7f75-467c-a17a') // matches 'F827E28E7F75467CA17A' and 'f827 e28e 7f75 467c a17a'
 */
function looseLiteral(value: string): string[] | undefined {
  const skeleton = value.replace(SEPARATORS, '');
  if (skeleton.length >= MIN_LOOSE_LENGTH) return skeleton.split('').map((char, index) => `${index === 0 ? '' : SEPARATOR_GAP}${foldedLiteral(char, true)}`);
  // Too short to be told by its characters alone: its groups stay as they are, what stands between them may change
  // (`Wm3-rue58` as `Wm3 rue58`, `Wm3rue58`); spelled out, the spelled reading joins it first. Whole, at a word's
  // edges: `admin-2024` is not in `admin, 2024-03-01` (a date goes on) nor inside `superadmin2024x`. A value of words
  // (a passphrase, `welcome to ubuntu`) is matched as written only: its words apart are any sentence's.
  const groups = value.split(SEPARATORS).filter(Boolean);
  if (groups.length < 2 || /\s/.test(value.trim())) return undefined;
  const tokens = groups.flatMap((group, index) => group.split('').map((char, at) => `${index > 0 && at === 0 ? SEPARATOR_GAP : ''}${foldedLiteral(char, true)}`));
  return [`(?<![A-Za-z0-9]|[A-Za-z0-9][\\-_.:/])${tokens[0]}`, ...tokens.slice(1, -1), `${tokens.at(-1)}(?![A-Za-z0-9]|[\\-_.:/][A-Za-z0-9])`];
}

/**
 * The ways the same value is written beyond ASCII: composed and decomposed (`Ü` as one character or
 * `U` and a combining mark, as macOS file names and keychains write it), compatibility forms, and
 * the full case folds a character's own case forms miss (`ß` upper-cased is `SS`). An ASCII value
 * is itself only.
 *
 * @example
 * writtenForms('Straße-lantern-Vox82').includes('STRASSE-LANTERN-VOX82') // true
 */
function writtenForms(value: string): string[] {
  if (!/[^\x00-\x7f]/.test(value)) return [value];
  const forms = new Set<string>();
  for (const normal of [value, value.normalize('NFC'), value.normalize('NFD'), value.normalize('NFKC')]) {
    forms.add(normal);
    // The loose form matches either case character by character: only a fold that changes the length adds a form.
    for (const folded of [normal.toUpperCase(), normal.toLowerCase()]) if (folded.length !== normal.length) forms.add(folded);
  }
  return [...forms];
}

/** A node of the prefix tree `trieSource` writes out. */
interface TrieNode {
  /** Whether a sequence ends here. */
  end: boolean;
  next: Map<string, TrieNode>;
}

/**
 * Regex source matching any of `sequences` (each a list of tokens, one per character of a value),
 * their common prefixes written once: at each step one branch per distinct token instead of one
 * alternative per value, so the engine tries tens of alternatives at a position and not the
 * thousands that hundreds of values in twenty forms each make. Where one sequence is a prefix of
 * another, the longer is tried first: a value that contains another is matched whole. Tokens at
 * one step must match disjoint characters (one character, or one character's case forms).
 *
 * @example
 * trieSource([['a', 'b'], ['a', 'b', 'c'], ['x']]) // '(?:ab(?:c)?|x)'
 */
function trieSource(sequences: readonly string[][]): string {
  const root: TrieNode = { end: false, next: new Map() };
  for (const tokens of sequences) {
    let node = root;
    for (const token of tokens) {
      let child = node.next.get(token);
      if (!child) node.next.set(token, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  // A chain of single children is written out in a loop: values are thousands of characters long at most, branches few.
  const write = (from: TrieNode): string => {
    let source = '';
    let node = from;
    while (node.next.size === 1 && !node.end) {
      const [token, child] = node.next.entries().next().value!;
      source += token;
      node = child;
    }
    if (node.next.size === 0) return source;
    const branches = [...node.next].map(([token, child]) => token + write(child));
    const group = `(?:${branches.join('|')})`;
    return source + (node.end ? `${group}?` : group);
  };
  return write(root);
}

/** Between the words of a denylisted name: spaces, line breaks, `_`, `-`, `.`, markdown emphasis. */
const WORD_GAP = String.raw`[\s_*~.\-]*`;

/**
 * Regex source matching a denylisted name in any case with its words apart or together: the words
 * are its camel-case humps and the runs between separators.
 *
 * @example
 * spacedLiteral('ProjectFalcon') // 'Project[\s_*~.\-]*Falcon' (each word case-folded)
 */
function spacedLiteral(literal: string): string {
  const words = literal.split(/[\s_.-]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  return words.length > 1 ? words.map((word) => foldedLiteral(word, true)).join(WORD_GAP) : foldedLiteral(literal, true);
}

/**
 * A rule matching literal values; with `encoded`, also their encoded forms. Undefined when no value
 * qualifies.
 *
 * @example
 * literalRule('denylist', 'operator words', ['acme'], false)
 */
export function literalRule(id: string, description: string, values: readonly string[], encoded: boolean): Rule | undefined {
  const literals = new Set<string>();
  const loose: string[][] = [];
  /** What a match beyond Latin-1 must read as (its skeleton), where the pattern saw only folded bytes. */
  const skeletons = new Set<string>();
  for (const value of values) {
    if (encoded) {
      if (value.length < MIN_SECRET_LENGTH) continue;
      for (const written of writtenForms(value)) {
        for (const form of encodedForms(written)) literals.add(form);
        for (const form of [written, [...written].reverse().join('')]) {
          const tokens = looseLiteral(form);
          if (tokens !== undefined) loose.push(tokens);
          skeletons.add(skeletonOf(form));
        }
      }
    } else if (value.trim().length > 0) literals.add(value);
  }
  if (literals.size === 0) return undefined;
  // Longest first: a value that contains another is redacted whole (the prefix tree tries the
  // longer first). A denylist word also matches its words apart (`Project Falcon`,
  // `project-falcon`, `**Project** Falcon` for `ProjectFalcon`).
  const source = encoded
    ? [...(loose.length > 0 ? [trieSource(loose)] : []), trieSource([...literals].map((literal) => literal.split('').map((char) => foldedLiteral(char, false))))].join('|')
    : [...literals].sort((a, b) => b.length - a.length).map(spacedLiteral).join('|');
  return {
    id, description,
    pattern: new RegExp(source, encoded ? 'g' : 'gi'), neverPlaceholder: true,
    // Two values may overlap in a text (one's tail is the other's head): each must be found whole.
    // A character beyond Latin-1 is one folded byte to the pattern, any such character: a match holding
    // one is the value only when its real characters are (`ь Ёлка…` is not `Ёлка…` one place on).
    ...(encoded ? { overlapping: true, accept: (value: string) => /^[\x00-\xff]*$/.test(value) || skeletons.has(skeletonOf(value)) } : {}),
    truePositives: [], falsePositives: [],
  };
}
