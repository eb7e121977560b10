// /badge.svg as published and served: a valid SVG naming what site-data.json holds, served as
// image/svg+xml by the real server, leak-scanned like every file, and drawn by Chromium as an image.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestLoop, writeTestOps } from '../../testkit/demo-loop.ts';
import { launchBrowser, watchedPage } from '../../testkit/browser.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import { fetchText, serveDataDir } from '../../testkit/serve.ts';
import { sha256 } from '../../core/public-json.ts';
import { heartbeatState } from '../../contract/health-status.ts';
import type { RunningServer } from '../../server/http/start-server.ts';
import type { SiteData } from '../../contract/site-data-schema.ts';

const root = tempDir('badge');
const dataDir = path.join(root, 'data');
let server: RunningServer;
let browser: Browser;
let badge = '';
let data: SiteData;

beforeAll(async () => {
  writeTestLoop(path.join(root, 'loop'), 5);
  writeTestOps(dataDir, 5);
  const publish = await publishLoop(path.join(root, 'loop'), dataDir, { env: { JOURNEY_REDACT_KEY: 'badge-test-key-0123456789' } });
  expect(publish.code, publish.stderr).toBe(0);
  badge = readFileSync(path.join(dataDir, 'current', 'badge.svg'), 'utf8');
  data = JSON.parse(readFileSync(path.join(dataDir, 'current', 'site-data.json'), 'utf8')) as SiteData;
  server = await serveDataDir(dataDir);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the status badge', () => {
  it('is served as image/svg+xml, byte for byte the published file, and was leak-scanned', async () => {
    const served = await fetchText(server.url, '/badge.svg');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/svg+xml');
    expect(served.text).toBe(badge);
    // The scan's memory holds exactly the hashes it passed: the badge's is among them.
    const db = new Database(path.join(dataDir, 'journey.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT 1 AS ok FROM scan_cache WHERE sha256 = ?').get(sha256(badge))).toEqual({ ok: 1 });
    } finally {
      db.close();
    }
  });

  it('parses as SVG in Chromium and names the iteration, parity and heartbeat state of site-data.json', async () => {
    const { page, seen } = await watchedPage(browser, new URL(server.url).origin);
    await page.goto(server.url, { waitUntil: 'networkidle' });
    // Fetched by the browser from the real server, parsed by its XML parser, then drawn as an image
    // (the way a README shows it).
    const parsed = await page.evaluate(async () => {
      const text = await (await fetch('/badge.svg')).text();
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const svg = doc.documentElement;
      const img = new Image();
      img.src = '/badge.svg';
      await img.decode();
      return {
        errors: doc.getElementsByTagName('parsererror').length, root: svg.localName, ns: svg.namespaceURI,
        label: svg.getAttribute('aria-label'), texts: [...svg.querySelectorAll('text:not([aria-hidden])')].map((t) => t.textContent),
        active: svg.querySelectorAll('script, a, foreignObject, image, style').length, drawn: [img.naturalWidth, img.naturalHeight],
      };
    });
    const message = `iteration ${data.state!.iteration} · parity ${data.parity!.counts.green}/${data.parity!.features.length} · health ${heartbeatState(data.health.latest!.heartbeat_age_s!)}`;
    expect(parsed).toEqual({
      errors: 0, root: 'svg', ns: 'http://www.w3.org/2000/svg', label: `journey: ${message}`, texts: ['journey', message], active: 0,
      drawn: [Number(/width="(\d+)"/.exec(badge)![1]), 20],
    });
    expect(seen).toEqual({ consoleErrors: [], cspViolations: [], foreignRequests: [], failedLoads: [] });
    await page.context().close();
  }, 60_000);

  it('sits beside an overview whose "what changed" shows the loop\'s times, not the publish\'s', async () => {
    const { page } = await watchedPage(browser, new URL(server.url).origin);
    await page.goto(server.url, { waitUntil: 'networkidle' });
    const shown = await page.locator('#what-changed time').evaluateAll((times) => times.map((t) => t.getAttribute('datetime')));
    const { iterations, parity } = data.changes!;
    expect(shown).toEqual([iterations.from, iterations.to, parity.from, parity.to]); // the first publish: summarised
    expect(shown).not.toContain(data.state!.updated_at);
    expect(await page.locator('#changes-iterations').textContent()).toContain(`${iterations.count} iterations, 1 to ${iterations.count}, from `);
    await page.context().close();
  }, 60_000);
});
