// The published site in a real browser over the real server: it renders, its links work, and under
// the server's strict CSP it causes no console error, no CSP violation and no request elsewhere.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestLoop, writeTestOps } from '../../testkit/demo-loop.ts';
import { openSite, screenshot, watchedPage } from '../../testkit/browser.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import type { ServeProcess } from '../../testkit/serve.ts';

const require = createRequire(import.meta.url);
const root = tempDir('browser');
let server: ServeProcess;
let browser: Browser;
let origin = '';

beforeAll(async () => {
  // The real clock: the page ages the heartbeat and the publish against the browser's clock.
  const now = new Date();
  writeTestLoop(path.join(root, 'loop'), 5, 'journey', now);
  writeTestOps(path.join(root, 'data'), 5, 'journey', now);
  const publish = await publishLoop(path.join(root, 'loop'), path.join(root, 'data'), { env: { JOURNEY_REDACT_KEY: 'browser-test-key-0123456789' } });
  expect(publish.code, publish.stderr).toBe(0);
  ({ server, browser, origin } = await openSite(path.join(root, 'data')));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the site in Chromium', () => {
  it('opens the overview and follows an iteration link with no console error, CSP violation or foreign request', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.goto(server.base, { waitUntil: 'networkidle' });
    expect(await page.locator('#current-iteration').textContent()).toMatch(/^\d+$/);
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.card')!).borderRadius);
    expect(styled).toBe('8px'); // the stylesheet loaded from /_astro/ under style-src 'self'
    await screenshot(page, 'overview');
    await page.goto(new URL('/iterations/', server.base).href, { waitUntil: 'networkidle' });
    await page.locator('nav.pager a[href="/iterations/page/1/"]').click();
    await page.waitForURL(/\/iterations\/page\/1\/$/);
    expect(await page.locator('h1').textContent()).toBe('Iterations, page 1 of 1');
    await page.locator('a[href="/iterations/2/"]').first().click();
    await page.waitForURL(/\/iterations\/2\/$/);
    expect(await page.locator('h1').count()).toBe(1); // the plan's own headings nest below the page's
    expect(await page.locator('h1').textContent()).toMatch(/^Iteration 2: /);
    // A coloured diff line is still one line: its token spans flow inline.
    const lineHeights = await page.locator('pre.diff > span:has(.tk-k)').evaluateAll((spans) => spans.slice(0, 20).map((span) => span.getBoundingClientRect().height));
    const plainLine = await page.locator('pre.diff > span.hunk').first().evaluate((span) => span.getBoundingClientRect().height);
    expect(lineHeights.length).toBeGreaterThan(0);
    expect(Math.max(...lineHeights)).toBeLessThan(1.5 * plainLine);
    await screenshot(page, 'iteration');
    const data = await page.request.get(new URL(await page.locator('#page-data').getAttribute('href') ?? '', page.url()).href);
    expect(data.status()).toBe(200);
    expect((await data.json()).number).toBe(2); // the page's own public JSON, downloadable
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

  it('filters the list by verdict and searches the plans, with the static index and no server', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    const facets = JSON.parse(readFileSync(path.join(root, 'data', 'current', 'search', 'facets', '1.json'), 'utf8')) as [number, string, string | null][];
    const failed = facets.filter((f) => f[2] === 'fail').map((f) => String(f[0]));
    expect(failed.length).toBeGreaterThan(0);
    await page.goto(new URL('/iterations/', server.base).href, { waitUntil: 'networkidle' });
    await page.locator('#filters').waitFor(); // shown by /search.js: the CSP allows no form submission
    await page.selectOption('#filters select[name="verdict"]', 'fail');
    await page.locator('#filters button[type="submit"]').click();
    await page.waitForURL(/\/search\/\?verdict=fail$/);
    await page.locator('#search-status', { hasText: 'All 5 iterations searched' }).waitFor();
    expect(await page.locator('#search-hits tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['iteration']))).toEqual(failed);
    await screenshot(page, 'filter');
    // A word only one plan has: the search finds that iteration, by a prefix of the word too.
    const words = JSON.parse(readFileSync(path.join(root, 'data', 'current', 'search', 'words', '1.json'), 'utf8')) as [number, string][];
    const counts = new Map<string, number[]>();
    for (const [n, text] of words) for (const word of text.split('\n')) counts.set(word, [...(counts.get(word) ?? []), n]);
    const [rare, [only]] = [...counts].find(([word, ns]) => ns.length === 1 && /^[a-z]{6,}$/.test(word))!;
    await page.fill('#filters input[name="q"]', rare.slice(0, -1));
    await page.selectOption('#filters select[name="verdict"]', '');
    await page.locator('#filters button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/search/' && url.search === `?q=${rare.slice(0, -1)}`);
    await page.locator('#search-status', { hasText: 'All 5 iterations searched' }).waitFor();
    expect(await page.locator('#search-hits tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['iteration']))).toEqual([String(only)]);
    await page.locator(`#search-hits a[href$="/iterations/${only}/"]`).click();
    await page.waitForURL(new RegExp(`/iterations/${only}/$`));
    await screenshot(page, 'search-hit');
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

  it('shows the parity, health, reviews and history pages, in light and dark, with their charts', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, seen } = await watchedPage(browser, origin, scheme);
      for (const [route, chart] of [['/', '#parity-burnup svg.chart-frame'], ['/parity/', '#parity-burnup svg.chart-frame'], ['/health/', '#chart-vllm svg.chart-frame'], ['/reviews/', '#review-scores svg.chart-frame'], ['/history/', '#snapshots']] as const) {
        await page.goto(new URL(route, server.base).href, { waitUntil: 'networkidle' });
        await page.locator(chart).waitFor();
        expect(await page.locator(`nav a[aria-current="page"]`).getAttribute('href')).toBe(route);
        await screenshot(page, `${route.replace(/\W+/g, '') || 'overview'}-${scheme}`);
      }
      // The theme follows the system preference, and switches with it on an open page.
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const colours = { dark: 'rgb(18, 20, 26)', light: 'rgb(251, 251, 253)' };
      expect(await background()).toBe(colours[scheme]);
      const other = scheme === 'dark' ? 'light' : 'dark';
      await page.emulateMedia({ colorScheme: other });
      expect(await background()).toBe(colours[other]);
      expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
      await page.context().close();
    }
  }, 90_000);

  it('shows how fresh the site is from /build.json, and warns when the last publish is overdue', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.goto(server.base, { waitUntil: 'networkidle' });
    await page.locator('#freshness:not([hidden])').waitFor();
    expect(await page.locator('#freshness').textContent()).toMatch(/^Published \d+ min ago\.$/);
    // Three hours later, with no publish since: the banner says so.
    await page.addInitScript(() => {
      const later = Date.now() + 3 * 3600_000;
      Date.now = () => later;
    });
    await page.reload({ waitUntil: 'networkidle' });
    await page.locator('#freshness.stale').waitFor();
    // The heartbeat is aged live too: three hours without one is CRIT.
    expect(await page.locator('#heartbeat [data-heartbeat-state]').textContent()).toBe('CRIT');
    expect(await page.locator('#heartbeat .value').textContent()).toMatch(/^CRIT \d+ h old$/);
    expect(await page.locator('#freshness').textContent()).toMatch(/^This site may be stale: the last publish was 3 h ago \(one is due every 15 min\)\.$/);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

  it('has no serious or critical accessibility violations (axe-core) on the main pages, in light and dark', async () => {
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      // axe is injected as an inline script, which the site's CSP rightly refuses: this context alone bypasses it.
      const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true });
      const page = await context.newPage();
      for (const route of ['/', '/iterations/', '/iterations/page/1/', '/iterations/2/', '/parity/', '/health/', '/reviews/', '/history/', '/search/?verdict=pass']) {
        await page.goto(new URL(route, server.base).href, { waitUntil: 'networkidle' });
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
          return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
        });
        found.push(...violations.map((v) => `${scheme} ${route}: ${v}`));
        if (route === '/iterations/2/') await screenshot(page, `iteration-${scheme}`);
      }
      await context.close();
    }
    expect(found).toEqual([]);
  }, 120_000);
});
