// Ingest of the loop-wide files (state, heartbeat, verdicts, parity, subagents) and the list of
// iteration folders; bad items are withheld, never fatal, except an invalid state.json or parity
// matrix, which refuse the publish. Iteration folders are read by read-iteration.ts, as they change.
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { isErrno, JourneyError } from '../cli/journey-error.ts';
import {
  heartbeatSchema, paritySchema, stateSchema, subagentSchema, verdictSchema,
  type Heartbeat, type LoopState, type ParityMatrix, type Subagent, type Verdict,
} from './loop-schemas.ts';
import { parseJson, parseYaml, type Parsed } from './parse-loop-text.ts';
import { describeProblem, type Problem } from './problem.ts';
import { FIX_WRITER } from './read-iteration.ts';
import { decodeText, isInside, readLoopBytes, readLoopFile } from './read-loop-file.ts';

/** The loop-wide files, read every run: they are small, and the aggregate pages depend on them. */
export interface LoopTop {
  /** The real path of the loop folder. */
  root: string;
  /** Undefined while the loop has not written state.json yet ("waiting for the loop"). */
  state: LoopState | undefined;
  heartbeat: Heartbeat | undefined;
  folders: IterationFolder[];
  /** The latest verdict of each iteration, in iteration order. */
  verdicts: Verdict[];
  parity: ParityMatrix | undefined;
  subagents: Subagent[];
  /** Items withheld from this publish, with the fix for each. */
  problems: Problem[];
}

export interface Reader {
  root: string;
  maxBytes: number;
  problems: Problem[];
}

/** Reads a text file; a rejected file becomes a problem of `code` and yields undefined. */
async function readText(reader: Reader, file: string, code: string): Promise<string | undefined | null> {
  const read = readLoopFile(reader.root, file, reader.maxBytes);
  if (read.kind === 'missing') return undefined;
  if (read.kind === 'rejected') {
    reader.problems.push({ code, file, message: read.reason, fix: read.fix });
    return null;
  }
  return read.text;
}

type RefusingCode = 'JOURNEY_LOOP_STATE_INVALID' | 'JOURNEY_LOOP_PARITY_INVALID';

/** Reads a file whose invalidity refuses the whole publish (state.json, the parity matrix). */
async function readRequired<T>(reader: Reader, file: string, code: RefusingCode, parse: (text: string) => Parsed<T>): Promise<T | undefined> {
  const read = readLoopFile(reader.root, file, reader.maxBytes);
  if (read.kind === 'missing') return undefined;
  const parsed: Parsed<T> = read.kind === 'rejected'
    ? { ok: false, problem: { code, file, message: read.reason, fix: read.fix } }
    : parse(read.text);
  if (parsed.ok) return parsed.value;
  throw new JourneyError(code, describeProblem(parsed.problem), { fix: parsed.problem.fix });
}

