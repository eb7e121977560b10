// The detector: runs the rule table over a text and its decoded views, and maps every finding back
// to the raw text. The redactor and the leak scanner both stand on it.
import { createHmac } from 'node:crypto';
import { buildViews, type View } from './build-views.ts';
import { findEncodedRuns, type EncodedRun } from './encoded-runs.ts';
import { BLOCK_REACH, compileRules, matchRules, type CompiledRules } from './match-rules.ts';
import { findEntropyTokens } from './entropy-tokens.ts';
import { insideMarker, registerMarkerRules } from './placeholders.ts';
import type { Rule } from './rule.ts';
import { GRAMMAR_RULES, PRIVACY_RULES, SECRET_RULES, VENDOR_RULES } from './rules.ts';
import { escapeRegExp, literalRule } from './known-secrets.ts';
import { ScratchBytes } from './text-bytes.ts';
import { forgetVerdicts } from './verdict-cache.ts';
import { occurrencesOf } from './learned-values.ts';

export interface DetectorOptions {
  /** Key of the fingerprints; one per installation, so fingerprints cannot be brute-forced offline. */
  key: Buffer | string;
  /** Literal words always redacted (operator names, host names, org names). */
  denylist?: readonly string[];
  /** Secret values from the operator's sources, redacted wherever they appear and however encoded. */
  knownSecrets?: readonly string[];
  /**
   * Which detectors run: `shapes` (the first: credentials and personal data by their shape) and
   * `grammar` (the second: credentials by where they are written, and random-looking tokens). Both
   * by default; the benchmark and the redactor-off test run each alone.
   */
  detectors?: { shapes: boolean; grammar: boolean };
  /** The rule table instead of the detectors' own; tests pass a reduced one to show each rule is needed (no entropy pass then). */
  rules?: readonly Rule[];
  /** A text taking longer than this is refused rather than half-checked. */
  budgetMs?: number;
  /** Length of the pieces a long text is searched in (PIECE); tests make it small to cross many seams. */
  pieceLength?: number;
}

