// The published site on a phone-sized screen (360 px): no page scrolls sideways, whatever its tables
// and long unbroken lines; a plan's markdown table is a real table; the goal reads as markdown.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, screenshot, watchedPage } from '../../testkit/browser.ts';
import { writeTestLoop, writeTestOps } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import type { ServeProcess } from '../../testkit/serve.ts';

const root = tempDir('narrow');
let server: ServeProcess;
let browser: Browser;
let origin = '';

/** The iteration whose plan gets the wide table and the long line; the one whose record names another iteration. */
const TABLE_AT = 2;
const WITHHELD_AT = 4;

/** Eight columns of words no browser can squeeze into 360 px, as LLM plans write them. */
const WIDE_TABLE = [
  '| Module | Function | Input type | Output type | Error code | Test file | Owner | Status |',
  '|---|---|---|---|---:|---|---|---|',
  '| posting-rules | validateBalancedEntry | JournalEntryDraft | BalancedJournalEntry | LEDGER_UNBALANCED | posting-rules.test.ts | writer | ~~todo~~ done |',
  '| currency-conversion | convertWithHistoricalRate | MoneyAmountWithCurrency | ConvertedMoneyAmount | LEDGER_RATE_MISSING | currency-conversion.test.ts | planner | open |',
].join('\n');
/** A path with no break opportunity, longer than three phone screens (low entropy, so nothing redacts it). */
const LONG_LINE = `packages/ledger_core/src/${'posting_rules_'.repeat(40)}index.ts`;

beforeAll(async () => {
  // The real clock: the pages age the heartbeat and the publish against the browser's clock.
  const now = new Date();
  const loop = path.join(root, 'loop');
  writeTestLoop(loop, 5, 'journey', now);
  writeTestOps(path.join(root, 'data'), 5, 'journey', now);
  const plan = path.join(loop, 'iterations', String(TABLE_AT).padStart(4, '0'), 'plan.md');
  writeFileSync(plan, `${readFileSync(plan, 'utf8')}\n\n## Work items\n\n${WIDE_TABLE}\n\n- [x] parse the ledger\n- [ ] post the entries\n\n${LONG_LINE}\n\n\`${LONG_LINE}\`\n`);
  const log = path.join(path.dirname(plan), 'log.txt');
  writeFileSync(log, `${readFileSync(log, 'utf8')}wrote ${LONG_LINE}\n`);
  const state = path.join(loop, 'state.json');
  writeFileSync(state, JSON.stringify({ ...JSON.parse(readFileSync(state, 'utf8')), goal: 'Build **ledger-ts**, a double-entry bookkeeping library, to parity with [the reference](javascript:alert(1))' }));
  // An iteration record that names another iteration: its page is withheld whole, titled by its number alone.
  const record = path.join(loop, 'iterations', String(WITHHELD_AT).padStart(4, '0'), 'iteration.json');
  writeFileSync(record, JSON.stringify({ ...JSON.parse(readFileSync(record, 'utf8')), iteration: 40 }));
  const publish = await publishLoop(loop, path.join(root, 'data'), { env: { JOURNEY_REDACT_KEY: 'narrow-screen-test-key-0123456789' } });
  expect(publish.code, publish.stderr.slice(-3000)).toBe(3); // published, with the broken iteration withheld
  ({ server, browser, origin } = await openSite(path.join(root, 'data')));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the site at 360 px wide', () => {
  it('scrolls no page sideways: tables and long lines scroll or wrap inside their own box', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.setViewportSize({ width: 360, height: 800 });
    const routes = ['/', '/iterations/', '/iterations/page/1/', '/iterations/1/', `/iterations/${TABLE_AT}/`, `/iterations/${WITHHELD_AT}/`,
      '/iterations/5/', '/compare/4/5/', '/compare/', '/insights/', '/parity/', '/health/', '/history/', '/reviews/', '/search/'];
    /** Routes wider than the screen, with their width. */
    const wider: Record<string, number> = {};
    for (const route of routes) {
      await page.goto(new URL(route, server.base).href, { waitUntil: 'networkidle' });
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(innerWidth).toBe(360);
      if (scrollWidth > innerWidth) wider[route] = scrollWidth;
    }
    expect(wider).toEqual({});
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

  it('shows the plan\'s markdown table as a real table scrolling in its own box, and its task list and long line in bounds', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(new URL(`/iterations/${TABLE_AT}/`, server.base).href, { waitUntil: 'networkidle' });
    const table = page.locator('.prose table').first();
    expect(await table.locator('th').allTextContents()).toEqual(['Module', 'Function', 'Input type', 'Output type', 'Error code', 'Test file', 'Owner', 'Status']);
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('tbody tr').first().locator('del').textContent()).toBe('todo');
    // The table is wider than the screen (so the check above means something), and it scrolls itself.
    const box = await table.evaluate((el) => ({ content: el.scrollWidth, shown: el.clientWidth, viewport: window.innerWidth }));
    expect(box.content).toBeGreaterThan(box.viewport);
    expect(box.shown).toBeLessThan(box.viewport);
    await table.evaluate((el) => el.scrollBy(200, 0));
    expect(await table.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await screenshot(page, 'narrow-iteration');
    expect(await page.locator('.prose input[type="checkbox"]').evaluateAll((boxes) => boxes.map((b) => [(b as HTMLInputElement).checked, (b as HTMLInputElement).disabled]))).toEqual([[true, true], [false, true]]);
    // The long line, published whole (nothing redacted it): it wraps in the plan and scrolls in the log's own box.
    const paragraphs = await page.locator('.prose p', { hasText: LONG_LINE }).evaluateAll((ps) => ps.map((p) => p.scrollWidth <= p.clientWidth));
    expect(paragraphs).toEqual([true, true]);
    const log = await page.locator('pre.log', { hasText: LONG_LINE }).evaluate((el) => ({ content: el.scrollWidth, shown: el.clientWidth }));
    expect(log.content).toBeGreaterThan(log.shown);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 30_000);

  it('renders the goal\'s markdown, keeps an unsafe link\'s text only, and titles a withheld page once', async () => {
    const { page, seen } = await watchedPage(browser, origin);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(server.base, { waitUntil: 'networkidle' });
    expect(await page.locator('#goal strong').textContent()).toBe('ledger-ts');
    expect(await page.locator('#goal').textContent()).toBe('Build ledger-ts, a double-entry bookkeeping library, to parity with the reference');
    expect(await page.locator('#goal a').count()).toBe(0);
    await page.goto(new URL(`/iterations/${WITHHELD_AT}/`, server.base).href, { waitUntil: 'networkidle' });
    expect(await page.locator('#withheld').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe(`Iteration ${WITHHELD_AT}`);
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 30_000);
});
