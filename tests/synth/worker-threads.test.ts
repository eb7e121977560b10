// A large publish spreads redaction, verification, rendering and the leak scan over worker threads:
// the release is byte for byte what one thread makes, errors keep their codes across the thread
// boundary, and a large task stays in the main thread.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../redact/detect.ts';
import { findUnredacted } from '../../synth/verify-redacted.ts';
import type { FileFinding } from '../../redact/read-scan-dir.ts';
import { BUILD_FACTS } from '../../synth/release/plan-release-files.ts';
import { THREAD_TASK_BYTES, ThreadPool } from '../../synth/thread-pool.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { runCli, tempDir } from '../../testkit/run-cli.ts';

const KEY = 'worker-threads-test-key-0123456789';
const synth = (loopDir: string, dataDir: string, threads: number) => runCli('synth/synth-cli.ts',
  ['--public', '--rebuild-site', '--full', '--loop-dir', loopDir, '--data-dir', dataDir], { JOURNEY_REDACT_KEY: KEY, JOURNEY_PUBLISH_THREADS: String(threads) }, 300_000);

/** The current release's MANIFEST without the build facts (build time, snapshots) and the trailer that hashes it. */
const manifest = (dataDir: string) => readFileSync(path.join(dataDir, 'current', 'MANIFEST'), 'utf8').split('\n')
  .filter((line) => ![...BUILD_FACTS].some((file) => line.endsWith(` ${file}`)) && !line.startsWith('end '));

const publicFiles = (dataDir: string) => Object.fromEntries(readdirSync(path.join(dataDir, 'public'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => [path.relative(dataDir, path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name), 'utf8')]));

describe('worker threads', () => {
  it('publish the same bytes as one thread does', async () => {
    const loopDir = tempDir('threads-loop');
    writeTestLoop(loopDir, 70); // above POOL_MIN_ITEMS, so every step uses the pool
    const threaded = tempDir('threads-two');
    const single = tempDir('threads-one');
    const two = await synth(loopDir, threaded, 2);
    const one = await synth(loopDir, single, 1);
    expect([two.code, one.code]).toEqual([0, 0]);
    expect(two.stderr).toContain('2 worker threads share the work');
    expect(one.stderr).not.toContain('worker threads');
    expect(manifest(threaded).length).toBeGreaterThan(140);
    expect(manifest(threaded)).toEqual(manifest(single));
    expect(publicFiles(threaded)).toEqual(publicFiles(single));
  }, 300_000);

  it('bring a task error back with its code, and keep a large task in the main thread', async () => {
    const options = { key: KEY, denylist: ['zanzibar-internal'], knownSecrets: [] };
    const detector = createDetector(options);
    const pool = new ThreadPool(1, { detector: options, identity: detector.identity, loopRoot: tempDir('threads-root'), maxBytes: 1024 });
    try {
      // The verify gate's findings come back from the thread as data: place, rule and fingerprint, no value.
      const leaking = [{ path: 'iterations/1.json', text: '{"plan": "deploy to zanzibar-internal"}\n' }];
      const found = await pool.run<FileFinding[]>('verify', leaking, () => []);
      expect(found.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual(['iterations/1.json:1 denylist']);
      expect(JSON.stringify(found)).not.toContain('zanzibar');
      // A task that fails in the thread fails here, with its code.
      const failed = await pool.run('scan', { root: path.join(tempDir('threads-missing'), 'gone'), files: ['x.html'] }, () => 'ran here').catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(Error);
      expect((failed as Error).message).toMatch(/ENOENT/);

      const clean = [{ path: 'iterations/2.json', text: '{"plan": "nothing to hide"}\n' }];
      let ranHere = 0;
      const here = async () => {
        ranHere += 1;
        await findUnredacted(clean, detector);
        return 'ran here';
      };
      expect(await pool.run('verify', clean, here, 1000)).toEqual([]); // a worker's answer
      expect(ranHere).toBe(0);
      expect(await pool.run('verify', clean, here, THREAD_TASK_BYTES + 1)).toBe('ran here');
      expect(ranHere).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
