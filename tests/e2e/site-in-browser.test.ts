// The published site in a real browser over the real server: it renders, its links work, and under
// the server's strict CSP it causes no console error, no CSP violation and no request elsewhere.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestLoop } from '../helpers/demo-loop.ts';
import { launchBrowser, screenshot, watchedPage } from '../helpers/browser.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';
import { startServeProcess, type ServeProcess } from '../helpers/serve.ts';

const root = tempDir('browser');
let server: ServeProcess;
let browser: Browser;
let origin = '';

beforeAll(async () => {
  writeTestLoop(path.join(root, 'loop'), 5);
  const publish = await runCli('synth/synth-cli.ts', ['--public', '--rebuild-site', '--loop-dir', path.join(root, 'loop'), '--data-dir', path.join(root, 'data')],
    { JOURNEY_REDACT_KEY: 'browser-test-key-0123456789' });
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
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);
});
