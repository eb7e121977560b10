import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate-demo.ts';
import { runCli, tempDir } from '../../testkit/run-cli.ts';
import { TEST_NOW } from '../../testkit/demo-loop.ts';

describe('npm run demo', () => {
  it('writes byte-identical folders for the same seed and --now', async () => {
    const [a, b] = [tempDir('demo-a'), tempDir('demo-b')];
    for (const out of [a, b]) {
      const result = await runCli('demo/demo-cli.ts', ['--iterations', '6', '--out', out, '--seed', 's1', '--now', TEST_NOW.toISOString()]);
      expect(result.code).toBe(0);
    }
    const list = (dir: string) => execFileSync('find', ['.', '-type', 'f', '-exec', 'sha256sum', '{}', '+'], { cwd: dir }).toString().split('\n').sort().join('\n');
    expect(list(a)).toBe(list(b));
    expect(list(a).split('\n').length).toBeGreaterThan(30);
  });

  it('refuses a non-empty --out folder with exit 2', async () => {
    const out = tempDir('demo-full');
    writeFileSync(path.join(out, 'keep.txt'), 'x');
    const result = await runCli('demo/demo-cli.ts', ['--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('JOURNEY_DEMO_OUT_NOT_EMPTY');
    expect(readFileSync(path.join(out, 'keep.txt'), 'utf8')).toBe('x');
  });

  it('writes 15 to 30 KB per iteration, diffs of 50 to 300 lines that apply in sequence, and the newest iteration in progress', () => {
    const demo = generateDemo({ iterations: 10, seed: 'journey', now: TEST_NOW });
    const bytes = [...demo.files.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    expect(bytes / 10).toBeGreaterThan(15_000);
    expect(bytes / 10).toBeLessThan(30_000);
    const repo = tempDir('demo-apply');
    mkdirSync(path.join(repo, 'src'));
    writeFileSync(path.join(repo, 'src', 'index.ts'), "// ledger-ts: double-entry bookkeeping in TypeScript.\nexport * from './money-core.ts';\n\n");
    execFileSync('git', ['init', '-q'], { cwd: repo });
    for (let n = 1; n <= 9; n++) {
      const diff = demo.files.get(`iterations/${String(n).padStart(4, '0')}/diff.patch`)!;
      const lines = diff.split('\n').length;
      expect(lines).toBeGreaterThanOrEqual(50);
      expect(lines).toBeLessThanOrEqual(300);
      writeFileSync(path.join(repo, 'p.patch'), diff);
      execFileSync('git', ['apply', '--check', 'p.patch'], { cwd: repo });
      execFileSync('git', ['apply', 'p.patch'], { cwd: repo });
    }
    const newest = JSON.parse(demo.files.get('iterations/0010/iteration.json')!);
    expect(newest.ended_at).toBeUndefined();
    expect(demo.files.has('iterations/0010/diff.patch')).toBe(false);
  });

  it('plants fake secrets of many kinds in logs, plans, diffs and unknown fields', () => {
    const demo = generateDemo({ iterations: 12, seed: 'journey', now: TEST_NOW });
    expect(new Set(demo.planted.map((p) => p.kind)).size).toBeGreaterThanOrEqual(12);
    const where = (suffix: string) => [...demo.files].filter(([file]) => file.endsWith(suffix)).map(([, text]) => text).join('\n');
    for (const suffix of ['log.txt', 'plan.md', 'diff.patch', 'iteration.json']) {
      expect(demo.planted.some((p) => where(suffix).includes(p.value)), suffix).toBe(true);
    }
    for (const secret of demo.planted) {
      expect([...demo.files.values()].some((text) => text.includes(secret.value)), secret.kind).toBe(true);
    }
  });
});
