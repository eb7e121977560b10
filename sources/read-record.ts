// Reading a record file: JSON Lines as a stream (a 300 MB transcript is never held whole), or one JSON document.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Problem } from '../loop/problem.ts';
import { type EachElement, StreamJson } from './stream-json.ts';

export const FIX_RECORD = 'Check the record against its format (docs/sources.md); a record cut short by a crash publishes in full once it is whole.';

/** One parsed line of a JSON Lines record, with its 1-based line number. */
export interface RecordLine {
  line: number;
  value: unknown;
}

/**
 * The lines of a JSON Lines file, parsed, in order. A line that is not JSON becomes a problem naming
 * file and line (never its text) and is skipped; blank lines are skipped silently.
 *
 * @example
 * for await (const { line, value } of readRecordLines(root, 'session.jsonl', problems)) { ... }
 */
export async function* readRecordLines(root: string, file: string, problems: Problem[]): AsyncGenerator<RecordLine> {
  const lines = createInterface({ input: createReadStream(path.join(root, file), { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) };
    } catch {
      problems.push({ code: 'JOURNEY_SOURCE_INVALID', file, line, message: 'is not JSON; the line is left out', fix: FIX_RECORD });
    }
  }
}

/**
 * One JSON document, or undefined with a problem when it is too large or not JSON. Read in 1 MiB pieces;
 * the elements of the lists named in `each` go to their callbacks one at a time (stream-json.ts), so a
 * 300 MB trajectory's steps are never all in memory.
 *
 * @example
 * const doc = await readRecordJson(root, 'agent/trajectory.json', limits.maxBytes, problems, { steps: (step, i) => keep(step, i) });
 */
export async function readRecordJson(root: string, file: string, maxBytes: number, problems: Problem[], each: Readonly<Record<string, EachElement>> = {}): Promise<unknown> {
  const full = path.join(root, file);
  const { size } = await stat(full);
  if (size > maxBytes) {
    problems.push({ code: 'JOURNEY_SOURCE_INVALID', file, message: `is ${size} bytes, over the ${maxBytes}-byte limit; it is not read`, fix: 'Split the record: journey reads records up to 512 MiB.' });
    return undefined;
  }
  try {
    const parser = new StreamJson(each);
    for await (const chunk of createReadStream(full, { encoding: 'utf8', highWaterMark: 1024 * 1024 })) parser.push(chunk as string);
    return parser.end();
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    problems.push({ code: 'JOURNEY_SOURCE_INVALID', file, message: 'is not JSON; the record is not read', fix: FIX_RECORD });
    return undefined;
  }
}

/** Bytes of a file that detection reads. */
const HEAD_BYTES = 64 * 1024;

/**
 * The first 64 KiB of a file as text (cut anywhere, even inside a character): what `detect` decides from.
 *
 * @example
 * readHead('/home/me/.codex/sessions/2026/12/01/rollout-1.jsonl').startsWith('{"timestamp"') // true
 */
export function readHead(full: string): string {
  const fd = openSync(full, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    return buffer.subarray(0, readSync(fd, buffer, 0, HEAD_BYTES, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** A field's value when it is a string; a number or anything else is not text. */
export const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** A field's value when it is a finite non-negative number. */
export const countOf = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
/** A date's ISO text, or undefined when it is no date (NaN, or past the year 275760 a Date can hold). */
const validTime = (time: Date) => (Number.isNaN(time.getTime()) ? undefined : time.toISOString());

/** An ISO 8601 time, or undefined: a record's time is shown only when it is one. */
export function timeOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return validTime(new Date(value > 1e12 ? value : value * 1000));
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)) return undefined;
  const time = new Date(/[Zz]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return validTime(time);
}
/**
 * The first line of a text, trimmed: what a page shows as a run's title. Only ever taken of redacted
 * text (synth/clip-imported-page.ts); an importer keeps the whole text (fromFirstLine).
 *
 * @example
 * firstLine('\n  Fix the parser\nwith care') // 'Fix the parser'
 */
export function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n').map((l) => l.trim()).find((l) => l !== '');
}

/**
 * A text from its first line that is not blank, to its end: a run's title as an importer keeps it. The
 * page shows only the first line, cut after redaction, because a cut before it would hide from the
 * redactor what follows the line's end (a URL wrapped before its `@host`, the rest of a quoted value).
 *
 * @example
 * fromFirstLine('\n  Fix the parser\nwith care') // 'Fix the parser\nwith care'
 */
export function fromFirstLine(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
