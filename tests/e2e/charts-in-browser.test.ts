// The demo's charts in Chromium over the real server: each fills its column (also on a 360 px phone),
// lines that share values stay visible, a 3-iteration loop has whole-number ticks, the Health page's
// long series read as bands, every chart has its words and data table, and nothing trips the CSP.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteData } from '../../contract/site-data-schema.ts';
import { writeTestLoop, writeTestOps } from '../../testkit/demo-loop.ts';
import { openSite, screenshot, watchedPage } from '../../testkit/browser.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import type { ServeProcess } from '../../testkit/serve.ts';

const require = createRequire(import.meta.url);
const root = tempDir('charts-browser');
let server: ServeProcess;
let browser: Browser;
let origin = '';
let site: SiteData;

beforeAll(async () => {
  // Three iterations: few enough that a naive axis would tick at 1.5 and 2.5.
  writeTestLoop(path.join(root, 'loop'), 3);
  writeTestOps(path.join(root, 'data'), 3);
  const publish = await publishLoop(path.join(root, 'loop'), path.join(root, 'data'), { env: { JOURNEY_REDACT_KEY: 'charts-test-key-0123456789' } });
  expect(publish.code, publish.stderr).toBe(0);
  site = JSON.parse(readFileSync(path.join(root, 'data', 'current', 'site-data.json'), 'utf8')) as SiteData;
  ({ server, browser, origin } = await openSite(path.join(root, 'data')));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Each chart of the page: its id, its frame's width against its figure's, and its words. */
function chartsOf(page: Page) {
  return page.locator('figure.chart').evaluateAll((figures) => figures.map((figure) => {
    const svg = figure.querySelector('svg.chart-frame');
    const words = svg ? document.getElementById(svg.getAttribute('aria-describedby') ?? '') : null;
    return {
      id: figure.id,
      svgWidth: svg?.getBoundingClientRect().width ?? 0,
      figureWidth: figure.getBoundingClientRect().width,
      name: svg ? document.getElementById(svg.getAttribute('aria-labelledby') ?? '')?.textContent ?? '' : '',
      words: words?.textContent ?? '',
      tableRows: figure.querySelectorAll('details.chart-data tbody tr').length,
    };
  }));
}

/** What axe-core finds wrong in the charts of each route (words, tables and images included). */
async function axeFindings(routes: readonly string[]): Promise<string[]> {
  // axe is injected as an inline script, which the site's CSP rightly refuses: this context alone bypasses it.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const found: string[] = [];
  for (const route of routes) {
    await page.goto(new URL(route, server.base).href, { waitUntil: 'networkidle' });
    await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(context: string): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
      return (await axe.run('figure.chart')).violations.map((v) => `${v.id} (${v.nodes.length} nodes)`);
    });
    found.push(...violations.map((v) => `${route}: ${v}`));
  }
  await context.close();
  return found;
}

describe('the charts in Chromium', () => {
  it('fill their column on the overview and health pages, at desktop and phone widths, with no console error, CSP violation or axe finding', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      for (const route of ['/', '/health/']) {
        await page.goto(new URL(route, server.base).href, { waitUntil: 'networkidle' });
        const charts = await chartsOf(page);
        expect(charts.length).toBeGreaterThanOrEqual(route === '/' ? 5 : 4);
        for (const chart of charts) {
          expect(Math.abs(chart.svgWidth - chart.figureWidth), chart.id).toBeLessThan(1);
          expect(chart.name, chart.id).not.toBe('');
          expect(chart.words, chart.id).toMatch(/first .+, last .+, lowest .+, highest .+\./);
          expect(chart.tableRows, chart.id).toBeGreaterThan(0);
          expect(chart.tableRows, chart.id).toBeLessThanOrEqual(24);
        }
        // Wider than half the desktop page: the old charts stopped at 48rem of a 72rem column.
        if (width === 1280) expect(charts[0]!.svgWidth).toBeGreaterThan(1100);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        if (width === 360) await screenshot(page, `charts-${route.replace(/\W+/g, '') || 'overview'}-phone`);
      }
    }
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
    expect(await axeFindings(['/', '/health/'])).toEqual([]);
  }, 60_000);

  it('keeps every burn-up line visible, ticks iterations 1, 2, 3 only, and shows a lone pass rate as a dot', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.goto(server.base, { waitUntil: 'networkidle' });
    const burnup = page.locator('#parity-burnup');
    const lines = await burnup.locator('path.line').evaluateAll((paths) => paths.map((p) => p.getAttribute('d')));
    expect(lines).toHaveLength(4);
    expect(new Set(lines).size).toBe(4); // manual and n/a both stay at 0: drawn apart, not on top of each other
    expect(await burnup.locator('.legend .key').allTextContents()).toEqual(['green', 'red', 'manual', 'n/a']);
    const xTicks = await burnup.locator('.axis text[text-anchor]').allTextContents();
    expect(xTicks.every((t) => /^[123]$/.test(t)), xTicks.join(' ')).toBe(true);
    const dot = await page.locator('#pass-rate circle.dot').first().boundingBox();
    expect(dot!.width).toBeGreaterThanOrEqual(6);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

  it('draws the health series as bands with a mean line, sums them up from the public data, and counts parity like the overview', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.goto(new URL('/health/', server.base).href, { waitUntil: 'networkidle' });
    expect(site.health.series.length).toBeGreaterThan(400);
    const vllm = page.locator('#chart-vllm');
    expect(await vllm.locator('path.band').count()).toBe(2);
    const drawn = await vllm.locator('path').evaluateAll((paths) => paths.reduce((n, p) => n + (p.getAttribute('d')!.match(/[MLHV]/g) ?? []).length, 0));
    expect(drawn).toBeLessThanOrEqual(600);
    const ages = site.health.series.flatMap((p) => (p.heartbeat_age_s === null ? [] : [p.heartbeat_age_s]));
    expect(await page.locator('#chart-heartbeat .chart-words').textContent()).toContain(
      `heartbeat age: first ${ages[0]}, last ${ages.at(-1)}, lowest ${Math.min(...ages)}, highest ${Math.max(...ages)}.`,
    );
    const counts = site.parity!.counts;
    expect(counts.green).toBeGreaterThan(0);
    expect(await page.locator('tr[data-check="Parity"] td').last().textContent()).toBe(Object.entries(counts).map(([state, n]) => `${n} ${state}`).join(', '));
    // Without JavaScript the table opens with a click on its summary.
    await vllm.locator('details.chart-data summary').click();
    expect(await vllm.locator('details.chart-data table').isVisible()).toBe(true);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);
});
