// Debian's Chromium driven by playwright-core (nothing is downloaded), with what the site must never
// cause recorded: console errors, CSP violations and requests to any other origin.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO } from './run-cli.ts';
import { type ServeProcess, startServeProcess } from './serve.ts';

export const CHROMIUM = process.env['JOURNEY_CHROMIUM'] ?? '/usr/bin/chromium';

/** Where screenshots go: kept after the run as test artifacts (git-ignored). */
const ARTIFACTS = path.join(REPO, 'test-artifacts');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface PageWatch {
  consoleErrors: string[];
  cspViolations: string[];
  foreignRequests: string[];
  /** Responses of 400 or more, with their URLs (the console says only "Failed to load resource"). */
  failedLoads: string[];
}

/**
 * Opens a page that records console errors, CSP violations (reported by the page itself) and every
 * request that leaves `origin`.
 */
export async function watchedPage(browser: Browser, origin: string, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; seen: PageWatch }> {
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  const seen: PageWatch = { consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] };
  page.on('response', (response) => {
    if (response.status() >= 400) seen.failedLoads.push(`${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') seen.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => seen.consoleErrors.push(error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.origin !== origin) seen.foreignRequests.push(request.url());
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    if (message.text().startsWith('CSP violation') || message.text().includes('Content Security Policy')) seen.cspViolations.push(message.text());
  });
  return { page, seen };
}

/** Saves a full-page screenshot under test-artifacts/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A published data folder served by the real server (no publish worker), and Chromium to read it. */
export interface OpenSite {
  server: ServeProcess;
  browser: Browser;
  /** The server's origin, which watchedPage tells apart from foreign requests. */
  origin: string;
}

/**
 * Serves `dataDir`'s release with `npm run serve` (one process, no worker) and launches Chromium: what
 * every browser test opens once in its beforeAll, and closes in its afterAll.
 *
 * @example
 * ({ server, browser, origin } = await openSite(path.join(root, 'data')));
 */
export async function openSite(dataDir: string): Promise<OpenSite> {
  const server = await startServeProcess('serve-cli.ts', ['--data-dir', dataDir, '--no-worker'], { JOURNEY_SERVE_PROCESSES: '1' });
  return { server, browser: await launchBrowser(), origin: new URL(server.base).origin };
}
