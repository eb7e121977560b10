// The Harbor importer: one trial of a job folder is one run, read from its ATIF trajectory
// (`<trial>/agent/trajectory.json`) with what the trial's result.json and verifier/ctrf.json add.
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Problem } from '../../loop/problem.ts';
import type { Position } from '../atif/atif-fields.ts';
import { readAtifRun } from '../atif/read-atif.ts';
import type { ImportedRun } from '../imported-run.ts';
import { fromFirstLine, readRecordJson } from '../read-record.ts';
import type { ReadLimits, SourceReader } from '../source-reader.ts';
import { detectHarbor } from './detect-harbor.ts';
import { type TrialFacts, trialFacts } from './harbor-result.ts';
import { ctrfTests } from './harbor-tests.ts';

const NOT_REAL = { code: 'JOURNEY_SOURCE_INVALID', note: true, fix: 'Copy the file into the trial folder.' } as const;

/**
 * A JSON file beside the trajectory that a trial may lack: undefined when it is absent. A symlink, or a
 * file reached through a symlinked folder that leads out of the source folder, is not read: records
 * are read from real files inside the folder only, as the listing does.
 */
async function readOptional(root: string, file: string, maxBytes: number, problems: Problem[]): Promise<unknown> {
  const full = path.join(root, file);
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(full);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
  if (info.isSymbolicLink()) {
    problems.push({ ...NOT_REAL, file, message: 'is a symlink; records are read from real files only, so it is not read' });
    return undefined;
  }
  if (!info.isFile()) return undefined;
  const [realRoot, real] = await Promise.all([realpath(root), realpath(full)]);
  if (!real.startsWith(realRoot + path.sep)) {
    problems.push({ ...NOT_REAL, file, message: 'lies outside the source folder (through a symlinked folder); it is not read' });
    return undefined;
  }
  return readRecordJson(root, file, maxBytes, problems);
}

/** The trial's facts on its run: the trial's times and verdict win; name, model and title only fill gaps. */
function addTrial(run: ImportedRun, facts: TrialFacts): void {
  if (facts.verdict) run.verdict = facts.verdict;
  if (facts.startedAt !== undefined) run.startedAt = facts.startedAt;
  if (facts.endedAt !== undefined) run.endedAt = facts.endedAt;
  const title = run.title === undefined ? fromFirstLine(facts.taskName) : undefined;
  if (title !== undefined) run.title = title;
  if (facts.agent) run.agent = { ...facts.agent, ...run.agent };
}

/**
 * The run of one trial: its trajectory's, with the trial's verdict, times and tests when its folder
 * records them. A trial without result.json is its trajectory alone.
 *
 * @example
 * const run = await readTrial('/data/jobs/2026-01-26', 'hello__a1/agent/trajectory.json', DEFAULT_READ_LIMITS)
 */
async function readTrial(root: string, file: string, limits: ReadLimits): Promise<ImportedRun> {
  const run = await readAtifRun(root, file, limits, 'harbor');
  const trial = path.posix.dirname(path.posix.dirname(file));
  const resultFile = path.posix.join(trial, 'result.json');
  const result = await readOptional(root, resultFile, limits.maxBytes, run.problems);
  if (result !== undefined) {
    run.files.push(resultFile);
    addTrial(run, trialFacts(result, { file: resultFile, path: '', problems: run.problems }));
  }
  const ctrfFile = path.posix.join(trial, 'verifier', 'ctrf.json');
  const ctrf = await readOptional(root, ctrfFile, limits.maxBytes, run.problems);
  if (ctrf !== undefined) {
    run.files.push(ctrfFile);
    const at: Position = { file: ctrfFile, path: '', problems: run.problems };
    const tests = ctrfTests(ctrf, at, limits.clipChars);
    if (tests) run.tests = tests;
  }
  return run;
}

export const harborReader: SourceReader = {
  format: 'harbor',
  detect: detectHarbor,
  async read(root, file, limits) {
    return [await readTrial(root, file, limits)];
  },
};
