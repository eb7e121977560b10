// The shape of one rule of the table, and how a match's secret part is found.

export interface MatchContext {
  /**
   * The text the pattern ran on (a line window or the whole text). In a base view its characters
   * beyond Latin-1 are folded (`foldText`); the value passed beside it holds the real ones.
   */
  text: string;
  start: number;
  end: number;
  /** The whole match, offsets relative to `text`: its named groups (`name`, `value`) for rules that judge both. */
  match: RegExpExecArray;
  /** The real characters of [start, end) of `text`: a label in another script is only folded bytes in `text`. */
  slice(start: number, end: number): string;
}

/** A match's named groups, none when it has none. */
export const groupsOf = (context: MatchContext) => context.match.groups ?? {};

export interface Rule {
  id: string;
  description: string;
  /**
   * Literals one of which every match contains. The engine finds all keywords of all rules in a few
   * combined passes and runs `pattern` only on the line around each hit; without keywords the rule
   * runs over the whole text, so its pattern must start with something rare.
   */
  keywords?: readonly string[];
  /** Keywords are words (`password`) matched in any case, not exact token prefixes (`ghp_`). */
  keywordsIgnoreCase?: boolean;
  /** A match may span lines (key blocks): the window reaches 64 KiB past the keyword. */
  multiline?: boolean;
  /** A match may reach this many lines past the keyword's line (an XML element whose value sits on its own line). */
  lines?: number;
  /**
   * Every match lies this close to one of its keywords (the keyword is inside a name the match
   * starts with): the pattern runs on that stretch of the line only, not the whole line.
   */
  near?: { before: number; after: number };
  /**
   * What every match starts with, on its keyword's line: the pattern's own first part (its source
   * starts with this one's, alone or in a group). Found alone on the lines of the keywords, and the
   * pattern runs sticky only where it is, for a rule whose match reads `lines` past its keyword's:
   * the whole pattern tried at every character of those lines cost more than any other rule.
   */
  head?: RegExp;
  /**
   * The match starts at the name its keyword lies in (`DB_PASSWORD=…`, `"client_secret": …`): the
   * pattern runs once, sticky, from that name's start (or its opening quote).
   */
  anchor?: 'name';
  /** Global regex; the secret is its group named `value`, else its first defined capture group, or the whole match. */
  pattern: RegExp;
  /** The capture group holding the secret, when the first defined one is not it (0: the whole match). */
  group?: number;
  /**
   * Characters a whole match extends over to its left, so the pattern can start at a rare character
   * (`@` of an e-mail, `:` of an IPv6 address) and stay fast on megabytes of logs.
   */
  extendLeft?: RegExp;
  /**
   * The character every match starts with, for a rule without keywords whose start is rare in text
   * (`@` of an e-mail): the pattern then runs only where memchr finds it, instead of a regex scan of
   * the whole text. A common character (`:`) would make it slower.
   */
  lead?: string;
  /**
   * Every match starts at a character beyond ASCII (a label in another script): a text whose bytes
   * are all ASCII, as most logs are, is not searched for it at all.
   */
  beyondAscii?: boolean;
  /**
   * The placeholder allowlist never applies to this rule's matches: literal values the operator
   * configured (known secrets, taken-down values), and rules whose accept decides on its own.
   */
  neverPlaceholder?: boolean;
  /**
   * Each match is searched again from its next character: two known values that overlap
   * (`Kz7-amber-Qol55` and `Qol55-amber-Kz7x` in `Kz7-amber-Qol55-amber-Kz7x`) are both found, where
   * a regex consumes the first and never starts the second inside it.
   */
  overlapping?: boolean;
  /** Return false to let a match through (documentation addresses, type names...). */
  accept?: (value: string, context: MatchContext) => boolean;
  /**
   * The parts of an accepted value that are secrets, each its own detection, as [start, end) offsets
   * into it: a command's output of several lines is one secret a line, and a line of it that is no
   * value (prose after it) is none. Without it the whole value is one.
   */
  parts?: (value: string, context: MatchContext) => readonly (readonly [number, number])[];
  /** Return a reason when the match shows the text cannot be redacted safely (an unterminated key block). */
  unsure?: (match: RegExpExecArray) => string | undefined;
  /** Texts the rule must catch, built from parts so no key-shaped literal sits in git. */
  truePositives: string[];
  /** Texts the rule must leave alone. */
  falsePositives: string[];
}

/** The secret part of a match (run with the `d` flag) and its offset inside the match. */
export function secretOf(match: RegExpExecArray, only?: number): { value: string; offset: number } {
  if (only === 0) return { value: match[0], offset: 0 };
  const named = match.indices?.groups?.['value'];
  if (named && match.groups?.['value'] !== undefined) return { value: match.groups['value'], offset: named[0] - match.index };
  for (let group = only ?? 1; group < (only === undefined ? match.length : only + 1); group++) {
    const value = match[group];
    const span = match.indices?.[group];
    if (value !== undefined && span) return { value, offset: span[0] - match.index };
  }
  return { value: match[0], offset: 0 };
}

/** Joins parts: examples are assembled at run time so this repository holds no key-shaped literal. */
export const j = (...parts: string[]) => parts.join('');

/** Deterministic filler for examples: `fill(36)` is 36 mixed letters and digits. */
export function fill(length: number, alphabet = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3Y4y5Z6'): string {
  let out = '';
  while (out.length < length) out += alphabet;
  return out.slice(0, length);
}
