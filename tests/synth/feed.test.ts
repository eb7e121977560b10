// The Atom feed: the newest iterations with their verdicts, well escaped, absolute under JOURNEY_SITE_URL.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomFeed, FEED_ENTRIES } from '../../site/lib/atom-feed.ts';
import type { SiteData } from '../../contract/site-data-schema.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import { fetchText, serveDataDir } from '../../testkit/serve.ts';

const row = (number: number, title = `Step ${number}`) => ({
  number, title, status: 'complete', started_at: '2026-11-20T10:00:00.000Z', ended_at: `2026-11-20T${String(10 + (number % 10)).padStart(2, '0')}:30:00.000Z`,
  verdict: number % 2 ? 'pass' : 'fail', score: null, tokens_in: 100, tokens_out: 20, cost_usd: 0.5, redactions: 0, withheld_fields: 0,
});
const data = (rows: ReturnType<typeof row>[]) => ({ state: { goal: 'Port **tinycsv** `<the>` parser & friends' }, iterations: rows }) as unknown as SiteData;

describe('the Atom feed', () => {
  it('lists the newest iterations with their verdicts, at most FEED_ENTRIES', () => {
    const feed = atomFeed(data(Array.from({ length: 80 }, (_, i) => row(i + 1))), undefined);
    expect(feed.match(/<entry>/g)).toHaveLength(FEED_ENTRIES);
    expect(feed).toContain('<id>tag:journey,2026:iteration:80</id>');
    expect(feed).not.toContain('<id>tag:journey,2026:iteration:30</id>');
    expect(feed).toContain('<category term="fail"/>');
    expect(feed).toContain('<link rel="alternate" type="text/html" href="/iterations/80/"/>');
    // The goal as the overview's heading reads it: markdown's marks gone, its text escaped once.
    expect(feed).toContain('<title>journey: Port tinycsv &lt;the&gt; parser &amp; friends</title>');
  });

  it('escapes hostile titles and control characters, and links absolutely under the site URL', () => {
    const feed = atomFeed(data([row(1, '<script>alert(1)</script> & "quotes"\u0001')]), 'https://journey.example.org/');
    expect(feed).toContain('<title>Iteration 1: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;\ufffd</title>');
    expect(feed).not.toContain('<script>');
    expect(feed).toContain('href="https://journey.example.org/iterations/1/"');
    expect(feed).toContain('<link rel="self" type="application/atom+xml" href="https://journey.example.org/feed.xml"/>');
  });

  it('is published as /feed.xml, with JOURNEY_SITE_URL in its links', async () => {
    const loopDir = tempDir('feed-loop');
    const dataDir = tempDir('feed-data');
    writeTestLoop(loopDir, 3);
    const result = await publishLoop(loopDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'feed-test-key-0123456789', JOURNEY_SITE_URL: 'https://journey.example.org' } });
    expect(result.code, result.stderr).toBe(0);
    const feed = readFileSync(path.join(dataDir, 'current', 'feed.xml'), 'utf8');
    expect(feed.match(/<entry>/g)).toHaveLength(3);
    expect(feed).toContain('href="https://journey.example.org/iterations/3/"');
    expect(readFileSync(path.join(dataDir, 'current', 'index.html'), 'utf8')).toContain('<link rel="alternate" type="application/atom+xml"');
    const server = await serveDataDir(dataDir);
    try {
      const served = await fetchText(server.url, '/feed.xml');
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      expect(served.text).toBe(feed);
    } finally {
      await server.close();
    }
  }, 120_000);
});
