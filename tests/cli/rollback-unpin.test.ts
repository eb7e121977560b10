// rollback and unpin as a new user meets them: nothing to roll back to is a runtime failure with a fix,
// unpin publishes what the pin held back at once, and a mistyped data or loop folder creates nothing.
import { existsSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, runCli, tempDir } from '../../testkit/run-cli.ts';

const current = (dataDir: string) => path.basename(readlinkSync(path.join(dataDir, 'current')));
const plan = (loopDir: string, n: number) => path.join(loopDir, 'iterations', String(n).padStart(4, '0'), 'plan.md');
const appendToPlan = (loopDir: string, n: number, text: string) => writeFileSync(plan(loopDir, n), `${readFileSync(plan(loopDir, n), 'utf8')}\n${text}\n`);
const served = (dataDir: string, n: number) => readFileSync(path.join(dataDir, 'current', 'iterations', `${n}.html`), 'utf8');
const mask = (text: string) => text.replace(/\b\d{8}T\d{6}Z-[0-9a-f]{8}\b/g, '<id>');

describe('npm run rollback with a single release', () => {
  const loopDir = tempDir('single-loop');
  const dataDir = tempDir('single-data');
  beforeAll(async () => {
    writeTestLoop(loopDir, 2);
    expect((await publishLoop(loopDir, dataDir)).code).toBe(0);
  });

  it('is a runtime failure (exit 1) that says why, what to do and what is still served, without the --help hint', async () => {
    const only = current(dataDir);
    const result = await runCli('admin/rollback-cli.ts', ['--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(mask(result.stderr)).toMatchInlineSnapshot(`
      "JOURNEY_NO_EARLIER_RELEASE: there is no earlier release to roll back to: <id> is the only kept release
        fix: Publish again once the loop is fixed (\`npm run synth -- --public --rebuild-site\`), or stop serving the site at once with \`npm run unpublish\`; \`npm run releases\` lists what is kept.
        state: nothing was changed; release <id> is still served
      "
    `);
    expect(current(dataDir)).toBe(only);
  });

  it('npm run synth with a mistyped loop folder names the release still served', async () => {
    const result = await publishLoop(`${loopDir}-typo`, dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`  state: nothing was created or published; the last good release ${current(dataDir)} is still served\n`);
  });

  it('before anything was published says so, and points at the first publish', async () => {
    const empty = tempDir('single-empty');
    const result = await runCli('admin/rollback-cli.ts', ['--data-dir', empty]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('JOURNEY_NO_EARLIER_RELEASE: there is no release to roll back to: nothing has been published yet');
    expect(result.stderr).toContain('  fix: Publish first: `npm run synth -- --public --rebuild-site`.');
  });
});

describe('npm run unpin', () => {
  const loopDir = tempDir('unpin-loop');
  const dataDir = tempDir('unpin-data');
  let first: string;
  let second: string;
  beforeAll(async () => {
    writeTestLoop(loopDir, 3);
    expect((await publishLoop(loopDir, dataDir)).code).toBe(0);
    first = current(dataDir);
    appendToPlan(loopDir, 2, 'second release');
    expect((await publishLoop(loopDir, dataDir)).code).toBe(0);
    second = current(dataDir);
  });

  it('publishes the loop as it is now at once, the publish the pin held back, and says so', async () => {
    expect((await runCli('admin/rollback-cli.ts', ['--data-dir', dataDir])).code).toBe(0);
    expect(current(dataDir)).toBe(first);
    appendToPlan(loopDir, 2, 'written while pinned');
    const result = await runCli('admin/unpin-cli.ts', ['--data-dir', dataDir, '--loop-dir', loopDir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`release ${first} unpinned: publishing the loop as it is now\n`);
    expect(result.stderr).toMatch(/^published release \d{8}T\d{6}Z-[0-9a-f]{8} /m);
    expect([first, second]).not.toContain(current(dataDir));
    expect(served(dataDir, 2)).toContain('written while pinned');
    const list = JSON.parse((await runCli('admin/releases-cli.ts', ['--data-dir', dataDir, '--json'])).stdout) as { pinned: boolean }[];
    expect(list.some((release) => release.pinned)).toBe(false);
  });

  it('with --no-publish only removes the pin, as before: the next publish goes live', async () => {
    expect((await runCli('admin/rollback-cli.ts', ['--data-dir', dataDir])).code).toBe(0);
    const rolledBackTo = current(dataDir);
    const result = await runCli('admin/unpin-cli.ts', ['--data-dir', dataDir, '--loop-dir', loopDir, '--no-publish']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`release ${rolledBackTo} unpinned: the next publish goes live\n`);
    expect(current(dataDir)).toBe(rolledBackTo);
  });

  it('without a loop folder configured removes the pin and says how to publish at once', async () => {
    expect((await runCli('admin/rollback-cli.ts', ['--data-dir', dataDir])).code).toBe(0);
    const rolledBackTo = current(dataDir);
    const result = await runCli('admin/unpin-cli.ts', ['--data-dir', dataDir]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`release ${rolledBackTo} unpinned: the next publish goes live (no loop folder is configured: pass --loop-dir or set JOURNEY_LOOP_DIR to publish at once)\n`);
    expect(current(dataDir)).toBe(rolledBackTo);
    expect((await runCli('admin/unpin-cli.ts', ['--data-dir', dataDir])).stderr).toBe('nothing is pinned: publishes already go live\n');
  });

  it('with a loop folder that does not exist keeps the pin and the release, and says so', async () => {
    appendToPlan(loopDir, 3, 'one more release to roll back from');
    expect((await publishLoop(loopDir, dataDir)).code).toBe(0);
    expect((await runCli('admin/rollback-cli.ts', ['--data-dir', dataDir])).code).toBe(0);
    const rolledBackTo = current(dataDir);
    const result = await runCli('admin/unpin-cli.ts', ['--data-dir', dataDir, '--loop-dir', path.join(loopDir, 'typo')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`  state: nothing was changed; release ${rolledBackTo} is still served and pinned\n`);
    expect(result.stderr).not.toContain('--help');
    const list = JSON.parse((await runCli('admin/releases-cli.ts', ['--data-dir', dataDir, '--json'])).stdout) as { id: string; pinned: boolean }[];
    expect(list.find((release) => release.pinned)?.id).toBe(rolledBackTo);
  });
});

describe('a command that fails its checks', () => {
  it.each([
    ['releases', 'admin/releases-cli.ts'],
    ['rollback', 'admin/rollback-cli.ts'],
    ['unpin', 'admin/unpin-cli.ts'],
  ])('npm run %s with a data folder that does not exist exits 1, names it, and creates nothing', async (_name, entry) => {
    const dataDir = path.join(tempDir('no-data'), 'autosw');
    const result = await runCli(entry, ['--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe([
      `JOURNEY_DATA_DIR_MISSING: the data folder ${dataDir} does not exist`,
      '  fix: Pass the folder journey publishes into with --data-dir or JOURNEY_DATA_DIR (`npm run synth -- --public --rebuild-site` creates it).',
      '  state: nothing was changed or created',
      '',
    ].join('\n'));
    expect(existsSync(dataDir)).toBe(false);
  });

  it('npm run synth with a loop folder that does not exist creates no data folder', async () => {
    const dataDir = path.join(tempDir('no-loop'), 'data');
    const result = await publishLoop(path.join(tempDir('no-loop'), 'loop'), dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('  state: nothing was created or published\n');
    expect(existsSync(dataDir)).toBe(false);
  });
});
