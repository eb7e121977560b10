// JOURNEY_BASE_PATH: the site hosted under /journey/. Every link, stylesheet, script and fetch carries
// the base path; the server answers only below it.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { launchBrowser, watchedPage } from '../../testkit/browser.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import { fetchText, startServeProcess, type ServeProcess } from '../../testkit/serve.ts';

const root = tempDir('base-path');
const env = { JOURNEY_BASE_PATH: '/journey/', JOURNEY_REDACT_KEY: 'base-path-test-key-0123456789' };
let server: ServeProcess;
let browser: Browser;

beforeAll(async () => {
  writeTestLoop(path.join(root, 'loop'), 4);
  const publish = await publishLoop(path.join(root, 'loop'), path.join(root, 'data'), { env });
  expect(publish.code, publish.stderr).toBe(0);
  server = await startServeProcess('serve-cli.ts', ['--data-dir', path.join(root, 'data'), '--no-worker'], { ...env, JOURNEY_SERVE_PROCESSES: '1' });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a site under a base path', () => {
  it('links, loads and searches everything below /journey/, and the server answers nothing outside it', async () => {
    const home = new URL('/journey/', server.base).href;
    const { page, seen } = await watchedPage(browser, new URL(server.base).origin);
    const loaded: string[] = [];
    page.on('request', (request) => loaded.push(new URL(request.url()).pathname));
    await page.goto(home, { waitUntil: 'networkidle' });
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.card')!).borderRadius)).toBe('8px');
    await page.locator('#freshness:not([hidden])').waitFor(); // /journey/build.json read
    const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    const rooted = links.filter((href) => href.startsWith('/'));
    expect(rooted.length).toBeGreaterThan(10);
    expect(rooted.filter((href) => !href.startsWith('/journey/'))).toEqual([]);
    await page.locator('nav a', { hasText: 'Iterations' }).click();
    await page.waitForURL(/\/journey\/iterations\/$/);
    await page.locator('#filters').waitFor();
    await page.selectOption('#filters select[name="verdict"]', 'fail');
    await page.locator('#filters button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/journey/search/' && url.search === '?verdict=fail');
    await page.locator('#search-status', { hasText: 'All 4 iterations searched' }).waitFor();
    await page.locator('#search-hits a').first().click();
    await page.waitForURL(/\/journey\/iterations\/\d+\/$/);
    expect(loaded.filter((p) => !p.startsWith('/journey/'))).toEqual([]);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();

    expect((await fetchText(server.base, '/')).status).toBe(404);
    expect((await fetchText(server.base, '/iterations/1/')).status).toBe(404);
    const bare = await fetchText(server.base, '/journey', { redirect: 'manual' });
    expect({ status: bare.status, location: bare.headers.get('location') }).toEqual({ status: 301, location: 'journey/' });
    expect((await fetchText(server.base, '/journey/iterations/1.json')).status).toBe(200);
    const feed = await fetchText(server.base, '/journey/feed.xml');
    expect(feed.text).toMatch(/<link rel="alternate" type="text\/html" href="\/journey\/iterations\/\d+\/"\/>/);
  }, 90_000);
});
