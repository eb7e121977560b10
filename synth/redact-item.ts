// Applies the redactor to every string of one public item, keys included, so no free-text field
// and no name can be forgotten. A string the redactor cannot vouch for is replaced by the withheld
// marker; the rest of the item stays.
import { faultAt } from '../core/fault-point.ts';
import type { Detector } from '../redact/detect.ts';
import { type Public, type PublicText, redactedText } from '../core/public-text.ts';
import { redactText, WITHHELD_MARKER, type RedactResult, type Redactor, type UnsureReport } from '../redact/redact-text.ts';
import { ENTROPY_RULE, MIN_LEARNED_LENGTH } from '../redact/detect.ts';
import { redactedSpans } from '../redact/redacted-spans.ts';
import { replaceLearned } from '../redact/replace-learned.ts';

/**
 * The publish's redactor over `detector`. `JOURNEY_FAULT=redact:off`, for tests only, makes it (and
 * the verify gate, which asks redactorIsOff) pass every text through unchanged, so that the leak
 * scan of the built files is seen to refuse a publish on its own.
 *
 * @example
 * const redactor = createRedactor(detector);
 */
export function createRedactor(detector: Detector): Redactor {
  if (redactorIsOff()) return (text) => ({ text: redactedText(text), findings: [], unsure: undefined });
  return (text, learned) => {
    const read = withoutControls(text);
    const result = redactText(read, detector, learned && learned.length > 0 ? { learned } : {});
    return read === text || !result.spans ? result : { ...result, spans: result.spans.map(([start, end]) => [inText(text, start), inText(text, end)] as const) };
  };
}

/** The offset in `text` of offset `at` of `text` without its control characters (spans are the caller's). */
function inText(text: string, at: number): number {
  let kept = 0;
  for (let index = 0; index < text.length; index++) {
    if (kept === at) return index;
    if (!CONTROL.test(text[index]!)) kept += 1;
  }
  return text.length;
}

/**
 * Control characters no page needs and a browser does not show: C0 but tab, newline, carriage return
 * and escape (ANSI colours are removed with their sequences later), DEL, and C1. A NUL or a form feed
 * inside a key (`AKIA…\u00004PZ2…`, written as a JSON escape) splits it for a detector and not for the
 * reader, who sees it whole: they are removed before anything reads the text.
 */
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]/g;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]/;

/**
 * How many control characters the redactor takes out of `text` before it reads it.
 *
 * @example
 * controlCount('a\u0000b') // 1
 */
export function controlCount(text: string): number {
  CONTROLS.lastIndex = 0;
  return CONTROLS.test(text) ? text.length - text.replace(CONTROLS, '').length : 0;
}

/** `text` without the control characters a reader never sees. */
function withoutControls(text: string): string {
  CONTROLS.lastIndex = 0;
  return CONTROLS.test(text) ? text.replace(CONTROLS, '') : text;
}

/** True when a test switched the redactor off (JOURNEY_FAULT=redact:off). */
export function redactorIsOff(): boolean {
  return faultAt('redact') === 'off';
}

interface WithheldField extends UnsureReport {
  /** Dotted path of the field inside the item, e.g. `tests.cases.3.message` (keys on the path are redacted too). */
  field: string;
}

export interface RedactedItem<T> {
  value: Public<T>;
  /** Rule ids of every redaction made, one entry per finding. */
  rules: string[];
  /** Strings replaced by the withheld marker. */
  withheld: WithheldField[];
  /** Values a context rule found, with their placeholders: the same secrets wherever else they appear. */
  learned: Learned[];
}

/** A value a context rule found (a password after `password:`), and the placeholder it became. */
export interface Learned {
  value: string;
  placeholder: string;
}

/**
 * What of a redacted value a page shows, given the text the redactor read (an imported page cuts each
 * text after redaction: synth/clip-imported-page.ts). Only ever takes away: its result is public.
 */
export type ShownPart = (read: string, redacted: PublicText, result: RedactResult) => PublicText;

/** Redactions of keys, per redactor (one per publish), so a publish of 10,000 pages redacts `title` once. */
const keyResults = new WeakMap<Redactor, Map<string, RedactResult>>();
const MAX_CACHED_KEYS = 10_000;

