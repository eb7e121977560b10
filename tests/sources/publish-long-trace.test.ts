// A run of 2,000 steps of 8,000-character texts (and one of 1,100) published by the real command: its
// trace paged so no page of the release reaches 1 MB, every step on exactly one page, every page linked from the
// iteration page and served at /iterations/<n>/steps/<k>/, the release leak-scanned; published again
// unchanged, nothing is made again; the reference `astro build` makes the same step pages.
import { mkdirSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../core/public-json.ts';
import type { IterationPage, SiteData } from '../../contract/site-data-schema.ts';
import { readReleaseIndex } from '../../server/http/read-release-index.ts';
import { buildSite } from '../../synth/render/build-site-process.ts';
import { writeLongTrajectory } from '../../testkit/long-trajectory.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

// Two threads: with a second long run the release has enough pages to make that step pages render on the pool.
const ENV = { JOURNEY_REDACT_KEY: 'publish-long-trace-key-0123456789', JOURNEY_VLLM_URL: '', JOURNEY_NVIDIA_SMI: '', JOURNEY_PUBLISH_THREADS: '2' };
const STEPS = 2000;

/** Every .html file of a release, relative to it. */
const htmlFiles = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));

describe('publishing a run with a long trace', () => {
  it('pages 2,000 steps of 8,000 characters so every page stays under 1 MB, each step on exactly one page, every page linked and served', async () => {
    const root = tempDir('long-trace');
    const [sourceDir, dataDir] = [path.join(root, 'records'), path.join(root, 'data')];
    mkdirSync(sourceDir);
    writeLongTrajectory(path.join(sourceDir, 'long.trajectory.json'), STEPS);
    writeLongTrajectory(path.join(sourceDir, 'shorter.trajectory.json'), 1100);
    const result = await publishLoop(sourceDir, dataDir, { env: ENV, extra: ['--source', 'atif'], timeoutMs: 180_000 });
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    expect(result.stderr).toMatch(/✓ scan .*, 0 findings\)/);
    expect(result.stderr).toMatch(/2 worker threads share the work\n✓ build /); // the pool started for the pages

    const current = realpathSync(path.join(dataDir, 'current'));
    const site = JSON.parse(readFileSync(path.join(current, 'site-data.json'), 'utf8')) as SiteData;
    expect(site.iterations).toHaveLength(2);
    const n = site.iterations.map((it) => it.number)
      .find((number) => (JSON.parse(readFileSync(path.join(current, 'iterations', `${number}.json`), 'utf8')) as IterationPage).source?.record === 'long.trajectory.json')!;
    const files = htmlFiles(current);
    for (const file of files) expect(statSync(path.join(current, file)).size, file).toBeLessThan(1_000_000);

    const stepPages = readdirSync(path.join(current, 'iterations', String(n), 'steps')).map((name) => Number(name.replace(/\.html$/, ''))).sort((a, b) => a - b);
    expect(stepPages.length).toBeGreaterThan(10);
    expect(stepPages).toEqual(stepPages.map((_, i) => i + 2));
    const pageFiles = [`iterations/${n}.html`, ...stepPages.map((k) => `iterations/${n}/steps/${k}.html`)];
    const html = new Map(pageFiles.map((file) => [file, readFileSync(path.join(current, file), 'utf8')]));
    const iterationPage = html.get(`iterations/${n}.html`)!;
    for (const k of stepPages) expect(iterationPage, `link to step page ${k}`).toContain(`href="/iterations/${n}/steps/${k}/"`);

    // Every step's anchor is on exactly one page, the pages in step order; no other page of the release has one.
    const anchors = pageFiles.flatMap((file) => [...html.get(file)!.matchAll(/<section class="step[^"]*" id="step-(\d+)"/g)].map((m) => Number(m[1])));
    expect(anchors).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
    const holding = files.filter((file) => readFileSync(path.join(current, file), 'utf8').includes('id="step-1999"'));
    expect(holding).toHaveLength(1);
    expect(holding[0]).toMatch(/^iterations\/\d+\/steps\/\d+\.html$/);

    // A step page says it shows the iteration's data: the same content hash as the iteration page, its JSON's.
    const json = readFileSync(path.join(current, 'iterations', `${n}.json`));
    for (const [file, text] of html) expect(text, file).toContain(`sha256:${sha256(json)}`);
    const index = await readReleaseIndex(current);
    expect(index.routes.get(`/iterations/${n}/steps/2/`)).toMatchObject({ kind: 'file', file: { abs: path.join(current, 'iterations', String(n), 'steps', '2.html') } });

    // Unchanged, published again: the step pages are still all there, none made again ("nothing changed"
    // when the pipeline's code is the same; when it changed meanwhile, every page is read again and linked).
    const again = await publishLoop(sourceDir, dataDir, { env: ENV, extra: ['--source', 'atif'] });
    expect(again.code, again.stderr.slice(-3000)).toBe(0);
    const rendered = /✓ build +\((\d+) files rendered or written/.exec(again.stderr)?.[1];
    if (rendered === undefined) expect(again.stderr).toContain(`nothing changed since release ${path.basename(current)}`);
    else expect(Number(rendered)).toBeLessThanOrEqual(3); // build.json and the /history/ page
    const steps = readdirSync(path.join(dataDir, 'current', 'iterations', String(n), 'steps')).length;
    expect(steps).toBe(stepPages.length);

    // The plain static `astro build` of the same public data (the reference build) makes the same pages.
    const outDir = path.join(root, 'reference');
    await buildSite({ publicDir: path.join(dataDir, 'public'), outDir, cacheDir: path.join(root, 'reference-cache'), timeoutMs: 300_000 });
    expect(readdirSync(path.join(outDir, 'iterations', String(n), 'steps')).length).toBe(stepPages.length);
    for (const k of [2, stepPages.at(-1)!]) {
      expect(readFileSync(path.join(outDir, 'iterations', String(n), 'steps', String(k), 'index.html'), 'utf8'), `step page ${k}`).toBe(html.get(`iterations/${n}/steps/${k}.html`));
    }
    expect(readFileSync(path.join(outDir, 'iterations', String(n), 'index.html'), 'utf8')).toBe(iterationPage);
  }, 240_000);
});
