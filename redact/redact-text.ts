// The redactor: replaces every detection with a typed, stable placeholder, checks its own output
// again, and says when it cannot vouch for a text.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { detect, learnedForms, MIN_LEARNED_LENGTH, type DetectOptions, type DetectResult, type Detector } from './detect.ts';
import { isGuessable } from './guessable-values.ts';
import { pageTextValue } from './page-values.ts';
import { redactedText, type PublicText } from '../core/public-text.ts';

export interface Finding {
  rule: string;
  line: number;
  column: number;
  /** Keyed fingerprint of the value: tells two mentions apart without revealing either. */
  fingerprint: string;
  /** The view that showed it (`raw`, `backslash`, `base64`...). */
  view?: string;
}

/** Why the redactor cannot vouch for a text, and where; never holds a secret. */
export interface UnsureReport {
  reason: string;
  rule?: string;
  line?: number;
  column?: number;
}

export interface RedactResult {
  /** The redacted text; when `unsure` is set it must not be published (the caller withholds it). */
  text: PublicText;
  findings: Finding[];
  /** Set when the caller must withhold the text. */
  unsure: UnsureReport | undefined;
  /**
   * Values a context rule found (a password after `Password:`), with the placeholder each became: a
   * caller holding several texts of one record redacts them wherever else they appear (the same
   * password repeated bare in another field). Kept in memory only, never published.
   */
  learned?: ReadonlyArray<{ value: string; placeholder: string }>;
  /**
   * Where each finding stood in the text redacted, as [start, end) offsets, in the findings' order: a
   * caller that read several texts as one redacts each text's part of a secret (synth/redact-item.ts),
   * and a caller that cuts the output cuts it by what was read (synth/clip-imported-page.ts).
   */
  spans?: ReadonlyArray<readonly [number, number]>;
}

export { WITHHELD_MARKER } from './placeholders.ts';

/** What stands for the fingerprint of a value too guessable to have one (guessable-values.ts). */
export const NO_FINGERPRINT = '----';

/**
 * The placeholder a finding's value became: `[REDACTED:<rule>#<fingerprint>]`, or `[REDACTED:<rule>]`
 * for a guessable value, which gets no fingerprint.
 *
 * @example
 * placeholderOf({ rule: 'email', fingerprint: '9c1d' }) // '[REDACTED:email#9c1d]'
 */
export function placeholderOf(finding: Pick<Finding, 'rule' | 'fingerprint'>): string {
  return finding.fingerprint === NO_FINGERPRINT ? `[REDACTED:${finding.rule}]` : `[REDACTED:${finding.rule}#${finding.fingerprint}]`;
}

/** Keyed 4-hex fingerprint of a secret value, or NO_FINGERPRINT when the value is guessable: a 16-bit tag would confirm a guess of it. */
export function fingerprint(value: string, key: Buffer | string): string {
  if (isGuessable(value)) return NO_FINGERPRINT;
  return createHmac('sha256', keyObjectOf(key)).update(value).digest('hex').slice(0, 4);
}

// A raw key is imported into a KeyObject on every createHmac; a publish makes thousands of fingerprints with one key.
let lastKey: { raw: Buffer | string; object: KeyObject } | undefined;
function keyObjectOf(raw: Buffer | string): KeyObject {
  if (lastKey?.raw !== raw) lastKey = { raw, object: createSecretKey(typeof raw === 'string' ? Buffer.from(raw) : raw) };
  return lastKey.object;
}

/**
 * Returns offset -> {line, column} (lines end at \n only). Lines are counted by a cursor that moves forward, as the
 * findings come (in order); an offset before it counts again from the start. An index of every
 * line start cost a scan 2.3 ms per MB (an array of a line per 50 characters), counting costs 0.4.
 */
export function locator(text: string): (offset: number) => { line: number; column: number } {
  let cursor = 0;
  let line = 1;
  let lineStart = 0;
  /** The first newline at or after the cursor, remembered: one long line must not be searched again per finding. */
  let next = text.indexOf('\n');
  return (offset) => {
    if (offset < cursor) [cursor, line, lineStart, next] = [0, 1, 0, text.indexOf('\n')];
    while (next >= 0 && next < offset) {
      line += 1;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
    }
    cursor = offset;
    return { line, column: offset - lineStart + 1 };
  };
}

/** Findings and the unsure report of one detection, in lines and columns; the line index is built once, and only when needed. */
function describe(text: string, result: DetectResult, key: Buffer | string): { findings: Finding[]; unsure: UnsureReport | undefined } {
  let position: ReturnType<typeof locator> | undefined;
  const at = (offset: number) => (position ??= locator(text))(offset);
  // A secret is often repeated (a key in every request of a log): one HMAC per distinct value.
  const fingerprints = new Map<string, string>();
  const fingerprintOf = (value: string) => fingerprints.get(value) ?? fingerprints.set(value, fingerprint(value, key)).get(value)!;
  const findings = result.detections.map((d) => ({ rule: d.rule, ...at(d.start), fingerprint: fingerprintOf(d.value), view: d.view }));
  const { unsure } = result;
  return {
    findings,
    unsure: unsure && {
      reason: unsure.reason, ...(unsure.rule ? { rule: unsure.rule } : {}), ...(unsure.start === undefined ? {} : at(unsure.start)),
    },
  };
}

