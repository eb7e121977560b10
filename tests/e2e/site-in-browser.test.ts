// The published site in a real browser over the real server: it renders, its links work, and under
// the server's strict CSP it causes no console error, no CSP violation and no request elsewhere.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestLoop } from '../helpers/demo-loop.ts';
import { launchBrowser, screenshot, watchedPage } from '../helpers/browser.ts';
import { publishLoop, tempDir } from '../helpers/run-cli.ts';
import { startServeProcess, type ServeProcess } from '../helpers/serve.ts';

const require = createRequire(import.meta.url);
const root = tempDir('browser');
let server: ServeProcess;
let browser: Browser;
let origin = '';

beforeAll(async () => {
  writeTestLoop(path.join(root, 'loop'), 5);
  const publish = await publishLoop(path.join(root, 'loop'), path.join(root, 'data'), { env: { JOURNEY_REDACT_KEY: 'browser-test-key-0123456789' } });
  expect(publish.code, publish.stderr).toBe(0);
  server = await startServeProcess('serve-cli.ts', ['--data-dir', path.join(root, 'data'), '--no-worker'], { JOURNEY_SERVE_PROCESSES: '1' });
  origin = new URL(server.base).origin;
  browser = await launchBrowser();
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
    await screenshot(page, 'iteration');
    const data = await page.request.get(new URL(await page.locator('#page-data').getAttribute('href') ?? '', page.url()).href);
    expect(data.status()).toBe(200);
    expect((await data.json()).number).toBe(2); // the page's own public JSON, downloadable
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

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
      for (const route of ['/', '/iterations/', '/iterations/page/1/', '/iterations/2/']) {
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
