// Scenario 1: synth killed with SIGKILL at seeded random points of a publish (10; 4 in the short
// form) while a client requests pages: a kill before the swap step leaves `current` unchanged, a kill
// in the swap step leaves either the old or the new release, complete; no request fails; and the
// next publish recovers by itself (no run left "running", no staging left) and succeeds.
import { spawn } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { createRandom } from '../demo/demo-random.ts';
import { startServer } from '../server/http/start-server.ts';
import { openDb } from '../state/db.ts';
import { REPO_ROOT } from '../synth/render/run-astro-process.ts';
import { readManifest } from '../synth/release/write-release.ts';
import { FAULT_ENV, failedFigure, startReader, withFixture } from './fault-fixture.ts';
import type { Scenario } from './scenario.ts';

export const killPublish: Scenario = {
  name: 'kill -9 during publish',
  promise: 'SIGKILL at seeded points under load: current unchanged when killed before the swap, always complete; 0 failed requests; the next run recovers',
  async run({ short, log }) {
    return withFixture('kill', short ? 60 : 150, async (fixture) => {
      const { dataDir } = fixture;
      const args = [...fixture.synthArgs, '--full']; // every phase does its whole work: kills land in each
      // How long a full publish takes to reach its swap: the kill points fall before it.
      const calibration = await timeToSwap(args);
      const server = await startServer({ dataDir, host: '127.0.0.1', port: 0 });
      const reader = startReader(server.url, ['/']);
      const random = createRandom('20261121').next; // the same seed, the same kill points
      const trials = short ? 4 : 10;
      let unchanged = 0;
      let inSwap = 0;
      const broken: string[] = [];
      const points: number[] = [];
      let read: Awaited<ReturnType<typeof reader.stop>>;
      let recovered: Awaited<ReturnType<typeof fixture.publish>>;
      try {
        for (let trial = 0; trial < trials; trial++) {
          fixture.setGoal(`Kill trial ${trial}`);
          const before = readlinkSync(path.join(dataDir, 'current'));
          const killAfter = Math.round(50 + random() * Math.max(100, calibration * 0.8 - 50));
          points.push(killAfter);
          const child = spawn(process.execPath, [path.join(REPO_ROOT, 'synth/synth-cli.ts'), ...args], { cwd: REPO_ROOT, env: { ...process.env, ...FAULT_ENV }, stdio: ['ignore', 'ignore', 'pipe'] });
          let said = '';
          child.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString()));
          const exited = new Promise((resolve) => child.once('exit', resolve));
          await new Promise((resolve) => setTimeout(resolve, killAfter));
          // Phases log as they end: past "✓ scan" the run is in its swap step (or done).
          const swapping = /✓ scan /.test(said);
          child.kill('SIGKILL');
          await exited;
          const after = readlinkSync(path.join(dataDir, 'current'));
          if (after === before) unchanged++;
          if (swapping) inSwap++;
          const complete = readManifest(dataDir, path.basename(after)) !== undefined;
          if (!complete) broken.push(`trial ${trial}: current -> ${after} without a complete manifest`);
          else if (!swapping && after !== before) broken.push(`trial ${trial}: killed before its swap, yet current moved`);
        }
        log(`  kill points (ms after start, swap at ~${Math.round(calibration)} ms): ${points.join(', ')}`);
        recovered = await fixture.publish();
      } finally {
        read = await reader.stop();
        await server.close();
      }
      const db = openDb(dataDir);
      const running = (db.prepare("SELECT count(*) AS n FROM runs WHERE outcome = 'running'").get() as { n: number }).n;
      const interrupted = (db.prepare("SELECT count(*) AS n FROM runs WHERE outcome = 'interrupted'").get() as { n: number }).n;
      db.close();
      const staging = existsSync(path.join(dataDir, 'staging'));
      const ok = broken.length === 0 && read.failures.length === 0 && running === 0 && !staging && (recovered.code === 0 || recovered.code === 3);
      return {
        ok,
        figure: `current unchanged ${unchanged}/${trials} (${trials - inSwap} killed before the swap step, ${inSwap} in it), ${broken.length} broken${broken[0] ? ` (${broken[0]})` : ''}; `
          + `${read.requests} requests, ${failedFigure(read.failures)}; after: ${running} runs "running" `
          + `(${interrupted} recorded interrupted), staging left: ${staging ? 'yes' : 'no'}, next publish exit ${recovered.code}`,
      };
    });
  },
};

/** Milliseconds from a full publish's start to its swap line. */
function timeToSwap(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'synth/synth-cli.ts'), ...args], { cwd: REPO_ROOT, env: { ...process.env, ...FAULT_ENV }, stdio: ['ignore', 'ignore', 'pipe'] });
    let at = Number.NaN;
    child.stderr!.on('data', (chunk: Buffer) => {
      if (Number.isNaN(at) && /✓ scan /.test(chunk.toString())) at = performance.now() - started;
    });
    child.on('close', () => resolve(Number.isNaN(at) ? performance.now() - started : at));
  });
}
