// Publishing: releases, `current`, nothing-changed runs, and the leak scan gate on built files.
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../state/db.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, runCli, tempDir } from '../../testkit/run-cli.ts';

const synth = (loopDir: string, dataDir: string, extra: string[] = []) => publishLoop(loopDir, dataDir, { extra });

describe('npm run synth', () => {
  it('publishes a release folder, points current at it and logs one line per phase', async () => {
    const loopDir = tempDir('pub-loop');
    const dataDir = tempDir('pub-data');
    const demo = writeTestLoop(loopDir, 3);
    const result = await synth(loopDir, dataDir);
    expect(result.code).toBe(0);
    for (const phase of ['ingest', 'redact', 'verify', 'write', 'bundle', 'build', 'scan', 'swap']) {
      expect(result.stderr).toMatch(new RegExp(`✓ ${phase} .* in \\d`));
    }
    const target = readlinkSync(path.join(dataDir, 'current'));
    expect(target).toMatch(/^releases\/\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    for (const file of ['index.html', 'iterations/index.html', 'iterations/2.html', 'site-data.json', 'iterations/2.json']) {
      expect(existsSync(path.join(dataDir, target, file)), file).toBe(true);
    }
    expect(readFileSync(path.join(dataDir, 'public', 'site-data.json'), 'utf8')).toBe(readFileSync(path.join(dataDir, target, 'site-data.json'), 'utf8'));
    for (const secret of demo.planted) expect(result.stderr + result.stdout).not.toContain(secret.value);

    const again = await synth(loopDir, dataDir);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('nothing changed since release');
    expect(readlinkSync(path.join(dataDir, 'current'))).toBe(target);

    const rebuilt = await synth(loopDir, dataDir, ['--full', '--no-codex-cleanup']);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/✓ build .*\(\d+ files rendered or written, 0 linked/);
    expect(existsSync(path.join(dataDir, 'staging')), 'no staging folder left behind').toBe(false);
    expect(readdirSync(path.join(dataDir, 'releases'))).toHaveLength(2);
  });

  it('refuses to publish when the leak scan finds a match in the built files, and keeps the last release', async () => {
    const loopDir = tempDir('leak-loop');
    const dataDir = tempDir('leak-data');
    writeTestLoop(loopDir, 2);
    expect((await synth(loopDir, dataDir)).code).toBe(0);
    const good = readlinkSync(path.join(dataDir, 'current'));
    // A denylisted phrase that only the site's own template prints: the data is clean, the build is not.
    writeFileSync(path.join(dataDir, 'journey.config.json'), JSON.stringify({ denylist: ['Latest iterations'] }));
    const result = await synth(loopDir, dataDir, ['--rebuild-site']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/leak: index\.html:\d+:\d+ rule denylist fingerprint [0-9a-f]{4}/);
    expect(result.stderr).toContain('JOURNEY_LEAK_SCAN_FAILED');
    expect(result.stderr).toContain(`the last good release ${path.basename(good)} is still served`);
    expect(readlinkSync(path.join(dataDir, 'current'))).toBe(good);
    expect(readdirSync(path.join(dataDir, 'releases'))).toEqual([path.basename(good)]);
  });

  it('shows "waiting for the loop" when the loop folder is still empty', async () => {
    const dataDir = tempDir('empty-data');
    const result = await synth(tempDir('empty-loop'), dataDir);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dataDir, 'current', 'index.html'), 'utf8')).toContain('Waiting for the loop');
  });

  it('publishes two data folders from one checkout at the same time (Astro builds take turns)', async () => {
    const loopDir = tempDir('twin-loop');
    writeTestLoop(loopDir, 2);
    const [a, b] = [tempDir('twin-a'), tempDir('twin-b')];
    const results = await Promise.all([synth(loopDir, a), synth(loopDir, b)]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    for (const dataDir of [a, b]) expect(existsSync(path.join(dataDir, 'current', 'iterations', '1.html'))).toBe(true);
  });

  it('takes over the lease of a synth that died (its run recorded as interrupted), and coalesces while a live one holds it', async () => {
    const loopDir = tempDir('lease-loop');
    const dataDir = tempDir('lease-data');
    writeTestLoop(loopDir, 1);
    const db = openDb(dataDir);
    const fakeRun = (pid: number) => {
      const id = Number(db.prepare(`INSERT INTO runs (trigger, flags, pid, host, started_at, outcome) VALUES ('timer', '', ?, ?, '2026-11-21T00:00:00Z', 'running')`)
        .run(pid, hostname()).lastInsertRowid);
      db.prepare('INSERT OR REPLACE INTO lease (name, owner_pid, host, run_id, started_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run('publish', pid, hostname(), id, '2026-11-21T00:00:00Z', Date.now() + 3_600_000);
      return id;
    };
    const dead = fakeRun(2147483646); // no such process
    const recovered = await synth(loopDir, dataDir);
    expect(recovered.code).toBe(0);
    expect(recovered.stderr).toContain(`recovered: run ${dead} was interrupted`);
    expect(db.prepare('SELECT outcome FROM runs WHERE id = ?').get(dead)).toEqual({ outcome: 'interrupted' });

    fakeRun(process.pid); // this test process is alive: it "holds" the lease
    const coalesced = await synth(loopDir, dataDir, ['--trigger', 'trigger']);
    expect(coalesced.code).toBe(0);
    expect(coalesced.stderr).toContain('another publish is running');
    expect(db.prepare('SELECT count(*) AS n FROM followups').get()).toEqual({ n: 1 });
    expect(db.prepare(`SELECT outcome FROM runs WHERE trigger = 'trigger'`).get()).toEqual({ outcome: 'coalesced' });
    db.close();
  });

  it('exits 1 with a clear message when the loop folder does not exist', async () => {
    const result = await synth('/nonexistent/loop', tempDir('missing-data'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('JOURNEY_LOOP_DIR_MISSING: the loop folder /nonexistent/loop does not exist');
  });
  it('refuses to publish when the data folder\'s file system is fuller than maxDiskUsedPercent, and keeps the last release', async () => {
    const loopDir = tempDir('disk-loop');
    const dataDir = tempDir('disk-data');
    writeTestLoop(loopDir, 2);
    expect((await synth(loopDir, dataDir)).code).toBe(0);
    const served = readlinkSync(path.join(dataDir, 'current'));
    const refused = await runCli('synth/synth-cli.ts', ['--public', '--rebuild-site', '--full', '--loop-dir', loopDir, '--data-dir', dataDir],
      { JOURNEY_MAX_DISK_USED_PERCENT: '1' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/JOURNEY_DISK_FULL: the data folder's file system is [\d.]+% full \(limit 1%\)/);
    expect(refused.stderr).toContain(`the last good release ${path.basename(served)} is still served`);
    expect(readlinkSync(path.join(dataDir, 'current'))).toBe(served);
  });

  it('redacts the narrative command\'s output like any loop text, and skips the command with --no-codex-cleanup', async () => {
    const loopDir = tempDir('story-loop');
    const dataDir = tempDir('story-data');
    writeTestLoop(loopDir, 2);
    const token = `ghp_${'a1B2c3D4e5'.repeat(3)}F6g7H8`; // 36 characters after the prefix, built here, never committed whole
    const script = path.join(tempDir('story-cmd'), 'narrate.sh');
    writeFileSync(script, `printf 'Two iterations in. The writer pasted ${token} into a log.\\n'\n`);
    const narrated = await runCli('synth/synth-cli.ts', ['--public', '--rebuild-site', '--loop-dir', loopDir, '--data-dir', dataDir],
      { JOURNEY_NARRATIVE_COMMAND: `sh ${script}` });
    expect(narrated.code).toBe(0);
    expect(narrated.stderr).toMatch(/✓ narrative /);
    const siteData = () => JSON.parse(readFileSync(path.join(dataDir, 'current', 'site-data.json'), 'utf8')) as { narrative: string | null };
    expect(siteData().narrative).toMatch(/^Two iterations in\. The writer pasted \[REDACTED:github-token#[0-9a-f]{4}\] into a log\.$/);
    expect(readFileSync(path.join(dataDir, 'current', 'index.html'), 'utf8')).not.toContain(token);

    const skipped = await runCli('synth/synth-cli.ts', ['--public', '--rebuild-site', '--no-codex-cleanup', '--loop-dir', loopDir, '--data-dir', dataDir],
      { JOURNEY_NARRATIVE_COMMAND: `sh ${script}` });
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).not.toContain('narrative');
    expect(siteData().narrative).toBeNull();
  });
});
