// The iteration list in stable pages: page k always holds the same iterations, /iterations/ the
// newest, and a new iteration renders only the page it joins.
import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPages, newestRows, pageCount, PAGE_SIZE, type IterationRow } from '../../contract/list-pages.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

const rows = (count: number) => Array.from({ length: count }, (_, i) => ({ number: i + 1 }) as IterationRow);

describe('list pages', () => {
  it('counts pages from the oldest iteration, newest first within a page', () => {
    const pages = listPages(rows(250));
    expect(pages.map((page) => [page.k, page.pages, page.rows.length])).toEqual([[1, 3, 100], [2, 3, 100], [3, 3, 50]]);
    expect(pages[0]!.rows[0]!.number).toBe(100);
    expect(pages[0]!.rows.at(-1)!.number).toBe(1);
    expect(pages[2]!.rows[0]!.number).toBe(250);
    expect(newestRows(rows(250)).map((row) => row.number).slice(0, 2)).toEqual([250, 249]);
    expect(newestRows(rows(250))).toHaveLength(PAGE_SIZE);
  });

  it('keeps a page the same when iterations are added after it', () => {
    expect(listPages(rows(250))[1]).toEqual(listPages(rows(251))[1]);
    expect(pageCount(0)).toBe(1);
    expect(listPages([])).toEqual([{ k: 1, pages: 1, rows: [] }]);
  });

  it('publishes /iterations/page/<k>/ for a loop of 205 iterations and renders only the page a new iteration joins', async () => {
    const loopDir = tempDir('pages-loop');
    const dataDir = tempDir('pages-data');
    writeTestLoop(loopDir, 205);
    const synth = () => publishLoop(loopDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'pages-test-key-0123456789' } });
    expect((await synth()).code).toBe(0);
    const page = (k: number) => readFileSync(path.join(dataDir, 'current', 'iterations', 'page', String(k), 'index.html'), 'utf8');
    expect(page(1).match(/<tr data-iteration=/g)).toHaveLength(100);
    expect(page(3).match(/<tr data-iteration=/g)).toHaveLength(5);
    expect(page(2)).toContain('Iterations 101 to 200, newest first.');
    expect(page(2)).toContain('href="/iterations/page/1/" rel="prev"');
    expect(page(2)).toContain('href="/iterations/page/3/" rel="next"');
    const list = readFileSync(path.join(dataDir, 'current', 'iterations', 'index.html'), 'utf8');
    expect(list.match(/<tr data-iteration=/g)).toHaveLength(100);
    expect(list).toContain('<tr data-iteration="205">');
    expect(list).not.toContain('<tr data-iteration="105">');
    const inode = (k: number) => statSync(path.join(dataDir, 'current', 'iterations', 'page', String(k), 'index.html')).ino;
    const before = [inode(1), inode(2), inode(3)];
    // The search index comes in the same slices.
    const searchFile = (kind: string, k: number) => path.join(dataDir, 'current', 'search', kind, `${k}.json`);
    expect(JSON.parse(readFileSync(searchFile('facets', 2), 'utf8')).map((f: [number]) => f[0])).toEqual(Array.from({ length: 100 }, (_, i) => 200 - i));
    const searchInodes = () => [1, 2, 3].flatMap((k) => ['facets', 'words'].map((kind) => statSync(searchFile(kind, k)).ino));
    const searchBefore = searchInodes();
    cpSync(path.join(loopDir, 'iterations', '0205'), path.join(loopDir, 'iterations', '0206'), { recursive: true });
    const meta = path.join(loopDir, 'iterations', '0206', 'iteration.json');
    writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), iteration: 206 }));
    expect((await synth()).code).toBe(0);
    expect([inode(1), inode(2)]).toEqual(before.slice(0, 2)); // linked, not rendered
    expect(inode(3)).not.toBe(before[2]);
    expect(page(3).match(/<tr data-iteration=/g)).toHaveLength(6);
    const searchAfter = searchInodes();
    expect(searchAfter.slice(0, 4)).toEqual(searchBefore.slice(0, 4)); // slices 1 and 2: linked
    expect(searchAfter.slice(4)).not.toEqual(searchBefore.slice(4));
    expect(JSON.parse(readFileSync(searchFile('words', 3), 'utf8'))[0][0]).toBe(206);
  }, 180_000);
});
