// Runs the rule table over one text fast: keywords of all rules are found in one pass, and each
// rule's pattern runs only on the line around its keywords.
import { isAscii } from 'node:buffer';
import type { View } from './view.ts';
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
  /** Per rule, its `head` compiled to search a window (global), where it has one. */
  heads: Array<RegExp | undefined>;
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

/**
 * `source` with each `(?i:…)` modifier group written out as a plain group whose letters are classes
 * of both cases (`(?i:ssn)` becomes `(?:[sS][sS][nN])`). V8's compiled code for a modifier group,
 * once a pattern has run often enough to be compiled, lost the case-insensitivity: `SSN: …`,
 * `Phone: …`, `Login: …` went unmatched after some hundred texts in one process (a long publish,
 * the server's output filter), and matched again with --no-regexp-tier-up. Escapes (`\w`, `\n`)
 * and character classes stay as written.
 *
 * @example
 * withoutCaseModifiers('(?<![\\w-])(?i:ssn|bsn)') // '(?<![\\w-])(?:[sS][sS][nN]|[bB][sS][nN])'
 */
export function withoutCaseModifiers(source: string): string {
  let out = '';
  for (let at = 0; at < source.length;) {
    const open = source.indexOf('(?i:', at);
    if (open < 0 || isEscaped(source, open)) {
      if (open < 0) return out + source.slice(at);
      out += source.slice(at, open + 1);
      at = open + 1;
      continue;
    }
    out += `${source.slice(at, open)}(?:`;
    let depth = 1;
    let inClass = false;
    let index = open + 4;
    for (; index < source.length && depth > 0; index++) {
      const char = source[index]!;
      if (char === '\\') {
        out += source.slice(index, index + 2);
        index += 1;
      } else if (inClass) {
        if (char === ']') inClass = false;
        out += char;
      } else if (char === '[') {
        inClass = true;
        out += char;
      } else if (char === '(') {
        depth += 1;
        out += char;
        // A group's own syntax (`?:`, `?<name>`, `?<!`) is no text to fold.
        const syntax = /^\?(?:<[A-Za-z_]\w*>|<[=!]|[:=!])/.exec(source.slice(index + 1));
        if (syntax) {
          out += syntax[0];
          index += syntax[0].length;
        }
      } else if (char === ')') {
        depth -= 1;
        out += char;
      } else if (/[A-Za-z]/.test(char)) {
        out += `[${char.toLowerCase()}${char.toUpperCase()}]`;
      } else {
        out += char;
      }
    }
    at = index;
  }
  return out;
}

/** Whether the character at `at` follows an odd run of backslashes. */
function isEscaped(source: string, at: number): boolean {
  let slashes = 0;
  for (let before = at - 1; before >= 0 && source[before] === '\\'; before--) slashes += 1;
  return slashes % 2 === 1;
}

/** The rule's pattern with `d` (each capture group's offsets, so the secret part is located exactly), sticky for a `lead` rule. */
function compilePattern(rule: Rule): RegExp {
  // Base views hold characters beyond Latin-1 folded (foldText); a pattern that names such a
  // character, or a Unicode mode that tells them apart, would see something else than the text.
  // An escape is a backslash after an even run of them: `\\u` (an escaped backslash, then `u`) is none.
  if (/[^\x00-\x7f]|(?<!\\)(?:\\\\)*\\u|(?<!\\)(?:\\\\)*\\[pP]\{/.test(rule.pattern.source) || /[uv]/.test(rule.pattern.flags)) {
    throw new Error(`rule ${rule.id}: a pattern must be ASCII without \\u or \\p escapes and without the u or v flag (texts are searched folded)`);
  }
  const flags = new Set(rule.pattern.flags);
  flags.add('d');
  if (rule.anchor === 'name') {
    flags.delete('g');
    flags.add('y');
  }
  if (rule.head !== undefined) {
    const { source } = rule.pattern;
    if (!rule.keywords || !(source.startsWith(rule.head.source) || source.startsWith(`(?:${rule.head.source})`)) || rule.head.flags !== rule.pattern.flags) {
      throw new Error(`rule ${rule.id}: a head must be the start of its pattern, with the same flags, and the rule must have keywords`);
    }
    flags.delete('g');
    flags.add('y');
  }
  if (rule.lead !== undefined) {
    const { source } = rule.pattern;
    if (rule.keywords || !/^[\x21-\x7e]$/.test(rule.lead) || !(source.startsWith(rule.lead) || source.startsWith(`\\${rule.lead}`))) {
      throw new Error(`rule ${rule.id}: lead must be the printable ASCII character its pattern starts with, and the rule must have no keywords`);
    }
    flags.delete('g');
    flags.add('y');
  }
  return new RegExp(withoutCaseModifiers(rule.pattern.source), [...flags].join(''));
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
    heads: rules.map((rule) => (rule.head ? new RegExp(withoutCaseModifiers(rule.head.source), rule.head.flags) : undefined)),
    keywords: indexKeywords(distinctKeywords(rules)),
    wholeText: rules.flatMap((rule, index) => (rule.keywords ? [] : [index])),
  };
}

