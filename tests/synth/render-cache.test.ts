// The render cache (renderCacheDir): data folders may share one. Two publishes that need a version
// it does not hold yet build it once between them; a folder every user may write to is refused,
// because the publisher runs the code it finds there.
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

const KEY = { JOURNEY_REDACT_KEY: 'render-cache-test-key-0123456789' };

describe('a render cache shared by data folders', () => {
  it('is built once for two data folders publishing at the same time, and both publish', async () => {
    const loopDir = tempDir('cache-loop');
    writeTestLoop(loopDir, 2);
    const cache = path.join(tempDir('cache-shared'), 'render');
    const env = { ...KEY, JOURNEY_RENDER_CACHE_DIR: cache };
    const [a, b] = await Promise.all([publishLoop(loopDir, tempDir('cache-a'), { env }), publishLoop(loopDir, tempDir('cache-b'), { env })]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // One of them built the bundle; the other waited for it and used it.
    const bundleLines = [a.stderr, b.stderr].map((stderr) => /✓ bundle .*\(site code \w+, (built now|cached)\)/.exec(stderr)?.[1]).sort();
    expect(bundleLines).toEqual(['built now', 'cached']);
    // One bundle, no half-built folder and no lock left behind.
    expect(readdirSync(cache)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
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
});
