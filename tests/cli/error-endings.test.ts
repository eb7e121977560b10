// How each kind of failure ends, snapshotted (STYLE rules 16 and 19): a usage error with the --help
// hint, a refused publish with its fix and the state it left, a withheld item with its `withheld:` line.
// Only the stable lines are kept: durations, temp paths, release ids and fingerprints are masked.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishLoop, runCli, tempDir } from '../../testkit/run-cli.ts';

/** The demo loop a new user writes first: `npm run demo -- --out DIR --iterations 3` (a fixed clock: the same files every run). */
async function writeDemoLoop(label: string): Promise<string> {
  const loopDir = path.join(tempDir(label), 'loop');
  const demo = await runCli('demo/demo-cli.ts', ['--out', loopDir, '--iterations', '3', '--now', '2026-11-21T12:00:00Z']);
  expect(demo.code, demo.stderr).toBe(0);
  return loopDir;
}

function mask(text: string, dirs: Record<string, string>): string {
  let masked = text;
  for (const [name, dir] of Object.entries(dirs)) masked = masked.replaceAll(dir, `<${name}>`);
  return masked
    .replace(/\b\d{8}T\d{6}Z(?:-[0-9a-f]{8})?\b/g, '<id>')
    .replace(/fingerprint [0-9a-f]{4,}/g, 'fingerprint <fp>')
    .replace(/ in \d+(?:\.\d+)?m?s\b/g, ' in <t>');
}

describe('how a failed command ends', () => {
  let loopDir: string;
  beforeAll(async () => {
    loopDir = await writeDemoLoop('endings');
  });

  it('a usage error exits 2 with a did-you-mean and the --help hint, and no fix or state', async () => {
    const result = await runCli('synth/synth-cli.ts', ['--pubic', '--rebuild-site', '--loop-dir', loopDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "JOURNEY_USAGE: unknown option --pubic; did you mean --public?
      Run \`npm run synth -- --help\` for usage.
      "
    `);
  });

  it('a publish the leak scan refuses exits 1 and ends with its fix and the state it left, never with the --help hint', async () => {
    const dataDir = tempDir('endings-refused');
    // The redactor switched off (a fault point): the planted secrets reach the built pages, and the scan stops them.
    const result = await publishLoop(loopDir, dataDir, { env: { JOURNEY_FAULT: 'redact:off' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ {2}leak: iterations\/\d+\.html:\d+:\d+ rule [\w:-]+ fingerprint [0-9a-f]{4}/m);
    expect(result.stderr).not.toContain('--help');
    // How many matches depends on the pages and the rules of the day; the wording and the ending do not.
    const ending = mask(result.stderr.slice(result.stderr.indexOf('JOURNEY_')), { data: dataDir }).replace(/found \d+ matches/, 'found <n> matches');
    expect(ending).toMatchInlineSnapshot(`
      "JOURNEY_LEAK_SCAN_FAILED: the leak scan found <n> matches in the built site
        fix: Each line above (and <data>/leak-findings.json) names file, line, rule and fingerprint; add the missing redaction or fix the page that printed it.
        state: nothing was published yet
      "
    `);
  });

  it('an item that cannot be published is withheld: exit 3, a `withheld:` line with its file, field and fix, the rest published', async () => {
    const dataDir = tempDir('endings-withheld');
    const loop = await writeDemoLoop('endings-withheld-loop');
    const file = path.join(loop, 'iterations', '0002', 'iteration.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), title: 42 }, null, 2));
    const result = await publishLoop(loop, dataDir);
    expect(result.code).toBe(3);
    expect(result.stderr).not.toContain('--help');
    expect(result.stderr).toMatch(/^published release \d{8}T\d{6}Z-[0-9a-f]{8} /m);
    const stable = mask(result.stderr, { data: dataDir, loop }).split('\n').filter((line) => line.includes('withheld')).join('\n');
    expect(stable).toMatchInlineSnapshot(`
      "  withheld: JOURNEY_ITERATION_INVALID: iterations/0002/iteration.json:3 field "title": Invalid input: expected string, received number; left out, the rest is published. fix: Fix the loop's writer; the item is published on the next run after that.
      1 item withheld (listed above); the rest is published."
    `);
  });
});
