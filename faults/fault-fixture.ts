// What the fault scenarios share: a demo loop and data folder in a temp dir, real publishes of it, and
// a reader that requests pages from a loopback server all through a scenario and counts failures.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runNodeProcess, type NodeRun } from '../cli/run-node-process.ts';
import { generateDemo } from '../demo/generate-demo.ts';
import { writeDemo } from '../demo/write-demo.ts';
import { startServeProcess } from '../testkit/serve.ts';

export const FAULT_ENV = { JOURNEY_REDACT_KEY: 'faults-key-0123456789abcdef', NO_COLOR: '1', JOURNEY_LOOP_DIR: '', JOURNEY_DATA_DIR: '' };

export interface Fixture {
  root: string;
  loopDir: string;
  dataDir: string;
  /** `npm run synth` arguments for this loop and data folder. */
  synthArgs: string[];
  /** One real publish (synth-cli in its own process). */
  publish(env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<NodeRun>;
  /** Changes the loop's goal, so the next publish makes a new release. */
  setGoal(goal: string): void;
  /** The same loop published into another data folder. */
  withDataDir(dataDir: string): Fixture;
}

function makeFixture(root: string, loopDir: string, dataDir: string): Fixture {
  const synthArgs = ['--public', '--rebuild-site', '--loop-dir', loopDir, '--data-dir', dataDir];
  return {
    root, loopDir, dataDir, synthArgs,
    publish: (env = {}, timeoutMs = 300_000) => runNodeProcess('synth/synth-cli.ts', synthArgs, { timeoutMs, env: { ...FAULT_ENV, ...env } }),
    setGoal(goal) {
      const state = path.join(loopDir, 'state.json');
      writeFileSync(state, JSON.stringify({ ...JSON.parse(readFileSync(state, 'utf8')), goal }));
    },
    withDataDir: (other) => makeFixture(root, loopDir, other),
  };
}

/**
 * A demo loop of `iterations` in a fresh temp folder, published once (unless `publishFirst` is false:
 * the scenario changes the loop first), removed after `work` whatever it throws.
 *
 * @example
 * await withFixture('swap', 20, async (fixture) => { fixture.setGoal('next'); await fixture.publish(); ... });
 */
export async function withFixture<T>(name: string, iterations: number, work: (fixture: Fixture) => Promise<T>, publishFirst = true): Promise<T> {
  const root = mkdtempSync(path.join(tmpdir(), `journey-fault-${name}-`));
  const loopDir = path.join(root, 'loop');
  writeDemo(loopDir, generateDemo({ iterations, seed: 'faults', now: new Date('2026-11-21T12:00:00Z') }));
  try {
    const fixture = makeFixture(root, loopDir, path.join(root, 'data'));
    if (publishFirst) {
      const first = await fixture.publish();
      if (first.code !== 0 && first.code !== 3) throw new Error(`the first publish failed (exit ${first.code}): ${first.stderr.trim().split('\n').at(-1)}`);
    }
    return await work(fixture);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export interface Reader {
  /** Stops reading; resolves with what it saw. */
  stop(): Promise<{ requests: number; failures: string[] }>;
}

/**
 * Requests `routes` of `base` one after another until stopped; any answer but 200 (or one `check`
 * rejects, returning why) is a failure.
 *
 * @example
 * const reader = startReader(server.url, ['/', '/build.json']);
 * const { requests, failures } = await reader.stop();
 */
export function startReader(base: string, routes: readonly string[] = ['/'], check?: (route: string, body: string) => string | undefined): Reader {
  let reading = true;
  let requests = 0;
  const failures: string[] = [];
  const loop = (async () => {
    for (let turn = 0; reading; turn++) {
      const route = routes[turn % routes.length]!;
      try {
        const response = await fetch(new URL(route, base));
        const body = await response.text();
        if (response.status !== 200) failures.push(`GET ${route} answered ${response.status}`);
        else {
          const wrong = check?.(route, body);
          if (wrong) failures.push(`GET ${route}: ${wrong}`);
        }
      } catch (error) {
        failures.push(`GET ${route}: ${(error as Error).message}`);
      }
      requests++;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  return {
    async stop() {
      reading = false;
      await loop;
      return { requests, failures };
    },
  };
}

/** `, 3 failed (first: ...)` style tail of a figure. */
export function failedFigure(failures: readonly string[]): string {
  return `${failures.length} failed${failures[0] ? ` (${failures[0]})` : ''}`;
}

export interface ServeCli {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  /** All it printed so far (its access log is JSON lines on stdout). */
  output(): string;
  /** The first match of `pattern` in its output within `seconds`, or undefined. */
  waitFor(pattern: RegExp, seconds: number): Promise<RegExpExecArray | undefined>;
  /** SIGTERM; resolves when it has exited. */
  stop(): Promise<unknown>;
}

/**
 * `npm run serve` for the fixture's loop and data folder on a loopback port, with its publish worker
 * (the tests' startServeProcess), and a way to wait for what it prints.
 *
 * @example
 * const serve = await startServeCli(fixture, { JOURNEY_PUBLISH_TIMEOUT_SECONDS: '10' });
 */
export async function startServeCli(fixture: Fixture, env: NodeJS.ProcessEnv = {}): Promise<ServeCli> {
  const serve = await startServeProcess('serve-cli.ts', ['--loop-dir', fixture.loopDir, '--data-dir', fixture.dataDir], { ...FAULT_ENV, JOURNEY_SERVE_PROCESSES: '1', ...env });
  const waitFor = async (pattern: RegExp, seconds: number) => {
    for (const until = Date.now() + seconds * 1000; Date.now() < until && serve.child.exitCode === null; await new Promise((r) => setTimeout(r, 50))) {
      const match = pattern.exec(serve.output());
      if (match) return match;
    }
    return pattern.exec(serve.output()) ?? undefined;
  };
  return { url: serve.base, output: serve.output, waitFor, stop: serve.stop };
}
