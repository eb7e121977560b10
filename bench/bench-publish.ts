// The publishing benchmark: a full publish of a large demo loop (time, peak RSS), then the time from
// touching the trigger after adding one iteration to that iteration's page answering 200 on the
// real server with its warm publish worker (median of 7 after a warm-up round), and the rollback swap
// time. With a baseline checkout, that checkout's full publish of the same loop first, side by side.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemo } from '../demo/generate-demo.ts';
import { writeDemo } from '../demo/write-demo.ts';
import { runNodeProcess, type NodeRun } from '../cli/run-node-process.ts';
import { triggerPath } from '../core/data-layout.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const ENV = { ...process.env, NO_COLOR: '1', JOURNEY_REDACT_KEY: 'bench-publish-key-0123456789', JOURNEY_LOOP_DIR: '', JOURNEY_DATA_DIR: '' };

/** A full publish: its time, peak memory and the phase table it printed. */
interface FullPublish {
  ms: number;
  peakRssMb: number;
  phases: string[];
}

export interface PublishFigures {
  iterations: number;
  full: FullPublish;
  /** The same loop published in full by another checkout (`--baseline`), before this one. */
  baseline?: FullPublish & { repo: string };
  /** The first trigger's run (the worker's first run stats every folder; the list gains a page): not counted. */
  warmUpMs: number;
  incrementalMs: number[];
  medianMs: number;
  /** The phase table of the counted round whose time is the median. */
  medianPhases: string[];
  rollbackMs: number;
}

/** Trigger rounds counted for the median, after one warm-up round. */
const TRIGGER_ROUNDS = 7;

/** The phase lines (`✓ ingest ... in 1.2s`) and the run's line of a publish's output. */
const phaseLines = (stderr: string) => stderr.split('\n').filter((line) => /^\s*✓ |^run \d+ |^\s*\d+ worker threads/.test(line));

/** Runs `node <entry>` from the repository root with the benchmarks' environment, timing it. */
export function runNode(entry: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = {}, repo?: string): Promise<NodeRun> {
  return runNodeProcess(entry, args, { timeoutMs, env: { ...ENV, ...env }, ...(repo ? { repo } : {}) });
}

/** `synth --public --rebuild-site --full` of the loop into a fresh data folder, by this checkout or `repo`. */
async function publishFull(loopDir: string, dataDir: string, repo?: string): Promise<FullPublish> {
  const run = await runNode('synth/synth-cli.ts', ['--public', '--rebuild-site', '--full', '--loop-dir', loopDir, '--data-dir', dataDir], 3_600_000, {}, repo);
  if (run.code !== 0 && run.code !== 3) throw new Error(`the full publish${repo ? ` of ${repo}` : ''} failed (exit ${run.code}):\n${run.stderr.slice(-3000)}`);
  return { ms: run.ms, peakRssMb: Number(/peak RSS (\d+) MB/.exec(run.stderr)?.[1] ?? Number.NaN), phases: phaseLines(run.stderr) };
}

/** Starts `npm run serve` on a loopback port and resolves with its URL once the worker watches the trigger. */
function startServe(loopDir: string, dataDir: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'server/serve-cli.ts'), '--loop-dir', loopDir, '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0'],
      { cwd: REPO, env: ENV, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    let url = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${stderr.slice(-2000)}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      url ||= /serving .* at (http:\/\/\S+)/.exec(stderr)?.[1] ?? '';
      if (url && stderr.includes('publishing when')) {
        clearTimeout(timer);
        resolve({ url, child, output: () => stderr });
      }
    });
  });
}

/** Copies the newest iteration folder as iteration `number` (a new iteration the loop just wrote). */
function addIteration(loopDir: string, number: number): void {
  const root = path.join(loopDir, 'iterations');
  const newest = readdirSync(root).sort((a, b) => Number(a) - Number(b)).at(-1)!;
  const target = path.join(root, String(number));
  cpSync(path.join(root, newest), target, { recursive: true });
  const meta = path.join(target, 'iteration.json');
  writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), iteration: number }, null, 2));
}

