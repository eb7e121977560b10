// A folder of agent records read as a loop: its runs listed and numbered (numbers kept in journey.db),
// each run's stamp for the incremental cache, and the runs themselves fetched for the iterations to redo.
import { existsSync, statSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { JourneyError } from '../core/journey-error.ts';
import type { LoopTop } from '../loop/read-loop.ts';
import type { Problem } from '../loop/problem.ts';
import type { Db } from '../state/db.ts';
import { numberRuns, readSourceFiles, writeSourceFiles } from '../state/source-runs.ts';
import type { ImportedRun, SourceFormat } from './imported-run.ts';
import { listSource, type ListedRecord } from './list-source.ts';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './source-reader.ts';
import { FIX_RECORD } from './read-record.ts';

/** The source folder as the publisher reads it. */
export interface SourceTop {
  top: LoopTop;
  /** The stamp of the record a run comes from (with the files it owns): equal stamps, nothing to read. */
  stampOf: (root: string, key: string) => { stamp: string; bytes: number };
  /** The runs of these keys, read from their records (each record once). A key its record no longer holds is absent. */
  runsOf: (keys: readonly string[]) => Promise<Map<string, ImportedRun>>;
}

/** Whether a folder is journey's own loop contract rather than other agents' records. */
export function isLoopFolder(root: string): boolean {
  return existsSync(path.join(root, 'state.json')) || existsSync(path.join(root, 'iterations'));
}

/** The runs of a record, or undefined when it could not be read (a problem says so, by error code only). */
async function readRuns(root: string, record: ListedRecord, limits: ReadLimits, problems: Problem[]): Promise<ImportedRun[] | undefined> {
  try {
    return await record.reader.read(root, record.file, limits);
  } catch (error) {
    // A stack overflow is the record's content (values nested past what a reader follows), not the disk.
    if (error instanceof RangeError) {
      problems.push({ code: 'JOURNEY_SOURCE_INVALID', file: record.file, message: 'nests its values too deeply to read; its runs are withheld', fix: FIX_RECORD });
      return undefined;
    }
    const code = (error as NodeJS.ErrnoException).code ?? 'an I/O error';
    problems.push({ code: 'JOURNEY_SOURCE_INVALID', file: record.file, message: `could not be read (${code}); its runs are withheld`, fix: 'Check the file\'s permissions and that it is whole.' });
    return undefined;
  }
}

/** Where the newest record is from: the loop's "updated" time is the newest record's modification. */
function recordTimes(root: string, records: readonly ListedRecord[]): { first: string; last: string } | undefined {
  let [first, last] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const record of records) {
    try {
      const time = statSync(path.join(root, record.file)).mtimeMs;
      [first, last] = [Math.min(first, time), Math.max(last, time)];
    } catch {
      // gone since the listing: the next publish does without it
    }
  }
  return first > last ? undefined : { first: new Date(first).toISOString(), last: new Date(last).toISOString() };
}

/**
 * Lists and numbers the runs of a source folder. Records whose stamp is unchanged are not opened:
 * their runs' keys come from journey.db. New runs get the next iteration numbers, by start time.
 *
 * @example
 * const { top, stampOf, runsOf } = await readSourceTop('/home/me/.claude/projects/app', 'auto', db, new Date());
 */
export async function readSourceTop(sourceDir: string, source: Exclude<SourceFormat, 'journey'> | 'auto', db: Db, now: Date, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<SourceTop> {
  let root: string;
  try {
    root = await realpath(sourceDir);
  } catch (error) {
    throw new JourneyError('JOURNEY_LOOP_DIR_MISSING', `the source folder ${sourceDir} does not exist or cannot be read`, {
      fix: 'Pass the folder of agent records with --loop-dir or JOURNEY_LOOP_DIR.', cause: error,
    });
  }
  const known = readSourceFiles(db);
  const listing = await listSource(root, source, known);
  const problems = [...listing.problems];
  const fresh = new Map<string, ImportedRun>();
  const keysOf = new Map<string, string[]>();
  const starts = new Map<string, string>();
  const failed = new Set<string>();
  /** Every key a record holds, a duplicate's too: remembered whole, so a duplicate is named at every publish. */
  const heldBy = new Map<string, string[]>();
  const owner = new Map<string, string>();
  for (const record of listing.records) {
    const runs = record.unchanged ? undefined : await readRuns(root, record, limits, problems);
    // A record that could not be read keeps the runs it had (withheld this time) and is read again next time.
    if (!record.unchanged && runs === undefined) failed.add(record.file);
    const keys = runs ? runs.map((r) => r.key) : record.unchanged?.keys ?? known.get(record.file)?.keys ?? [];
    heldBy.set(record.file, keys);
    const own: string[] = [];
    for (const key of keys) {
      // One key from two records (`output.jsonl#x` beside a file named so): the first record's, the other withheld.
      if (owner.has(key)) {
        problems.push({ code: 'JOURNEY_SOURCE_INVALID', file: record.file, message: 'holds a run another record of the folder also names; this one is withheld', fix: 'Rename one of the two records.' });
        continue;
      }
      owner.set(key, record.file);
      own.push(key);
    }
    keysOf.set(record.file, own);
    for (const run of runs ?? []) {
      if (owner.get(run.key) !== record.file) continue;
      fresh.set(run.key, run);
      if (run.startedAt) starts.set(run.key, run.startedAt);
    }
  }
  for (const row of listing.rows) row.keys = heldBy.get(row.file) ?? [];
  writeSourceFiles(db, listing.rows.filter((row) => !failed.has(row.file)), listing.gone);
  // New runs are numbered by start time (a run without one after those with), then by key.
  const keys = [...keysOf.values()].flat();
  const ordered = [...keys].sort((a, b) => (starts.get(a) ?? '\uffff').localeCompare(starts.get(b) ?? '\uffff') || a.localeCompare(b));
  const numbers = numberRuns(db, ordered, now);
  const recordOf = new Map<string, ListedRecord>();
  for (const record of listing.records) for (const key of keysOf.get(record.file) ?? []) recordOf.set(key, record);
  // A record read in vain is stamped anew each time, so its runs (withheld now) are read again next time.
  const stampOfRecord = (record: ListedRecord | undefined) => (record && failed.has(record.file) ? `failed:${now.getTime()}` : record?.stamp ?? 'gone');
  const folders = keys.map((key) => ({ number: numbers.get(key)!, folder: key })).sort((a, b) => a.number - b.number);
  const times = recordTimes(root, listing.records);
  const newest = folders.at(-1)?.number ?? 0;
  const top: LoopTop = {
    root, heartbeat: undefined, folders, verdicts: [], parity: undefined, subagents: [], problems, withheldSections: [],
    state: times && {
      iteration: newest, phase: 'recorded', status: 'recorded', goal: `Agent runs from ${path.basename(root)}`, started_at: times.first, updated_at: times.last,
    },
  };
  return {
    top,
    stampOf: (_root, key) => ({ stamp: `${stampOfRecord(recordOf.get(key))}#${key}`, bytes: 0 }),
    runsOf: async (keys) => {
      const wanted = new Set(keys);
      const found = new Map<string, ImportedRun>();
      const files = new Set<ListedRecord>();
      for (const key of wanted) {
        const run = fresh.get(key);
        if (run) found.set(key, run);
        else if (recordOf.has(key)) files.add(recordOf.get(key)!);
      }
      for (const record of files) {
        for (const run of (await readRuns(root, record, limits, problems)) ?? []) if (wanted.has(run.key)) found.set(run.key, run);
      }
      return found;
    },
  };
}
