// Ingest of the loop-wide files (state, heartbeat, verdicts, parity, subagents) and the list of
// iteration folders; bad items are withheld, never fatal: a bad state.json, heartbeat or parity
// matrix withholds its section of the site. Iteration folders are read by read-iteration.ts, as they change.
import { closeSync, fstatSync, lstatSync, openSync, readSync, type Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { isErrno, JourneyError } from '../core/journey-error.ts';
import {
  heartbeatSchema, paritySchema, stateSchema, subagentSchema, verdictSchema,
  type Heartbeat, type LoopState, type ParityMatrix, type Subagent, type Verdict,
} from './loop-schemas.ts';
import { parseJson, parseYaml, type Parsed } from './parse-loop-text.ts';
import type { Problem } from './problem.ts';
import type { WITHHELD_SECTIONS } from '../contract/site-data-schema.ts';
import { FIX_WRITER } from './read-iteration.ts';
import { decodeText, isInside, locateLoopFile, readLoopFile } from './read-loop-file.ts';
import { sha256 } from '../core/public-json.ts';
import type { ProblemCode } from '../core/error-catalogue.ts';

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
  /** Loop-wide files that could not be read: their section of the site shows a marker instead. */
  withheldSections: WithheldSection[];
}

interface WithheldSection {
  section: (typeof WITHHELD_SECTIONS)[number];
  file: string;
  /** The file's mtime (ISO): it has been unreadable since it was last written. Null when it cannot be read. */
  since: string | null;
}

export interface Reader {
  root: string;
  maxBytes: number;
  problems: Problem[];
  /** Where append-only files are read on from (the publish worker's); absent: read whole. */
  memory?: LinesMemory | undefined;
}

/** Reads a text file; a rejected file becomes a problem of `code` and yields null. */
function readText(reader: Reader, file: string, code: ProblemCode): string | undefined | null {
  const read = readLoopFile(reader.root, file, reader.maxBytes);
  if (read.kind === 'missing') return undefined;
  if (read.kind === 'rejected') {
    reader.problems.push({ code, file, message: read.reason, fix: read.fix });
    return null;
  }
  return read.text;
}

function modifiedAt(reader: Reader, file: string): string | null {
  try {
    return lstatSync(path.join(reader.root, file)).mtime.toISOString();
  } catch {
    return null;
  }
}

/**
 * Reads a loop-wide file that fills one section of the site (state, heartbeat, parity). When it is
 * rejected or invalid, the section is withheld: a problem names file, line and fix, and the site
 * shows the section's marker; the rest of the site publishes.
 */
function readSection<T>(reader: Reader, sections: WithheldSection[], section: WithheldSection['section'], file: string, code: ProblemCode, parse: (text: string) => Parsed<T>): T | undefined {
  const text = readText(reader, file, code);
  if (text === undefined) return undefined;
  const parsed: Parsed<T> | undefined = text === null ? undefined : parse(text);
  if (parsed?.ok) return parsed.value;
  if (parsed) reader.problems.push({ ...parsed.problem, message: `${parsed.problem.message}; this section is withheld` });
  else reader.problems[reader.problems.length - 1]!.message += '; this section is withheld';
  sections.push({ section, file, since: modifiedAt(reader, file) });
  return undefined;
}

