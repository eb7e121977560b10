// The site at scale in a real browser: publish a demo loop of 20,000 iterations, serve it on
// loopback, and time (in Debian's Chromium, a fresh cache each time) the iteration list, a list
// page, iteration pages, a compare page, a filter, a search across every iteration, and a comparison
// of the oldest and the newest iteration built in the browser.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { generateDemo } from '../demo/generate-demo.ts';
import { writeDemo } from '../demo/write-demo.ts';
import { startServer } from '../server/http/start-server.ts';
import { currentReleaseId, readManifest } from '../synth/release/write-release.ts';
import { CHROMIUM, launchBrowser } from '../testkit/browser.ts';
import { runNode } from './bench-publish.ts';

export interface SiteFigures {
  iterations: number;
  publishMs: number;
  /** Route -> median load time (navigation start to the load event), ms. */
  loads: { route: string; label: string; ms: number; bytes: number }[];
  /** The median cold load of the badge (one small SVG, no page): what a fresh browser context costs on this machine before any page's own work. */
  floorMs: number;
  filterMs: number;
  /** What the search page said when the filter was done. */
  filterStatus: string;
  searchMs: number;
  searchStatus: string;
  /** /compare/?a=1&b=<newest>: navigation start until the script has shown the comparison. */
  compareMs: number;
  rounds: number;
  /** The publish of one more iteration: its time, the files its build phase rendered, and the files whose bytes it changed. */
  oneMore: { ms: number; rendered: number; changed: string[] };
}

