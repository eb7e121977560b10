// A 2,000-iteration journey: the list paginates, and no file the browser loads is over 1 MB; a
// typical iteration page with its stylesheet stays under 100 KB.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

describe('a 2,000-iteration journey', () => {
  it('paginates the list and keeps every page and JSON file under 1 MB, a typical iteration page under 100 KB', async () => {
    const loopDir = tempDir('scale-loop');
    const dataDir = tempDir('scale-data');
    writeTestLoop(loopDir, 2000);
    const result = await publishLoop(loopDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'scale-test-key-0123456789' }, timeoutMs: 480_000 });
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const release = path.join(dataDir, 'current') + '/';
    const files = readdirSync(release, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
      .map((entry) => ({ name: path.relative(release, path.join(entry.parentPath, entry.name)), bytes: statSync(path.join(entry.parentPath, entry.name)).size }));
    const loaded = files.filter((file) => /\.(?:html|json|css|js|xml)$/.test(file.name));
    expect(loaded.length).toBeGreaterThan(4000);
    expect(loaded.filter((file) => file.bytes > 1_000_000).map((file) => `${file.name} ${file.bytes}`)).toEqual([]);
    expect(files.filter((file) => /^iterations\/page\/\d+\/index\.html$/.test(file.name))).toHaveLength(20);
    const css = files.filter((file) => file.name.endsWith('.css')).reduce((sum, file) => sum + file.bytes, 0);
    const pages = files.filter((file) => /^iterations\/\d+\.html$/.test(file.name)).map((file) => file.bytes).sort((a, b) => a - b);
    const median = pages[pages.length >> 1]!;
    expect(median + css).toBeLessThan(100_000);
  }, 560_000);
});