/** Entries of a folder of the loop: [] when absent, 'outside' when it resolves out of the loop folder. */
async function listLoopDir(reader: Reader, relative: string): Promise<Dirent[] | 'outside'> {
  try {
    const dir = await realpath(path.join(reader.root, relative));
    if (!isInside(reader.root, dir)) return 'outside';
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
}

export interface IterationFolder {
  number: number;
  /** Relative to the loop folder. */
  folder: string;
  /** Set when the folder cannot be published as it is (several folders name its number, it points outside): withheld whole. */
  duplicate?: Problem;
}

/**
 * Why an entry of iterations/ cannot be read as an iteration folder: it resolves outside the loop
 * folder, or is no folder. A real folder costs nothing more (its type came with the listing); only a
 * symlink is resolved.
 */
async function folderProblem(reader: Reader, entry: Dirent): Promise<Problem | undefined> {
  if (entry.isDirectory()) return undefined;
  const folder = `iterations/${entry.name}`;
  const problem = (message: string, fix: string): Problem => ({ code: 'JOURNEY_ITERATION_INVALID', file: folder, message, fix });
  if (!entry.isSymbolicLink()) return problem('is not a folder', 'Remove it or make it the iteration\'s folder.');
  try {
    const real = await realpath(path.join(reader.root, folder));
    if (!isInside(reader.root, real)) return problem('is a symlink pointing outside the loop folder', 'Make it a real folder inside the loop folder.');
    if (!(await stat(real)).isDirectory()) return problem('is not a folder', 'Remove it or make it the iteration\'s folder.');
    return undefined;
  } catch (error) {
    return problem(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'Check the link and what it points at.');
  }
}

/**
 * The iteration folders, by number. A number named by several folders, or a folder that resolves
 * outside the loop folder (or is no folder), is withheld with its problem; a folder whose name is not
 * a number is skipped with a problem that names it.
 */
async function listIterations(reader: Reader): Promise<IterationFolder[]> {
  const names = await listLoopDir(reader, 'iterations');
  if (names === 'outside') {
    reader.problems.push({ code: 'JOURNEY_ITERATION_INVALID', file: 'iterations', message: 'is a symlink pointing outside the loop folder', fix: 'Make it a real folder.' });
    return [];
  }
  const byNumber = new Map<number, Dirent[]>();
  for (const entry of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (/^\d{1,9}$/.test(entry.name)) {
      const number = Number(entry.name);
      byNumber.set(number, [...(byNumber.get(number) ?? []), entry]);
    } else if (!entry.name.startsWith('.') && (await folderProblem(reader, entry))?.message !== 'is not a folder') {
      reader.problems.push({
        code: 'JOURNEY_ITERATION_NAME', file: `iterations/${entry.name}`, message: 'is not an iteration number: skipped',
        fix: 'Name iteration folders by their number (iterations/7 or iterations/0007), or move the folder out of iterations/.',
      });
    }
  }
  const folders: IterationFolder[] = [];
  for (const [number, entries] of [...byNumber].sort((a, b) => a[0] - b[0])) {
    const folder = `iterations/${entries[0]!.name}`;
    const invalid = entries.length > 1
      ? { code: 'JOURNEY_ITERATION_INVALID' as const, file: `iterations/${entries.map((e) => e.name).join(', iterations/')}`, message: `several folders name iteration ${number}`, fix: 'Keep one folder per iteration.' }
      : await folderProblem(reader, entries[0]!);
    folders.push({ number, folder, ...(invalid ? { duplicate: invalid } : {}) });
  }
  return folders;
}

/** What this process read of an append-only file: its values and problems up to `consumed` bytes. */
interface LinesRead {
  real: string;
  dev: number;
  ino: number;
  consumed: number;
  /** SHA-256 of the bytes just before `consumed`: unchanged means the file was only appended to. */
  edge: string;
  lines: number;
  values: unknown[];
  problems: Problem[];
}

/**
 * What a long-lived reader (the publish worker) read of the loop's append-only files, by loop folder,
 * file and problem code (one schema each), so the next read takes only what was appended. Its owner
 * clears it for a full reconcile; a reader without one reads every file whole.
 */
export type LinesMemory = Map<string, LinesRead>;

const EDGE_BYTES = 4096;

function readAt(fd: number, from: number, to: number): Buffer {
  const bytes = Buffer.allocUnsafe(to - from);
  let done = 0;
  while (done < bytes.length) {
    const n = readSync(fd, bytes, done, bytes.length - done, from + done);
    if (n === 0) break;
    done += n;
  }
  return bytes.subarray(0, done);
}

const edgeOf = (fd: number, consumed: number) => sha256(readAt(fd, Math.max(0, consumed - EDGE_BYTES), consumed));

/**
 * Reads an append-only JSON Lines file: each line validated on its own, a bad line withheld as a
 * problem (with its line number) while the rest is read; bytes after the last newline are a write
 * in progress, skipped quietly and read next time. With the reader's memory (the publish worker's)
 * only what was appended since the last read is read (the file is the same, and the 4 KiB before
 * where it stopped are the same); anything else (a new file, a truncation, a rewrite) is read whole.
 */
export function readJsonLines<S extends z.ZodType>(reader: Reader, file: string, schema: S, code: ProblemCode): z.output<S>[] {
  const key = `${reader.root}\0${file}\0${code}`;
  const memory = reader.memory;
  const found = locateLoopFile(reader.root, file);
  if (found.kind === 'file' && found.size > reader.maxBytes) {
    memory?.delete(key);
    reader.problems.push({ code, file, message: `is ${found.size} bytes, over the size cap of ${reader.maxBytes}`, fix: 'Have the loop write a smaller file, or raise JOURNEY_MAX_FILE_BYTES.' });
    return [];
  }
  if (found.kind !== 'file') {
    memory?.delete(key);
    if (found.kind === 'rejected') reader.problems.push({ code, file, message: found.reason, fix: found.fix });
    return [];
  }
  const fd = openSync(found.real, 'r');
  try {
    const info = fstatSync(fd);
    const known = memory?.get(key);
    const same = known !== undefined && known.real === found.real && known.dev === info.dev && known.ino === info.ino
      && info.size >= known.consumed && edgeOf(fd, known.consumed) === known.edge;
    const read: LinesRead = same ? known : { real: found.real, dev: info.dev, ino: info.ino, consumed: 0, edge: '', lines: 0, values: [], problems: [] };
    const bytes = readAt(fd, read.consumed, info.size);
    const fix = `${FIX_WRITER} The line stays withheld; the file is append-only.`;
    let start = 0;
    for (let end = bytes.indexOf(10); end >= 0; start = end + 1, end = bytes.indexOf(10, start), read.lines++) {
      const decoded = decodeText(bytes.subarray(start, end));
      if (decoded.kind === 'rejected') {
        read.problems.push({ code, file, line: read.lines + 1, message: decoded.reason, fix });
        continue;
      }
      if (decoded.text.trim() === '') continue;
      const parsed = parseJson(decoded.text, schema, { code, file, fix }, read.lines);
      if (parsed.ok) read.values.push(parsed.value);
      else read.problems.push({ ...parsed.problem, line: read.lines + 1 });
    }
    read.consumed += start;
    read.edge = edgeOf(fd, read.consumed);
    memory?.set(key, read);
    reader.problems.push(...read.problems);
    return [...read.values] as z.output<S>[];
  } catch (error) {
    memory?.delete(key); // never half of a read kept
    throw error;
  } finally {
    closeSync(fd);
  }
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
  for (const name of listed.map((entry) => entry.name).filter((n) => n.endsWith('.json')).sort()) {
    const file = `subagents/${name}`;
    const text = readText(reader, file, 'JOURNEY_SUBAGENT_INVALID');
    if (typeof text !== 'string') continue;
    const parsed = parseJson(text, subagentSchema, { code: 'JOURNEY_SUBAGENT_INVALID', file, fix: FIX_WRITER });
    if (parsed.ok) subagents.push(parsed.value);
    else reader.problems.push(parsed.problem);
  }
  return subagents;
}

/**
 * Reads everything but the iteration folders' contents. Throws JourneyError only for a missing loop
 * folder; every bad item is withheld and listed in `problems`, a bad state.json, heartbeat or parity
 * matrix as a withheld section.
 *
 * @example
 * const top = await readLoopTop('/srv/loop', 20 * 1024 * 1024);
 * console.log(top.folders.length, top.verdicts.length, top.withheldSections);
 */
export async function readLoopTop(loopDir: string, maxBytes: number, memory?: LinesMemory): Promise<LoopTop> {
  let root: string;
  try {
    root = await realpath(loopDir);
  } catch (error) {
    throw new JourneyError('JOURNEY_LOOP_DIR_MISSING', `the loop folder ${loopDir} does not exist or cannot be read`, {
      fix: 'Pass the folder your loop writes with --loop-dir or JOURNEY_LOOP_DIR.',
      cause: error,
    });
  }
  const reader: Reader = { root, maxBytes, problems: [], memory };
  const sections: WithheldSection[] = [];
  const state = readSection(reader, sections, 'state', 'state.json', 'JOURNEY_LOOP_STATE_INVALID', (text) =>
    parseJson(text, stateSchema, { code: 'JOURNEY_LOOP_STATE_INVALID', file: 'state.json', fix: "Fix the loop's writer; the next run publishes the loop's status again." }));
  const heartbeat = readSection(reader, sections, 'heartbeat', 'state-heartbeat.json', 'JOURNEY_HEARTBEAT_INVALID', (text) =>
    parseJson(text, heartbeatSchema, { code: 'JOURNEY_HEARTBEAT_INVALID', file: 'state-heartbeat.json', fix: FIX_WRITER }));
  const parity = readSection(reader, sections, 'parity', 'acceptance/parity-matrix.yaml', 'JOURNEY_LOOP_PARITY_INVALID', (text) =>
    parseYaml(text, paritySchema, { code: 'JOURNEY_LOOP_PARITY_INVALID', file: 'acceptance/parity-matrix.yaml', fix: 'Correct the matrix; the next run publishes it.' }));
  const folders = await listIterations(reader);
  const verdicts = readVerdicts(reader);
  const subagents = await readSubagents(reader);
  return { root, state, heartbeat, folders, verdicts, parity, subagents, problems: reader.problems, withheldSections: sections };
}
