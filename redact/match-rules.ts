// Runs the rule table over one text fast: keywords of all rules are found in one pass, and each
// rule's pattern runs only on the line around its keywords.
import { isPlaceholder } from './placeholders.ts';
import { secretOf, type Rule } from './rule.ts';

export interface RuleMatch {
  /** Index of the rule in the compiled table. */
  rule: number;
  start: number;
  end: number;
  value: string;
  unsure?: string;
}

interface Keyword {
  text: string;
  /** Lower-cased text, compared against the folded input when `ignoreCase`. */
  folded: string;
  ignoreCase: boolean;
  /** Indices of the rules this keyword wakes. */
  rules: number[];
}

export interface CompiledRules {
  rules: readonly Rule[];
  patterns: RegExp[];
  /** One bit per folded 3-character prefix that starts some keyword (2^21 bits). */
  trigramBits: Int32Array;
  /** One byte per folded character pair found at offset 0 or 1 of some keyword (128 x 128). */
  pairs: Uint8Array;
  keywordsOf: Map<number, Keyword[]>;
  wholeText: number[];
}

/** A window never reaches further than this from its keyword on one line... */
const LINE_REACH = 4096;
/** ...or this for rules whose matches span lines (key blocks). */
const BLOCK_REACH = 70_000;

/** ASCII letters to lower case, everything beyond ASCII to one code no keyword uses. */
const fold = (code: number) => (code >= 128 ? 127 : code >= 65 && code <= 90 ? code | 32 : code);
const trigramAt = (text: string, at: number) =>
  (fold(text.charCodeAt(at)) << 14) | (fold(text.charCodeAt(at + 1)) << 7) | fold(text.charCodeAt(at + 2));

function indexKeywords(rules: readonly Rule[]): Pick<CompiledRules, 'trigramBits' | 'keywordsOf' | 'pairs'> {
  const byText = new Map<string, Keyword>();
  rules.forEach((rule, index) => {
    for (const text of rule.keywords ?? []) {
      if (text.length < 3 || /[^\x00-\x7f]/.test(text)) throw new Error(`rule ${rule.id}: keyword "${text}" must be 3 or more ASCII characters`);
      const ignoreCase = Boolean(rule.keywordsIgnoreCase);
      const id = `${ignoreCase ? 'i' : 'x'}${ignoreCase ? text.toLowerCase() : text}`;
      const keyword = byText.get(id) ?? { text, folded: text.toLowerCase(), ignoreCase, rules: [] };
      keyword.rules.push(index);
      byText.set(id, keyword);
    }
  });
  const trigramBits = new Int32Array((1 << 21) >> 5);
  const pairs = new Uint8Array(1 << 14);
  const keywordsOf = new Map<number, Keyword[]>();
  for (const keyword of byText.values()) {
    const trigram = trigramAt(keyword.text, 0);
    pairs[trigram >> 7] = 1; // characters 0 and 1
    pairs[trigram & 0x3fff] = 1; // characters 1 and 2
    trigramBits[trigram >> 5]! |= 1 << (trigram & 31);
    keywordsOf.set(trigram, [...(keywordsOf.get(trigram) ?? []), keyword]);
  }
  return { trigramBits, keywordsOf, pairs };
}

/**
 * Prepares a rule table for `matchRules`.
 *
 * @example
 * const compiled = compileRules(RULES);
 */
export function compileRules(rules: readonly Rule[]): CompiledRules {
  return {
    rules,
    // `d` gives each capture group's offsets, so the secret part is located exactly.
    patterns: rules.map((rule) => new RegExp(rule.pattern.source, rule.pattern.flags.includes('d') ? rule.pattern.flags : `${rule.pattern.flags}d`)),
    ...indexKeywords(rules),
    wholeText: rules.flatMap((rule, index) => (rule.keywords ? [] : [index])),
  };
}

function keywordAt(text: string, at: number, keyword: Keyword): boolean {
  const { length } = keyword.text;
  if (at + length > text.length) return false;
  for (let offset = 3; offset < length; offset++) {
    const code = text.charCodeAt(at + offset);
    if (keyword.ignoreCase ? fold(code) !== keyword.folded.charCodeAt(offset) : code !== keyword.text.charCodeAt(offset)) return false;
  }
  if (keyword.ignoreCase) return true;
  return text.charCodeAt(at) === keyword.text.charCodeAt(0) && text.charCodeAt(at + 1) === keyword.text.charCodeAt(1)
    && text.charCodeAt(at + 2) === keyword.text.charCodeAt(2);
}

