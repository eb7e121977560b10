// Imports Inspect (UK AISI inspect_ai) eval logs: a JSON log (`.json`) or an `.eval` zip archive, one run per sample and epoch.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Problem } from '../../loop/problem.ts';
import type { ImportedRun } from '../imported-run.ts';
import { FIX_RECORD, readRecordJson } from '../read-record.ts';
import type { ReadLimits, SourceReader } from '../source-reader.ts';
import { type EachElement, StreamJson } from '../stream-json.ts';
import { invalid, isRecord } from './inspect-context.ts';
import { agentOf, type EvalInfo, evalInfoOf, runOfSample } from './inspect-sample.ts';
import { eventFacts } from './inspect-steps.ts';
import { openZip, ZIP_LIMITS, type Zip, type ZipEntry } from './read-zip.ts';

/** A JSON log opens with Inspect's EvalLog fields in pydantic's order: version, status, then the eval spec. */
const JSON_LOG_OPENING = /^\s*\{\s*"version"\s*:\s*\d+\s*,\s*"status"\s*:\s*"[a-z_]+"\s*,\s*"eval"\s*:\s*\{/;
/** An `.eval` archive starts with a zip local header whose entry is one Inspect writes. */
const EVAL_FIRST_ENTRY = /^PK\u0003\u0004[\s\S]{0,80}?(?:_journal\/start\.json|header\.json|samples\/)/;
const SAMPLE_ENTRY = /^samples\/[^/]+\.json$/;
/** Bytes of an inflated archive entry decoded and parsed at a time. */
const ENTRY_PIECE = 1024 * 1024;

/** The file's problems go with its first run; a file with no run left still reports them, as a run with no steps. */
function withFileProblems(file: string, runs: ImportedRun[], problems: Problem[]): ImportedRun[] {
  if (problems.length === 0) return runs;
  if (runs[0]) {
    runs[0].problems = [...problems, ...runs[0].problems];
    return runs;
  }
  return [{ key: file, format: 'inspect', files: [file], phases: [], steps: [], problems }];
}

/** Adds a sample's run unless its key repeats an earlier one's (a log must not hold a sample twice). */
function collect(runs: ImportedRun[], run: ImportedRun | undefined, field: string, file: string, problems: Problem[]): void {
  if (!run) return;
  if (runs.some((known) => known.key === run.key)) {
    invalid({ file, problems }, `${field}.id`, 'repeats the id and epoch of an earlier sample; the sample is not read');
    return;
  }
  runs.push(run);
}

async function readJsonLog(root: string, file: string, limits: ReadLimits): Promise<ImportedRun[]> {
  const problems: Problem[] = [];
  // Each sample becomes a run as soon as it is parsed, its events cut to what the trace reads of them:
  // a log of many samples, or a sample of many turns, is never whole in memory.
  const runs: ImportedRun[] = [];
  const sampleProblems: Problem[] = [];
  const events = new Map<number, unknown[]>();
  const log = await readRecordJson(root, file, limits.maxBytes, problems, {
    'samples.*.events': (event, _index, [k = 0]) => {
      const list = events.get(k) ?? [];
      events.set(k, list);
      list.push(eventFacts(event));
    },
    samples: (sample, index) => {
      const field = `samples[${index}]`;
      const whole = isRecord(sample) && events.has(index) ? { ...sample, events: events.get(index) } : sample;
      events.delete(index);
      collect(runs, runOfSample({ file, field, limits, fileProblems: sampleProblems }, whole, {}), field, file, sampleProblems);
    },
  });
  if (log === undefined) return withFileProblems(file, [], problems);
  if (!isRecord(log)) {
    problems.push({ code: 'JOURNEY_SOURCE_INVALID', file, message: 'is not a JSON object; the log is not read', fix: FIX_RECORD });
    return withFileProblems(file, [], problems);
  }
  if (!isRecord(log['eval'])) invalid({ file, problems }, 'eval', 'is missing or not an object; runs are read without the eval model');
  // The eval's model and solver come before the samples in the file, but are known only once it is parsed.
  const agent = agentOf(evalInfoOf(log['eval'], log['plan']));
  if (agent) for (const run of runs) run.agent = { ...agent };
  const samples = log['samples'];
  if (samples !== undefined && samples !== null && !Array.isArray(samples)) invalid({ file, problems }, 'samples', 'is not a list; no sample is read');
  return withFileProblems(file, runs, [...problems, ...sampleProblems]);
}

/**
 * An archive entry as JSON, or undefined with a problem naming the entry by `field` (never by its name).
 * A sample's events are cut to what the trace reads of them as they are parsed (eventFacts).
 */
async function entryJson(zip: Zip, entry: ZipEntry, field: string, file: string, problems: Problem[], each: Record<string, EachElement> = {}): Promise<unknown> {
  const bytes = await zip.read(entry);
  if (typeof bytes === 'string') {
    invalid({ file, problems }, field, `is an archive entry that ${bytes}; it is not read`);
    return undefined;
  }
  try {
    const parser = new StreamJson(each);
    const decoder = new StringDecoder('utf8');
    for (let at = 0; at < bytes.length; at += ENTRY_PIECE) parser.push(decoder.write(bytes.subarray(at, at + ENTRY_PIECE)));
    parser.push(decoder.end());
    return parser.end();
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    invalid({ file, problems }, field, 'is an archive entry that is not JSON; it is not read');
    return undefined;
  }
}

/** The eval-wide facts from header.json, or from the journal's start.json while the eval is still running. */
async function archiveInfo(zip: Zip, file: string, problems: Problem[]): Promise<EvalInfo> {
  const header = zip.entries.find((e) => e.name === 'header.json') ?? zip.entries.find((e) => e.name === '_journal/start.json');
  if (!header) return {};
  const value = await entryJson(zip, header, header.name, file, problems);
  return isRecord(value) ? evalInfoOf(value['eval'], value['plan']) : {};
}

async function readEvalArchive(root: string, file: string, limits: ReadLimits): Promise<ImportedRun[]> {
  const problems: Problem[] = [];
  const full = path.join(root, file);
  const { size } = await stat(full);
  if (size > limits.maxBytes) {
    problems.push({ code: 'JOURNEY_SOURCE_INVALID', file, message: `is ${size} bytes, over the ${limits.maxBytes}-byte limit; it is not read`, fix: 'Split the record: journey reads records up to 512 MiB.' });
    return withFileProblems(file, [], problems);
  }
  const zip = await openZip(full, { ...ZIP_LIMITS, maxEntryBytes: limits.maxBytes });
  if (typeof zip === 'string') {
    problems.push({ code: 'JOURNEY_SOURCE_INVALID', file, message: `${zip}; the log is not read`, fix: FIX_RECORD });
    return withFileProblems(file, [], problems);
  }
  const runs: ImportedRun[] = [];
  try {
    const info = await archiveInfo(zip, file, problems);
    const samples = zip.entries.filter((entry) => SAMPLE_ENTRY.test(entry.name));
    for (const [index, entry] of samples.entries()) {
      // Entries are numbered in the archive's order: an entry's name holds a sample id, which is the log's content.
      const field = `samples[${index}]`;
      const events: unknown[] = [];
      const sample = await entryJson(zip, entry, field, file, problems, { events: (event) => events.push(eventFacts(event)) });
      if (isRecord(sample) && Array.isArray(sample['events'])) sample['events'] = events;
      if (sample !== undefined) collect(runs, runOfSample({ file, field, limits, fileProblems: problems }, sample, info), field, file, problems);
    }
  } finally {
    await zip.close();
  }
  return withFileProblems(file, runs, problems);
}

/**
 * Inspect logs: `.json` logs by their opening fields, `.eval` archives by their first zip entry. One run
 * per sample and epoch, keyed `<file>#<sample id>` (plus `:<epoch>` past the first).
 *
 * @example
 * const runs = await inspectReader.read('/logs', '2025-05-12T20-28-26-04-00_security-guide.json', DEFAULT_READ_LIMITS);
 * runs.map((run) => run.key) // ['2025-05-12T20-28-26-04-00_security-guide.json#1', ...]
 */
export const inspectReader: SourceReader = {
  format: 'inspect',
  detect(file, head) {
    if (file.endsWith('.eval')) return EVAL_FIRST_ENTRY.test(head.slice(0, 512)) ? 'run' : null;
    if (!file.endsWith('.json')) return null;
    return JSON_LOG_OPENING.test(head) && /"run_id"\s*:/.test(head) && /"created"\s*:/.test(head) ? 'run' : null;
  },
  read(root, file, limits) {
    return file.endsWith('.eval') ? readEvalArchive(root, file, limits) : readJsonLog(root, file, limits);
  },
};
