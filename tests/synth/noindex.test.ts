// JOURNEY_NOINDEX: robots.txt disallows everything and every page carries the noindex meta tag; turning
// it off re-renders every page without it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, runCli, tempDir } from '../../testkit/run-cli.ts';

describe('the noindex switch', () => {
  it('writes robots.txt and the meta tag on every page, and takes both away when turned off', async () => {
    const loopDir = tempDir('noindex-loop');
    const dataDir = tempDir('noindex-data');
    writeTestLoop(loopDir, 3);
    const synth = (noindex: string) => publishLoop(loopDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'noindex-test-key-0123456789', JOURNEY_NOINDEX: noindex } });
    const pages = ['index.html', 'iterations/index.html', 'iterations/page/1/index.html', 'iterations/1.html', 'iterations/3.html'];
    const read = (file: string) => readFileSync(path.join(dataDir, 'current', file), 'utf8');
    const on = await synth('1');
    expect(on.code, on.stderr).toBe(0);
    expect(read('robots.txt')).toBe('User-agent: *\nDisallow: /\n');
    for (const page of pages) expect(read(page), page).toContain('<meta name="robots" content="noindex, nofollow">');
    const off = await synth('0');
    expect(off.code, off.stderr).toBe(0);
    expect(existsSync(path.join(dataDir, 'current', 'robots.txt'))).toBe(false);
    for (const page of pages) expect(read(page), page).not.toContain('name="robots"');
  }, 180_000);

  it('refuses a value that is not a switch, naming the setting', async () => {
    const result = await runCli('admin/config-cli.ts', ['--print'], { JOURNEY_NOINDEX: 'maybe' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('noindex');
    expect(result.stderr).toContain('must be 1/true/yes/on or 0/false/no/off');
  });
});
