// Twenty real publishes swap the release while clients on loopback request pages without pause:
// no request fails, no length is wrong, and every body is one release's file, whole.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { tempDir } from '../../testkit/run-cli.ts';
import { fetchText, startServeProcess, until, type ServeProcess } from '../../testkit/serve.ts';

const loopDir = tempDir('swap-loop');
const dataDir = tempDir('swap-data');
const ROUTES = ['/', '/iterations/', '/iterations/1/', '/site-data.json', '/build.json'];
let server: ServeProcess;

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  writeTestLoop(loopDir, 3);
  server = await startServeProcess('serve-cli.ts', ['--loop-dir', loopDir, '--data-dir', dataDir], { JOURNEY_SERVE_PROCESSES: '2' });
  await until(async () => (await fetchText(server.base, '/')).status === 200, 'the first publish', 120_000, server.output);
}, 150_000);

afterAll(async () => {
  await server?.stop();
});

describe('swapping releases under load', () => {
  it('gives 0 failed requests and 0 length mismatches through 20 publishes, each body whole from one release', async () => {
    const stats = { requests: 0, failed: [] as string[], mismatched: 0 };
    const bodies = new Map<string, Set<string>>(ROUTES.map((route) => [route, new Set()]));
    let loading = true;
    const client = async (offset: number) => {
      for (let i = offset; loading; i++) {
        const route = ROUTES[i % ROUTES.length]!;
        try {
          const response = await fetch(new URL(route, server.base), { signal: AbortSignal.timeout(10_000) });
          const body = new Uint8Array(await response.arrayBuffer());
          stats.requests++;
          if (response.status !== 200) stats.failed.push(`${route} ${response.status}`);
          if (Number(response.headers.get('content-length')) !== body.length) stats.mismatched++;
          bodies.get(route)!.add(sha(body));
        } catch (error) {
          stats.failed.push(`${route} ${(error as Error).message}`);
        }
      }
    };
    const clients = Array.from({ length: 6 }, (_, offset) => client(offset));
    const state = path.join(loopDir, 'state.json');
    for (let round = 1; round <= 20; round++) {
      writeFileSync(state, JSON.stringify({ ...JSON.parse(readFileSync(state, 'utf8')), goal: `Swap round ${round}` }));
      writeFileSync(path.join(dataDir, 'synth-trigger'), '');
      await until(async () => (await fetchText(server.base, '/')).text.includes(`Swap round ${round}<`), `round ${round} to go live`, 60_000, server.output);
    }
    loading = false;
    await Promise.all(clients);

    // Every body served must be byte for byte the file of some release (none is pruned yet: grace period).
    const releases = readdirSync(path.join(dataDir, 'releases'));
    expect(releases.length).toBeGreaterThanOrEqual(21);
    const files: Record<string, string> = { '/': 'index.html', '/iterations/': 'iterations/index.html', '/iterations/1/': 'iterations/1.html', '/site-data.json': 'site-data.json', '/build.json': 'build.json' };
    const known = new Map(ROUTES.map((route) => [route, new Set(releases.map((id) => sha(readFileSync(path.join(dataDir, 'releases', id, files[route]!)))))]));
    const foreign = ROUTES.flatMap((route) => [...bodies.get(route)!].filter((hash) => !known.get(route)!.has(hash)).map(() => route));
    expect({ failed: stats.failed.slice(0, 5), mismatched: stats.mismatched, foreign }).toEqual({ failed: [], mismatched: 0, foreign: [] });
    expect(bodies.get('/')!.size).toBeGreaterThanOrEqual(15); // the clients really saw the swaps
    // Load ran through every publish (a count, not a rate: publishes here take 100 ms to several seconds).
    expect(stats.requests).toBeGreaterThan(20 * ROUTES.length);
    console.log(`swap under load: ${stats.requests} requests through 20 publishes, ${bodies.get('/')!.size} distinct home pages, 0 failed`);
  }, 300_000);
});
