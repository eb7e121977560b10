// The render cache (renderCacheDir): data folders may share one. Two publishes that need a version
// it does not hold yet build it once between them; a folder every user may write to is refused,
// because the publisher runs the code it finds there.
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForLock } from '../../core/write-lock.ts';
import { readSiteCodeHash } from '../../synth/read-code-hash.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

const KEY = { JOURNEY_REDACT_KEY: 'render-cache-test-key-0123456789' };

describe('a render cache shared by data folders', () => {
  it('is built once for two data folders publishing at the same time, and both publish', async () => {
    const loopDir = tempDir('cache-loop');
    writeTestLoop(loopDir, 2);
    const cache = path.join(tempDir('cache-shared'), 'render');
    const env = { ...KEY, JOURNEY_RENDER_CACHE_DIR: cache };
    // What a prune cut short leaves: the version's folder without its entry. It is built again, not taken as cached.
    mkdirSync(path.join(cache, readSiteCodeHash(), 'server', 'chunks'), { recursive: true });
    writeFileSync(path.join(cache, readSiteCodeHash(), 'server', 'chunks', 'pages.mjs'), 'export {};\n');
    const [a, b] = await Promise.all([publishLoop(loopDir, tempDir('cache-a'), { env }), publishLoop(loopDir, tempDir('cache-b'), { env })]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // One of them built the bundle; the other waited for it and used it.
    const bundleLines = [a.stderr, b.stderr].map((stderr) => /✓ bundle .*\(site code \w+, (built now|cached)\)/.exec(stderr)?.[1]).sort();
    expect(bundleLines).toEqual(['built now', 'cached']);
    // One bundle, complete, and no half-built folder and no lock left behind.
    expect(readdirSync(cache)).toEqual([readSiteCodeHash()]);
    expect(existsSync(path.join(cache, readSiteCodeHash(), 'server', 'entry.mjs'))).toBe(true);
  }, 300_000);

  it('refuses a folder every user may write to: exit 1, the code and the fix, and nothing published', async () => {
    const loopDir = tempDir('open-loop');
    const dataDir = tempDir('open-data');
    writeTestLoop(loopDir, 1);
    const cache = path.join(tempDir('open-cache'), 'render');
    mkdirSync(cache);
    chmodSync(cache, 0o777);
    const result = await publishLoop(loopDir, dataDir, { env: { ...KEY, JOURNEY_RENDER_CACHE_DIR: cache } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`JOURNEY_BUILD_FAILED: the render cache ${cache} is writable by every user`);
    expect(result.stderr).toContain('chmod o-w');
    expect(existsSync(path.join(dataDir, 'current'))).toBe(false);
    expect(readdirSync(cache)).toEqual([]);
  }, 120_000);

  it('takes over a lock whose pid is alive but names another process than the one that took it (a restarted container reuses pids)', async () => {
    const lock = path.join(tempDir('lock'), 'v.lock');
    writeFileSync(lock, `${process.pid} 1`); // our pid, but a start time that is not ours
    const release = await waitForLock(lock, 5_000);
    expect(readFileSync(lock, 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+$`));
    // Held by a live process that is still the one that took it: waited for, then refused.
    await expect(waitForLock(lock, 500)).rejects.toThrow(/waited 500 ms/);
    release();
  });

  it.runIf(process.getuid?.() === 0)('refuses a folder another user owns: the publisher would run their code', async () => {
    const loopDir = tempDir('owned-loop');
    writeTestLoop(loopDir, 1);
    const cache = path.join(tempDir('owned-cache'), 'render');
    mkdirSync(cache, { mode: 0o755 });
    chownSync(cache, 4242, 4242);
    const result = await publishLoop(loopDir, tempDir('owned-data'), { env: { ...KEY, JOURNEY_RENDER_CACHE_DIR: cache } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`JOURNEY_BUILD_FAILED: the render cache ${cache} belongs to another user (uid 4242)`);
  }, 120_000);
});