/** Why the browser benchmark cannot run here, or undefined when it can. */
export function findBrowser(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set JOURNEY_CHROMIUM)`;
}

/** A search for it reads the whole index. */
const ABSENT_WORD = 'qqzxjv';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** Milliseconds from navigation start to the load event of `url`, in a fresh context (cold cache). */
async function loadTime(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    return await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
  } finally {
    await context.close();
  }
}

/**
 * Milliseconds from navigation start until the search page has its first page of hits (it offers
 * to search further) or has read every iteration; and what its status line then says.
 */
async function searchTime(browser: Browser, url: string): Promise<{ ms: number; status: string }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForFunction(() => document.getElementById('search-more')?.hidden === false
      || /^All \d+ iterations searched/.test(document.getElementById('search-status')?.textContent ?? ''), undefined, { timeout: 300_000 });
    return await page.evaluate(() => ({ ms: performance.now(), status: document.getElementById('search-status')?.textContent ?? '' }));
  } finally {
    await context.close();
  }
}

/** Milliseconds from navigation start until /compare.js has built the comparison of `url`'s two iterations. */
async function compareTime(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    await page.locator('#compare-result #compare-figures').waitFor({ timeout: 60_000 });
    return await page.evaluate(() => performance.now());
  } finally {
    await context.close();
  }
}

/** path -> sha256 of the current release's files (its MANIFEST). */
function manifestOf(dataDir: string): Map<string, string> {
  const entries = readManifest(dataDir, currentReleaseId(dataDir) ?? '') ?? [];
  return new Map(entries.map((e) => [e.path, e.sha256]));
}

/**
 * Writes one more iteration's files into the loop and publishes: the publish's time, how many files its
 * build phase rendered (its phase line), and which files' bytes changed (the pages the iteration changes).
 */
async function publishOneMore(loopDir: string, dataDir: string, files: ReadonlyMap<string, string>) {
  const before = manifestOf(dataDir);
  for (const [relative, content] of files) {
    mkdirSync(path.dirname(path.join(loopDir, relative)), { recursive: true });
    writeFileSync(path.join(loopDir, relative), content);
  }
  const run = await runNode('synth/synth-cli.ts', ['--public', '--rebuild-site', '--loop-dir', loopDir, '--data-dir', dataDir], 1_800_000);
  if (run.code !== 0 && run.code !== 3) throw new Error(`the publish of one more iteration failed (exit ${run.code}):\n${run.stderr.slice(-3000)}`);
  const rendered = Number(/build\s+\((\d+) files rendered/.exec(run.stderr)?.[1] ?? Number.NaN);
  const after = manifestOf(dataDir);
  const changed = [...after].filter(([file, sha]) => before.get(file) !== sha).map(([file]) => file).sort();
  return { ms: run.ms, rendered, changed };
}

/**
 * @example
 * const figures = await benchSite(20_000, 5, (line) => console.error(line));
 */
export async function benchSite(iterations: number, rounds: number, log: (line: string) => void): Promise<SiteFigures> {
  const root = mkdtempSync(path.join(tmpdir(), 'journey-bench-site-'));
  try {
    const loopDir = path.join(root, 'loop');
    const dataDir = path.join(root, 'data');
    log(`writing a demo loop of ${iterations} iterations`);
    // One iteration more is generated and held back: it is published alone after the timings.
    const demo = generateDemo({ iterations: iterations + 1, seed: 'bench', now: new Date('2026-11-21T12:00:00Z') });
    const isLast = (file: string) => new RegExp(`^iterations/0*${iterations + 1}/`).test(file);
    const [before, after] = [new Map([...demo.files].filter(([f]) => !isLast(f))), new Map([...demo.files].filter(([f]) => isLast(f)))];
    writeDemo(loopDir, { ...demo, files: before });
    log('publishing it (npm run synth -- --public --rebuild-site)');
    const publish = await runNode('synth/synth-cli.ts', ['--public', '--rebuild-site', '--loop-dir', loopDir, '--data-dir', dataDir], 1_800_000);
    if (publish.code !== 0 && publish.code !== 3) throw new Error(`the publish failed (exit ${publish.code}):\n${publish.stderr.slice(-3000)}`);
    log(`  ${(publish.ms / 1000).toFixed(1)} s`);
    const release = path.join(dataDir, 'current');
    const server = await startServer({ dataDir, host: '127.0.0.1', port: 0 });
    const browser = await launchBrowser();
    try {
      const routes = [
        { route: '/iterations/', file: 'iterations/index.html', label: 'iteration list (newest 100)' },
        { route: '/iterations/page/1/', file: 'iterations/page/1/index.html', label: 'list page 1 (oldest 100)' },
        { route: `/iterations/${iterations}/`, file: `iterations/${iterations}.html`, label: 'newest iteration page' },
        { route: `/iterations/${iterations >> 1}/`, file: `iterations/${iterations >> 1}.html`, label: 'an iteration page in the middle' },
        { route: `/compare/${iterations - 2}/${iterations - 1}/`, file: `compare/${iterations - 2}/${iterations - 1}.html`, label: 'compare page of two finished iterations' },
        { route: '/', file: 'index.html', label: 'overview' },
      ];
      const floor = [];
      for (let round = 0; round < rounds; round++) floor.push(await loadTime(browser, new URL('/badge.svg', server.url).href));
      log(`  /badge.svg: ${floor.map(Math.round).join(', ')} ms`);
      const loads = [];
      for (const { route, file, label } of routes) {
        const times = [];
        for (let round = 0; round < rounds; round++) times.push(await loadTime(browser, new URL(route, server.url).href));
        loads.push({ route, label, ms: median(times), bytes: statSync(path.join(release, file)).size });
        log(`  ${route}: ${times.map(Math.round).join(', ')} ms`);
      }
      const filters = [];
      const searches = [];
      for (let round = 0; round < rounds; round++) {
        filters.push(await searchTime(browser, new URL('/search/?verdict=fail', server.url).href));
        // A word no iteration has: the search must read every slice of the index.
        searches.push(await searchTime(browser, new URL(`/search/?q=${ABSENT_WORD}`, server.url).href));
      }
      log(`  filter verdict=fail: ${filters.map((f) => Math.round(f.ms)).join(', ')} ms (${filters[0]!.status})`);
      log(`  search for "${ABSENT_WORD}": ${searches.map((f) => Math.round(f.ms)).join(', ')} ms (${searches[0]!.status})`);
      const compares = [];
      for (let round = 0; round < rounds; round++) compares.push(await compareTime(browser, new URL(`/compare/?a=1&b=${iterations}`, server.url).href));
      log(`  compare 1 with ${iterations} in the browser: ${compares.map(Math.round).join(', ')} ms`);
      const oneMore = await publishOneMore(loopDir, dataDir, after);
      log(`  one more iteration: ${(oneMore.ms / 1000).toFixed(1)} s, ${oneMore.rendered} files rendered, ${oneMore.changed.length} changed`);
      return {
        iterations, publishMs: publish.ms, loads, floorMs: median(floor), rounds, filterMs: median(filters.map((f) => f.ms)), filterStatus: filters[0]!.status,
        searchMs: median(searches.map((f) => f.ms)), searchStatus: searches[0]!.status, compareMs: median(compares), oneMore,
      };
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

/** An iteration page and a compare page load cold in under 300 ms; the lists and the overview in under 2 s. */
const PAGE_TARGET_MS = (route: string) => (/^\/(iterations\/\d+|compare\/\d+\/\d+)\/$/.test(route) ? 300 : 2000);

/** The figures as `npm run bench` prints them, with the targets beside them. */
export function formatSiteFigures(f: SiteFigures): string[] {
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  return [
    `site of ${f.iterations.toLocaleString('en-US')} iterations in Chromium (published in ${(f.publishMs / 1000).toFixed(1)} s; median of ${f.rounds} cold loads, navigation start to load event):`,
    `  the floor, the 1 KB badge /badge.svg (a fresh context's own cost, no page): ${Math.round(f.floorMs)} ms`,
    ...f.loads.map((l) => `  ${l.label} ${l.route}: ${Math.round(l.ms)} ms (${kb(l.bytes)} HTML; target < ${PAGE_TARGET_MS(l.route)} ms)`),
    `  filter verdict=fail, to the first 50 hits or the end: ${Math.round(f.filterMs)} ms (${f.filterStatus})`,
    `  search for a word no iteration has, every slice read: ${Math.round(f.searchMs)} ms (${f.searchStatus})`,
    `  compare the oldest and the newest iteration in the browser (/compare/?a=1&b=${f.iterations}), to the comparison shown: ${Math.round(f.compareMs)} ms`,
    `one more iteration published in ${(f.oneMore.ms / 1000).toFixed(1)} s: ${f.oneMore.rendered} files rendered (the build phase line), ${f.oneMore.changed.length} files changed:`,
    `  ${f.oneMore.changed.join(' ')}`,
  ];
}
