// The file responder and the server's lifecycle on hand-made releases: precompressed variants, large
// files streamed from disk, an unservable release, the access log, and a graceful stop under load.
import { gzipSync } from 'node:zlib';
import { connect } from 'node:net';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatManifest } from '../../synth/release/release-manifest.ts';
import { sha256 } from '../../core/public-json.ts';
import { makeCurrent, writeFakeRelease, writeReleaseFolder } from '../../testkit/fake-release.ts';
import { tempDir } from '../../testkit/run-cli.ts';
import { fetchText, rawRequest, startServeProcess, until, type ServeProcess } from '../../testkit/serve.ts';

const running: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

async function serve(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const server = await startServeProcess('serve-cli.ts', ['--data-dir', dataDir, '--no-worker'], { JOURNEY_SERVE_PROCESSES: '1', ...env });
  running.push(server);
  return server;
}

const page = (marker: string) => `<!doctype html><title>${marker}</title><p>${marker.repeat(200)}</p>\n`;

describe('the file responder', () => {
  it('serves a precompressed variant to a client that accepts it, and the plain file to one that does not', async () => {
    const dataDir = tempDir('variants');
    const json = JSON.stringify({ items: Array.from({ length: 500 }, (_, n) => ({ n })) });
    writeFakeRelease(dataDir, 'r1', { 'index.html': page('home'), 'site-data.json': json, 'site-data.json.gz': gzipSync(json) });
    const server = await serve(dataDir);
    const gzip = await rawRequest(server.port, 'GET /site-data.json HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, br;q=0');
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.headers.get('vary')).toBe('Accept-Encoding');
    expect(gzip.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(gzip.body.length).toBeLessThan(json.length);
    const plain = await rawRequest(server.port, 'GET /site-data.json HTTP/1.1\r\nHost: 127.0.0.1');
    expect(plain.headers.get('content-encoding')).toBeUndefined();
    expect(plain.body.toString()).toBe(json);
    expect(gzip.headers.get('etag')).not.toBe(plain.headers.get('etag'));
  });

  it('streams files over 1 MiB from disk, ranges included, with lengths that match', async () => {
    const dataDir = tempDir('large');
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 'abcdefghij');
    writeFakeRelease(dataDir, 'r1', { 'index.html': page('home'), 'big.json': big });
    const server = await serve(dataDir);
    const whole = await rawRequest(server.port, 'GET /big.json HTTP/1.1\r\nHost: 127.0.0.1');
    expect(whole.contentLength).toBe(big.length);
    expect(whole.body.equals(big)).toBe(true);
    const tail = await rawRequest(server.port, 'GET /big.json HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=-100');
    expect(tail.status).toBe(206);
    expect(tail.body.equals(big.subarray(big.length - 100))).toBe(true);
    const head = await rawRequest(server.port, 'HEAD /big.json HTTP/1.1\r\nHost: 127.0.0.1');
    expect(head.contentLength).toBe(big.length);
    expect(head.body.length).toBe(0);
  });

  it('never serves a release whose MANIFEST is incomplete or that holds a symlinked folder; the last good one keeps serving', async () => {
    const dataDir = tempDir('unservable');
    writeFakeRelease(dataDir, 'good', { 'index.html': page('good') });
    const server = await serve(dataDir);
    expect((await fetchText(server.base, '/')).text).toContain('<title>good');
    const torn = writeReleaseFolder(dataDir, 'torn', { 'index.html': page('torn') });
    writeFileSync(path.join(torn, 'MANIFEST'), 'journey-manifest 1\n'); // no trailer: a torn write
    makeCurrent(dataDir, 'torn');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetchText(server.base, '/')).text).toContain('<title>good');
    const outside = tempDir('outside');
    mkdirSync(path.join(outside, 'pages'));
    writeFileSync(path.join(outside, 'pages', 'secret.html'), 'outside the release');
    const linked = writeReleaseFolder(dataDir, 'linked', { 'index.html': page('linked') });
    symlinkSync(path.join(outside, 'pages'), path.join(linked, 'pages'));
    writeFileSync(path.join(linked, 'MANIFEST'), formatManifest([ // lists the file behind the link
      { path: 'index.html', sha256: sha256(page('linked')), bytes: page('linked').length, key: '-' },
      { path: 'pages/secret.html', sha256: sha256('outside the release'), bytes: 19, key: '-' },
    ]));
    makeCurrent(dataDir, 'linked');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetchText(server.base, '/pages/secret.html')).status).toBe(404);
    expect((await fetchText(server.base, '/')).text).toContain('<title>good');
    expect(server.output()).toMatch(/JOURNEY_RELEASE_UNSERVABLE: release torn has an incomplete MANIFEST/);
    expect(server.output()).toMatch(/JOURNEY_RELEASE_UNSERVABLE: release linked: pages is a symlink/);
    writeFakeRelease(dataDir, 'next', { 'index.html': page('next') });
    await until(async () => (await fetchText(server.base, '/')).text.includes('<title>next'), 'the next good release', 5_000);
  });

  it('writes one JSON line per request with method, path, status, bytes and ms', async () => {
    const dataDir = tempDir('access-log');
    writeFakeRelease(dataDir, 'r1', { 'index.html': page('home') });
    const server = await serve(dataDir);
    await fetchText(server.base, '/?from=test');
    await fetchText(server.base, '/nope');
    await until(() => server.output().includes('"path":"/nope"'), 'the log lines', 5_000);
    const lines = server.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    expect(lines.find((line) => line.path === '/?from=test')).toMatchObject({ kind: 'request', method: 'GET', status: 200 });
    expect(lines.find((line) => line.path === '/nope')).toMatchObject({ kind: 'request', method: 'GET', status: 404 });
    for (const line of lines) expect(line.bytes).toBeGreaterThan(0);
    for (const line of lines) expect(typeof line.ms).toBe('number');
  });
});