/**
 * Returns a deep copy of `item` with each string and each object key redacted. A key the redactor
 * cannot vouch for becomes the withheld marker followed by its position, so keys stay distinct.
 * Every value a context rule finds in one string is redacted in all of them, as are the `known`
 * values learned elsewhere (from text that is never published, such as the head of a long log).
 *
 * @example
 * const { value, withheld } = redactItem({ title: 'ssh deploy@build7' }, redactor);
 */
export function redactItem<T>(item: T, redactor: Redactor, known: readonly Learned[] = [], shown?: ShownPart): RedactedItem<T> {
  const rules: string[] = [];
  const withheld: WithheldField[] = [];
  const learned: Learned[] = [];
  // Keys repeat across every item of a publish (`title`, `cases`, `name`): each is redacted once.
  const keys = keyResults.get(redactor) ?? keyResults.set(redactor, new Map()).get(redactor)!;
  const knownValues = known.map((k) => k.value);
  /** The result of the string redacted last: where its findings stood is what a page's cut is counted by (ShownPart). */
  let last: RedactResult | undefined;
  const redactString = (text: string, field: string, fallback: string, key = false): string => {
    let result = key ? keys.get(text) : undefined;
    if (result === undefined) {
      // A key is cached across items: the learned values reach it through spread below.
      result = key ? redactor(text) : redactor(text, knownValues);
      if (key && keys.size < MAX_CACHED_KEYS) keys.set(text, result);
    }
    last = result;
    for (const finding of result.findings) rules.push(finding.rule);
    if (result.learned) learned.push(...result.learned);
    if (result.unsure === undefined) return result.text;
    withheld.push({ field, ...result.unsure });
    return fallback;
  };
  const walk = (value: unknown, field: string): unknown => {
    if (typeof value === 'string') {
      const text = redactString(value, field, WITHHELD_MARKER);
      return shown && last && text !== WITHHELD_MARKER ? shown(value, redactedText(text), last) : text;
    }
    const join = (key: string | number) => (field ? `${field}.${key}` : String(key));
    if (Array.isArray(value)) return value.map((inner, index) => walk(inner, join(index)));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner], index) => {
        const publicKey = redactString(key, join(`#${index}`), `${WITHHELD_MARKER} ${index}`, true);
        return [publicKey, walk(inner, join(publicKey))];
      }));
    }
    return value;
  };
  const walked = walk(item, '');
  for (const run of seamRuns(itemTexts(item))) learned.push(...learnAcrossFields(run, redactor));
  for (const column of columnTexts(item)) for (const run of seamRuns(column)) learned.push(...learnAcrossFields(run, redactor));
  for (const pair of callResultPairs(item)) for (const run of seamRuns(pair)) learned.push(...learnAcrossFields(run, redactor));
  const all = known.length > 0 ? [...known, ...learned] : learned;
  return { value: (all.length > 0 ? spread(walked, all, rules) : walked) as Public<T>, rules, withheld, learned };
}

/** Texts this short are read whole together with their neighbours; a longer one by its head and its tail. */
const SHORT_TEXT = 4096;
/** Most characters read together at once; neighbouring groups share a text, so every adjacent pair is read together. */
const GROUP_CHARS = 65_536;

/** The item's strings (not keys), in the order a page shows them. */
function itemTexts(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const inner of value) itemTexts(inner, into);
  else if (value !== null && typeof value === 'object') for (const inner of Object.values(value)) itemTexts(inner, into);
  return into;
}

/**
 * The runs of neighbouring texts read together, each without the control characters the redactor
 * removes (so a finding's offsets in a run fall on its texts). A text longer than SHORT_TEXT takes
 * part by its ends: its head closes one run and its tail opens the next. Every seam is read (a token
 * a terminal printed across two polls, the first over 4 KB), and the middle, which redactString
 * read whole, is not read again.
 */
function seamRuns(texts: readonly string[]): string[][] {
  const runs: string[][] = [[]];
  for (const raw of texts) {
    const text = withoutControls(raw);
    if (text.length <= SHORT_TEXT) {
      runs.at(-1)!.push(text);
      continue;
    }
    runs.at(-1)!.push(text.slice(0, cutNear(text, SHORT_TEXT, -1)));
    runs.push([text.slice(cutNear(text, text.length - SHORT_TEXT, 1))]);
  }
  return runs.filter((run) => run.length > 1);
}

