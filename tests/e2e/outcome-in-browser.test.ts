// A failing iteration's page in Chromium: why it failed (verdict, issues, the failing test, the log's
// error lines) reads on the first screen, above a long diff and many passing tests; the log marks
// its error lines and the summary links them; no console error, CSP violation, foreign request or
// serious accessibility finding, in light and dark.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, screenshot, watchedPage } from '../../testkit/browser.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import type { ServeProcess } from '../../testkit/serve.ts';

const require = createRequire(import.meta.url);
const root = tempDir('outcome');
let server: ServeProcess;
let browser: Browser;
let origin = '';

/** The iteration made to fail, and what makes it fail. */
const FAILING_AT = 2;
const FAILING_TEST = 'ledger posting keeps the journal balanced after a reversal';
const FAILING_MESSAGE = 'expected 300 minor units, got 301';
const ISSUE = 'the reversal posts the wrong sign';
/** Lines of the log: an error in its head, one in its fold, and lines that only look like errors. */
const LOG_LINES = 300;
const ERROR_IN_HEAD = 12;
const ERROR_IN_FOLD = 150;
const SCREEN = { width: 1280, height: 900 };

/** A new file of `lines` lines as a diff. */
function longDiff(lines: number): string {
  const body = Array.from({ length: lines }, (_, i) => `export const posting${i} = ${i};`);
  return ['diff --git a/src/posting.ts b/src/posting.ts', 'new file mode 100644', '--- /dev/null', '+++ b/src/posting.ts', `@@ -0,0 +1,${lines} @@`, ...body.map((line) => `+${line}`), ''].join('\n');
}

function failingLog(): string {
  return `${Array.from({ length: LOG_LINES }, (_, i) => {
    const n = i + 1;
    if (n === ERROR_IN_HEAD) return `[00:${n}] ERROR posting check failed in src/posting.ts:${n}`;
    if (n === ERROR_IN_FOLD) return `[00:${n}] AssertionError: expected 300 minor units, got 301`;
    if (n === 20) return `[00:${n}] lint: 0 errors, 0 warnings`;
    if (n === 21) return `[00:${n}] smoke run: no failures`;
    return `[00:${n}] tool read_file src/posting.ts -> ${n} bytes`;
  }).join('\n')}\n`;
}

