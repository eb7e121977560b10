// Releases: manifest before current, crash recovery, rollback and pin, snapshots, takedown, unpublish.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, withDb } from '../../state/db.ts';
import { readManifest } from '../../synth/release/write-release.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, REPO, runCli, tempDir } from '../../testkit/run-cli.ts';
import { fetchText, serveDataDir } from '../../testkit/serve.ts';

const KEY = { JOURNEY_REDACT_KEY: 'releases-test-key-0123456789' };
const synth = (loopDir: string, dataDir: string, extra: string[] = []) => publishLoop(loopDir, dataDir, { env: KEY, extra });
const current = (dataDir: string) => path.basename(readlinkSync(path.join(dataDir, 'current')));
const iterationFolder = (loopDir: string, n: number) => path.join(loopDir, 'iterations', String(n).padStart(4, '0'));
const appendToPlan = (loopDir: string, n: number, text: string) => {
  const plan = path.join(iterationFolder(loopDir, n), 'plan.md');
  writeFileSync(plan, `${readFileSync(plan, 'utf8')}\n${text}\n`);
};

/** A loop of `iterations` published twice, the second time with iteration `changed`'s plan extended. */
async function publishTwice(label: string, iterations: number, changed: number) {
  const loopDir = tempDir(`${label}-loop`);
  const dataDir = tempDir(`${label}-data`);
  writeTestLoop(loopDir, iterations);
  await synth(loopDir, dataDir);
  const first = current(dataDir);
  appendToPlan(loopDir, changed, 'second release');
  await synth(loopDir, dataDir);
  return { loopDir, dataDir, first, second: current(dataDir) };
}