/**
 * Where to cut `text` near `at`, keeping the side away from `direction`: after a line break within
 * half of SHORT_TEXT of `at` (towards the kept side), else after a space, else at `at` itself. A cut
 * inside a word would leave a fragment at the run's end for a rule to misread.
 */
function cutNear(text: string, at: number, direction: -1 | 1): number {
  const reach = SHORT_TEXT / 2;
  for (const separator of ['\n', ' ']) {
    const found = direction < 0 ? text.lastIndexOf(separator, at - 1) : text.indexOf(separator, at);
    if (found >= 0 && Math.abs(found - at) < reach) return found + 1;
  }
  return at;
}

/**
 * The columns of every list of records in the item: one field's strings across the records, in
 * order (the names of a test list, the issues of a verdict). A page shows a list as rows, so a
 * reader reads a label in one row's name above the value in the next row's name, with the row's
 * other fields in between for itemTexts.
 */
function columnTexts(value: unknown, into: string[][] = []): string[][] {
  if (Array.isArray(value)) {
    const keys = new Set<string>();
    for (const inner of value) {
      if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) for (const key of Object.keys(inner)) keys.add(key);
    }
    for (const key of keys) {
      const column = value.flatMap((inner) => {
        const field = inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>)[key] : undefined;
        return typeof field === 'string' ? [field] : [];
      });
      if (column.length > 1) into.push(column);
    }
    for (const inner of value) columnTexts(inner, into);
  } else if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) columnTexts(inner, into);
  }
  return into;
}

/** A record's field, when it is a record. */
const fieldOf = (value: unknown, key: string): unknown => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined);

/** Every object of `value` that lists tool calls or their results (a trace's steps), in document order. */
function stepsOf(value: unknown, into: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(value)) {
    for (const inner of value) stepsOf(inner, into);
    return into;
  }
  if (value === null || typeof value !== 'object') return into;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record['tool_calls']) || Array.isArray(record['observations'])) into.push(record);
  for (const inner of Object.values(record)) stepsOf(inner, into);
  return into;
}

/**
 * Each tool call's arguments with its result's content, wherever a step of a trace lists its calls
 * (`tool_calls`: `id`, `arguments`) and their results (`observations`: `call_id`, `content`): paired by
 * id (a result may stand in a later step than its call; callsSoFar tells which call of a reused id), else by position when the counts agree, else
 * with the calls of the step before that no result answered, when a step holds results and no calls of
 * its own (a system step recording the output). A command that prints a secret (`printenv
 * DB_PASSWORD`) names it in its call, and the secret is its result: read together, the two are the
 * transcript line and its output, with the result's id no longer standing between them.
 */
function callResultPairs(item: unknown): string[][] {
  const steps = stepsOf(item);
  const listOf = (step: Record<string, unknown>, key: string): unknown[] => (Array.isArray(step[key]) ? step[key] : []);
  const idOf = (call: unknown) => fieldOf(call, 'id');
  const calls = callsSoFar();
  const pairs: string[][] = [];
  /** The calls of the latest step with calls that no result has answered yet. */
  let unanswered: unknown[] = [];
  for (const step of steps) {
    const [own, results] = [listOf(step, 'tool_calls'), listOf(step, 'observations')];
    const answered = new Set<unknown>();
    const ownById = new Map(own.map((call) => [idOf(call), call]));
    results.forEach((result, index) => {
      const id = fieldOf(result, 'call_id');
      // Ids repeat across the traces of one item (each subagent's `call_1`): a step's own call, then
      // the latest still waiting for its result, then the latest before it; never the first of the item.
      const call = (typeof id === 'string' ? ownById.get(id) ?? calls.find(id) : undefined)
        ?? (results.length === own.length ? own[index] : undefined)
        ?? (own.length === 0 && results.length === unanswered.length ? unanswered[index] : undefined);
      if (call === undefined) return;
      answered.add(call);
      const [args, content] = [fieldOf(call, 'arguments'), fieldOf(result, 'content')];
      // A result's first line break is where its block starts, as a page's <pre> shows it: no empty line of output.
      if (typeof args === 'string' && typeof content === 'string') pairs.push([args, content.replace(/^\r?\n/, '')]);
    });
    for (const call of answered) calls.answer(idOf(call), call);
    for (const call of own) calls.add(idOf(call), call, answered.has(call));
    if (own.length > 0) unanswered = own.filter((call) => !answered.has(call));
    else if (results.length > 0) unanswered = unanswered.filter((call) => !answered.has(call));
  }
  return pairs;
}

