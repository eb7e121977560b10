// The step trace of one run of each format, in a real browser over the real server: it renders under
// the strict CSP with no console error, CSP violation or foreign request; a step's anchor is shareable;
// reasoning and long observations fold, and open without JavaScript; the ATIF export is served; a long
// trace's later pages open from the iteration page's index.
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IterationPage, SiteData } from '../../contract/site-data-schema.ts';
import { openSite, screenshot, watchedPage } from '../../testkit/browser.ts';
import { writeLongTrajectory } from '../../testkit/long-trajectory.ts';
import { publishLoop, REPO, tempDir } from '../../testkit/run-cli.ts';
import type { ServeProcess } from '../../testkit/serve.ts';

const REAL = path.join(REPO, 'tests', 'fixtures', 'real');
const root = tempDir('trace-browser');
const dataDir = path.join(root, 'data');
let server: ServeProcess;
let browser: Browser;
let origin = '';
/** One iteration of each format: the one with the most steps. */
const byFormat = new Map<string, { n: number; steps: number }>();
/** A run whose trace is paged (written beside the real records). */
const LONG_RECORD = 'long/long.trajectory.json';
let longRun = 0;

beforeAll(async () => {
  const sourceDir = path.join(root, 'records');
  for (const folder of readdirSync(REAL, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    cpSync(path.join(REAL, folder), path.join(sourceDir, folder), { recursive: true, filter: (file) => path.basename(file) !== 'SOURCE' });
  }
  mkdirSync(path.join(sourceDir, 'long'));
  writeLongTrajectory(path.join(sourceDir, LONG_RECORD), 300);
  const publish = await publishLoop(sourceDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'trace-browser-test-key-0123456789' }, timeoutMs: 300_000 });
  expect([0, 3], publish.stderr.slice(-3000)).toContain(publish.code);
  const site = JSON.parse(readFileSync(path.join(dataDir, 'current', 'site-data.json'), 'utf8')) as SiteData;
  for (const it of site.iterations) {
    const page = JSON.parse(readFileSync(path.join(dataDir, 'current', 'iterations', `${it.number}.json`), 'utf8')) as IterationPage;
    if (!page.source || !page.trace) continue;
    if (page.source.record === LONG_RECORD) {
      longRun = it.number;
      continue;
    }
    const known = byFormat.get(page.source.format);
    if (!known || page.trace.steps.length > known.steps) byFormat.set(page.source.format, { n: it.number, steps: page.trace.steps.length });
  }
  ({ server, browser, origin } = await openSite(dataDir));
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the step trace in Chromium', () => {
  it('shows one run of each format with every step, no console error, CSP violation or foreign request', async () => {
    expect([...byFormat.keys()].sort()).toEqual(['atif', 'claude-code', 'codex', 'harbor', 'inspect', 'mini-swe-agent', 'openhands', 'swe-agent']);
    const { page, seen } = await watchedPage(browser, origin);
    for (const [format, { n, steps }] of byFormat) {
      await page.goto(new URL(`/iterations/${n}/`, server.base).href, { waitUntil: 'networkidle' });
      expect(await page.locator('#trace').count(), format).toBe(1);
      expect(await page.locator('#trace ~ section.step').count(), format).toBe(steps);
      expect(await page.locator('#source').textContent(), format).toContain(`Imported from a ${format} record`);
      await screenshot(page, `trace-${format}`);
      const atif = await page.request.get(new URL(`/iterations/${n}/trajectory.json`, server.base).href);
      expect(atif.status(), format).toBe(200);
      expect((await atif.json() as { steps: unknown[] }).steps.length, format).toBe(steps);
    }
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 120_000);

  it('opens a shared step link at that step, and unfolds reasoning and long observations without JavaScript', async () => {
    const { n, steps } = byFormat.get('mini-swe-agent')!;
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const step = Math.min(10, steps);
    await page.goto(new URL(`/iterations/${n}/#step-${step}`, server.base).href);
    const top = await page.locator(`#step-${step}`).evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(5); // scrolled to the step
    const reasoning = page.locator(`#step-${step} details.reasoning`);
    expect(await reasoning.count()).toBe(1);
    expect(await reasoning.locator('pre').isVisible()).toBe(false);
    await reasoning.locator('summary').click();
    expect(await reasoning.locator('pre').isVisible()).toBe(true);
    const folded = page.locator('section.step details.log-fold').first();
    expect(await folded.count()).toBe(1);
    await folded.locator('summary').click();
    expect(await folded.locator('pre').isVisible()).toBe(true);
    await context.close();
  }, 60_000);

  it('opens a later page of a long trace from the iteration page\'s index, at a shared step link, with no console error, CSP violation or foreign request', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.goto(new URL(`/iterations/${longRun}/`, server.base).href, { waitUntil: 'networkidle' });
    const index = page.locator('#trace-index a');
    expect(await index.count()).toBeGreaterThan(1);
    await index.first().click();
    await page.waitForURL(`**/iterations/${longRun}/steps/2/`);
    expect(await page.locator('h1').textContent()).toMatch(new RegExp(`^Iteration ${longRun}: Steps \\d+–\\d+$`));
    const ids = await page.locator('section.step').evaluateAll((sections) => sections.map((s) => s.id));
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.every((id) => /^step-\d+$/.test(id))).toBe(true);
    expect(await page.locator('a[rel="prev"]').getAttribute('href')).toBe(`/iterations/${longRun}/`);
    expect(await page.locator('a[rel="next"]').getAttribute('href')).toBe(`/iterations/${longRun}/steps/3/`);
    const shared = ids[Math.floor(ids.length / 2)]!;
    await page.goto(new URL(`/iterations/${longRun}/steps/2/#${shared}`, server.base).href, { waitUntil: 'networkidle' });
    expect(Math.abs(await page.locator(`#${shared}`).evaluate((el) => el.getBoundingClientRect().top))).toBeLessThan(5);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);
});