beforeAll(async () => {
  // The real clock: the page's freshness line ages the publish against the browser's clock.
  const now = new Date();
  const loop = path.join(root, 'loop');
  writeTestLoop(loop, 4, 'journey', now);
  const folder = path.join(loop, 'iterations', String(FAILING_AT).padStart(4, '0'));
  const cases = Array.from({ length: 40 }, (_, i) => ({ name: `ledger case ${i + 1} holds`, status: 'passed', duration_ms: 3 }));
  cases.splice(27, 0, { name: FAILING_TEST, status: 'failed', duration_ms: 9, message: `${FAILING_MESSAGE}\n    at posting.test.ts:42` } as (typeof cases)[number]);
  writeFileSync(path.join(folder, 'tests.json'), JSON.stringify({ passed: 40, failed: 1, skipped: 0, cases }));
  writeFileSync(path.join(folder, 'diff.patch'), longDiff(160));
  writeFileSync(path.join(folder, 'log.txt'), failingLog());
  const verdicts = path.join(loop, 'verdicts.jsonl');
  const lines = readFileSync(verdicts, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  Object.assign(lines.find((line) => line.iteration === FAILING_AT), { verdict: 'fail', score: 0.2, issues: [ISSUE], summary: 'The reversal is wrong.' });
  writeFileSync(verdicts, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  const publish = await publishLoop(loop, path.join(root, 'data'), { env: { JOURNEY_REDACT_KEY: 'outcome-test-key-0123456789' } });
  expect(publish.code, publish.stderr.slice(-3000)).toBe(0);
  ({ server, browser, origin } = await openSite(path.join(root, 'data')));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const route = () => new URL(`/iterations/${FAILING_AT}/`, server.base).href;

describe('a failing iteration\'s page', () => {
  it('shows its failing test, verdict and issue on the first screen, above a long diff and 40 passing tests', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.setViewportSize(SCREEN);
    await page.goto(route(), { waitUntil: 'networkidle' });
    // The page is as long as the brief's: the diff and the passing tests push the Tests section off the first screen.
    expect(await page.locator('pre.diff > span').count()).toBeGreaterThanOrEqual(100);
    expect(await page.locator('#tests ~ table tbody tr').count()).toBe(41);
    expect((await page.locator('#tests').boundingBox())!.y).toBeGreaterThan(SCREEN.height);
    const failing = page.locator('#outcome-failing a', { hasText: FAILING_TEST });
    expect((await failing.boundingBox())!.y + (await failing.boundingBox())!.height).toBeLessThan(SCREEN.height);
    expect(await page.locator('#outcome-failing li').textContent()).toBe(`${FAILING_TEST}: ${FAILING_MESSAGE}`);
    expect(await page.locator('#outcome-failing li').count()).toBe(1); // the passing tests are only counted
    expect(await page.locator('#outcome dd').nth(2).textContent()).toMatch(/^40 passed, 1 failed, 0 skipped/);
    for (const text of [ISSUE, 'The reversal is wrong.']) {
      const box = (await page.locator('#outcome', { hasText: text }).boundingBox())!;
      expect(box.y + box.height).toBeLessThan(SCREEN.height);
    }
    // The summary's link lands on the failing test's row.
    await failing.click();
    await page.waitForURL(/#test-28$/);
    expect(await page.locator('#test-28 td').first().textContent()).toBe(FAILING_TEST);
    await screenshot(page, 'outcome-failing');
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

  it('marks the log\'s error lines, not the lines that say there were none, and links them from the summary, in the fold too', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.setViewportSize(SCREEN);
    await page.goto(route(), { waitUntil: 'networkidle' });
    expect(await page.locator('pre.log .log-mark').evaluateAll((marks) => marks.map((m) => [m.id, m.className]))).toEqual([
      [`log-line-${ERROR_IN_HEAD}`, 'log-mark log-error'], [`log-line-${ERROR_IN_FOLD}`, 'log-mark log-error'],
    ]);
    expect(await page.locator('#outcome-log a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      `#log-line-${ERROR_IN_HEAD}`, `#log-line-${ERROR_IN_FOLD}`,
    ]);
    expect(await page.locator('.log-fold summary').textContent()).toMatch(/folded, with 1 error: show them$/);
    await page.locator(`#outcome-log a[href="#log-line-${ERROR_IN_HEAD}"]`).click();
    expect(await page.locator(`#log-line-${ERROR_IN_HEAD}`).textContent()).toContain('ERROR posting check failed');
    expect(await page.locator(`#log-line-${ERROR_IN_HEAD}`).isVisible()).toBe(true);
    // A marked line inside the closed fold: following its link opens the fold to it.
    expect(await page.locator(`#log-line-${ERROR_IN_FOLD}`).isVisible()).toBe(false);
    await page.locator(`#outcome-log a[href="#log-line-${ERROR_IN_FOLD}"]`).click();
    await page.locator(`#log-line-${ERROR_IN_FOLD}`).waitFor({ state: 'visible' });
    expect(await page.locator('.log-fold').evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
    expect(await page.locator(`#log-line-${ERROR_IN_FOLD}`).isVisible()).toBe(true);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

  it('reads the same without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: SCREEN });
    const page = await context.newPage();
    await page.goto(route(), { waitUntil: 'networkidle' });
    const box = (await page.locator('#outcome-failing a', { hasText: FAILING_TEST }).boundingBox())!;
    expect(box.y + box.height).toBeLessThan(SCREEN.height);
    await context.close();
  }, 60_000);

  it('has no serious or critical accessibility violations (axe-core), in light and dark', async () => {
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      // axe is injected as an inline script, which the site's CSP rightly refuses: this context alone bypasses it.
      const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true, viewport: SCREEN });
      const page = await context.newPage();
      await page.goto(route(), { waitUntil: 'networkidle' });
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
      });
      found.push(...violations.map((v) => `${scheme}: ${v}`));
      await screenshot(page, `outcome-${scheme}`);
      await context.close();
    }
    expect(found).toEqual([]);
  }, 90_000);
});
