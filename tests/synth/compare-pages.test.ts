// The compare pages of consecutive iterations (/compare/<a>/<b>/): a release holds one per pair, a
// publish that adds an iteration renders only the new pair's page, and a takedown purges every kept
// release still holding a compare page that names the iteration.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReleaseIndex } from '../../server/http/read-release-index.ts';
import { parseManifest } from '../../synth/release/release-manifest.ts';
import { purgeTakedown } from '../../synth/release/write-takedown.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { makeCurrent, writeReleaseFolder } from '../../testkit/fake-release.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

const ENV = { JOURNEY_REDACT_KEY: 'compare-pages-test-key-0123456789' };
const iterationFolder = (loopDir: string, n: number) => path.join(loopDir, 'iterations', String(n).padStart(4, '0'));
const comparePages = (release: string) => readdirSync(path.join(release, 'compare'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name !== 'index.html').map((e) => path.relative(release, path.join(e.parentPath, e.name))).sort();
const keys = (release: string) => new Map(parseManifest(readFileSync(path.join(release, 'MANIFEST'), 'utf8'))!.map((e) => [e.path, e.key]));

describe('compare pages in a release', () => {
  it('holds one page per consecutive pair, and a publish that adds an iteration renders only the new pair\'s', async () => {
    const loopDir = tempDir('compare-loop');
    const dataDir = tempDir('compare-data');
    writeTestLoop(loopDir, 6);
    const parked = path.join(tempDir('compare-parked'), '0006');
    cpSync(iterationFolder(loopDir, 6), parked, { recursive: true });
    rmSync(iterationFolder(loopDir, 6), { recursive: true });
    const first = await publishLoop(loopDir, dataDir, { env: ENV });
    expect(first.code, first.stderr.slice(-2000)).toBe(0);
    const before = path.join(dataDir, 'releases', readdirSync(path.join(dataDir, 'releases'))[0]!);
    expect(comparePages(before)).toEqual(['compare/1/2.html', 'compare/2/3.html', 'compare/3/4.html', 'compare/4/5.html']);
    // Served as /compare/<a>/<b>/, with what changed between the two: the demo's test names follow the feature, so they are new and gone.
    const index = await readReleaseIndex(before);
    expect(index.routes.get('/compare/4/5/')).toMatchObject({ kind: 'file', file: { abs: path.join(before, 'compare', '4', '5.html') } });
    const page = readFileSync(path.join(before, 'compare', '4', '5.html'), 'utf8');
    expect(page).toContain('<h1>Iteration 4 → 5</h1>');
    expect(page).toMatch(/<tr data-change="new"><td>[^<]+<\/td><td>new<\/td><td>—<\/td><td>passed<\/td><\/tr>/);
    expect(page).toMatch(/<tr data-where="only-a"><td>src\/[\w-]+\.ts<\/td>/);
    expect(readFileSync(path.join(before, 'iterations', '5.html'), 'utf8')).toContain('href="/compare/4/5/"');
    expect(readFileSync(path.join(before, 'compare', 'index.html'), 'utf8')).toContain('href="/compare/4/5/"');

    cpSync(parked, iterationFolder(loopDir, 6), { recursive: true });
    const added = await publishLoop(loopDir, dataDir, { env: ENV });
    expect(added.code, added.stderr.slice(-2000)).toBe(0);
    const after = path.join(dataDir, 'current');
    expect(comparePages(after)).toEqual([...comparePages(before), 'compare/5/6.html']);
    // Iteration 5's JSON changed (its next link), not what its compare page is made from: that page is
    // linked like the three older ones, the new pair's page is the one rendered.
    const inode = (release: string, file: string) => statSync(path.join(release, file)).ino;
    for (const file of comparePages(before)) expect(inode(after, file), file).toBe(inode(before, file));
    expect(inode(after, 'iterations/5.json')).not.toBe(inode(before, 'iterations/5.json'));
    expect(keys(after).get('compare/4/5.html')).toBe(keys(before).get('compare/4/5.html'));
    expect(readFileSync(path.join(after, 'compare', '5', '6.html'), 'utf8')).toContain('<h1>Iteration 5 → 6</h1>');
    expect(readFileSync(path.join(after, 'compare', 'index.html'), 'utf8')).toContain('href="/compare/5/6/"');
  }, 180_000);
});

describe('takedown of an iteration with compare pages', () => {
  it('deletes every kept release whose compare pages naming the iteration differ from the current ones', async () => {
    const dataDir = tempDir('takedown-compare');
    const same = { 'index.html': '<p>home</p>', 'iterations/3.json': '{"status": "withheld"}\n', 'iterations/3.html': '<p>withheld</p>', 'iterations/3/trajectory.json': '{}' };
    const current = { ...same, 'compare/2/3.html': '<p>2 and withheld 3</p>', 'compare/3/4.html': '<p>withheld 3 and 4</p>' };
    writeReleaseFolder(dataDir, 'r1', { ...current, 'compare/2/3.html': '<p>2 and the old text of 3</p>' });
    writeReleaseFolder(dataDir, 'r2', { ...current, 'compare/3/4.html': '<p>the old text of 3 and 4</p>' });
    writeReleaseFolder(dataDir, 'r3', { ...current, 'compare/13/14.html': '<p>other iterations</p>' });
    writeReleaseFolder(dataDir, 'r4', current);
    makeCurrent(dataDir, 'r4');
    const report = await purgeTakedown(dataDir, { values: [], iterations: [3] }, 'takedown-compare-key-0123456789');
    expect(report.releasesRemoved.sort()).toEqual(['r1', 'r2']);
    expect(existsSync(path.join(dataDir, 'releases', 'r3', 'compare', '13', '14.html'))).toBe(true);
  });
});