/** Redacts one text; `learned` are values a context rule found in other records, to be found in any reading of this one. */
export type Redactor = (text: string, learned?: readonly string[]) => RedactResult;

/**
 * Finds every secret or personal datum in `text` without changing it (the leak scanner's view);
 * `page`: `text` is a built page's source, whose values end at its first breaking tag (page-values.ts).
 *
 * @example
 * scanText('key=AKIA...', detector).findings // [{ rule: 'aws-access-key-id', line: 1, column: 5, fingerprint: '1f2e' }]
 */
export function scanText(text: string, detector: Detector, options: { page?: boolean } = {}): { findings: Finding[]; unsure: UnsureReport | undefined } {
  const result = detect(text, detector);
  // On a built page a value ends where the page's text does: its fingerprint is of what the JSON it was built from holds.
  if (options.page) for (const d of result.detections) d.value = pageTextValue(d.value);
  return describe(text, result, detector.key);
}

/** Lines of context the re-check takes around each placeholder: a wrapped run or a joined token spans a few. */
const RECHECK_LINES = 3;

/**
 * What the re-check must read of a redacted text: the lines around each placeholder, with
 * RECHECK_LINES of context, separated by blank lines. Every other line is the input's own, already
 * searched in the same context; a text that may hold a key block is re-checked whole.
 */
function recheckText(output: string, spans: ReadonlyArray<[number, number]>, multilineKeywords: readonly RegExp[]): { text: string; offsets: number[]; starts: number[] } {
  if (output.length < 1 << 16 || multilineKeywords.some((keyword) => keyword.test(output))) return { text: output, offsets: [0], starts: [0] };
  const parts: string[] = [];
  /** Where each part starts in the output, and in the re-check text. */
  const offsets: number[] = [];
  const starts: number[] = [];
  let length = 0;
  let covered = 0;
  for (const [start, end] of spans) {
    if (end <= covered) continue;
    let from = Math.max(start, covered);
    for (let line = 0; line <= RECHECK_LINES && from > covered; line++) from = Math.max(covered, output.lastIndexOf('\n', from - 1));
    let to = end;
    for (let line = 0; line <= RECHECK_LINES && to >= 0 && to < output.length; line++) {
      const next = output.indexOf('\n', to + 1);
      to = next < 0 ? output.length : next;
    }
    to = Math.min(output.length, Math.max(to, end));
    offsets.push(from);
    starts.push(length);
    parts.push(output.slice(from, to));
    length += to - from + 3;
    covered = to;
  }
  return { text: parts.join('\n\n\n'), offsets, starts };
}

/**
 * Redacts `text`: each detection becomes `[REDACTED:<rule>#<fingerprint>]` (`[REDACTED:<rule>]` for a
 * guessable value, which gets no fingerprint). The output is checked
 * again; when anything still matches, or the detector was unsure, `unsure` says why (rule and
 * position, never the value) and the caller must not publish the text.
 *
 * @example
 * redactText('mail alice@acme.io', detector).text // 'mail [REDACTED:email#9c1d]'
 */
export function redactText(text: string, detector: Detector, options: DetectOptions = {}): RedactResult {
  const result = detect(text, detector, options);
  const { detections } = result;
  const { findings, unsure } = describe(text, result, detector.key);
  if (detections.length === 0) return { text: redactedText(text), findings, unsure };
  let output = '';
  let cursor = 0;
  /** Where each placeholder sits in the output. */
  const spans: Array<[number, number]> = [];
  const learned: Array<{ value: string; placeholder: string }> = [];
  const inputSpans = detections.map((detection) => [detection.start, detection.end] as const);
  detections.forEach((detection, index) => {
    output += text.slice(cursor, detection.start);
    const placeholder = placeholderOf(findings[index]!);
    spans.push([output.length, output.length + placeholder.length]);
    output += placeholder;
    cursor = detection.end;
    if (detector.learnFrom.has(detection.rule) && detection.value.length >= MIN_LEARNED_LENGTH) {
      for (const value of learnedForms(detection.value)) learned.push({ value, placeholder });
    }
  });
  output += text.slice(cursor);
  if (unsure) return { text: redactedText(output), findings, unsure, spans: inputSpans };
  // The re-check's offsets map back to the output's, so a refusal names the real line and column.
  const recheck = recheckText(output, spans, detector.multilineKeywords);
  const again = detect(recheck.text, detector);
  const toOutput = (offset: number) => {
    let part = recheck.starts.length - 1;
    while (part > 0 && recheck.starts[part]! > offset) part -= 1;
    return recheck.offsets[part]! + offset - recheck.starts[part]!;
  };
  const left = again.detections[0];
  const at = (offset: number) => locator(output)(toOutput(offset));
  const verdict = left
    ? { reason: `still matches after redaction (fingerprint ${fingerprint(left.value, detector.key)})`, rule: left.rule, ...at(left.start) }
    : again.unsure && { reason: again.unsure.reason, ...(again.unsure.rule ? { rule: again.unsure.rule } : {}), ...(again.unsure.start === undefined ? {} : at(again.unsure.start)) };
  return { text: redactedText(output), findings, unsure: verdict, spans: inputSpans, ...(learned.length > 0 ? { learned } : {}) };
}