/**
 * Records one match of rule `index` in `window` (which starts at `from` of the view's text), unless
 * the rule lets it through. The value is the view's real characters, where the window holds folded ones.
 * Returns where in `window` its last detection ends (a rule with `parts` may leave the match's last
 * lines out of them), or false when it records none.
 */
function record(compiled: CompiledRules, index: number, match: RegExpExecArray, window: string, from: number, view: Searched, out: RuleMatch[]): number | false {
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
  const context = rule.accept || rule.parts ? { text: window, start, end, match, slice: (at: number, to: number) => view.slice(from + at, from + to) } : undefined;
  if (rule.accept && !rule.accept(value, context!)) return false;
  if (!rule.neverPlaceholder && isPlaceholder(value)) return false;
  const unsure = rule.unsure?.(match);
  if (rule.parts) {
    const parts = rule.parts(value, context!);
    for (const [at, to] of parts) out.push({ rule: index, start: from + start + at, end: from + start + to, value: value.slice(at, to), ...(unsure ? { unsure } : {}) });
    return parts.length > 0 ? start + parts.at(-1)![1] : false;
  }
  out.push({ rule: index, start: from + start, end: from + end, value, ...(unsure ? { unsure } : {}) });
  return match.index + match[0].length;
}

/**
 * The text of [from, to) of the view a pattern searches, and the view offset its first character stands
 * at. A window that starts inside a line (a line longer than LINE_REACH, a `near` window) opens with a
 * NUL standing for the character before it: `^` must not match there as if a line began, or
 * `currency ?? 'EUR'` in the middle of a JSON line reads as a `ps` line of user `currency`.
 */
function windowOf(view: Searched, from: number, to: number): { window: string; base: number } {
  const { text } = view;
  const midLine = from > 0 && view.bytes[from - 1] !== 10;
  return { window: from === 0 && to === text.length ? text : `${midLine ? '\0' : ''}${text.slice(from, to)}`, base: midLine ? from - 1 : from };
}

