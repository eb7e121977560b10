// Snapshots on the public port: only those of kept releases that no rollback withdrew, revalidated by
// ETag like pages (a takedown may rewrite one), and never found by walking the snapshots folder.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, runCli, tempDir } from '../../testkit/run-cli.ts';
import { fetchText, serveDataDir, until } from '../../testkit/serve.ts';
import type { RunningServer } from '../../server/http/start-server.ts';
import { formatServedSnapshots, parseServedSnapshots, servableSnapshots } from '../../synth/release/served-snapshots.ts';

const KEY = { JOURNEY_REDACT_KEY: 'snapshots-test-key-0123456789' };
const current = (dataDir: string) => path.basename(readlinkSync(path.join(dataDir, 'current')));
const appendToPlan = (loopDir: string, n: number, text: string) => {
  const plan = path.join(loopDir, 'iterations', String(n).padStart(4, '0'), 'plan.md');
  writeFileSync(plan, `${readFileSync(plan, 'utf8')}\n${text}\n`);
};
/** The snapshot taken of release `id`. */
const snapshotOf = (dataDir: string, id: string) => readdirSync(path.join(dataDir, 'snapshots'))
  .find((s) => existsSync(path.join(dataDir, 'snapshots', s, 'release')) && readFileSync(path.join(dataDir, 'snapshots', s, 'release'), 'utf8').trim() === id)!;
const route = (snapshot: string) => `/snapshots/${snapshot}/site-data.json`;

/** Publishes `loopDir` once more with a changed plan and returns the new current release. */
async function publishAgain(loopDir: string, dataDir: string, round: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  appendToPlan(loopDir, 1, round);
  const run = await publishLoop(loopDir, dataDir, { env: { ...KEY, ...env } });
  expect(run.code, run.stderr).toBe(0);
  return current(dataDir);
}

