// Incremental publishing: only changed iterations are redone, unchanged files are hardlinked, and
// the result is byte for byte what a full publish of the same loop gives.
import { cpSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../../synth/render/build-site-process.ts';
import { BUILD_FACTS } from '../../synth/release/plan-release-files.ts';
import { readManifest } from '../../synth/release/write-release.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, runCli, tempDir } from '../../testkit/run-cli.ts';

const KEY = { JOURNEY_REDACT_KEY: 'incremental-test-key-0123456789' };
const synth = (loopDir: string, dataDir: string, extra: string[] = []) => publishLoop(loopDir, dataDir, { env: KEY, extra });


/** Every file below `dir` with its bytes, the build facts and their MANIFEST lines left out. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const relative = path.relative(dir, path.join(entry.parentPath, entry.name));
    if (BUILD_FACTS.has(relative)) continue;
    let text = readFileSync(path.join(dir, relative), 'latin1');
    if (relative === 'MANIFEST') text = text.split('\n').filter((line) => ![...BUILD_FACTS].some((f) => line.endsWith(` ${f}`)) && !line.startsWith('end ')).join('\n');
    files[relative] = text;
  }
  return files;
}

const iterationFolder = (loopDir: string, n: number) => path.join(loopDir, 'iterations', String(n).padStart(4, '0'));

describe('incremental publishing', () => {
  it('gives the same bytes as a full publish after adding, changing and removing iterations', async () => {
    const loopDir = tempDir('inc-loop');
    const incremental = tempDir('inc-data');
    writeTestLoop(loopDir, 8);
    // Iteration 8 arrives later: publish without it first.
    const parked = path.join(tempDir('inc-parked'), '0008');
    cpSync(iterationFolder(loopDir, 8), parked, { recursive: true });
    rmSync(iterationFolder(loopDir, 8), { recursive: true });
    expect((await synth(loopDir, incremental)).code).toBe(0);

    cpSync(parked, iterationFolder(loopDir, 8), { recursive: true }); // added
    const added = await synth(loopDir, incremental);
    expect(added.stderr).toMatch(/✓ ingest .*\(8 iterations: 1 read and redacted, 7 unchanged\)/);
    const plan = path.join(iterationFolder(loopDir, 3), 'plan.md');
    writeFileSync(plan, `${readFileSync(plan, 'utf8')}\nOne more step, added after the fact.\n`); // changed
    rmSync(iterationFolder(loopDir, 5), { recursive: true }); // removed
    const changed = await synth(loopDir, incremental);
    expect(changed.code).toBe(0);
    expect(changed.stderr).toMatch(/\(7 iterations: 1 read and redacted, 6 unchanged\)/);

    // The full publish runs on a copy of the same data folder: what changed when, and the parity
    // history, are journey.db's memory of earlier publishes, not a function of the loop's files.
    const full = tempDir('inc-full');
    cpSync(incremental, full, { recursive: true, verbatimSymlinks: true });
    expect((await synth(loopDir, full, ['--full'])).code).toBe(0);
    expect(readlinkSync(path.join(full, 'current'))).not.toBe(readlinkSync(path.join(incremental, 'current')));
    const a = tree(path.join(incremental, 'current'));
    const b = tree(path.join(full, 'current'));
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const file of Object.keys(b)) expect(a[file] === b[file], `${file} differs`).toBe(true);
    expect(tree(path.join(incremental, 'public'))).toEqual(tree(path.join(full, 'public')));
    expect(Object.keys(a)).not.toContain('iterations/5.json');
  });

  it('renders exactly the files whose bytes one more iteration changes, and hardlinks every other file', async () => {
    const loopDir = tempDir('link-loop');
    const dataDir = tempDir('link-data');
    writeTestLoop(loopDir, 6);
    const parked = path.join(tempDir('link-parked'), '0006');
    cpSync(iterationFolder(loopDir, 6), parked, { recursive: true });
    rmSync(iterationFolder(loopDir, 6), { recursive: true });
    await synth(loopDir, dataDir);
    const firstId = readdirSync(path.join(dataDir, 'releases'))[0]!;
    const first = path.join(dataDir, 'releases', firstId);
    cpSync(parked, iterationFolder(loopDir, 6), { recursive: true });
    const result = await synth(loopDir, dataDir);
    const before = new Map(readManifest(dataDir, firstId)!.map((e) => [e.path, e.sha256]));
    const changed = readManifest(dataDir, readlinkSync(path.join(dataDir, 'current')).split('/').pop()!)!
      .filter((e) => before.get(e.path) !== e.sha256).map((e) => e.path).sort();
    // What one more iteration changes: its own files (6.json, 6.html, 6/trajectory.json, compare/5/6.html), its
    // neighbour's next link (5.json, 5.html), the list and its page 1, the search slice 6 joins, and the pages of
    // site data that read the iterations; the build facts (build.json, history/) name the new snapshot.
    // parity/, health/, reviews/ and badge.svg read no field that changed, 5/trajectory.json and compare/4/5.html
    // do not show 5's neighbours: those are linked, not rendered again to the same bytes.
    expect(changed).toEqual(['build.json', 'compare/5/6.html', 'compare/index.html', 'feed.xml', 'history/index.html', 'index.html',
      'insights/index.html', 'iterations/5.html', 'iterations/5.json', 'iterations/6.html', 'iterations/6.json', 'iterations/6/trajectory.json',
      'iterations/index.html', 'iterations/page/1/index.html', 'search/facets/1.json', 'search/index.html', 'search/words/1.json', 'site-data.json']);
    expect(result.stderr).toContain(`✓ build     (${changed.length} files rendered or written, `);
    const second = path.join(dataDir, 'current');
    const inode = (dir: string, file: string) => statSync(path.join(dir, file)).ino;
    expect(inode(second, 'iterations/2.html')).toBe(inode(first, 'iterations/2.html'));
    expect(inode(second, 'iterations/2.json')).toBe(inode(first, 'iterations/2.json'));
    expect(inode(second, 'iterations/5.html')).not.toBe(inode(first, 'iterations/5.html'));
    expect(inode(second, 'compare/4/5.html')).toBe(inode(first, 'compare/4/5.html'));
    expect(readFileSync(path.join(second, 'iterations/5.html'), 'utf8')).toContain('href="/iterations/6/"');
    // The three new JSON files were scanned by the verify gate, byte for byte; the scan reads the other
    // 15 changed files. Known clean: the 28 files linked and those three JSON files.
    expect(result.stderr).toMatch(/✓ scan .*\(15 files scanned, 31 known clean, 0 findings\)/);
  });

  it('refreshes only <data>/public without --rebuild-site, and reports without writing with --dry-run', async () => {
    const loopDir = tempDir('dry-loop');
    const dataDir = tempDir('dry-data');
    writeTestLoop(loopDir, 3);
    const refreshed = await runCli('synth/synth-cli.ts', ['--public', '--loop-dir', loopDir, '--data-dir', dataDir], KEY);
    expect(refreshed.code).toBe(0);
    expect(refreshed.stderr).toContain('public data refreshed; pass --rebuild-site');
    expect(readdirSync(dataDir)).not.toContain('current');
    expect(JSON.parse(readFileSync(path.join(dataDir, 'public', 'site-data.json'), 'utf8')).totals.iterations).toBe(3);
    const dry = await synth(loopDir, dataDir, ['--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/dry run: a release of \d+ files \(\d+ new\) would be published; nothing was changed/);
    expect(readdirSync(dataDir)).not.toContain('current');
    const refused = await runCli('synth/synth-cli.ts', ['--rebuild-site', '--loop-dir', loopDir, '--data-dir', dataDir], KEY);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --public');
  });

  it('renders the same bytes as a plain static `astro build` of the same public data (the reference build)', async () => {
    const loopDir = tempDir('ref-loop');
    const dataDir = tempDir('ref-data');
    writeTestLoop(loopDir, 4);
    expect((await synth(loopDir, dataDir)).code).toBe(0);
    const outDir = path.join(tempDir('ref-out'), 'site');
    await buildSite({ publicDir: path.join(dataDir, 'public'), outDir, cacheDir: path.join(tempDir('ref-cache'), 'astro'), timeoutMs: 300_000 });
    // The reference build writes /iterations/4/ as iterations/4/index.html; a release keeps it flat as
    // iterations/4.html (one folder less per iteration to create), which the server serves for /iterations/4/.
    for (const [page, reference] of [['index.html', 'index.html'], ['iterations/index.html', 'iterations/index.html'],
      ['iterations/1.html', 'iterations/1/index.html'], ['iterations/4.html', 'iterations/4/index.html'],
      ['iterations/page/1/index.html', 'iterations/page/1/index.html'], ['feed.xml', 'feed.xml'],
      ['compare/3/4.html', 'compare/3/4/index.html'], ['compare/index.html', 'compare/index.html']] as const) {
      expect(readFileSync(path.join(dataDir, 'current', page), 'utf8'), page).toBe(readFileSync(path.join(outDir, reference), 'utf8'));
    }
  });
});