/** Names in a folder of the loop: [] when absent, 'outside' when it resolves out of the loop folder. */
async function listLoopDir(reader: Reader, relative: string): Promise<string[] | 'outside'> {
  try {
    const dir = await realpath(path.join(reader.root, relative));
    if (!isInside(reader.root, dir)) return 'outside';
    return await readdir(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
}

export interface IterationFolder {
  number: number;
  /** Relative to the loop folder. */
  folder: string;
  /** Set when the folder cannot be published as it is (several folders name the same number). */
  duplicate?: Problem;
}

/** The iteration folders, by number; numbers named by several folders are withheld. */
async function listIterations(reader: Reader): Promise<IterationFolder[]> {
  const names = await listLoopDir(reader, 'iterations');
  if (names === 'outside') {
    reader.problems.push({ code: 'JOURNEY_ITERATION_INVALID', file: 'iterations', message: 'is a symlink pointing outside the loop folder', fix: 'Make it a real folder.' });
    return [];
  }
  const byNumber = new Map<number, string[]>();
  for (const name of names.filter((n) => /^\d{1,9}$/.test(n))) {
    const number = Number(name);
    byNumber.set(number, [...(byNumber.get(number) ?? []), name]);
  }
  return [...byNumber].sort((a, b) => a[0] - b[0]).map(([number, folders]) => ({
    number,
    folder: `iterations/${folders[0]}`,
    ...(folders.length > 1 ? { duplicate: {
      code: 'JOURNEY_ITERATION_INVALID', file: `iterations/${folders.join(', iterations/')}`,
      message: `several folders name iteration ${number}`, fix: 'Keep one folder per iteration.',
    } } : {}),
  }));
}

/**
 * Reads an append-only JSON Lines file: each line validated on its own, a bad line withheld as a
 * problem (with its line number) while the rest is read; bytes after the last newline are a write
 * in progress, skipped quietly and read next time.
 */
export function readJsonLines<S extends z.ZodType>(reader: Reader, file: string, schema: S, code: string): z.output<S>[] {
  const read = readLoopBytes(reader.root, file, reader.maxBytes);
  if (read.kind === 'missing') return [];
  if (read.kind === 'rejected') {
    reader.problems.push({ code, file, message: read.reason, fix: read.fix });
    return [];
  }
  const fix = `${FIX_WRITER} The line stays withheld; the file is append-only.`;
  const values: z.output<S>[] = [];
  for (let start = 0, end = read.bytes.indexOf(10), index = 0; end >= 0; start = end + 1, end = read.bytes.indexOf(10, start), index++) {
    const decoded = decodeText(read.bytes.subarray(start, end));
    if (decoded.kind === 'rejected') {
      reader.problems.push({ code, file, line: index + 1, message: decoded.reason, fix });
      continue;
    }
    if (decoded.text.trim() === '') continue;
    const parsed = parseJson(decoded.text, schema, { code, file, fix }, index);
    if (parsed.ok) values.push(parsed.value);
    else reader.problems.push({ ...parsed.problem, line: index + 1 });
  }
  return values;
}

function readVerdicts(reader: Reader): Verdict[] {
  const latest = new Map<number, Verdict>();
  for (const verdict of readJsonLines(reader, 'verdicts.jsonl', verdictSchema, 'JOURNEY_VERDICT_INVALID')) latest.set(verdict.iteration, verdict);
  return [...latest.values()].sort((a, b) => a.iteration - b.iteration);
}

async function readSubagents(reader: Reader): Promise<Subagent[]> {
  const listed = await listLoopDir(reader, 'subagents');
  if (listed === 'outside') return [];
  const subagents: Subagent[] = [];
  for (const name of listed.filter((n) => n.endsWith('.json')).sort()) {
    const file = `subagents/${name}`;
    const text = await readText(reader, file, 'JOURNEY_SUBAGENT_INVALID');
    if (typeof text !== 'string') continue;
    const parsed = parseJson(text, subagentSchema, { code: 'JOURNEY_SUBAGENT_INVALID', file, fix: FIX_WRITER });
    if (parsed.ok) subagents.push(parsed.value);
    else reader.problems.push(parsed.problem);
  }
  return subagents;
}

/**
 * Reads everything but the iteration folders' contents. Throws JourneyError only for a missing folder,
 * or an invalid state.json or acceptance/parity-matrix.yaml; every other bad item is withheld and
 * listed in `problems`.
 *
 * @example
 * const top = await readLoopTop('/srv/loop', 20 * 1024 * 1024);
 * console.log(top.folders.length, top.verdicts.length);
 */
export async function readLoopTop(loopDir: string, maxBytes: number): Promise<LoopTop> {
  let root: string;
  try {
    root = await realpath(loopDir);
  } catch (error) {
    throw new JourneyError('JOURNEY_LOOP_DIR_MISSING', `the loop folder ${loopDir} does not exist or cannot be read`, {
      fix: 'Pass the folder your loop writes with --loop-dir or JOURNEY_LOOP_DIR.',
      cause: error,
    });
  }
  const reader: Reader = { root, maxBytes, problems: [] };
  const state = await readRequired(reader, 'state.json', 'JOURNEY_LOOP_STATE_INVALID', (text) =>
    parseJson(text, stateSchema, { code: 'JOURNEY_LOOP_STATE_INVALID', file: 'state.json', fix: "Fix the loop's writer or remove the file; the next run tries again." }));
  const parity = await readRequired(reader, 'acceptance/parity-matrix.yaml', 'JOURNEY_LOOP_PARITY_INVALID', (text) =>
    parseYaml(text, paritySchema, { code: 'JOURNEY_LOOP_PARITY_INVALID', file: 'acceptance/parity-matrix.yaml', fix: 'Correct the matrix; the next run publishes it.' }));
  const heartbeatText = await readText(reader, 'state-heartbeat.json', 'JOURNEY_HEARTBEAT_INVALID');
  let heartbeat: Heartbeat | undefined;
  if (typeof heartbeatText === 'string') {
    const parsed = parseJson(heartbeatText, heartbeatSchema, { code: 'JOURNEY_HEARTBEAT_INVALID', file: 'state-heartbeat.json', fix: FIX_WRITER });
    if (parsed.ok) heartbeat = parsed.value;
    else reader.problems.push(parsed.problem);
  }
  const folders = await listIterations(reader);
  const verdicts = readVerdicts(reader);
  const subagents = await readSubagents(reader);
  return { root, state, heartbeat, folders, verdicts, parity, subagents, problems: reader.problems };
}