async function waitFor200(url: string, deadlineMs: number): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  while (performance.now() < deadline) {
    const response = await fetch(url).catch(() => undefined);
    await response?.arrayBuffer();
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${url} did not answer 200 within ${deadlineMs} ms`);
}

/**
 * Runs the whole publishing benchmark in a temporary folder (removed afterwards). With `baselineRepo`
 * (a checkout of another commit, e.g. a `git worktree`), that checkout publishes the same loop in
 * full first, side by side.
 *
 * @example
 * const figures = await benchPublish(10_000, (line) => console.error(line), '/tmp/journey-at-24800a1');
 */
export async function benchPublish(iterations: number, log: (line: string) => void, baselineRepo?: string): Promise<PublishFigures> {
  const root = mkdtempSync(path.join(tmpdir(), 'journey-bench-publish-'));
  try {
    const loopDir = path.join(root, 'loop');
    const dataDir = path.join(root, 'data');
    log(`writing a demo loop of ${iterations} iterations`);
    writeDemo(loopDir, generateDemo({ iterations, seed: 'bench', now: new Date('2026-11-21T12:00:00Z') }));
    let baseline: PublishFigures['baseline'];
    if (baselineRepo) {
      log(`full publish by the baseline ${baselineRepo}`);
      baseline = { ...(await publishFull(loopDir, path.join(root, 'baseline-data'), baselineRepo)), repo: baselineRepo };
      rmSync(path.join(root, 'baseline-data'), { recursive: true, force: true });
      log(`  ${(baseline.ms / 1000).toFixed(1)} s, peak RSS ${baseline.peakRssMb} MB`);
    }
    log('full publish (npm run synth -- --public --rebuild-site --full)');
    const full = await publishFull(loopDir, dataDir);
    log(`  ${(full.ms / 1000).toFixed(1)} s, peak RSS ${full.peakRssMb} MB`);
    const server = await startServe(loopDir, dataDir);
    const roundsMs: number[] = [];
    const roundsPhases: string[][] = [];
    try {
      for (let round = 0; round <= TRIGGER_ROUNDS; round++) {
        const number = iterations + round + 1;
        addIteration(loopDir, number);
        const mark = server.output().length;
        const started = performance.now();
        writeFileSync(triggerPath({ dataDir }), '');
        await waitFor200(new URL(`/iterations/${number}/`, server.url).href, 60_000);
        roundsMs.push(performance.now() - started);
        log(`  +1 iteration live after ${Math.round(roundsMs.at(-1)!)} ms${round === 0 ? ' (warm-up: not counted)' : ''}`);
        await new Promise((resolve) => setTimeout(resolve, 1500)); // let the run finish (snapshot, prune) before the next trigger
        roundsPhases.push(phaseLines(server.output().slice(mark)));
      }
    } finally {
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      if (server.child.pid && server.child.exitCode === null) process.kill(-server.child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    const rollback = await runNode('admin/rollback-cli.ts', ['--data-dir', dataDir], 60_000);
    const swap = /in (\d+(?:\.\d+)?)(ms|s) \(swap only\)/.exec(rollback.stderr);
    const rollbackMs = swap ? Number(swap[1]) * (swap[2] === 's' ? 1000 : 1) : Number.NaN;
    const incrementalMs = roundsMs.slice(1);
    const medianMs = [...incrementalMs].sort((a, b) => a - b)[incrementalMs.length >> 1]!;
    const medianAt = incrementalMs.indexOf(medianMs);
    return {
      iterations, full, ...(baseline ? { baseline } : {}), warmUpMs: roundsMs[0]!, incrementalMs, medianMs, medianPhases: roundsPhases[medianAt + 1] ?? [], rollbackMs,
    };
  } finally {
    rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

/** The figures as the lines `npm run bench` prints, with the targets beside them. */
export function formatPublishFigures(f: PublishFigures): string[] {
  const median = f.medianMs;
  const ratio = median / f.full.ms;
  const indent = (lines: string[]) => lines.map((line) => `    ${line.trim()}`);
  return [
    `full publish of ${f.iterations.toLocaleString('en-US')} iterations: ${(f.full.ms / 1000).toFixed(1)} s (target < 60 s), peak RSS ${f.full.peakRssMb} MB (target < 1200 MB)`,
    ...indent(f.full.phases),
    ...(f.baseline ? [
      `the same loop published by the baseline (${f.baseline.repo}): ${(f.baseline.ms / 1000).toFixed(1)} s, peak RSS ${f.baseline.peakRssMb} MB; this checkout takes ${(f.full.ms / f.baseline.ms).toFixed(2)}x its time (target <= 0.6x)`,
      ...indent(f.baseline.phases),
    ] : []),
    `trigger -> new iteration answering 200: median ${Math.round(median)} ms of ${f.incrementalMs.length} (${f.incrementalMs.map(Math.round).join(', ')} ms; target < 1000 ms), after a warm-up round of ${Math.round(f.warmUpMs)} ms`,
    '  the median round\'s publish in the worker:',
    ...indent(f.medianPhases),
    `ratio incremental / full: ${(ratio * 100).toFixed(2)}% (target < 10%)`,
    `rollback swap: ${f.rollbackMs < 10 ? f.rollbackMs.toFixed(2) : Math.round(f.rollbackMs)} ms`,
  ];
}