export interface Detector {
  key: Buffer | string;
  /**
   * Keyed hash of everything that decides what this detector finds (rules, known secrets, denylist):
   * caches of redacted or scanned output are valid only for the identity they were made with.
   */
  identity: string;
  compiled: CompiledRules;
  /** Rule id -> position in the table: earlier rules are more specific. */
  order: Map<string, number>;
  /** Keywords of the rules whose matches span lines (key blocks), which long texts are cut around. */
  multilineKeywords: RegExp[];
  /** Reused for the bytes of each piece of a long text. */
  scratch: ScratchBytes;
  budgetMs: number;
  pieceLength: number;
  /** Rules that find a value by its context: what they find is looked for in the rest of the text too. */
  learnFrom: ReadonlySet<string>;
  /** The second detector's random-token pass runs. */
  entropy: boolean;
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
interface Unsure {
  reason: string;
  rule?: string;
  /** Raw offset the reason points at, when it points somewhere. */
  start?: number;
}

export interface DetectResult {
  detections: Detection[];
  unsure: Unsure | undefined;
}

/**
 * Decoded payloads are searched again, this deep per span: base64 inside gzip inside base64 inside a
 * JSON string. Every run is decoded on its own, so no number of decoy runs uses up another's depth.
 */
const MAX_DEPTH = 4;

/**
 * A long text is searched in pieces of whole lines this long: the views, bytes and edit maps of a
 * piece stay in the CPU caches and the young generation, where those of 100 MB did not.
 */
const PIECE = 1 << 20;
/**
 * Each piece is searched this far into the next (then to a line end), so that a match or a wrapped
 * base64 run that starts in a piece is seen whole. When a key block may start near the end of the
 * piece, it reaches as far as a key block's window instead (BLOCK_REACH).
 */
const PIECE_OVERLAP = 1 << 14;

/**
 * Compiles the rule table once, with the operator's denylist and known secrets as two more rules.
 *
 * @example
 * const detector = createDetector({ key, denylist: ['acme'], knownSecrets: ['hunter2-prod'] });
 */
export function createDetector(options: DetectorOptions): Detector {
  const { shapes, grammar } = options.detectors ?? { shapes: true, grammar: true };
  // Table order names a span two rules found: a vendor's shape before the grammar, the grammar before privacy.
  const rules = [...(options.rules ?? [
    ...(shapes ? [...SECRET_RULES, ...VENDOR_RULES] : []), ...(grammar ? GRAMMAR_RULES : []), ...(shapes ? PRIVACY_RULES : []),
  ])];
  const known = literalRule('known-secret', 'a value from the configured secret sources, in any encoding', options.knownSecrets ?? [], true);
  const denied = literalRule('denylist', "a word from the operator's denylist", options.denylist ?? [], false);
  // Known secrets first: a configured value outranks whatever pattern also matches it.
  const compiled = compileRules([...(known ? [known] : []), ...rules, ...(denied ? [denied] : [])]);
  const order = new Map(compiled.rules.map((rule, index) => [rule.id, index]));
  const multilineKeywords = compiled.rules.flatMap((rule) => (rule.multiline ? (rule.keywords ?? [])
    .map((keyword) => new RegExp(escapeRegExp(keyword), rule.keywordsIgnoreCase ? 'i' : '')) : []));
  const entropy = grammar && options.rules === undefined;
  registerMarkerRules([...order.keys(), ENTROPY_RULE]);
  if (entropy) order.set(ENTROPY_RULE, order.size);
  // A learned value found again names its span last: the rule that found it by its context names it first.
  order.set(LEARNED_RULE, order.size);
  const identity = createHmac('sha256', options.key)
    .update(JSON.stringify([compiled.rules.map((rule) => rule.id), entropy, [...(options.knownSecrets ?? [])].sort(), options.denylist ?? []]))
    .digest('hex');
  return { key: options.key, identity, compiled, order, multilineKeywords, scratch: new ScratchBytes(),
    budgetMs: options.budgetMs ?? 30_000, pieceLength: options.pieceLength ?? PIECE,
    learnFrom: new Set([...GRAMMAR_RULES.map((rule) => rule.id), ENTROPY_RULE]), entropy };
}

/**
 * The views of one text (a piece, or a decoded run) and the encoded runs of each, kept from the first
 * pass for the learned-value pass over the same text: building them again was half of a record's time.
 */
interface Readings {
  views: View[];
  runs: Map<View, EncodedRun[]>;
}

/**
 * Readings by text, kept while one text of a single piece is searched twice; undefined when they are
 * not kept. The base view's bytes live in the detector's scratch memory: nothing may write there
 * between the two passes (repeatsOf, which does, runs after both), and a text of several pieces,
 * whose pieces take turns in it, keeps none.
 */
type ReadingCache = Map<string, Readings> | undefined;

/** The readings of `text`, from `cache` when the first pass made them. */
function readingsOf(text: string, scratch: ScratchBytes | undefined, cache: ReadingCache): Readings {
  const known = cache?.get(text);
  if (known) return known;
  const readings = { views: buildViews(text, scratch), runs: new Map<View, EncodedRun[]>() };
  cache?.set(text, readings);
  return readings;
}

/** The encoded runs of `view`, from its readings when found before. */
function runsOf(view: View, readings: Readings): EncodedRun[] {
  let runs = readings.runs.get(view);
  if (!runs) readings.runs.set(view, (runs = findEncodedRuns(view.text, view.bytes)));
  return runs;
}

function detectIn(text: string, detector: Detector, depth: number, deadline: number, found: Detection[], cache: ReadingCache): Unsure | undefined {
  const { compiled, order } = detector;
  let unsure: Unsure | undefined;
  /** Raw spans of the runs already decoded: a run seen in several views is decoded once. */
  const decoded = new Set<string>();
  // Only the outermost text's views use the scratch buffer: a decoded run's views live alongside it.
  const readings = readingsOf(text, depth === 0 ? detector.scratch : undefined, cache);
  for (const view of readings.views) {
    for (const match of matchRules(view, compiled)) {
      const [start, end] = view.toRaw(match.start, match.end);
      if (match.unsure) unsure ??= { reason: match.unsure, rule: compiled.rules[match.rule]!.id, start };
      found.push({ rule: compiled.rules[match.rule]!.id, start, end, value: text.slice(start, end), view: view.name });
    }
    if (detector.entropy) {
      for (const token of findEntropyTokens(view)) {
        const [start, end] = view.toRaw(token.start, token.end);
        found.push({ rule: ENTROPY_RULE, start, end, value: text.slice(start, end), view: view.name });
      }
    }
    if (depth < MAX_DEPTH) {
      for (const run of runsOf(view, readings)) {
        const [start, end] = view.toRaw(run.start, run.end);
        const span = `${start}:${end}`;
        if (decoded.has(span)) continue;
        decoded.add(span);
        const inner: Detection[] = [];
        const innerUnsure = detectIn(run.decoded, detector, depth + 1, deadline, inner, cache);
        if (innerUnsure) unsure ??= { ...innerUnsure, start };
        if (inner.length === 0) continue;
        // The run gets one placeholder: name it after the most specific rule found inside.
        const rule = inner.map((d) => d.rule).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))[0]!;
        found.push({ rule, start, end, value: text.slice(start, end), view: `${view.name}+${run.kind}` });
      }
    }
    if (performance.now() > deadline) return { reason: `the detector ran out of time (${detector.budgetMs} ms)` };
  }
  return unsure;
}

