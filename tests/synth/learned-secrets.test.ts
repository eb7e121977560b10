// A secret named in one record is a secret in every other one, and in every later publish: the
// redactor reads one record at a time, so what it learns is kept (<data>/learned-secrets) and every
// page or earlier release that holds the value bare is redacted again or purged.
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { j } from '../../redact/rule.ts';
import { withDb } from '../../state/db.ts';
import { LEARNED_SECRETS_FILE } from '../../synth/write-learned-secrets.ts';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

const folder = (loopDir: string, n: number) => path.join(loopDir, 'iterations', String(n).padStart(4, '0'));

/** Every file under `dir` whose bytes hold `value`, relative to `dir`. */
function filesHolding(dir: string, value: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const file = path.join(at, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (readFileSync(file).includes(value)) found.push(path.relative(dir, file));
    }
  };
  walk(dir);
  return found.sort();
}

describe('a secret named in one record and repeated bare in another', () => {
  it('is redacted in the other iteration, the parity matrix and every kept release, and the earlier publish is purged', async () => {
    const loopDir = tempDir('learn-loop');
    const dataDir = tempDir('learn-data');
    const password = j('Marrow', '-tidal-', '8812');
    writeTestLoop(loopDir, 4);
    appendFileSync(path.join(folder(loopDir, 3), 'log.txt'), `ledger / ${password}\n`);
    const matrix = path.join(loopDir, 'acceptance', 'parity-matrix.yaml');
    writeFileSync(matrix, readFileSync(matrix, 'utf8').replace(/note: .*/, `note: verified with ledger / ${password}`));
    expect((await publishLoop(loopDir, dataDir)).code).toBe(0);
    // Nobody has said yet that it is a password: the first publish shows it (this is what the purge is for).
    expect(filesHolding(path.join(dataDir, 'current'), password)).not.toEqual([]);

    appendFileSync(path.join(folder(loopDir, 4), 'log.txt'), `export PGPASSWORD='${password}'\n`);
    const second = await publishLoop(loopDir, dataDir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/read again: they held a secret named elsewhere/);
    expect(second.stderr).toMatch(/a secret named only now stood in earlier releases: 1 releases deleted/);
    expect(second.stderr + second.stdout).not.toContain(password);
    for (const dir of ['current', 'releases', 'snapshots', 'public']) expect(filesHolding(path.join(dataDir, dir), password), dir).toEqual([]);
    expect(readFileSync(path.join(dataDir, 'current', 'iterations', '3.json'), 'utf8')).toMatch(/ledger \/ \[REDACTED:[\w-]+#[0-9a-f]{4}\]/);
    expect(readFileSync(path.join(dataDir, 'current', 'parity', 'index.html'), 'utf8')).toMatch(/verified with ledger \/ \[REDACTED:/);
    expect(statSync(path.join(dataDir, LEARNED_SECRETS_FILE)).mode & 0o777).toBe(0o600);

    // Learned for good: a later iteration that repeats it bare, with no label anywhere near, is redacted at once.
    appendFileSync(path.join(folder(loopDir, 2), 'plan.md'), `\nUse ${password} for the ledger.\n`);
    const third = await publishLoop(loopDir, dataDir);
    expect(third.code).toBe(0);
    expect(filesHolding(path.join(dataDir, 'current'), password)).toEqual([]);
  }, 180_000);

  it('checks every cached page again when a crash left learned values unchecked', async () => {
    const loopDir = tempDir('learn-crash-loop');
    const dataDir = tempDir('learn-crash-data');
    const password = j('Quill', '-harbor-', '5521');
    writeTestLoop(loopDir, 3);
    appendFileSync(path.join(folder(loopDir, 2), 'log.txt'), `ledger / ${password}\n`);
    expect((await publishLoop(loopDir, dataDir)).code).toBe(0);
    expect(filesHolding(path.join(dataDir, 'current'), password)).toEqual(['iterations/2.html', 'iterations/2.json']);
    const checked = () => withDb({ dataDir }, (db) => Number((db.prepare("SELECT value FROM settings WHERE key = 'learned_values_checked'").get() as { value: string }).value));
    const before = checked();
    // As if a publish learned the value, stored it and died before checking the cached pages.
    appendFileSync(path.join(dataDir, LEARNED_SECRETS_FILE), `${JSON.stringify({ value: password, placeholder: '[REDACTED:credential-assignment#0000]' })}\n`);
    const again = await publishLoop(loopDir, dataDir);
    expect(again.code, again.stderr).toBe(0);
    expect(filesHolding(path.join(dataDir, 'current'), password)).toEqual([]);
    expect(checked()).toBe(before + 1);
  }, 180_000);
});