/** Every file below `dir` whose bytes contain `needle`. */
function filesHolding(dir: string, needle: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && readFileSync(path.join(e.parentPath, e.name)).includes(needle))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** A small seeded generator, so a failing kill point can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('releases', () => {
  it('never lets `current` point at a release without a complete manifest, even when synth is killed with SIGKILL at seeded random points', async () => {
    const loopDir = tempDir('kill-loop');
    const dataDir = tempDir('kill-data');
    writeTestLoop(loopDir, 40);
    expect((await synth(loopDir, dataDir)).code).toBe(0);
    const random = seeded(20261121);
    let observations = 0;
    for (let point = 0; point < 6; point++) {
      appendToPlan(loopDir, 1 + point, `kill point ${point}`);
      const before = current(dataDir);
      const child = spawn(process.execPath, [path.join(REPO, 'synth/synth-cli.ts'), '--public', '--rebuild-site', '--full', '--loop-dir', loopDir, '--data-dir', dataDir],
        { cwd: REPO, env: { ...process.env, ...KEY, NO_COLOR: '1' }, stdio: 'ignore' });
      const killAt = Date.now() + 100 + Math.floor(random() * 2500);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Watch `current` the whole time, the way the server resolves it per request.
      while (Date.now() < killAt && child.exitCode === null) {
        const id = current(dataDir);
        expect(id === before || readManifest(dataDir, id) !== undefined, `current -> ${id} without a complete manifest`).toBe(true);
        observations += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      child.kill('SIGKILL');
      await exited;
      const after = current(dataDir);
      expect(after === before || readManifest(dataDir, after) !== undefined).toBe(true);
      expect(readManifest(dataDir, after), 'the served release is complete').toBeDefined();
    }
    const recovered = await synth(loopDir, dataDir);
    expect(recovered.code).toBe(0);
    expect(existsSync(path.join(dataDir, 'staging'))).toBe(false);
    const db = openDb(dataDir);
    expect(db.prepare(`SELECT count(*) AS n FROM runs WHERE outcome = 'running'`).get()).toEqual({ n: 0 });
    db.close();
    expect(readFileSync(path.join(dataDir, 'current', 'iterations', '6.html'), 'utf8')).toContain('kill point 5');
    expect(observations).toBeGreaterThan(10);
  });

  it('falls back to the newest complete release at start when `current` has a torn manifest', async () => {
    const { loopDir, dataDir, first: good, second: torn } = await publishTwice('torn', 3, 2);
    const manifest = path.join(dataDir, 'releases', torn, 'MANIFEST');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').slice(0, 200)); // a crash mid-write
    const result = await synth(loopDir, dataDir, ['--dry-run']);
    expect(result.stderr).toContain(`recovered: current pointed at ${torn}, which has no complete manifest: now ${good}`);
    expect(current(dataDir)).toBe(good);
    expect(existsSync(path.join(dataDir, 'releases', torn))).toBe(false);
  });

  it('rolls back instantly, keeps the rollback pinned through a timer publish, and publishes again after unpin', async () => {
    const { loopDir, dataDir, first, second } = await publishTwice('pin', 3, 1);
    expect(second).not.toBe(first);

    const rollback = await runCli('admin/rollback-cli.ts', ['--data-dir', dataDir]);
    expect(rollback.code).toBe(0);
    expect(rollback.stderr).toMatch(new RegExp(`current -> releases/${first} in \\d+(ms|\\.\\d+s) \\(swap only\\); pinned`));
    expect(current(dataDir)).toBe(first);
    appendToPlan(loopDir, 2, 'third release');
    const timer = await synth(loopDir, dataDir, ['--trigger', 'timer']);
    expect(timer.code).toBe(0);
    expect(timer.stderr).toContain(`release ${first} is pinned by a rollback`);
    expect(current(dataDir)).toBe(first);
    const list = await runCli('admin/releases-cli.ts', ['--data-dir', dataDir, '--json']);
    expect(JSON.parse(list.stdout).map((r: { id: string; current: boolean; pinned: boolean }) => [r.id, r.current, r.pinned]))
      .toEqual([[second, false, false], [first, true, true]]);

    expect((await runCli('admin/unpin-cli.ts', ['--data-dir', dataDir])).stderr).toContain(`release ${first} unpinned`);
    expect((await synth(loopDir, dataDir, ['--trigger', 'timer'])).code).toBe(0);
    expect(readFileSync(path.join(dataDir, 'current', 'iterations', '2.html'), 'utf8')).toContain('third release');
    const unknown = await runCli('admin/rollback-cli.ts', ['--data-dir', dataDir, '--to', 'no-such-release']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('JOURNEY_RELEASE_UNKNOWN');
  });

  it('stores a snapshot of site-data.json per publish, with its SHA-256 and its release, served read-only by the server', async () => {
    const { dataDir } = await publishTwice('snap', 2, 1);
    const ids = readdirSync(path.join(dataDir, 'snapshots')).sort();
    expect(ids).toHaveLength(2);
    const [id] = ids;
    expect(readFileSync(path.join(dataDir, 'snapshots', id!, 'release'), 'utf8')).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}\n$/);
    const text = readFileSync(path.join(dataDir, 'snapshots', id!, 'site-data.json'), 'utf8');
    const { createHash } = await import('node:crypto');
    expect(readFileSync(path.join(dataDir, 'snapshots', id!, 'site-data.json.sha256'), 'utf8'))
      .toBe(`${createHash('sha256').update(text).digest('hex')}  site-data.json\n`);
    const server = await serveDataDir(dataDir);
    try {
      const snapshot = await fetchText(server.url, `/snapshots/${id}/site-data.json`);
      expect({ status: snapshot.status, text: snapshot.text }).toEqual({ status: 200, text });
      expect(snapshot.headers.get('cache-control')).toBe('no-cache'); // a takedown may rewrite it
      for (const route of [`/snapshots/${id}/site-data.json.sha256`, `/snapshots/${id}/release`, '/snapshots/', '/snapshots/../journey.db', '/MANIFEST', `/snapshots/${id}/../../journey.db`]) {
        expect((await fetchText(server.url, route)).status, route).toBe(404);
      }
    } finally {
      await server.close();
    }
  });

  it('lists every kept snapshot on /history/ with its checksum, this publish\'s own included, and names it in build.json', async () => {
    const loopDir = tempDir('history-loop');
    const dataDir = tempDir('history-data');
    writeTestLoop(loopDir, 3);
    const env = { ...KEY, JOURNEY_SNAPSHOT_MAX: '2' };
    for (const round of [1, 2, 3]) {
      if (round > 1) appendToPlan(loopDir, 2, `round ${round}`);
      expect((await publishLoop(loopDir, dataDir, { env })).code).toBe(0);
    }
    const kept = readdirSync(path.join(dataDir, 'snapshots')).sort().reverse();
    expect(kept).toHaveLength(2); // retention pruned the first
    const history = readFileSync(path.join(dataDir, 'current', 'history', 'index.html'), 'utf8');
    const rows = [...history.matchAll(/<tr data-snapshot="([^"]+)">.*?<code class="hash">([0-9a-f]{64})<\/code>/gs)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(kept.map((id) => [id, readFileSync(path.join(dataDir, 'snapshots', id, 'site-data.json.sha256'), 'utf8').split(' ')[0]]));
    expect(history).toContain(`href="/snapshots/${kept[0]}/site-data.json"`);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'current', 'build.json'), 'utf8')).snapshot).toBe(kept[0]);
    // Nothing changed: no new release, though the history page would name a new snapshot.
    const again = await publishLoop(loopDir, dataDir, { env });
    expect(again.stderr).toMatch(/nothing changed since release/);
    expect(readdirSync(path.join(dataDir, 'snapshots')).sort().reverse()).toEqual(kept);
  });

  it('takes a value down from the site, every kept release and every snapshot, and reports what it purged', async () => {
    const loopDir = tempDir('take-loop');
    const dataDir = tempDir('take-data');
    writeTestLoop(loopDir, 3);
    const value = 'Quillback-Harbour-Ledger-7781';
    const meta = path.join(iterationFolder(loopDir, 2), 'iteration.json');
    writeFileSync(meta, JSON.stringify({ ...JSON.parse(readFileSync(meta, 'utf8')), title: `Wire up ${value}` })); // in site-data.json too
    appendToPlan(loopDir, 2, `Internal codename ${value} slipped into the plan.`);
    await synth(loopDir, dataDir);
    appendToPlan(loopDir, 3, 'a second release that still carries it');
    await synth(loopDir, dataDir);
    expect(filesHolding(path.join(dataDir, 'releases'), value).length).toBeGreaterThan(2);
    expect(filesHolding(path.join(dataDir, 'snapshots'), value)).toHaveLength(2);
    const secretFile = path.join(tempDir('take-secret'), 'leaked.txt');
    writeFileSync(secretFile, `${value}\n`);
    const result = await runCli('admin/takedown-cli.ts', ['--secret-file', secretFile, '--loop-dir', loopDir, '--data-dir', dataDir], KEY);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/purged: 2 releases deleted \(.+\), 2 snapshots rewritten/);
    expect(result.stderr).toContain('nothing live holds what was taken down');
    expect(result.stderr).not.toContain('still live');
    expect(result.stderr + result.stdout).not.toContain(value);
    for (const dir of ['releases', 'snapshots', 'public']) expect(filesHolding(path.join(dataDir, dir), value), dir).toEqual([]);
    expect(readFileSync(path.join(dataDir, 'current', 'iterations', '2.html'), 'utf8')).toMatch(/\[REDACTED:known-secret#[0-9a-f]{4}\]/);

    const byIteration = await runCli('admin/takedown-cli.ts', ['--iteration', '3', '--loop-dir', loopDir, '--data-dir', dataDir], KEY);
    expect(byIteration.code).toBe(0);
    expect(readFileSync(path.join(dataDir, 'current', 'iterations', '3.html'), 'utf8')).toContain('iteration 3 withheld: taken down by the operator');
    for (const id of readdirSync(path.join(dataDir, 'snapshots'))) {
      const data = JSON.parse(readFileSync(path.join(dataDir, 'snapshots', id, 'site-data.json'), 'utf8'));
      expect(data.iterations.find((it: { number: number }) => it.number === 3).status).toBe('withheld');
    }
    // One label everywhere a reader meets the iteration: its page, the list, the feed, the withheld list.
    const label = 'iteration 3 withheld: taken down by the operator';
    expect(readFileSync(path.join(dataDir, 'current', 'iterations', 'index.html'), 'utf8')).toContain(label);
    expect(readFileSync(path.join(dataDir, 'current', 'feed.xml'), 'utf8')).toContain('Iteration 3 withheld: taken down by the operator');
    const taken = JSON.parse(readFileSync(path.join(dataDir, 'current', 'site-data.json'), 'utf8'));
    expect(taken.iterations.find((it: { number: number }) => it.number === 3).withheld_reason).toBe('taken down by the operator');
    expect(taken.withheld).toContainEqual({ item: 'iteration 3', reason: 'taken down by the operator' });

    // The inverse: restore publishes it again at once, and both are in the audit log.
    const restored = await runCli('admin/restore-cli.ts', ['--iteration', '3', '--loop-dir', loopDir, '--data-dir', dataDir], KEY);
    expect(restored.code).toBe(0);
    expect(restored.stderr).toContain('iteration 3 restored: publishing it again');
    const page = readFileSync(path.join(dataDir, 'current', 'iterations', '3.html'), 'utf8');
    expect(page).not.toContain('withheld: taken down');
    expect(page).toContain('a second release that still carries it');
    const audit = withDb({ dataDir }, (db) => db.prepare("SELECT action, detail FROM audit WHERE action IN ('takedown', 'restore') ORDER BY id").all());
    expect(audit).toEqual([
      expect.objectContaining({ action: 'takedown', detail: expect.stringContaining('values taken down') }),
      { action: 'takedown', detail: 'iteration 3 withheld' },
      { action: 'restore', detail: 'iteration 3 published again' },
    ]);
    const again = await runCli('admin/restore-cli.ts', ['--iteration', '3', '--loop-dir', loopDir, '--data-dir', dataDir], KEY);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('JOURNEY_RESTORE_NOTHING: iteration 3 was not taken down');
    expect(again.stderr).toContain('state: nothing was changed');
  });

  it('re-reads everything live after a takedown: a value the failed republish left in the current release is reported by place and fingerprint, exit 1', async () => {
    const loopDir = tempDir('still-loop');
    const dataDir = tempDir('still-data');
    writeTestLoop(loopDir, 3);
    const value = 'Marlpit-Cormorant-Sextant-4410';
    appendToPlan(loopDir, 2, `Internal codename ${value} slipped into the plan.`);
    await synth(loopDir, dataDir);
    const live = current(dataDir);
    const secretFile = path.join(tempDir('still-secret'), 'leaked.txt');
    writeFileSync(secretFile, `${value}\n`);
    const args = ['--secret-file', secretFile, '--loop-dir', loopDir, '--data-dir', dataDir];
    // The republish fails while it writes the new release: the current one still holds the value.
    const failed = await runCli('admin/takedown-cli.ts', args, { ...KEY, JOURNEY_FAULT: 'build-write:crash' });
    expect(failed.code).toBe(1);
    expect(current(dataDir)).toBe(live);
    expect(failed.stderr + failed.stdout).not.toContain(value);
    expect(failed.stderr).toContain('JOURNEY_TAKEDOWN_INCOMPLETE');
    const fp = /taking down 1 values \(fingerprints ([0-9a-f]{4})\)/.exec(failed.stderr)![1];
    const places = [...failed.stderr.matchAll(/^still live: (\S+):(\d+):(\d+) fingerprint ([0-9a-f]{4})$/gm)];
    expect(places.map((m) => m[1])).toContain(`releases/${live}/iterations/2.html`);
    // public/ was rewritten before the build failed, and every snapshot was purged: only the release is left.
    expect(places.every((m) => m[1]!.startsWith(`releases/${live}/`))).toBe(true);
    // The value itself; any other fingerprint is another written form of it: the search index's words of it in their order.
    expect(places.some((m) => m[4] === fp)).toBe(true);
    for (const m of places.filter((place) => place[4] !== fp)) expect(m[1]).toMatch(/\/search\/words\/\d+\.json$/);
    for (const [, file, line, column] of places.filter((m) => m[1]!.endsWith('/iterations/2.html'))) {
      const text = readFileSync(path.join(dataDir, file!), 'utf8').split('\n')[Number(line) - 1]!;
      expect(text.slice(Number(column) - 1).startsWith(value), `${file}:${line}:${column}`).toBe(true);
    }
    expect(filesHolding(path.join(dataDir, 'snapshots'), value)).toEqual([]);
    expect(filesHolding(path.join(dataDir, 'public'), value)).toEqual([]);

    // Once the republish can go live, the same takedown completes and says so.
    const done = await runCli('admin/takedown-cli.ts', args, KEY);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain('nothing live holds what was taken down');
    expect(filesHolding(path.join(dataDir, 'releases', current(dataDir)), value)).toEqual([]);
  });

  it('takes down a value that holds `$` (a password) and finds it gone from everything live', async () => {
    const loopDir = tempDir('dollar-loop');
    const dataDir = tempDir('dollar-data');
    writeTestLoop(loopDir, 2);
    // A password the rule table lets through: one it catches (`The staging login is P@$$w0rd…`) is never published to take down.
    const value = 'Qx$$Lumen-Sextant-2024';
    appendToPlan(loopDir, 2, `Internal codename ${value} slipped into the plan.`);
    await synth(loopDir, dataDir);
    expect(filesHolding(path.join(dataDir, 'releases', current(dataDir)), value).length, 'the rule table let it through').toBeGreaterThan(0);
    const secretFile = path.join(tempDir('dollar-secret'), 'leaked.txt');
    writeFileSync(secretFile, `${value}\n`);
    const result = await runCli('admin/takedown-cli.ts', ['--secret-file', secretFile, '--loop-dir', loopDir, '--data-dir', dataDir], KEY);
    expect(result.stderr + result.stdout).not.toContain(value);
    // Whatever the takedown says, no file a reader can get may still hold the value.
    const served = readFileSync(path.join(dataDir, 'served-snapshots'), 'utf8').split('\n').slice(1).filter(Boolean).map((line) => line.split(' ')[0]!);
    const live = [path.join(dataDir, 'releases', current(dataDir)), path.join(dataDir, 'public'), ...served.map((id) => path.join(dataDir, 'snapshots', id))];
    expect(live.flatMap((dir) => filesHolding(dir, value).map((file) => path.relative(dataDir, path.join(dir, file))))).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('answers every path with the maintenance page after unpublish, until publish-resume', async () => {
    const loopDir = tempDir('down-loop');
    const dataDir = tempDir('down-data');
    writeTestLoop(loopDir, 1);
    await synth(loopDir, dataDir);
    const server = await serveDataDir(dataDir);
    try {
      expect((await fetchText(server.url, '/')).status).toBe(200);
      expect((await runCli('admin/unpublish-cli.ts', ['--data-dir', dataDir])).code).toBe(0);
      for (const route of ['/', '/iterations/1/', '/site-data.json', '/no-such-page']) {
        const page = await fetchText(server.url, route);
        expect(page.status, route).toBe(503);
        expect(page.text).toContain('Down for maintenance');
      }
      expect((await runCli('admin/publish-resume-cli.ts', ['--data-dir', dataDir])).code).toBe(0);
      expect((await fetchText(server.url, '/iterations/1/')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
