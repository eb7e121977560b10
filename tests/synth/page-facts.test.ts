// Transparency: every page says when its content last changed, its content hash, and what was
// redacted or withheld on it by kind (never the values).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTestLoop, writeTestOps } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('page facts', () => {
  it('are on every page: last change, content hash, redactions by kind; an iteration page\'s hash is its JSON file\'s', async () => {
    const loopDir = tempDir('facts-loop');
    const dataDir = tempDir('facts-data');
    writeTestLoop(loopDir, 6);
    writeTestOps(dataDir, 6);
    const result = await publishLoop(loopDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'facts-test-key-0123456789' } });
    expect(result.code, result.stderr).toBe(0);
    const release = path.join(dataDir, 'current');
    const pages = readdirSync(release, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => path.relative(release, path.join(e.parentPath, e.name)));
    expect(pages.length).toBeGreaterThan(12);
    for (const page of pages) {
      const html = readFileSync(path.join(release, page), 'utf8');
      expect(html, page).toMatch(/<footer class="page-facts" id="page-facts">/);
      expect(html, page).toMatch(/content hash <code[^>]*data-fact="hash"[^>]*>sha256:[0-9a-f]{64}<\/code>/);
      expect(html, page).toMatch(/Content last changed <span data-fact="changed">(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ|—)<\/span>/);
      expect(html, page).toMatch(/data-fact="redactions">\s*(?:No values|\d+ values?) redacted on /);
    }
    // An iteration page: its hash is the SHA-256 of iterations/<n>.json; its counts are its own by kind.
    for (const n of [1, 3, 6]) {
      const json = readFileSync(path.join(release, 'iterations', `${n}.json`), 'utf8');
      const html = readFileSync(path.join(release, 'iterations', `${n}.html`), 'utf8');
      expect(html).toContain(`sha256:${sha256(json)}`);
      const { redactions } = JSON.parse(json);
      const kinds = Object.entries(redactions.by_rule as Record<string, number>).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      expect(html).toContain(redactions.total === 0 ? 'No values redacted on this page'
        : `${redactions.total} value${redactions.total === 1 ? '' : 's'} redacted on this page (${kinds.map(([rule, c]) => `${rule} ${c}`).join(', ')})`);
    }
    // The overview counts the whole site; its hash is site-data.json's.
    const overview = readFileSync(path.join(release, 'index.html'), 'utf8');
    const siteData = readFileSync(path.join(release, 'site-data.json'), 'utf8');
    expect(overview).toContain(`sha256:${sha256(siteData)}`);
    expect(overview).toMatch(new RegExp(`${JSON.parse(siteData).redactions.total} values redacted on the whole site \\(`));
  }, 120_000);
});
