// The public port against generated hostile requests, a range fuzz and a header census, on the real
// `npm run serve --no-worker` over a real published release, with sentinel files planted around it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../server/http/response-headers.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import { rawRequest, startServeProcess, type RawResponse, type ServeProcess } from '../../testkit/serve.ts';

const SENTINEL = `JOURNEY-SENTINEL-${randomBytes(8).toString('hex')}`;
const root = tempDir('hostile');
const dataDir = path.join(root, 'data');
let server: ServeProcess;
const seen: { what: string; response: RawResponse }[] = [];

/** Files outside the release (and files inside its folder that its MANIFEST does not list). */
const SENTINELS = [
  'sentinel.txt', 'data/sentinel.txt', 'data/dist-old/index.html', 'data/releases/sentinel.txt', 'data/public/sentinel.txt',
  'data/releases-old/index.html', 'data/current/.env', 'data/current/extra.txt', 'data/current/iterations/sentinel.html',
];

async function request(what: string, head: string): Promise<RawResponse> {
  const response = await rawRequest(server.port, head);
  seen.push({ what, response });
  return response;
}

/** Runs `heads` with a few connections at a time. */
async function requestAll(heads: string[]): Promise<RawResponse[]> {
  const results: RawResponse[] = new Array(heads.length);
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < heads.length) {
      const index = next++;
      results[index] = await request(heads[index]!, heads[index]!);
    }
  }));
  return results;
}

/** At least 2,000 distinct traversal and malformed-URL request targets. */
function hostileTargets(): string[] {
  const dots = ['..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%252e%252e', '%c0%ae%c0%ae', '%e0%80%ae%e0%80%ae', '%uff0e%uff0e', '..%00', '...', '..;'];
  const separators = ['/', '%2f', '%2F', '\\', '%5c', '%5C', '%252f', '//', '/./', '%c0%af'];
  const targets = ['sentinel.txt', 'data/sentinel.txt', 'dist-old/index.html', 'releases/sentinel.txt', 'public/sentinel.txt', 'journey.db', 'etc/passwd'];
  const prefixes = ['', '/iterations', '/snapshots', '/_astro'];
  const out = new Set<string>();
  for (const prefix of prefixes) {
    for (const dot of dots) {
      for (const separator of separators) {
        for (const target of targets) {
          for (const depth of [1, 3]) out.add(`${prefix}/${`${dot}${separator}`.repeat(depth)}${target}`);
        }
      }
    }
  }
  const extras = [
    '/current/.env', '/.env', '/extra.txt', '/iterations/sentinel.html', '/iterations/sentinel/', '/MANIFEST', '/dist-old/index.html',
    '/releases/', '/releases/sentinel.txt', '/releases-old/', '/data/sentinel.txt', '/index.html%00.txt', '/%00', '/%',
    '/%zz', '/%e0%a4%a', '/%c0', '/a%2fb', '//evil.example/', '//evil.example/%2e%2e/', '///evil.example', '/\\evil.example',
    '/%5cevil.example', '/iterations', '/iterations/1', '/iterations/1.html', '/iterations/1.json', '/app.js.map', '/api/journey',
    '/raw', '/status', `/${'a'.repeat(8000)}`, `/${'%2e%2e/'.repeat(1000)}sentinel.txt`, `/${'../'.repeat(2500)}sentinel.txt`,
    'http://evil.example/', 'https://127.0.0.1/../sentinel.txt', '*', '../sentinel.txt', 'sentinel.txt',
  ];
  for (const extra of extras) out.add(extra);
  return [...out];
}

beforeAll(async () => {
  writeTestLoop(path.join(root, 'loop'), 3);
  const publish = await publishLoop(path.join(root, 'loop'), dataDir, { env: { JOURNEY_REDACT_KEY: 'hostile-test-key-0123456789' } });
  expect(publish.code, publish.stderr).toBe(0);
  for (const file of SENTINELS) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), `${SENTINEL} ${file}\n`);
  }
  symlinkSync(path.join(root, 'sentinel.txt'), path.join(dataDir, 'current', 'link.txt'));
  symlinkSync(dataDir, path.join(dataDir, 'current', 'linkdir'));
  server = await startServeProcess('serve-cli.ts', ['--data-dir', dataDir, '--no-worker'], { JOURNEY_SERVE_PROCESSES: '1' });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const noSentinel = (response: RawResponse) => !response.body.toString('latin1').includes(SENTINEL);

