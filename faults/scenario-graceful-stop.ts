// Scenario 8: SIGTERM while the server is busy: every request already sent is answered in full (no
// reset, no truncated body), and the server exits within its shutdown deadline.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import path from 'node:path';
import { REPO_ROOT } from '../synth/render/run-astro-process.ts';
import { withFixture } from './fault-fixture.ts';
import type { Scenario } from './scenario.ts';

const SHUTDOWN_S = 5;

interface Outcome {
  sentBeforeStop: boolean;
  ok: boolean;
  error?: string;
}

/** One GET, read slowly when `slow` (a download still under way at the stop). */
function get(url: string, agent: Agent, slow: boolean, stopped: () => boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    const sentBeforeStop = !stopped();
    const req = request(url, { agent }, (res) => {
      const expected = Number(res.headers['content-length']);
      let got = 0;
      res.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (slow) {
          res.pause();
          setTimeout(() => res.resume(), 15);
        }
      });
      res.on('end', () => resolve({ sentBeforeStop, ok: res.statusCode === 200 && (Number.isNaN(expected) || got === expected) }));
      res.on('error', (error) => resolve({ sentBeforeStop, ok: false, error: error.message }));
    });
    req.on('error', (error) => resolve({ sentBeforeStop, ok: false, error: error.message }));
    req.end();
  });
}

export const gracefulStop: Scenario = {
  name: 'graceful stop under load',
  promise: `SIGTERM while serving: 0 requests sent before it reset or cut short; exit within ${SHUTDOWN_S} s`,
  async run({ short, log }) {
    return withFixture('stop', 3, async (fixture) => {
      // A long log makes iteration 1's page over 1 MiB: streamed from disk, so a download lasts.
      writeFileSync(path.join(fixture.loopDir, 'iterations', '0001', 'log.txt'), Array.from({ length: 2000 }, (_, i) => `step ${i} ${'x'.repeat(700)}`).join('\n'));
      const published = await fixture.publish({}, 120_000);
      if (published.code !== 0 && published.code !== 3) return { ok: false, figure: `the publish failed (exit ${published.code})` };
      const server = spawn(process.execPath, [path.join(REPO_ROOT, 'server/serve-cli.ts'), '--data-dir', fixture.dataDir, '--no-worker', '--host', '127.0.0.1', '--port', '0'], {
        cwd: REPO_ROOT, env: { ...process.env, JOURNEY_SHUTDOWN_SECONDS: String(SHUTDOWN_S), JOURNEY_SERVE_PROCESSES: '1', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number>((resolve) => server.on('exit', () => resolve(performance.now())));
      const started = Date.now();
      while (!/http:\/\/127\.0\.0\.1:\d+\//.test(output) && Date.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 50));
      const base = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (!base) return { ok: false, figure: 'the server did not start' };
      let stopped = false;
      const outcomes: Outcome[] = [];
      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      const client = async (slow: boolean) => {
        while (!stopped) outcomes.push(await get(new URL(slow ? '/iterations/1/' : '/', base).href, agent, slow, () => stopped));
      };
      const clients = [...Array.from({ length: short ? 2 : 4 }, () => client(true)), ...Array.from({ length: short ? 4 : 8 }, () => client(false))];
      await new Promise((resolve) => setTimeout(resolve, short ? 800 : 2000));
      const stopAt = performance.now();
      stopped = true;
      server.kill('SIGTERM');
      await Promise.all(clients);
      const exitAt = await Promise.race([exited, new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), (SHUTDOWN_S + 5) * 1000))]);
      if (Number.isNaN(exitAt)) server.kill('SIGKILL');
      agent.destroy();
      const before = outcomes.filter((o) => o.sentBeforeStop);
      const broken = before.filter((o) => !o.ok);
      const exitS = (exitAt - stopAt) / 1000;
      log(`  ${outcomes.length} requests, ${before.length} sent before SIGTERM, ${broken.length} broken, exit after ${exitS.toFixed(2)} s`);
      return {
        ok: broken.length === 0 && exitS <= SHUTDOWN_S + 1,
        figure: `${before.length} requests sent before SIGTERM, ${broken.length} reset or cut short${broken[0]?.error ? ` (${broken[0].error})` : ''}; exited ${Number.isNaN(exitS) ? 'never (killed)' : `${exitS.toFixed(2)} s`} after it (deadline ${SHUTDOWN_S} s)`,
      };
    }, false);
  },
};
