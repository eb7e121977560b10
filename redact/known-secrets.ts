// Known-secret literals: each configured value and its encoded forms become one literal rule, the
// way CI systems mask secrets in their logs.
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
export function foldedLiteral(literal: string, ignoreCase: boolean): string {
  let source = '';
  // By UTF-16 unit: the text is folded unit by unit, each half of a surrogate pair on its own.
  for (const char of literal.split('')) {
    const forms = ignoreCase ? [char, char.toLowerCase(), char.toUpperCase()].filter((form) => form.length === 1) : [char];
    const folded = new Set(forms.map((form) => {
      const code = form.charCodeAt(0);
      return code > 0xff ? hexEscape(foldCode(code)) : code > 0x7e || code < 0x20 ? hexEscape(code) : escapeRegExp(form);
    }));
    source += folded.size === 1 ? [...folded][0]! : `(?:${[...folded].join('|')})`;
  }
  return source;
}

const htmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * The forms a value takes in logs and pages: itself, base64 (at each of the three alignments it can
 * have inside a longer base64 text), hex (either case), URL-encoded, JSON-escaped and HTML-escaped.
 * Other encodings (separated hex, entities of any length, gzip...) are undone by the detector's
 * readings before the literal is looked for.
 *
 * @example
 * encodedForms('p@ss/word1').includes('p%40ss%2Fword1') // true
 */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const hex = bytes.toString('hex');
  const forms = new Set<string>([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), htmlEscape(value), hex, hex.toUpperCase()]);
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
  const words = literal.split(/[\s_.\-]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
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
  for (const value of values) {
    if (encoded) {
      if (value.length >= MIN_SECRET_LENGTH) for (const form of encodedForms(value)) literals.add(form);
    } else if (value.trim().length > 0) literals.add(value);
  }
  if (literals.size === 0) return undefined;
  // Longest first: a value that contains another is redacted whole. A denylist word also matches
  // its words apart (`Project Falcon`, `project-falcon`, `**Project** Falcon` for `ProjectFalcon`).
  const source = [...literals].sort((a, b) => b.length - a.length).map((literal) => (encoded ? foldedLiteral(literal, false) : spacedLiteral(literal))).join('|');
  return {
    id, description,
    pattern: new RegExp(source, encoded ? 'g' : 'gi'), neverPlaceholder: true,
    truePositives: [], falsePositives: [],
  };
}