/**
 * The calls of the steps read so far, by id: those no result has answered yet, and the latest of
 * each id. A result that names an id is answered by the latest waiting call with it, else by the
 * latest call with it: a later subagent's `call_1` is not an earlier one's.
 */
function callsSoFar() {
  const waiting = new Map<unknown, unknown[]>();
  const latest = new Map<unknown, unknown>();
  return {
    find: (id: string): unknown => waiting.get(id)?.at(-1) ?? latest.get(id),
    answer(id: unknown, call: unknown): void {
      const calls = waiting.get(id);
      if (calls?.includes(call)) waiting.set(id, calls.filter((other) => other !== call));
    },
    add(id: unknown, call: unknown, answered: boolean): void {
      if (typeof id !== 'string') return;
      latest.set(id, call);
      if (answered) return;
      const calls = waiting.get(id);
      if (calls) calls.push(call);
      else waiting.set(id, [call]);
    },
  };
}

/**
 * What a reader sees across neighbouring fields: a label in one list item or cell and its value in
 * the next (`…password:` then `Thistle-ember-3391`), a token one field ends and the next goes on with.
 * Each string was redacted alone; here they are read one per line, and every value a context rule
 * finds is learned, as is the part of a secret each field holds (partsAcrossSeams), to be redacted
 * wherever it stands in the item. Nothing of this joined text is published.
 */
function learnAcrossFields(texts: readonly string[], redactor: Redactor): Learned[] {
  if (texts.length < 2) return [];
  const learned: Learned[] = [];
  let group: string[] = [];
  let chars = 0;
  const read = () => {
    if (group.length < 2) return;
    const joined = group.join('\n');
    const result = redactor(joined);
    learned.push(...(result.learned ?? []), ...partsAcrossSeams(group, joined, result));
  };
  for (const text of texts) {
    if (chars + text.length > GROUP_CHARS && group.length > 0) {
      read();
      group = [group.at(-1)!];
      chars = group[0]!.length;
    }
    group.push(text);
    chars += text.length + 1;
  }
  read();
  return learned;
}

/**
 * The part each text of `group` holds of a secret found across a seam of `joined` (`…ghp_Zq7L`
 * ending one observation, the rest opening the next): no part alone is a secret a rule knows, so each
 * is learned with the secret's placeholder and redacted where it is published. A part shorter than
 * MIN_LEARNED_LENGTH stays: redacted as a whole word wherever it stands, it would take common words.
 * What only the random-token pass finds across a seam is left too: there it is two whole fields side
 * by side far more often than one token (a search query's last word above a tool call's id, an
 * attachment's hash above a message id), where a token's shape (a prefix, a URL's user info) or its
 * label is not made by two fields.
 */
function partsAcrossSeams(group: readonly string[], joined: string, result: RedactResult): Learned[] {
  if (result.findings.every((finding) => finding.rule === ENTROPY_RULE)) return [];
  const starts: number[] = [];
  for (let index = 0, at = 0; index < group.length; at += group[index]!.length + 1, index++) starts.push(at);
  const parts: Learned[] = [];
  for (const { start, end, rule, placeholder } of redactedSpans(joined, result) ?? []) {
    if (rule === ENTROPY_RULE) continue;
    let index = starts.findLastIndex((at) => at <= start);
    if (end <= starts[index]! + group[index]!.length) continue; // inside one text: redacted where it stands
    for (; index < group.length && starts[index]! < end; index++) {
      const part = group[index]!.slice(Math.max(0, start - starts[index]!), end - starts[index]!).trim();
      if (part.length >= MIN_LEARNED_LENGTH) parts.push({ value: part, placeholder });
    }
  }
  return parts;
}

/**
 * Redacts, in every string of an already redacted item, the values a context rule found in one of
 * them (whole tokens only): a password stated in the plan is the same secret where the log repeats
 * it bare, or where a verdict's next issue names it.
 */
function spread(value: unknown, learned: readonly Learned[], rules: string[]): unknown {
  if (typeof value === 'string') return replaceLearned(value, learned, rules);
  if (Array.isArray(value)) return value.map((inner) => spread(inner, learned, rules));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, spread(inner, learned, rules)]));
  return value;
}