/**
 * Calls `onHit` for every keyword occurrence. One pass over the text for all keywords of all rules
 * (a regex alternation of 120 keywords runs several times slower in V8). Every keyword has 3 or more
 * characters, so each occurrence covers an aligned pair of characters at its offset 0 or 1: the
 * loop reads pairs at even offsets against a small table, and only then checks the 3-character
 * prefix and the keyword itself.
 */
function findKeywords(text: string, compiled: CompiledRules, onHit: (at: number, keyword: Keyword) => void): void {
  if (compiled.keywordsOf.size === 0) return;
  const { pairs, trigramBits: bits } = compiled;
  const length = text.length;
  const check = (at: number) => {
    if (at < 0 || at + 3 > length) return;
    const key = trigramAt(text, at);
    if ((bits[key >> 5]! & (1 << (key & 31))) === 0) return;
    for (const keyword of compiled.keywordsOf.get(key)!) if (keywordAt(text, at, keyword)) onHit(at, keyword);
  };
  for (let index = 1; index < length; index += 2) {
    let first = text.charCodeAt(index - 1);
    let second = text.charCodeAt(index);
    // fold() inlined: this loop runs over every text journey publishes.
    if (first >= 128) first = 127;
    else if (first >= 65 && first <= 90) first |= 32;
    if (second >= 128) second = 127;
    else if (second >= 65 && second <= 90) second |= 32;
    if (pairs[(first << 7) | second] === 0) continue;
    check(index - 2); // the pair is characters 1 and 2 of a keyword starting at an odd offset
    check(index - 1); // the pair is characters 0 and 1 of a keyword starting at an even offset
  }
}

function runPattern(compiled: CompiledRules, index: number, text: string, from: number, to: number, out: RuleMatch[]): void {
  const rule = compiled.rules[index]!;
  const pattern = compiled.patterns[index]!;
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  pattern.lastIndex = 0;
  for (let match = pattern.exec(window); match; match = pattern.exec(window)) {
    if (match[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    let { value, offset } = secretOf(match, rule.group);
    let start = match.index + offset;
    if (rule.extendLeft && offset === 0) {
      const limit = Math.max(0, start - 256);
      while (start > limit && rule.extendLeft.test(window[start - 1]!)) start -= 1;
      value = window.slice(start, match.index + match[0].length);
    }
    const end = start + value.length;
    if (isPlaceholder(value)) continue;
    if (rule.accept && !rule.accept(value, { text: window, start, end })) continue;
    const unsure = rule.unsure?.(match);
    out.push({ rule: index, start: from + start, end: from + end, value, ...(unsure ? { unsure } : {}) });
  }
}

/** Start of the line holding `offset`, looking back at most LINE_REACH characters. */
function lineStart(text: string, offset: number): number {
  const from = Math.max(0, offset - LINE_REACH);
  const newline = text.slice(from, offset).lastIndexOf('\n');
  return newline < 0 ? from : from + newline + 1;
}

/**
 * Every match of every rule in `text`, in no particular order; overlaps are resolved by the caller.
 *
 * @example
 * matchRules('token ghp_...', compileRules(RULES)) // [{ rule: 7, start: 6, end: 46, value: 'ghp_...' }]
 */
export function matchRules(text: string, compiled: CompiledRules): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const index of compiled.wholeText) runPattern(compiled, index, text, 0, text.length, out);
  const coveredUntil = new Array<number>(compiled.rules.length).fill(-1);
  findKeywords(text, compiled, (at, keyword) => {
    for (const index of keyword.rules) {
      if (at < coveredUntil[index]!) continue;
      const multiline = compiled.rules[index]!.multiline === true;
      const from = lineStart(text, at);
      const newline = multiline ? -1 : text.slice(at, at + LINE_REACH + 1).indexOf('\n');
      const lineEnd = newline >= 0 ? at + newline : -1;
      const to = lineEnd >= 0 ? lineEnd : Math.min(text.length, at + (multiline ? BLOCK_REACH : LINE_REACH));
      runPattern(compiled, index, text, from, to, out);
      // A whole line was searched: later keywords on it are covered. A cut window is searched again.
      coveredUntil[index] = lineEnd >= 0 || to === text.length ? to : at + 1;
    }
  });
  return out;
}
