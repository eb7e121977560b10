// The detector: runs the rule table over a text and its decoded views, and maps every finding back
// to the raw text. The redactor and the leak scanner both stand on it.
import { buildViews } from './decode-views.ts';
import { findEncodedRuns } from './encoded-runs.ts';
import { compileRules, matchRules, type CompiledRules } from './match-rules.ts';
import { markerSpans } from './placeholders.ts';
import type { Rule } from './rule.ts';
import { RULES } from './rules.ts';
import { literalRule } from './known-secrets.ts';

export interface DetectorOptions {
  /** Key of the fingerprints; one per installation, so fingerprints cannot be brute-forced offline. */
  key: Buffer | string;
  /** Literal words always redacted (operator names, host names, org names). */
  denylist?: readonly string[];
  /** Secret values from the operator's sources, redacted wherever they appear and however encoded. */
  knownSecrets?: readonly string[];
  /** The rule table; tests pass a reduced one to show each rule is needed. */
  rules?: readonly Rule[];
  /** A text taking longer than this is refused rather than half-checked. */
  budgetMs?: number;
}

export interface Detector {
  key: Buffer | string;
  compiled: CompiledRules;
  /** Rule id -> position in the table: earlier rules are more specific. */
  order: Map<string, number>;
  budgetMs: number;
}

export interface Detection {
  rule: string;
  start: number;
  end: number;
  value: string;
  /** Which view showed it: `raw`, `ansi`, `backslash`, `base64`... */
  view: string;
}

/** Why no one can vouch for a text: an unterminated key block, a detector error or a timeout. */
export interface Unsure {
  reason: string;
  rule?: string;
  /** Raw offset the reason points at, when it points somewhere. */
  start?: number;
}

export interface DetectResult {
  detections: Detection[];
  unsure: Unsure | undefined;
}

/** Decoded payloads are searched again, but only this deep: base64 inside base64 inside a JSON string. */
const MAX_DEPTH = 2;

/**
 * Compiles the rule table once, with the operator's denylist and known secrets as two more rules.
 *
 * @example
 * const detector = createDetector({ key, denylist: ['acme'], knownSecrets: ['hunter2-prod'] });
 */
export function createDetector(options: DetectorOptions): Detector {
  const rules = [...(options.rules ?? RULES)];
  const known = literalRule('known-secret', 'a value from the configured secret sources, in any encoding', options.knownSecrets ?? [], true);
  const denied = literalRule('denylist', "a word from the operator's denylist", options.denylist ?? [], false);
  // Known secrets first: a configured value outranks whatever pattern also matches it.
  const compiled = compileRules([...(known ? [known] : []), ...rules, ...(denied ? [denied] : [])]);
  const order = new Map(compiled.rules.map((rule, index) => [rule.id, index]));
  return { key: options.key, compiled, order, budgetMs: options.budgetMs ?? 30_000 };
}

function detectIn(text: string, detector: Detector, depth: number, deadline: number, found: Detection[]): Unsure | undefined {
  const { compiled, order } = detector;
  let unsure: Unsure | undefined;
  for (const view of buildViews(text)) {
    for (const match of matchRules(view.text, compiled)) {
      const [start, end] = view.toRaw(match.start, match.end);
      if (match.unsure) unsure ??= { reason: match.unsure, rule: compiled.rules[match.rule]!.id, start };
      found.push({ rule: compiled.rules[match.rule]!.id, start, end, value: text.slice(start, end), view: view.name });
    }
    if (depth < MAX_DEPTH) {
      for (const run of findEncodedRuns(view.text)) {
        const inner: Detection[] = [];
        const innerUnsure = detectIn(run.decoded, detector, depth + 1, deadline, inner);
        if (innerUnsure) unsure ??= { ...innerUnsure, start: view.toRaw(run.start, run.end)[0] };
        if (inner.length === 0) continue;
        const [start, end] = view.toRaw(run.start, run.end);
        // The run gets one placeholder: name it after the most specific rule found inside.
        const rule = inner.map((d) => d.rule).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))[0]!;
        found.push({ rule, start, end, value: text.slice(start, end), view: `${view.name}+${run.kind}` });
      }
    }
    if (performance.now() > deadline) return { reason: `the detector ran out of time (${detector.budgetMs} ms)` };
  }
  return unsure;
}

/** Earliest first, longest first, table order on ties; an overlapping later detection joins the earlier one. */
function mergeOverlaps(text: string, detections: Detection[], order: Map<string, number>): Detection[] {
  detections.sort((a, b) => a.start - b.start || b.end - a.end || (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0));
  const kept: Detection[] = [];
  for (const detection of detections) {
    const last = kept.at(-1);
    if (last && detection.start < last.end) {
      if (detection.end > last.end) {
        last.end = detection.end;
        last.value = text.slice(last.start, last.end);
      }
      continue;
    }
    kept.push({ ...detection });
  }
  return kept;
}

/**
 * Every secret or personal datum in `text`, in raw-text offsets, overlaps merged. Never throws: a
 * detector error makes the text unsure instead.
 *
 * @example
 * detect('mail alice@acme.io', detector).detections // [{ rule: 'email', start: 5, end: 18, ... }]
 */
export function detect(text: string, detector: Detector): DetectResult {
  const found: Detection[] = [];
  let unsure: Unsure | undefined;
  try {
    unsure = detectIn(text, detector, 0, performance.now() + detector.budgetMs, found);
  } catch (error) {
    unsure = { reason: `the detector failed (${error instanceof Error ? error.name : 'error'})` };
  }
  // What journey wrote itself is never a finding.
  const markers = found.length === 0 ? [] : markerSpans(text);
  const outside = markers.length === 0 ? found
    : found.filter((d) => !markers.some(([start, end]) => d.start >= start && d.end <= end));
  return { detections: mergeOverlaps(text, outside, detector.order), unsure };
}
