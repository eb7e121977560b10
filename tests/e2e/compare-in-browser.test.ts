// Comparing iterations in Chromium over the real server: a consecutive pair's static page, any pair
// built by /compare.js from the public JSON (the same sections as the static page), picking two in
// the list; with no console error, CSP violation, foreign request or failed load; and without
// JavaScript the pages say how to pick.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/http/start-server.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { launchBrowser, screenshot, watchedPage } from '../../testkit/browser.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import { serveDataDir } from '../../testkit/serve.ts';

const require = createRequire(import.meta.url);
const root = tempDir('compare-browser');
let server: RunningServer;
let browser: Browser;
let origin = '';
const at = (route: string) => new URL(route, server.url).href;

beforeAll(async () => {
  writeTestLoop(path.join(root, 'loop'), 5);
  const publish = await publishLoop(path.join(root, 'loop'), path.join(root, 'data'), { env: { JOURNEY_REDACT_KEY: 'compare-browser-key-0123456789' } });
  expect(publish.code, publish.stderr.slice(-2000)).toBe(0);
  server = await serveDataDir(path.join(root, 'data'));
  origin = new URL(server.url).origin;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The text of each section a comparison shows: each cell, line or sentence on its own (the markup's own blanks left out). */
const sections = (page: Page, scope: string) => page.evaluate((scope) => ['#compare-figures', '#compare-plan-summary', '#compare-plan', '#compare-files', '#compare-tests-summary', '#compare-tests']
  .map((id) => {
    const section = document.querySelector(`${scope} ${id}`);
    if (!section) return [`${id} missing`];
    const leaves = [section, ...section.querySelectorAll('*')].filter((node) => node.children.length === 0);
    return leaves.map((node) => node.textContent);
  }), scope);

const changedTests = (page: Page, scope: string) => page.locator(`${scope} #compare-tests tbody tr[data-change]`).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['change']));

describe('comparing iterations in Chromium', () => {
  it('shows a consecutive pair\'s page with the tests that changed status, reached from the iteration page', async () => {
    // 5 is the demo's newest iteration, still running: it has no test results yet, 4 has.
    const { page, seen } = await watchedPage(browser, origin);
    await page.goto(at('/iterations/4/'), { waitUntil: 'networkidle' });
    await page.locator('#compare-previous').click();
    await page.waitForURL(/\/compare\/3\/4\/$/);
    expect(await page.locator('h1').textContent()).toBe('Iteration 3 → 4');
    const changes = await changedTests(page, 'main');
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((kind) => ['broke', 'fixed', 'new', 'gone', 'changed'].includes(kind!))).toBe(true);
    expect(await page.locator('#compare-figures tbody tr').count()).toBe(9);
    expect(await page.locator('#compare-plan span.add').count()).toBeGreaterThan(0);
    await screenshot(page, 'compare-static');
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

  it('compares any two iterations from their public JSON, as the static page of a pair does', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.goto(at('/compare/?a=1&b=3'), { waitUntil: 'networkidle' });
    await page.locator('#compare-result #compare-figures').waitFor();
    expect(await page.locator('#compare-result h2#compared').textContent()).toBe('Iteration 1 → 3');
    expect((await changedTests(page, '#compare-result')).length).toBeGreaterThan(0);
    expect(await page.locator('#compare-form input[name="a"]').inputValue()).toBe('1');
    await screenshot(page, 'compare-script');
    // The script's sections for 3 and 4 read as the static page's: the same code compared the same data.
    await page.goto(at('/compare/?a=3&b=4'), { waitUntil: 'networkidle' });
    await page.locator('#compare-result #compare-figures').waitFor();
    const built = await sections(page, '#compare-result');
    await page.goto(at('/compare/3/4/'), { waitUntil: 'networkidle' });
    expect(built).toEqual(await sections(page, 'main'));
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

  it('lets a reader tick two iterations in the list and compare them', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.goto(at('/iterations/'), { waitUntil: 'networkidle' });
    const compare = page.locator('#compare-picked');
    expect(await compare.isDisabled()).toBe(true);
    for (const n of [4, 1, 2]) await page.locator(`#iterations tr[data-iteration="${n}"] input[type="checkbox"]`).check();
    expect(await page.locator('#iterations input[type="checkbox"]:checked').count()).toBe(2); // the two ticked last
    await compare.click();
    await page.waitForURL((url) => url.pathname === '/compare/' && url.search === '?a=1&b=2');
    await page.locator('#compare-result #compare-figures').waitFor();
    expect(await page.locator('#compare-result h2#compared').textContent()).toBe('Iteration 1 → 2');
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

  it('has no serious or critical accessibility violations (axe-core) on the compare pages, in light and dark', async () => {
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      // axe is injected as an inline script, which the site's CSP rightly refuses: this context alone bypasses it.
      const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true });
      const page = await context.newPage();
      // The list with its checkboxes is checked by site-in-browser.test.ts (it runs /compare.js there too).
      for (const route of ['/compare/3/4/', '/compare/?a=1&b=3']) {
        await page.goto(at(route), { waitUntil: 'networkidle' });
        await page.locator('#compare-figures').waitFor();
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
          return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
        });
        found.push(...violations.map((v) => `${scheme} ${route}: ${v}`));
      }
      await context.close();
    }
    expect(found).toEqual([]);
  }, 60_000);

  it('says how to pick without JavaScript, and leaves the list as it is', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(at('/compare/?a=1&b=3'), { waitUntil: 'load' });
    expect(await page.locator('#compare-result').textContent()).toBe('');
    expect(await page.locator('#compare-form').isHidden()).toBe(true);
    expect(await page.locator('noscript').textContent()).toContain('needs JavaScript');
    expect(await page.locator('#compare-pairs a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))))
      .toEqual(['/compare/4/5/', '/compare/3/4/', '/compare/2/3/', '/compare/1/2/']);
    await page.goto(at('/iterations/'), { waitUntil: 'load' });
    expect(await page.locator('#iterations input[type="checkbox"]').count()).toBe(0);
    // The filters work only with JavaScript: without it they are not shown (their class's display does not override hidden).
    expect(await page.locator('#filters').isHidden()).toBe(true);
    expect(await page.locator('#compare-picked').count()).toBe(0);
    await context.close();
  }, 60_000);
});