/**
 * Earliest first, then table order (the more specific rule names a span both found), then longest;
 * an overlapping later detection joins the earlier one.
 */
function mergeOverlaps(text: string, detections: Detection[], order: Map<string, number>): Detection[] {
  detections.sort((a, b) => a.start - b.start || (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0) || b.end - a.end);
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
export function detect(text: string, detector: Detector, options: DetectOptions = {}): DetectResult {
  const found: Detection[] = [];
  let unsure: Unsure | undefined;
  let deadline = performance.now() + detector.budgetMs;
  // A text of one piece (a record) keeps its readings for the learned-value pass; a longer one's would not fit the caches.
  const cache: ReadingCache = text.length <= detector.pieceLength ? new Map() : undefined;
  try {
    unsure = detectPieces(text, detector, deadline, found, cache);
  } catch (error) {
    unsure = { reason: `the detector failed (${error instanceof Error ? error.name : 'error'})` };
  }
  // The values a context rule found, here or in another record, in every reading and encoding of the
  // text (`Lichen%21…`, `Lichen\u0021…`, hex in groups): as known secrets are found.
  // An unsure text is withheld whatever else is found in it: no learned value needs looking for.
  // What journey wrote itself is never a finding.
  const own = unsure ? [] : found.filter((d) => !insideMarker(text, d.start, d.end));
  const learned = unsure ? undefined : learnedDetector(detector, [...learnedValuesOf(own, detector.learnFrom), ...(options.learned ?? [])]);
  if (learned) {
    try {
      deadline = performance.now() + detector.budgetMs;
      unsure = detectPieces(text, learned, deadline, found, cache);
    } catch (error) {
      unsure = { reason: `the detector failed (${error instanceof Error ? error.name : 'error'})` };
    }
  }
  // Whole-token repeats of what a context rule found, searched in the scratch memory: only now, when the
  // readings kept in it for the learned pass are no longer needed. (Their values are the learned ones.)
  found.push(...repeatsOf(text, found, detector.learnFrom, detector.scratch));
  const outside = found.filter((d) => !insideMarker(text, d.start, d.end));
  forgetVerdicts();
  return { detections: mergeOverlaps(text, outside, detector.order), unsure };
}

/** What detect takes besides the text. */
export interface DetectOptions {
  /** Values learned from their context in other records: found in every reading, as known secrets are. */
  learned?: readonly string[];
}

/** The rule a learned value found again in a reading or an encoding is reported as. */
const LEARNED_RULE = 'learned-secret';

/** The values a context rule found in `found`, in every form that is a secret on its own (learnedForms). */
function learnedValuesOf(found: readonly Detection[], learnFrom: ReadonlySet<string>): string[] {
  const values = new Set<string>();
  for (const d of found) {
    if (learnFrom.has(d.rule) && d.value.length >= MIN_LEARNED_LENGTH) for (const value of learnedForms(d.value)) values.add(value);
  }
  return [...values];
}

/** The last few detectors of learned values, per base detector: the same list is asked for text after text. */
const learnedDetectors = new WeakMap<Detector, Map<string, Detector | undefined>>();
const MAX_LEARNED_DETECTORS = 16;

/**
 * A detector that finds `values` only, as the base detector finds known secrets: in every reading,
 * every encoded run, every encoding of the value. Undefined when no value is long enough for that
 * (MIN_SECRET_LENGTH; shorter ones are found as whole words by repeatsOf and redact-item).
 */
function learnedDetector(base: Detector, values: readonly string[]): Detector | undefined {
  if (values.length === 0) return undefined;
  const key = [...new Set(values)].sort().join('\0');
  let cache = learnedDetectors.get(base);
  if (!cache) learnedDetectors.set(base, (cache = new Map()));
  if (cache.has(key)) return cache.get(key);
  const rule = literalRule(LEARNED_RULE, 'a value a context rule found elsewhere, in any reading or encoding', key.split('\0'), true);
  let detector: Detector | undefined;
  if (rule) {
    registerMarkerRules([LEARNED_RULE]);
    const compiled = compileRules([rule]);
    detector = { ...base, compiled, order: new Map([[LEARNED_RULE, 0]]), multilineKeywords: [], entropy: false, learnFrom: new Set(), scratch: new ScratchBytes() };
  }
  if (cache.size >= MAX_LEARNED_DETECTORS) cache.delete(cache.keys().next().value!);
  cache.set(key, detector);
  return detector;
}

/**
 * True when `text` holds one of `values` in any reading or encoding (as known secrets are found);
 * false too when none is long enough for that search.
 *
 * @example
 * holdsLearned('{"log":"GET /probe/Lichen%21osprey-8753"}', detector, ['Lichen!osprey-8753']) // true
 */
export function holdsLearned(text: string, detector: Detector, values: readonly string[]): boolean {
  const learned = learnedDetector(detector, values);
  if (!learned) return false;
  const found: Detection[] = [];
  // Unsure (out of time) counts as holding one: the page is read again rather than trusted.
  const unsure = detectPieces(text, learned, performance.now() + detector.budgetMs, found);
  forgetVerdicts();
  return unsure !== undefined || found.length > 0;
}

/** Runs `detector` over the pieces of `text`, adding what it finds to `found`; returns why it is unsure, if it is. */
function detectPieces(text: string, detector: Detector, deadline: number, found: Detection[], cache?: ReadingCache): Unsure | undefined {
  let unsure: Unsure | undefined;
  for (const piece of pieces(text, detector.pieceLength, detector.multilineKeywords)) {
    const inPiece: Detection[] = [];
    const pieceUnsure = detectIn(text.slice(piece.from, piece.to), detector, 0, deadline, inPiece, cache);
    forgetVerdicts(); // they hold strings of this piece's views, a megabyte each
    if (pieceUnsure) unsure ??= { ...pieceUnsure, ...(pieceUnsure.start === undefined ? {} : { start: pieceUnsure.start + piece.from }) };
    // Every detection counts, also one past the piece's own lines: a rule whose value lies lines
    // after its keyword (a Terraform default, a prompt's answer) is only seen from the keyword's
    // piece. A detection both pieces make is one span, merged below.
    for (const detection of inPiece) {
      const start = detection.start + piece.from;
      if (start < piece.keepFrom && piece.keepFrom > 0 && detection.end + piece.from <= piece.keepFrom) continue; // wholly the previous piece's
      found.push({ ...detection, start, end: detection.end + piece.from });
    }
  }
  return unsure;
}

/** The second detector's random-token pass names what it finds this. */
export const ENTROPY_RULE = 'high-entropy-token';

/** A value shorter than this, found by its context, is not looked for elsewhere: too many words are that short. */
export const MIN_LEARNED_LENGTH = 6;

const isTokenCode = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45;

/** Base64 of a `user:password` pair, as HTTP Basic authentication sends it. */
const BASE64_PAIR = /^[A-Za-z0-9+/]{8,}={0,2}$/;

/**
 * The forms of a value a context rule found that are secrets on their own: the value, and when it
 * is a `user:password` pair (URL user info, `curl -u`, a Basic header's base64 of one) its password,
 * plain and percent-decoded: the loop types that password bare elsewhere, without its user.
 *
 * A value of several lines is learned a line at a time: a pair never spans two (`v\nhttps://docs…`
 * split at its first `:` would learn a public address as a password).
 *
 * @example
 * learnedForms('admin:Vale-Orbit-5521') // ['admin:Vale-Orbit-5521', 'Vale-Orbit-5521']
 * learnedForms('Vale-Orbit-5521\nbo:Cove-Lamp-4410') // ['Vale-Orbit-5521', 'bo:Cove-Lamp-4410', 'Cove-Lamp-4410']
 */
export function learnedForms(value: string): string[] {
  if (value.includes('\n')) return [...new Set(value.split(/\r?\n/).flatMap((line) => learnedForms(line.trim())))];
  const forms = new Set([value]);
  const pairs = [value];
  if (BASE64_PAIR.test(value)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (/^[\x21-\x7e]+$/.test(decoded) && decoded.includes(':')) pairs.push(decoded);
  }
  for (const pair of pairs) {
    const colon = pair.indexOf(':');
    // A scheme's colon (`https://…`) parts no user from a password.
    if (colon < 0 || pair.startsWith('//', colon + 1)) continue;
    const password = pair.slice(colon + 1);
    forms.add(pair);
    forms.add(password);
    try {
      forms.add(decodeURIComponent(password));
    } catch {
      // not percent-encoded
    }
  }
  return [...forms].filter((form) => form.length >= MIN_LEARNED_LENGTH);
}

/**
 * Every other whole-token occurrence of a value a context rule found (`learnFrom`): a password
 * typed after `Password:` is the same secret where it is echoed, submitted or quoted without one.
 * Its other readings and encodings are found by the learned-value pass of `detect`.
 */
function repeatsOf(text: string, found: readonly Detection[], learnFrom: ReadonlySet<string>, scratch: ScratchBytes): Detection[] {
  const learned = new Map<string, string>();
  for (const d of found) if (learnFrom.has(d.rule) && d.value.length >= MIN_LEARNED_LENGTH && !learned.has(d.value)) learned.set(d.value, d.rule);
  const repeats: Detection[] = [];
  for (const [value, at] of occurrencesOf(text, [...learned.keys()], scratch)) {
    const end = at + value.length;
    const edgesAreToken = isTokenCode(value.charCodeAt(0)) || isTokenCode(value.charCodeAt(value.length - 1));
    if (edgesAreToken && (isTokenCode(text.charCodeAt(at - 1)) || isTokenCode(text.charCodeAt(end)))) continue;
    repeats.push({ rule: learned.get(value)!, start: at, end, value, view: 'repeat' });
  }
  return repeats;
}

interface Piece {
  /** The text searched: [from, to). */
  from: number;
  to: number;
  /** Detections starting in [keepFrom, keepTo) belong to this piece. */
  keepFrom: number;
  keepTo: number;
}

/**
 * The pieces a text is searched in. Each keeps the detections starting in its own whole lines, and
 * is searched from the newline before them (so a rule sees a line start as it would in the whole
 * text) to PIECE_OVERLAP past them, or BLOCK_REACH when a keyword of a multi-line rule is found in
 * its last BLOCK_REACH characters, rounded to a line end. A line longer than a piece is never cut.
 */
function pieces(text: string, pieceLength: number, multilineKeywords: readonly RegExp[]): Piece[] {
  const { length } = text;
  const lineEndAfter = (offset: number) => {
    const newline = text.indexOf('\n', offset);
    return newline < 0 ? length : newline + 1;
  };
  const result: Piece[] = [];
  for (let keepFrom = 0; keepFrom < length;) {
    const keepTo = keepFrom + pieceLength >= length ? length : lineEndAfter(keepFrom + pieceLength);
    const tail = text.slice(Math.max(keepFrom, keepTo - BLOCK_REACH), keepTo);
    const overlap = multilineKeywords.some((keyword) => keyword.test(tail)) ? BLOCK_REACH : PIECE_OVERLAP;
    const to = keepTo >= length ? length : lineEndAfter(Math.min(length, keepTo + overlap));
    result.push({ from: keepFrom === 0 ? 0 : keepFrom - 1, to, keepFrom, keepTo });
    keepFrom = keepTo;
  }
  if (result.length === 0) result.push({ from: 0, to: 0, keepFrom: 0, keepTo: 0 });
  return result;
}
