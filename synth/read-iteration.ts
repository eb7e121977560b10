// Reads one iteration folder: its files, validated, with a content hash; and a cheap stat stamp of it.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { iterationMetaSchema, testsSchema, type IterationMeta, type TestReport } from './loop-schemas.ts';
import { parseJson } from './parse-loop-text.ts';
import type { Problem } from './problem.ts';
import { readLoopFile } from './read-loop-file.ts';

export interface IterationInput {
  number: number;
  /** Folder relative to the loop folder, as the loop named it (`iterations/0007`). */
  folder: string;
  status: 'complete' | 'in-progress' | 'withheld';
  meta?: IterationMeta;
  plan?: string;
  diff?: string;
  judge?: string;
  tests?: TestReport;
  log?: string;
}

export interface IterationRead {
  input: IterationInput;
  /** Items withheld from this iteration, with the fix for each. */
  problems: Problem[];
  /** sha256 over every file's name and bytes (or why it was rejected). */
  contentHash: string;
}

/** The files an iteration folder may hold; nothing else of it is ever read. */
export const ITERATION_FILES = ['iteration.json', 'plan.md', 'diff.patch', 'judge.md', 'tests.json', 'log.txt'] as const;

export const FIX_WRITER = "Fix the loop's writer; the item is published on the next run after that.";

/**
 * A stamp that changes whenever a file of the folder may have changed: size, mtime, ctime and inode
 * of each file (the way git's index decides a file needs hashing). Equal stamps let a synth skip
 * reading the folder; unequal ones only mean "read and hash it".
 *
 * Also returns the files' total size.
 *
 * @example
 * readIterationStamp('/srv/loop', 'iterations/7') // { stamp: 'iteration.json:812:1732...;plan.md:-;...', bytes: 20480 }
 */
export function readIterationStamp(root: string, folder: string): { stamp: string; bytes: number } {
  let stamp = '';
  let bytes = 0;
  for (const name of ITERATION_FILES) {
    let info;
    try {
      info = statSync(path.join(root, folder, name), { bigint: true, throwIfNoEntry: false });
    } catch (error) {
      // A symlink loop (ELOOP), a path through a file (ENOTDIR): a stamp no read ever matches, so the
      // folder is read, and the read names the problem.
      stamp += `${name}:!${(error as NodeJS.ErrnoException).code}:${Date.now()};`;
      continue;
    }
    stamp += info ? `${name}:${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino};` : `${name}:-;`;
    bytes += info ? Number(info.size) : 0;
  }
  return { stamp, bytes };
}

/**
 * Reads and validates one iteration. Never throws for bad input: a rejected file withholds the
 * iteration and becomes a problem naming file, line and fix.
 *
 * @example
 * const { input, problems } = readIteration('/srv/loop', 'iterations/0007', 7, 20 * 1024 * 1024);
 */
export function readIteration(root: string, folder: string, number: number, maxBytes: number): IterationRead {
  const code = 'JOURNEY_ITERATION_INVALID';
  const problems: Problem[] = [];
  const hash = createHash('sha256');
  const texts: Partial<Record<(typeof ITERATION_FILES)[number], string>> = {};
  for (const name of ITERATION_FILES) {
    const file = `${folder}/${name}`;
    const read = readLoopFile(root, file, maxBytes);
    hash.update(`${name}\0${read.kind}\0${read.kind === 'text' ? read.text : read.kind === 'rejected' ? read.reason : ''}\0`);
    if (read.kind === 'rejected') problems.push({ code, file, message: read.reason, fix: read.fix });
    if (read.kind === 'text') texts[name] = read.text;
  }
  const label = (name: string) => ({ code, file: `${folder}/${name}`, fix: FIX_WRITER });
  const input: IterationInput = { number, folder, status: 'in-progress' };
  if (texts['iteration.json'] !== undefined) {
    const parsed = parseJson(texts['iteration.json'], iterationMetaSchema, label('iteration.json'));
    if (!parsed.ok) problems.push(parsed.problem);
    else if (parsed.value.iteration !== number) {
      problems.push({ ...label('iteration.json'), field: 'iteration', message: `says ${parsed.value.iteration} but the folder is iteration ${number}` });
    } else {
      input.meta = parsed.value;
      if (parsed.value.ended_at) input.status = 'complete';
    }
  }
  for (const [name, key] of [['plan.md', 'plan'], ['diff.patch', 'diff'], ['judge.md', 'judge'], ['log.txt', 'log']] as const) {
    if (texts[name] !== undefined) input[key] = texts[name];
  }
  if (texts['tests.json'] !== undefined) {
    const parsed = parseJson(texts['tests.json'], testsSchema, label('tests.json'));
    if (parsed.ok) input.tests = parsed.value;
    else problems.push(parsed.problem);
  }
  const contentHash = hash.digest('hex');
  if (problems.length > 0) return { input: { number, folder, status: 'withheld' }, problems, contentHash };
  return { input, problems, contentHash };
}