function runPattern(compiled: CompiledRules, index: number, view: Searched, from: number, to: number, out: RuleMatch[]): void {
  const pattern = compiled.patterns[index]!;
  const { window, base } = windowOf(view, from, to);
  // In a keyword's window (a line), a match the rule lets through is searched again from its next
  // character: `"log": "x = \"v\""` must not hide the assignment its rejected value swallowed.
  const retry = compiled.rules[index]!.keywords !== undefined;
  const overlapping = compiled.rules[index]!.overlapping === true;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(window); match; match = pattern.exec(window)) {
    if (match[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    const end = record(compiled, index, match, window, base, view, out);
    if (overlapping || (end === false && retry)) pattern.lastIndex = match.index + 1;
    else if (end !== false && end < pattern.lastIndex) {
      // The lines of the match past its last detection are read again: a command among them starts a match of its own.
      pattern.lastIndex = Math.max(match.index + 1, end);
    }
  }
}

/**
 * Runs a rule with a `head` (its pattern compiled sticky) at each place of [from, to) of the view where
 * its head is found: the window is its keywords' lines, and the pattern reads on past them.
 */
function runAtHeads(compiled: CompiledRules, index: number, view: Searched, from: number, to: number, out: RuleMatch[]): void {
  const head = compiled.heads[index]!;
  const pattern = compiled.patterns[index]!;
  const { text } = view;
  const { window, base } = windowOf(view, from, to);
  head.lastIndex = 0;
  for (let found = head.exec(window); found; found = head.exec(window)) {
    pattern.lastIndex = base + found.index;
    const match = pattern.exec(text);
    if (match && match[0].length > 0) record(compiled, index, match, text, 0, view, out);
    // Each place a head starts at: one the pattern refused there may start another there.
    head.lastIndex = found.index + 1;
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

/** Most lines a command continues over with a `\` at each one's end, read back from its last. */
const MOST_CONTINUED = 4;

/**
 * Start of the first line of a command continued onto the line at `lineFrom` (each line before it
 * ends in a `\`), at most MOST_CONTINUED lines back; `lineFrom` itself for a line that continues none.
 *
 * @example
 * continuedFrom(Buffer.from('cat \\\n  /run/secrets/x'), 6) // 0
 */
function continuedFrom(bytes: Uint8Array, lineFrom: number): number {
  let start = lineFrom;
  for (let lines = 0; lines < MOST_CONTINUED && start >= 2; lines++) {
    const backslash = bytes[start - 2] === 13 ? start - 3 : start - 2;
    if (bytes[start - 1] !== 10 || backslash < 0 || bytes[backslash] !== 92) break;
    const previous = bufferOf(bytes).lastIndexOf(10, backslash);
    if (backslash - previous > LINE_REACH) break;
    start = previous + 1;
  }
  return start;
}

/** Characters of a name (`DB_PASSWORD`, `spring.datasource.password`, `$pass`, `--api-key`). */
const NAME_CHAR = new Uint8Array(256);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.$@-') NAME_CHAR[char.charCodeAt(0)] = 1;

/** Start of the name (`NAME_CHAR`s, at most 120 back) the keyword at `at` lies in, not before `lineFrom`. */
function nameStart(bytes: Uint8Array, at: number, lineFrom: number): number {
  let start = at;
  while (start > lineFrom && at - start < 120 && NAME_CHAR[bytes[start - 1]!] === 1) start -= 1;
  return start;
}

/**
 * Runs a rule anchored at the start of the name its keyword lies in (`anchor: 'name'`, the name
 * starting at `start`): one sticky match per name, wherever on however long a line, instead of a
 * search of the line.
 */
function runAtName(compiled: CompiledRules, index: number, view: Searched, start: number, lineFrom: number, out: RuleMatch[]): void {
  const { bytes, text } = view;
  const pattern = compiled.patterns[index]!;
  // From the opening quote of a quoted name (`"client_secret": …`), else from the name itself: a
  // quote before it may open a string the name only starts (`"PASSWORD=x"`, `{"log":"password = …`).
  const quote = bytes[start - 1];
  const starts = start > lineFrom && (quote === 34 || quote === 39 || quote === 96) ? [start - 1, start] : [start];
  for (const from of starts) {
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    if (match && match[0].length > 0 && record(compiled, index, match, text, 0, view, out) !== false) return;
  }
}

/**
 * The line breaks around offsets asked for in ascending order (the keyword hits of a view): each
 * stretch of the text is searched once, where searching back and ahead of every hit searched a long
 * line's (a JSON record's) reach again for each of its hundreds of keywords.
 */
class LineBreaks {
  /** Start of the line holding `seen` (the last offset asked for). */
  private start = 0;
  private seen = 0;
  /** The first line break at or after `seen` (the text's length when there is none). */
  private next = -1;

  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** Start of the line holding `offset`, looking back at most LINE_REACH characters. */
  lineStart(offset: number): number {
    if (offset > this.seen) {
      const newline = this.next >= offset ? -1 : this.bytes.subarray(this.seen, offset).lastIndexOf(10);
      if (newline >= 0) this.start = this.seen + newline + 1;
      this.seen = offset;
    }
    return Math.max(this.start, offset - LINE_REACH);
  }

  /** Offset from `offset` of the first line break at most LINE_REACH on, -1 when there is none so near. */
  newlineAfter(offset: number): number {
    if (this.next < offset) {
      const newline = bufferOf(this.bytes).indexOf(10, offset);
      this.next = newline < 0 ? this.bytes.length : newline;
    }
    return this.next - offset <= LINE_REACH && this.next < this.bytes.length ? this.next - offset : -1;
  }
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
  let ascii: boolean | undefined;
  for (const index of compiled.wholeText) {
    const rule = compiled.rules[index]!;
    if (rule.beyondAscii && (ascii ??= isAscii(bufferOf(bytes)))) continue;
    if (rule.lead) runAtLead(compiled, index, view, out);
    else runPattern(compiled, index, view, 0, text.length, out);
  }
  const coveredUntil = new Array<number>(compiled.rules.length).fill(-1);
  /** Per anchored rule, the name (and line start) it last ran at: the other keywords of one name (`API_KEY` holds `api_key`, `_key`, `key=`) would run it again to the same end. */
  const lastName = new Array<number>(compiled.rules.length).fill(-1);
  const lastLineFrom = new Array<number>(compiled.rules.length).fill(-1);
  // Per rule, the window found last and not searched yet: the windows of the next keywords join it
  // while they overlap, and it is searched once. A JSON record is one line of tens of kilobytes that
  // names `token` or `password` hundreds of times: each keyword's window searched on its own was
  // most of the time spent on agents' records.
  const pendingFrom = new Array<number>(compiled.rules.length).fill(-1);
  const pendingTo = new Array<number>(compiled.rules.length).fill(-1);
  const flush = (index: number) => {
    if (pendingTo[index]! >= 0) (compiled.heads[index] ? runAtHeads : runPattern)(compiled, index, view, pendingFrom[index]!, pendingTo[index]!, out);
    pendingTo[index] = -1;
  };
  const search = (index: number, from: number, to: number) => {
    if (pendingTo[index]! >= from) {
      pendingTo[index] = Math.max(pendingTo[index]!, to);
      return;
    }
    flush(index);
    pendingFrom[index] = from;
    pendingTo[index] = to;
  };
  const lines = new LineBreaks(bytes);
  let hitAt = -1;
  let from = 0;
  let firstNewline = -1;
  for (const { at, keyword } of findKeywords(bytes, compiled.keywords)) {
    for (const index of keyword.rules) {
      if (at < coveredUntil[index]!) continue;
      // The line around a keyword, searched once for all the rules it wakes.
      if (at !== hitAt) {
        hitAt = at;
        from = lines.lineStart(at);
        firstNewline = lines.newlineAfter(at);
      }
      const rule = compiled.rules[index]!;
      if (rule.anchor === 'name') {
        const start = nameStart(bytes, at, from);
        if (start === lastName[index] && from === lastLineFrom[index]) continue;
        lastName[index] = start;
        lastLineFrom[index] = from;
        runAtName(compiled, index, view, start, from, out);
        continue;
      }
      // A rule reading lines past its keyword's reads a command continued onto it too (`cat \` above `  /run/secrets/x`).
      const lineFrom = rule.lines ? continuedFrom(bytes, from) : from;
      if (rule.head) {
        // Its heads are searched on the keyword's line alone; later keywords on it are covered.
        const ownLineEnd = firstNewline >= 0 ? at + firstNewline : Math.min(text.length, at + LINE_REACH);
        search(index, lineFrom, ownLineEnd);
        coveredUntil[index] = ownLineEnd;
        continue;
      }
      const multiline = rule.multiline === true;
      let newline = multiline ? -1 : firstNewline;
      for (let more = rule.lines ?? 0; more > 0 && newline >= 0; more--) {
        const next = bytes.subarray(at + newline + 1, at + newline + 1 + LINE_REACH + 1).indexOf(10);
        newline = next < 0 ? (at + newline + 1 + LINE_REACH < text.length ? -1 : text.length - at) : newline + 1 + next;
      }
      const lineEnd = newline >= 0 ? Math.min(at + newline, text.length) : -1;
      const to = lineEnd >= 0 ? lineEnd : Math.min(text.length, at + (multiline ? BLOCK_REACH : LINE_REACH));
      if (rule.near) {
        // Only around the keyword: a long line (a JSON tool call holding a whole plan) is not searched
        // from its start for every keyword on it, only the stretches near its keywords; the caller merges repeats.
        search(index, Math.max(from, at - rule.near.before), Math.min(to, at + rule.near.after));
        continue;
      }
      search(index, lineFrom, to);
      // A whole line is searched: later keywords on it are covered. A cut window grows with the next one.
      // For a rule that reads lines past its keyword's, only the keyword's own line is covered: a
      // keyword on a following line (`Password:` after an empty `[sudo] password for x:`) gets a
      // window of its own, reaching the lines after it.
      const ownLineEnd = firstNewline >= 0 ? Math.min(to, at + firstNewline) : to;
      coveredUntil[index] = lineEnd >= 0 || to === text.length ? (rule.lines ? ownLineEnd : to) : at + 1;
    }
  }
  for (let index = 0; index < compiled.rules.length; index++) flush(index);
  return out;
}
