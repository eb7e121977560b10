// The redactor: replaces every rule match with a typed, stable placeholder, and says when it is unsure.
import { createHmac } from 'node:crypto';
import { RULES, UNTERMINATED_KEY } from './rules.ts';

export interface Finding {
  rule: string;
  line: number;
  column: number;
  /** Keyed fingerprint of the value: tells two mentions apart without revealing either. */
  fingerprint: string;
}

export interface RedactOptions {
  /** Key of the fingerprints; one per installation, so fingerprints cannot be brute-forced offline. */
  key: Buffer | string;
  /** Literal words always redacted (operator names, host names, org names). */
  denylist?: readonly string[];
}

export interface RedactResult {
  text: string;
  findings: Finding[];
  /** Why the redactor cannot vouch for this text; the caller withholds the item. */
  unsure: string | undefined;
}

interface Match {
  rule: string;
  start: number;
  end: number;
  value: string;
}

/** Keyed 4-hex fingerprint of a secret value. */
export function fingerprint(value: string, key: Buffer | string): string {
  return createHmac('sha256', key).update(value).digest('hex').slice(0, 4);
}

/** A value made only of placeholders was redacted already: no rule may count it again. */
const ONLY_PLACEHOLDERS = /^(?:\[REDACTED:[a-z0-9-]+#[0-9a-f]{4}\][\s:;,]*)+$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function collectMatches(text: string, denylist: readonly string[]): Match[] {
  const matches: Match[] = [];
  for (const rule of RULES) {
    for (const match of text.matchAll(rule.pattern)) {
      const value = match[rule.group ?? 0];
      if (value === undefined || ONLY_PLACEHOLDERS.test(value) || (rule.accept && !rule.accept(value))) continue;
      const start = match.index + match[0].lastIndexOf(value);
      matches.push({ rule: rule.id, start, end: start + value.length, value });
    }
  }
  for (const word of denylist) {
    for (const match of text.matchAll(new RegExp(escapeRegExp(word), 'gi'))) {
      matches.push({ rule: 'denylist', start: match.index, end: match.index + match[0].length, value: match[0] });
    }
  }
  // Earliest first, longest first on ties; overlapping later matches are covered by the earlier one.
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Match[] = [];
  for (const match of matches) {
    const last = kept.at(-1);
    if (last && match.start < last.end) {
      last.end = Math.max(last.end, match.end);
      last.value = text.slice(last.start, last.end);
      continue;
    }
    kept.push({ ...match });
  }
  return kept;
}

/** Returns offset -> {line, column}, indexing line starts once: logs run to megabytes and many findings. */
function locator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}

/**
 * Finds every secret or personal datum in `text` without changing it (the leak scanner's view).
 *
 * @example
 * scanText('key=AKIA...', { key: 'k' }) // [{ rule: 'aws-access-key-id', line: 1, column: 5, fingerprint: '1f2e' }]
 */
export function scanText(text: string, options: RedactOptions): Finding[] {
  // JSON escapes read as the whitespace they stand for; two characters each, so columns stay right.
  const unescaped = text.replace(/\\[nrt]/g, '  ').replace(/\\(["/])/g, ' $1');
  const position = locator(unescaped);
  return collectMatches(unescaped, options.denylist ?? []).map((match) => ({
    rule: match.rule,
    ...position(match.start),
    fingerprint: fingerprint(match.value, options.key),
  }));
}

/**
 * Redacts `text`: each finding becomes `[REDACTED:<rule>#<fingerprint>]`.
 * `unsure` is set when a secret's extent cannot be known (a key block without its end marker).
 *
 * @example
 * redactText('mail alice@acme.io', { key: 'k' }).text // 'mail [REDACTED:email#9c1d]'
 */
export function redactText(text: string, options: RedactOptions): RedactResult {
  const matches = collectMatches(text, options.denylist ?? []);
  const position = locator(text);
  const findings: Finding[] = [];
  let output = '';
  let cursor = 0;
  for (const match of matches) {
    const fp = fingerprint(match.value, options.key);
    findings.push({ rule: match.rule, ...position(match.start), fingerprint: fp });
    output += `${text.slice(cursor, match.start)}[REDACTED:${match.rule}#${fp}]`;
    cursor = match.end;
  }
  output += text.slice(cursor);
  const unsure = UNTERMINATED_KEY.test(output) ? 'a private key block without its end marker' : undefined;
  return { text: output, findings, unsure };
}