describe('the public port under hostile requests', () => {
  it('serves 0 sentinel bytes and 0 5xx to 2,000+ traversal and malformed-URL payloads, and still answers', async () => {
    expect(readFileSync(path.join(dataDir, 'current', 'link.txt'), 'utf8')).toContain(SENTINEL); // the planted files are real
    const targets = hostileTargets();
    expect(targets.length).toBeGreaterThanOrEqual(2000);
    const heads = [
      ...targets.map((target) => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1`),
      ...['/link.txt', '/linkdir/sentinel.txt', '/linkdir/journey.db'].map((target) => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1`),
      ...['POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'get'].map((method) => `${method} /sentinel.txt HTTP/1.1\r\nHost: 127.0.0.1`),
    ];
    const responses = await requestAll(heads);
    const leaks = responses.filter((response) => !noSentinel(response)).length;
    const serverErrors = responses.filter((response) => response.status >= 500).length;
    expect({ leaks, serverErrors }).toEqual({ leaks: 0, serverErrors: 0 });
    expect(responses.filter((response) => response.status === 200).length).toBeLessThan(10); // the few real pages among them
    expect(server.child.exitCode).toBeNull();
    expect((await request('/ afterwards', 'GET / HTTP/1.1\r\nHost: 127.0.0.1')).status).toBe(200);
  }, 120_000);

  it('answers 1,000+ fuzzed Range headers with only 200, 206 or 416, and a Content-Length equal to the body', async () => {
    const file = readFileSync(path.join(dataDir, 'current', 'site-data.json'));
    const size = file.length;
    let seed = 7;
    const random = (n: number) => { // mulberry32: a small seeded generator, so a failure replays
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) % n);
    };
    const numbers = () => [String(random(size * 2)), '0', '1', String(size - 1), String(size), String(size + 1), '', '9007199254740993', '99999999999999999999', '-1', ' 3 '][random(11)]!;
    const shapes = [
      () => `bytes=${numbers()}-${numbers()}`,
      () => `bytes=-${numbers()}`,
      () => `bytes=${numbers()}-`,
      () => `bytes=${numbers()}-${numbers()},${numbers()}-${numbers()}`,
      () => `BYTES = ${numbers()} - ${numbers()}`,
      () => ['bytes=', 'bytes=-', 'bytes=--1', 'bytes=1-2-3', 'items=0-1', 'bytes=a-b', 'bytes=0x10-', '', 'bytes=1.5-2', 'bytes=\u00e9-1'][random(10)]!,
    ];
    const headers = Array.from({ length: 1200 }, () => shapes[random(shapes.length)]!());
    const responses = await requestAll(headers.map((range) => `GET /site-data.json HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: ${range}`));
    const statuses = new Map<number, number>();
    responses.forEach((response, index) => {
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect([200, 206, 416], headers[index]).toContain(response.status);
      expect(response.contentLength, headers[index]).toBe(response.body.length);
      if (response.status === 206) {
        const [, start, end, total] = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range')!)!.map(Number);
        expect(total).toBe(size);
        expect(response.body.equals(file.subarray(start, end! + 1)), headers[index]).toBe(true);
      }
      if (response.status === 200) expect(response.body.equals(file)).toBe(true);
      if (response.status === 416) expect(response.headers.get('content-range')).toBe(`bytes */${size}`);
    });
    for (const status of [200, 206, 416]) expect(statuses.get(status) ?? 0, `some ${status}s`).toBeGreaterThan(50);
    expect(server.child.exitCode).toBeNull();
  }, 120_000);

  it('redirects a directory URL without its slash relatively, and never off the origin', async () => {
    const bare = await request('bare', 'GET /iterations/2?x=1 HTTP/1.1\r\nHost: 127.0.0.1');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('2/?x=1');
    const list = await request('bare list', 'GET /iterations HTTP/1.1\r\nHost: 127.0.0.1');
    expect(list.headers.get('location')).toBe('iterations/');
    for (const target of ['//evil.example', '//evil.example/iterations', '/\\evil.example', '/%2f%2fevil.example']) {
      const response = await request(target, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1`);
      expect(response.status, target).not.toBe(301);
      expect(response.headers.get('location'), target).toBeUndefined();
    }
  });

  it('revalidates pages with their ETag (304) and caches hashed assets as immutable', async () => {
    const page = await request('page', 'GET /iterations/1/ HTTP/1.1\r\nHost: 127.0.0.1');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const again = await request('304', `GET /iterations/1/ HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: ${page.headers.get('etag')}`);
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const asset = /href="(\/_astro\/[^"]+\.css)"/.exec(page.body.toString())?.[1];
    expect(asset, 'the page links its stylesheet (no inline style)').toBeDefined();
    expect(page.body.toString()).not.toMatch(/<style|style="/);
    const css = await request('asset', `GET ${asset} HTTP/1.1\r\nHost: 127.0.0.1`);
    expect(css.status).toBe(200);
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('puts every security header on every response: 200, 206, 301, 304, 400, 404, 405, 416, 431, 503 and HEAD', async () => {
    await request('HEAD', 'HEAD / HTTP/1.1\r\nHost: 127.0.0.1');
    await request('parser 400', 'GET /a b c HTTP/1.1\r\nHost: 127.0.0.1');
    await request('431', `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'x'.repeat(20_000)}`);
    writeFileSync(path.join(dataDir, 'unpublished'), '');
    await request('maintenance', 'GET / HTTP/1.1\r\nHost: 127.0.0.1');
    rmSync(path.join(dataDir, 'unpublished'));
    const statuses = new Set(seen.map((entry) => entry.response.status));
    for (const status of [200, 206, 301, 304, 400, 404, 405, 416, 431, 503]) expect(statuses, `a ${status} was seen`).toContain(status);
    const missing = seen.flatMap(({ what, response }) => Object.entries(SECURITY_HEADERS)
      .filter(([name, value]) => response.headers.get(name.toLowerCase()) !== value)
      .map(([name]) => `${response.status} ${what.slice(0, 60)}: ${name}`));
    expect(missing).toEqual([]);
    expect(seen.length).toBeGreaterThan(3000);
  });
});
