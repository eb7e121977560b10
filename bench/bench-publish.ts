// The publishing benchmark: a full publish of a large demo loop (time, peak RSS), then the time from
// touching the trigger after adding one iteration to that iteration's page answering 200 on the
// real server with its warm publish worker (median of 5), and the rollback swap time.
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

export interface PublishFigures {
  iterations: number;
  fullMs: number;
  fullPeakRssMb: number;
  incrementalMs: number[];
  rollbackMs: number;
}

/** Runs `node <entry>` from the repository root with the benchmarks' environment, timing it. */
export function runNode(entry: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<NodeRun> {
  return runNodeProcess(entry, args, { timeoutMs, env: { ...ENV, ...env } });
}

/** Starts `npm run serve` on a loopback port and resolves with its URL once the worker watches the trigger. */
function startServe(loopDir: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
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
        resolve({ url, child });
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
 * Runs the whole publishing benchmark in a temporary folder (removed afterwards).
 *
 * @example
 * const figures = await benchPublish(10_000, (line) => console.error(line));
 */
export async function benchPublish(iterations: number, log: (line: string) => void): Promise<PublishFigures> {
  const root = mkdtempSync(path.join(tmpdir(), 'journey-bench-publish-'));
  try {
    const loopDir = path.join(root, 'loop');
    const dataDir = path.join(root, 'data');
    log(`writing a demo loop of ${iterations} iterations`);
    writeDemo(loopDir, generateDemo({ iterations, seed: 'bench', now: new Date('2026-11-21T12:00:00Z') }));
    log('full publish (npm run synth -- --public --rebuild-site --full)');
    const full = await runNode('synth/synth-cli.ts', ['--public', '--rebuild-site', '--full', '--loop-dir', loopDir, '--data-dir', dataDir], 1_800_000);
    if (full.code !== 0 && full.code !== 3) throw new Error(`the full publish failed (exit ${full.code}):\n${full.stderr.slice(-3000)}`);
    const fullPeakRssMb = Number(/peak RSS (\d+) MB/.exec(full.stderr)?.[1] ?? Number.NaN);
    log(`  ${(full.ms / 1000).toFixed(1)} s, peak RSS ${fullPeakRssMb} MB`);
    const server = await startServe(loopDir, dataDir);
    const incrementalMs: number[] = [];
    try {
      for (let round = 1; round <= 5; round++) {
        const number = iterations + round;
        addIteration(loopDir, number);
        const started = performance.now();
        writeFileSync(triggerPath({ dataDir }), '');
        await waitFor200(new URL(`/iterations/${number}/`, server.url).href, 60_000);
        incrementalMs.push(performance.now() - started);
        log(`  +1 iteration live after ${Math.round(incrementalMs.at(-1)!)} ms`);
        await new Promise((resolve) => setTimeout(resolve, 1500)); // let the run finish (snapshot, prune) before the next trigger
      }
    } finally {
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      if (server.child.pid && server.child.exitCode === null) process.kill(-server.child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    const rollback = await runNode('admin/rollback-cli.ts', ['--data-dir', dataDir], 60_000);
    const swap = /in (\d+(?:\.\d+)?)(ms|s) \(swap only\)/.exec(rollback.stderr);
    const rollbackMs = swap ? Number(swap[1]) * (swap[2] === 's' ? 1000 : 1) : Number.NaN;
    return { iterations, fullMs: full.ms, fullPeakRssMb, incrementalMs, rollbackMs };
  } finally {
    rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

/** The figures as the lines `npm run bench` prints, with the targets beside them. */
export function formatPublishFigures(f: PublishFigures): string[] {
  const median = [...f.incrementalMs].sort((a, b) => a - b)[f.incrementalMs.length >> 1]!;
  const ratio = median / f.fullMs;
  return [
    `full publish of ${f.iterations.toLocaleString('en-US')} iterations: ${(f.fullMs / 1000).toFixed(1)} s (target < 60 s), peak RSS ${f.fullPeakRssMb} MB (target < 1536 MB)`,
    `trigger -> new iteration answering 200: median ${Math.round(median)} ms of ${f.incrementalMs.length} (${f.incrementalMs.map(Math.round).join(', ')} ms; target < 2000 ms)`,
    `ratio incremental / full: ${(ratio * 100).toFixed(2)}% (target < 10%)`,
    `rollback swap: ${f.rollbackMs < 10 ? f.rollbackMs.toFixed(2) : Math.round(f.rollbackMs)} ms`,
  ];
}