describe('snapshots on the public port', () => {
  const loopDir = tempDir('snapshots-loop');
  const dataDir = tempDir('snapshots-data');
  let server: RunningServer;
  let first = '';
  let second = '';

  beforeAll(async () => {
    writeTestLoop(loopDir, 3);
    first = await publishAgain(loopDir, dataDir, 'first release');
    second = await publishAgain(loopDir, dataDir, 'second release');
    server = await serveDataDir(dataDir);
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it('serves a kept release\'s snapshot no-cache with its SHA-256 as ETag, and answers 304 to If-None-Match', async () => {
    const snapshot = snapshotOf(dataDir, second);
    const text = readFileSync(path.join(dataDir, 'snapshots', snapshot, 'site-data.json'), 'utf8');
    const sha = createHash('sha256').update(text).digest('hex');
    const page = await fetchText(server.url, route(snapshot));
    expect({ status: page.status, text: page.text }).toEqual({ status: 200, text });
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('etag')).toBe(`"${sha.slice(0, 32)}"`);
    expect(page.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const again = await fetchText(server.url, route(snapshot), { headers: { 'If-None-Match': page.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('cache-control')).toBe('no-cache');
    const stale = await fetchText(server.url, route(snapshot), { headers: { 'If-None-Match': '"0123456789abcdef0123456789abcdef"' } });
    expect(stale.status).toBe(200);
    const head = await fetchText(server.url, route(snapshot), { method: 'HEAD' });
    expect({ status: head.status, text: head.text, length: head.headers.get('content-length') }).toEqual({ status: 200, text: '', length: String(Buffer.byteLength(text)) });
    expect((await fetchText(server.url, route(snapshotOf(dataDir, first)))).status).toBe(200);
  });

  it('answers 404 for the snapshots of the releases a rollback went back past, and 200 again once rolled forward to one', async () => {
    const rolledPast = snapshotOf(dataDir, second);
    const rollback = await runCli('admin/rollback-cli.ts', ['--data-dir', dataDir]);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stderr).toContain(`snapshots of ${second} withdrawn: no longer served`);
    expect(current(dataDir)).toBe(first);
    // The list is rewritten before `current` moves: the server sees it within its recheck period.
    await until(async () => (await fetchText(server.url, route(rolledPast))).status === 404, 'the rolled-back snapshot to answer 404', 2_000);
    expect((await fetchText(server.url, route(rolledPast), { method: 'HEAD' })).status).toBe(404);
    expect((await fetchText(server.url, route(snapshotOf(dataDir, first)))).status).toBe(200);
    expect(existsSync(path.join(dataDir, 'snapshots', rolledPast, 'site-data.json'))).toBe(true); // withdrawn, not deleted
    const list = JSON.parse((await runCli('admin/releases-cli.ts', ['--data-dir', dataDir, '--json'])).stdout) as { id: string; withdrawn: boolean }[];
    expect(list.map((r) => [r.id, r.withdrawn])).toEqual([[second, true], [first, false]]);

    const forward = await runCli('admin/rollback-cli.ts', ['--data-dir', dataDir, '--to', second]);
    expect(forward.code, forward.stderr).toBe(0);
    await until(async () => (await fetchText(server.url, route(rolledPast))).status === 200, 'the snapshot of the release rolled forward to', 2_000);
    expect((await runCli('admin/unpin-cli.ts', ['--data-dir', dataDir])).code).toBe(0);
  }, 60_000);

  it('keeps a withdrawn release\'s snapshot unserved through later publishes, and leaves it off /history/', async () => {
    const loop = tempDir('withdrawn-loop');
    const data = tempDir('withdrawn-data');
    writeTestLoop(loop, 2);
    const a = await publishAgain(loop, data, 'a');
    const b = await publishAgain(loop, data, 'b');
    expect((await runCli('admin/rollback-cli.ts', ['--data-dir', data])).code).toBe(0);
    expect((await runCli('admin/unpin-cli.ts', ['--data-dir', data])).code).toBe(0);
    const c = await publishAgain(loop, data, 'c');
    const local = await serveDataDir(data);
    try {
      expect((await fetchText(local.url, route(snapshotOf(data, b)))).status).toBe(404);
      for (const id of [a, c]) expect((await fetchText(local.url, route(snapshotOf(data, id)))).status, id).toBe(200);
      const history = readFileSync(path.join(data, 'current', 'history', 'index.html'), 'utf8');
      const listed = [...history.matchAll(/<tr data-snapshot="([^"]+)">/g)].map((m) => m[1]);
      expect(listed).toEqual([snapshotOf(data, c), snapshotOf(data, a)]);
    } finally {
      await local.close();
    }
  }, 180_000);

  it('answers 404 for the snapshot of a pruned release, though retention keeps its file', async () => {
    const loop = tempDir('pruned-loop');
    const data = tempDir('pruned-data');
    writeTestLoop(loop, 2);
    const env = { JOURNEY_KEEP_RELEASES: '2', JOURNEY_RELEASE_GRACE_SECONDS: '0' };
    const a = await publishAgain(loop, data, 'a', env);
    const local = await serveDataDir(data);
    try {
      const oldest = snapshotOf(data, a);
      expect((await fetchText(local.url, route(oldest))).status).toBe(200);
      const b = await publishAgain(loop, data, 'b', env);
      const c = await publishAgain(loop, data, 'c', env);
      expect(existsSync(path.join(data, 'releases', a))).toBe(false); // pruned: only two kept
      expect(existsSync(path.join(data, 'snapshots', oldest, 'site-data.json'))).toBe(true);
      await until(async () => (await fetchText(local.url, route(oldest))).status === 404, 'the pruned release\'s snapshot to answer 404', 2_000);
      for (const id of [b, c]) expect((await fetchText(local.url, route(snapshotOf(data, id)))).status, id).toBe(200);
      // The current release's history lists what it can link to, nothing pruned.
      const history = readFileSync(path.join(data, 'current', 'history', 'index.html'), 'utf8');
      expect([...history.matchAll(/<tr data-snapshot="([^"]+)">/g)].map((m) => m[1])).toEqual([snapshotOf(data, c), snapshotOf(data, b)]);
    } finally {
      await local.close();
    }
  }, 180_000);

  it('serves only what the list names: none without it, none from a list that is not journey\'s, none through a link', async () => {
    const list = path.join(dataDir, 'served-snapshots');
    const snapshot = snapshotOf(dataDir, current(dataDir));
    const kept = readFileSync(list, 'utf8');
    const status = async () => (await fetchText(server.url, route(snapshot))).status;
    try {
      expect(await status()).toBe(200);
      rmSync(list);
      await until(async () => (await status()) === 404, 'no list: no snapshot', 2_000);
      writeFileSync(list, kept.replace('journey served-snapshots 1', 'something else'));
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await status()).toBe(404);
      // A snapshot folder that is a link is never followed, even when the list names it.
      const linked = '20200101T000000Z';
      symlinkSync(path.join(dataDir, 'snapshots', snapshot), path.join(dataDir, 'snapshots', linked));
      const real = kept.split('\n').find((line) => line.startsWith(`${snapshot} `))!.slice(snapshot.length); // its true checksum and size
      writeFileSync(list, `${kept}${linked}${real}\n`);
      await until(async () => (await status()) === 200, 'the list back', 2_000);
      expect((await fetchText(server.url, route(linked))).status).toBe(404);
      rmSync(path.join(dataDir, 'snapshots', linked));
    } finally {
      writeFileSync(list, kept);
    }
  });
});

describe('the served-snapshots list', () => {
  const sha = 'a'.repeat(64);

  it('reads only well-formed entries: a snapshot id, a SHA-256 and a size; anything else is left out', () => {
    const text = [
      'journey served-snapshots 1',
      `20261121T101500Z ${sha} 5120`,
      `20261121T101500Z-2 ${sha} 7`,
      `20261121T101500Z ${'b'.repeat(64)} 1`, // a repeated id keeps the first
      `../../journey.db ${sha} 10`, `20261121T101500Z/../x ${sha} 10`, `.20261121T101500Z ${sha} 10`, `20261121T1015Z ${sha} 10`,
      `20261121T101600Z ${sha.toUpperCase()} 10`, `20261121T101600Z ${sha.slice(1)} 10`, `20261121T101600Z ${sha} -1`,
      `20261121T101600Z ${sha} 1e3`, `20261121T101600Z ${sha} 10 extra`, ` 20261121T101600Z ${sha} 10`, `20261121T101600Z\t${sha} 10`, '',
    ].join('\n');
    expect(parseServedSnapshots(text)).toEqual(new Map([
      ['20261121T101500Z', { sha256: sha, bytes: 5120 }], ['20261121T101500Z-2', { sha256: sha, bytes: 7 }],
    ]));
  });

  it('is not journey\'s without its header, and round-trips what formatServedSnapshots writes', () => {
    for (const text of ['', `20261121T101500Z ${sha} 1\n`, 'journey served-snapshots 2\n', 'JOURNEY SERVED-SNAPSHOTS 1\n']) expect(parseServedSnapshots(text)).toBeUndefined();
    const records = [{ id: '20261121T101500Z', release: 'r1', sha256: sha, bytes: 3 }];
    expect(parseServedSnapshots(formatServedSnapshots(records))).toEqual(new Map([['20261121T101500Z', { sha256: sha, bytes: 3 }]]));
  });

  it('lists a snapshot only while its release is kept and not withdrawn, never one that names no release', () => {
    const at = (id: string, release: string | undefined) => ({ id, release, sha256: sha, bytes: 1 });
    const records = [at('20261121T100000Z', 'r1'), at('20261121T110000Z', 'r2'), at('20261121T120000Z', 'r3'), at('20261121T130000Z', undefined)];
    expect(servableSnapshots(records, { kept: new Set(['r2', 'r3']), withdrawn: new Set(['r3']) }).map((r) => r.id)).toEqual(['20261121T110000Z']);
  });
});