describe('limits on the public port', () => {
  it('answers 408 and closes a connection that sends its headers too slowly (slowloris)', async () => {
    const dataDir = tempDir('slowloris');
    writeFakeRelease(dataDir, 'r1', { 'index.html': page('home') });
    const server = await serve(dataDir, { JOURNEY_HEADERS_TIMEOUT_MS: '1000', JOURNEY_REQUEST_TIMEOUT_MS: '2000' });
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    const started = Date.now();
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // never finishes its headers
    const trickle = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 200);
    const at = await closed;
    clearInterval(trickle);
    expect(at - started).toBeLessThan(5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(answer).toContain("X-Frame-Options: DENY");
    expect((await fetchText(server.base, '/')).status).toBe(200);
  }, 20_000);

  it('refuses connections past maxConnections and serves again once they close', async () => {
    const dataDir = tempDir('max-connections');
    writeFakeRelease(dataDir, 'r1', { 'index.html': page('home') });
    const server = await serve(dataDir, { JOURNEY_MAX_CONNECTIONS: '3' });
    const held = await Promise.all(Array.from({ length: 3 }, () => new Promise<ReturnType<typeof connect>>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
    })));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const extra = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => {});
    });
    expect(extra).toBe(''); // closed at once, unanswered
    for (const socket of held) socket.destroy();
    await until(async () => (await fetchText(server.base, '/').catch(() => ({ status: 0 }))).status === 200, 'serving again', 5_000);
  }, 20_000);
});

describe('stopping', () => {
  it('on SIGTERM finishes a download under way, refuses new connections, and exits 0', async () => {
    const dataDir = tempDir('graceful');
    const big = Buffer.alloc(8 * 1024 * 1024, 'z');
    writeFakeRelease(dataDir, 'r1', { 'index.html': page('home'), 'big.bin': big });
    const server = await serve(dataDir);
    const socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      socket.pause(); // a slow reader: the server must wait for it
      setTimeout(() => socket.resume(), 5);
    });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    await until(() => chunks.length > 3, 'the download to start', 5_000);
    const exited = server.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await new Promise<boolean>((resolve) => {
      const late = connect(server.port, '127.0.0.1');
      late.on('connect', () => { late.destroy(); resolve(false); });
      late.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    await closed;
    const all = Buffer.concat(chunks);
    const body = all.subarray(all.indexOf('\r\n\r\n') + 4);
    expect(body.length).toBe(big.length);
    expect(await exited).toBe(0);
    expect(server.output()).toContain('SIGTERM: stopping');
  }, 30_000);
});
