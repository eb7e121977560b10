// Runs the rule table over one text fast: keywords of all rules are found in one pass, and each
// rule's pattern runs only on the line around its keywords.
import type { View } from './decode-views.ts';
import { findKeywords, indexKeywords, type KeywordIndex } from './keyword-index.ts';
import { isPlaceholder } from './placeholders.ts';
import { secretOf, type Rule } from './rule.ts';
import { bufferOf } from './text-bytes.ts';

/** What the matcher reads of a view: its (folded) text, that text's bytes, and its real characters. */
type Searched = Pick<View, 'text' | 'bytes' | 'slice'>;

export interface RuleMatch {
  /** Index of the rule in the compiled table. */
  rule: number;
  start: number;
  end: number;
  value: string;
  unsure?: string;
}

export interface CompiledRules {
  rules: readonly Rule[];
  patterns: RegExp[];
  keywords: KeywordIndex;
  /** Rules without keywords, run over the whole text. */
  wholeText: number[];
}

/** A window never reaches further than this from its keyword on one line... */
const LINE_REACH = 4096;
/** ...or this for rules whose matches span lines (key blocks). */
export const BLOCK_REACH = 70_000;

/** One entry per distinct keyword (case-folded for rules that ignore case), with the rules it wakes. */
function distinctKeywords(rules: readonly Rule[]): Array<{ text: string; ignoreCase: boolean; rules: number[] }> {
  const byText = new Map<string, { text: string; ignoreCase: boolean; rules: number[] }>();
  rules.forEach((rule, index) => {
    for (const text of rule.keywords ?? []) {
      const ignoreCase = Boolean(rule.keywordsIgnoreCase);
      const id = ignoreCase ? `i${text.toLowerCase()}` : `x${text}`;
      const keyword = byText.get(id) ?? { text, ignoreCase, rules: [] };
      keyword.rules.push(index);
      byText.set(id, keyword);
    }
  });
  return [...byText.values()];
}

/** The rule's pattern with `d` (each capture group's offsets, so the secret part is located exactly), sticky for a `lead` rule. */
function compilePattern(rule: Rule): RegExp {
  // Base views hold characters beyond Latin-1 folded (foldText); a pattern that names such a
  // character, or a Unicode mode that tells them apart, would see something else than the text.
  if (/[^\x00-\x7f]|\\u|\\[pP]\{/.test(rule.pattern.source) || /[uv]/.test(rule.pattern.flags)) {
    throw new Error(`rule ${rule.id}: a pattern must be ASCII without \\u or \\p escapes and without the u or v flag (texts are searched folded)`);
  }
  const flags = new Set(rule.pattern.flags);
  flags.add('d');
  if (rule.lead !== undefined) {
    const { source } = rule.pattern;
    if (rule.keywords || !/^[\x21-\x7e]$/.test(rule.lead) || !(source.startsWith(rule.lead) || source.startsWith(`\\${rule.lead}`))) {
      throw new Error(`rule ${rule.id}: lead must be the printable ASCII character its pattern starts with, and the rule must have no keywords`);
    }
    flags.delete('g');
    flags.add('y');
  }
  return new RegExp(rule.pattern.source, [...flags].join(''));
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
    patterns: rules.map(compilePattern),
    keywords: indexKeywords(distinctKeywords(rules)),
    wholeText: rules.flatMap((rule, index) => (rule.keywords ? [] : [index])),
  };
}

/**
 * Records one match of rule `index` in `window` (which starts at `from` of the view's text), unless
 * the rule lets it through. The value is the view's real characters, where the window holds folded ones.
 */
function record(compiled: CompiledRules, index: number, match: RegExpExecArray, window: string, from: number, view: Searched, out: RuleMatch[]): void {
  const rule = compiled.rules[index]!;
  const { offset, value: found } = secretOf(match, rule.group);
  let start = match.index + offset;
  let end = start + found.length;
  if (rule.extendLeft && offset === 0) {
    const limit = Math.max(0, start - 256);
    while (start > limit && rule.extendLeft.test(window[start - 1]!)) start -= 1;
    end = match.index + match[0].length;
  }
  const value = view.slice(from + start, from + end);
  if (rule.accept && !rule.accept(value, { text: window, start, end })) return;
  if (isPlaceholder(value)) return;
  const unsure = rule.unsure?.(match);
  out.push({ rule: index, start: from + start, end: from + end, value, ...(unsure ? { unsure } : {}) });
}

function runPattern(compiled: CompiledRules, index: number, view: Searched, from: number, to: number, out: RuleMatch[]): void {
  const pattern = compiled.patterns[index]!;
  const { text } = view;
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  pattern.lastIndex = 0;
  for (let match = pattern.exec(window); match; match = pattern.exec(window)) {
    if (match[0].length === 0) pattern.lastIndex += 1;
    else record(compiled, index, match, window, from, view, out);
  }
}

/** Runs a rule with a `lead` (its pattern compiled sticky) at each lead character, found with memchr. */
function runAtLead(compiled: CompiledRules, index: number, view: Searched, out: RuleMatch[]): void {
  const pattern = compiled.patterns[index]!;
  const lead = compiled.rules[index]!.lead!.charCodeAt(0);
  const { text } = view;
  const memory = bufferOf(view.bytes);
  for (let at = memory.indexOf(lead); at >= 0;) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    const length = match?.[0].length ?? 0;
    if (match && length > 0) record(compiled, index, match, text, 0, view, out);
    at = memory.indexOf(lead, at + Math.max(1, length));
  }
}

/** Start of the line holding `offset`, looking back at most LINE_REACH characters. */
function lineStart(bytes: Uint8Array, offset: number): number {
  const from = Math.max(0, offset - LINE_REACH);
  const newline = bytes.subarray(from, offset).lastIndexOf(10);
  return newline < 0 ? from : from + newline + 1;
}

/**
 * Every match of every rule in a view's text, in no particular order; overlaps are resolved by the
 * caller. The loops read the view's bytes, the values its real characters.
 *
 * @example
 * matchRules(rawView('token ghp_...'), compileRules(RULES)) // [{ rule: 7, start: 6, end: 46, value: 'ghp_...' }]
 */
export function matchRules(view: Searched, compiled: CompiledRules): RuleMatch[] {
  const { text, bytes } = view;
  const out: RuleMatch[] = [];
  for (const index of compiled.wholeText) {
    if (compiled.rules[index]!.lead) runAtLead(compiled, index, view, out);
    else runPattern(compiled, index, view, 0, text.length, out);
  }
  const coveredUntil = new Array<number>(compiled.rules.length).fill(-1);
  for (const { at, keyword } of findKeywords(bytes, compiled.keywords)) {
    for (const index of keyword.rules) {
      if (at < coveredUntil[index]!) continue;
      const multiline = compiled.rules[index]!.multiline === true;
      const from = lineStart(bytes, at);
      const newline = multiline ? -1 : bytes.subarray(at, at + LINE_REACH + 1).indexOf(10);
      const lineEnd = newline >= 0 ? at + newline : -1;
      const to = lineEnd >= 0 ? lineEnd : Math.min(text.length, at + (multiline ? BLOCK_REACH : LINE_REACH));
      runPattern(compiled, index, view, from, to, out);
      // A whole line was searched: later keywords on it are covered. A cut window is searched again.
      coveredUntil[index] = lineEnd >= 0 || to === text.length ? to : at + 1;
    }
  }
  return out;
}
