// The import benchmark: each importer's MB/s and peak RSS on a large record of its format (a real
// fixture grown to the size asked), then the time to publish one new turn of an imported session beside
// one new iteration of the native loop, on journeys of the same length.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateDemo } from '../demo/generate-demo.ts';
import { GROWN_RECORDS, growRecord } from '../testkit/grow-record.ts';
import { publishLoop, REPO, tempDir } from '../testkit/run-cli.ts';

const REAL = path.join(REPO, 'tests', 'fixtures', 'real');


interface ImportFigure {
  format: string;
  mb: number;
  runs: number;
  steps: number;
  ms: number;
  peakRssMb: number;
}

export interface ImportFigures {
  importers: ImportFigure[];
  /** Milliseconds of each publish, median of the rounds. */
  newTurnMs: number;
  newIterationMs: number;
  journeyLength: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function timedPublish(sourceDir: string, dataDir: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const result = await publishLoop(sourceDir, dataDir, { env, timeoutMs: 600_000 });
  if (result.code !== 0 && result.code !== 3) throw new Error(`publish failed (${result.code}):\n${result.stderr.slice(-2000)}`);
  return performance.now() - started;
}

/**
 * Runs the import benchmark.
 *
 * @example
 * const figures = await benchImport(200, 3, (line) => process.stderr.write(`${line}\n`));
 */
export async function benchImport(megabytes: number, rounds: number, log: (line: string) => void): Promise<ImportFigures> {
  const root = tempDir('bench-import');
  const importers: ImportFigure[] = [];
  for (const record of GROWN_RECORDS) {
    const file = path.join(root, 'big', record.format, path.basename(record.file));
    mkdirSync(path.dirname(file), { recursive: true });
    growRecord(path.join(REAL, record.file), file, record.grow, megabytes * 1e6);
    const mb = statSync(file).size / 1e6;
    log(`${record.format}: reading ${mb.toFixed(0)} MB`);
    const run = spawnSync(process.execPath, [path.join(REPO, 'bench', 'read-import-process.ts'), record.format, file], { encoding: 'utf8', maxBuffer: 1e6, timeout: 900_000 });
    if (run.status !== 0) {
      log(`  failed: ${run.stderr.slice(-500)}`);
      importers.push({ format: record.format, mb, runs: 0, steps: 0, ms: Number.NaN, peakRssMb: Number.NaN });
      continue;
    }
    importers.push({ format: record.format, mb, ...JSON.parse(run.stdout) as Omit<ImportFigure, 'format' | 'mb'> });
  }
  // One new turn of a session against one new iteration of the loop, on journeys of the same length.
  const length = 200;
  const env = { JOURNEY_REDACT_KEY: 'bench-import-key-0123456789abcdef' };
  const sessions = path.join(root, 'sessions');
  const session = readFileSync(path.join(REAL, 'claude-code', 'subagent.jsonl'), 'utf8');
  for (let k = 0; k < length; k++) cpSync(path.join(REAL, 'claude-code', 'subagent.jsonl'), path.join(sessions, `session-${String(k).padStart(4, '0')}.jsonl`));
  // The loop is written up to `length`; each round adds the next iteration's folder, nothing else.
  const loop = path.join(root, 'loop');
  const demo = generateDemo({ iterations: length + rounds, seed: 'bench-import', now: new Date() });
  const writeLoopFiles = (wanted: (number: number | undefined) => boolean) => {
    for (const [relative, content] of demo.files) {
      const number = /^iterations\/(\d+)\//.exec(relative)?.[1];
      if (!wanted(number === undefined ? undefined : Number(number))) continue;
      mkdirSync(path.dirname(path.join(loop, relative)), { recursive: true });
      writeFileSync(path.join(loop, relative), content);
    }
  };
  const numbers = [...new Set([...demo.files.keys()].flatMap((f) => /^iterations\/(\d+)\//.exec(f)?.[1] ?? []).map(Number))].sort((a, b) => a - b);
  const firstNew = numbers[numbers.length - rounds]!;
  writeLoopFiles((n) => n === undefined || n < firstNew);
  const turns: number[] = [];
  const iterations: number[] = [];
  await timedPublish(sessions, path.join(root, 'data-sessions'), env);
  await timedPublish(loop, path.join(root, 'data-loop'), env);
  const lastLine = session.trimEnd().split('\n').at(-1)!;
  for (let round = 0; round < rounds; round++) {
    appendFileSync(path.join(sessions, 'session-0000.jsonl'), `${lastLine}\n`);
    turns.push(await timedPublish(sessions, path.join(root, 'data-sessions'), env));
    writeLoopFiles((n) => n === numbers[numbers.length - rounds + round]);
    iterations.push(await timedPublish(loop, path.join(root, 'data-loop'), env));
    log(`round ${round + 1}/${rounds}: new turn ${turns.at(-1)!.toFixed(0)} ms, new iteration ${iterations.at(-1)!.toFixed(0)} ms`);
  }
  return { importers, newTurnMs: median(turns), newIterationMs: median(iterations), journeyLength: length };
}

export function formatImportFigures(figures: ImportFigures): string[] {
  return [
    'importer          MB       MB/s   peak RSS   runs   steps kept',
    ...figures.importers.map((f) => `${f.format.padEnd(15)} ${f.mb.toFixed(0).padStart(4)} ${(f.mb / (f.ms / 1000)).toFixed(1).padStart(10)} ${`${f.peakRssMb} MB`.padStart(10)} ${String(f.runs).padStart(6)} ${String(f.steps).padStart(12)}`),
    `one new turn of an imported session: ${figures.newTurnMs.toFixed(0)} ms; one new iteration of the loop: ${figures.newIterationMs.toFixed(0)} ms `
      + `(${(figures.newTurnMs / figures.newIterationMs).toFixed(2)}x; journeys of ${figures.journeyLength}, medians, each a whole synth command)`,
  ];
}
