// The Insights page in Chromium over the real server, for a loop that circles: three iterations'
// diffs share a hunk (whitespace and line numbers apart) and the monitor saw a CRIT period during an
// iteration. The reader finds the circling flag and follows it to an iteration, and sees the CRIT
// band behind that iteration's bar, also on a phone, with no console error, CSP violation or foreign request.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPS_FILES } from '../../core/data-layout.ts';
import type { SiteData } from '../../contract/site-data-schema.ts';
import { decodeSignals } from '../../contract/insights/iteration-signals.ts';
import { TEST_NOW, writeTestLoop, writeTestOps } from '../../testkit/demo-loop.ts';
import { openSite, screenshot, watchedPage } from '../../testkit/browser.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import type { ServeProcess } from '../../testkit/serve.ts';

const root = tempDir('insights-browser');
const ITERATIONS = 8;
const CIRCLING = [2, 4, 6];
let server: ServeProcess;
let browser: Browser;
let origin = '';
let site: SiteData;

/** The same change to src/ledger.ts, at a different line and indented differently each time. */
const sharedHunk = (at: number, indent: string) =>
  ['diff --git a/src/ledger.ts b/src/ledger.ts', '--- a/src/ledger.ts', '+++ b/src/ledger.ts', `@@ -${at},2 +${at},2 @@`, ` // line ${at}`,
    `-${indent}return retry(total, 3);`, `+${indent}return  retry(total,  4);`, ''].join('\n');

/** Iteration 3's start and end in the demo (iterations 25 minutes apart, 22 minutes long, the newest at TEST_NOW). */
const iteration3 = { from: TEST_NOW.getTime() - (ITERATIONS - 2) * 25 * 60_000, to: TEST_NOW.getTime() - (ITERATIONS - 2) * 25 * 60_000 + 22 * 60_000 };

beforeAll(async () => {
  const loop = path.join(root, 'loop');
  const data = path.join(root, 'data');
  writeTestLoop(loop, ITERATIONS);
  CIRCLING.forEach((n, i) => {
    const file = path.join(loop, 'iterations', String(n).padStart(4, '0'), 'diff.patch');
    writeFileSync(file, readFileSync(file, 'utf8') + sharedHunk(40 + 17 * n, ['', '  ', '\t'][i]!));
  });
  writeTestOps(data, ITERATIONS);
  // The monitor said CRIT from 3 to 15 minutes into iteration 3, and only then.
  const samplesFile = path.join(data, OPS_FILES.samples);
  const samples = readFileSync(samplesFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { ts: string; overall: string });
  for (const s of samples) s.overall = Date.parse(s.ts) >= iteration3.from + 3 * 60_000 && Date.parse(s.ts) <= iteration3.from + 15 * 60_000 ? 'CRIT' : 'OK';
  writeFileSync(samplesFile, samples.map((s) => `${JSON.stringify(s)}\n`).join(''));
  const publish = await publishLoop(loop, data, { env: { JOURNEY_REDACT_KEY: 'insights-test-key-0123456789' } });
  expect(publish.code, publish.stderr).toBe(0);
  site = JSON.parse(readFileSync(path.join(data, 'current', 'site-data.json'), 'utf8')) as SiteData;
  ({ server, browser, origin } = await openSite(data));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the insights in Chromium', () => {
  it('flag the circling loop from the overview and follow the flag to one of its iterations, with no console error, CSP violation or foreign request', async () => {
    // The hashes are public in the site data: the shared hunk is one hash in each of the three summaries.
    const shared = site.iterations.filter((it) => CIRCLING.includes(it.number)).map((it) => new Set(decodeSignals(it.signals)!.hunks));
    expect([...shared[0]!].filter((h) => shared[1]!.has(h) && shared[2]!.has(h))).toHaveLength(1);
    const { page, seen } = await watchedPage(browser, origin);
    await page.goto(server.base, { waitUntil: 'networkidle' });
    await page.locator('#insights-link a[href="/insights/"]').click();
    await page.waitForURL(/\/insights\/$/);
    const flag = page.locator('#circling-flags li[data-circling="hunk"]');
    expect(await flag.count()).toBe(1);
    expect(await flag.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(CIRCLING.map((n) => `/iterations/${n}/`));
    expect(await flag.textContent()).toMatch(/The same diff hunk in 3 iterations: 2, 4, 6/);
    // Not enough has turned green recently to say nothing; something is always said about the projection.
    expect(await page.locator('[data-projection]').count()).toBe(1);
    expect(await page.locator('[data-insight="per-green-feature"] [data-usd]').textContent()).toMatch(/^\$\d/);
    await screenshot(page, 'insights');
    await flag.locator('a[href="/iterations/4/"]').click();
    await page.waitForURL(/\/iterations\/4\/$/);
    expect(await page.locator('h1').textContent()).toMatch(/^Iteration 4: /);
    expect((await page.locator('pre.diff').allTextContents()).join('\n')).toContain('retry(total,  4)'); // the shared hunk, on its page
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
  });

  it('draw the CRIT period as a band behind the iteration it happened in, and list it in words with that iteration linked', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.goto(new URL('/insights/', server.base).href, { waitUntil: 'networkidle' });
    const period = page.locator('#ops-periods li[data-period="crit"]');
    expect(await period.count()).toBe(1);
    expect(await period.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['/iterations/3/']);
    const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
    const band = await box('#ops-timeline rect[data-band="crit"]');
    const bar = await box('#ops-timeline a[data-iteration="3"] rect');
    // Behind the bar of iteration 3, inside its span, taller than it.
    expect(band.x).toBeGreaterThan(bar.x);
    expect(band.x + band.width).toBeLessThan(bar.x + bar.width);
    expect(band.height).toBeGreaterThan(bar.height);
    expect(await page.locator('#ops-timeline svg.frame').getAttribute('aria-describedby')).toBe('ops-periods');
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
  });

  it('fit a 360 px phone without scrolling sideways, the timeline\'s time labels apart', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(new URL('/insights/', server.base).href, { waitUntil: 'networkidle' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
    const ticks = await page.locator('#ops-timeline text.tick').evaluateAll((texts) => texts.map((t) => t.getBoundingClientRect()));
    expect(ticks).toHaveLength(5);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.left).toBeGreaterThan(ticks[i - 1]!.right);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
  });
});
