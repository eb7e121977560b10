// An iteration page as published: phases against their budgets, and a flag when the judge's
// verdict and the test results disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTestLoop } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';

describe('an iteration page', () => {
  it('shows phase durations against their budgets and flags a verdict the tests contradict', async () => {
    const loopDir = tempDir('page-loop');
    const dataDir = tempDir('page-data');
    writeTestLoop(loopDir, 3);
    const verdicts = path.join(loopDir, 'verdicts.jsonl');
    const lines = readFileSync(verdicts, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    lines.find((line) => line.iteration === 2).verdict = 'pass'; // while 3 of its tests fail
    writeFileSync(verdicts, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const result = await publishLoop(loopDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'page-test-key-0123456789' } });
    expect(result.code, result.stderr).toBe(0);
    const page = (n: number) => readFileSync(path.join(dataDir, 'current', 'iterations', `${n}.html`), 'utf8');
    const tests = JSON.parse(readFileSync(path.join(loopDir, 'iterations', '0002', 'tests.json'), 'utf8'));
    expect(tests.failed).toBeGreaterThan(0);
    expect(page(2)).toContain('id="disagreement"');
    expect(page(2)).toContain(`The judge passed this iteration, but ${tests.failed} tests failed.`);
    expect(page(1)).not.toContain('id="disagreement"'); // a fail with failing tests agrees
    expect(page(1)).toMatch(/<tr data-phase="writer">.*?<td class="num">15 min 00 s<\/td>/s);
    expect(page(1)).toMatch(/<th class="num">Duration<\/th><th class="num">Budget<\/th>/);
    expect(page(1)).toMatch(/<table id="models">\s*<caption>Tokens and cost per model<\/caption>/);
    // The diff per file, each with its counts and an anchor, listed at the top of the section.
    const diff = readFileSync(path.join(loopDir, 'iterations', '0001', 'diff.patch'), 'utf8');
    const files = diff.split('\n').filter((line) => line.startsWith('diff --git')).length;
    expect(files).toBeGreaterThan(0);
    expect(page(1).match(/<h3 id="diff-\d+" class="diff-file">/g)).toHaveLength(files);
    expect(page(1)).toMatch(/<table id="diff-files">.*href="#diff-1".*<td class="num add">\+\d+<\/td><td class="num del">−\d+<\/td>/s);
    // Code in the diff is coloured by file type.
    expect(page(1)).toMatch(/<pre class="diff">.*<span class="tk-k">(?:export|const|import|function)<\/span>/s);
  }, 120_000);

  it('measures phases against the configured budgets (JOURNEY_PHASE_BUDGETS, the setting the monitor reads), and republishes when they change', async () => {
    const loopDir = tempDir('budget-loop');
    const dataDir = tempDir('budget-data');
    writeTestLoop(loopDir, 2);
    const env = { JOURNEY_REDACT_KEY: 'budget-test-key-0123456789' };
    const phases = () => JSON.parse(readFileSync(path.join(dataDir, 'current', 'iterations', '1.json'), 'utf8')).phases as { name: string; budget_minutes: number | null }[];
    const writerRow = () => /<tr data-phase="writer">.*?<\/tr>/s.exec(readFileSync(path.join(dataDir, 'current', 'iterations', '1.html'), 'utf8'))![0];
    expect((await publishLoop(loopDir, dataDir, { env })).code).toBe(0);
    expect(phases().find((p) => p.name === 'writer')?.budget_minutes).toBe(15); // the default
    expect(writerRow()).not.toContain('over budget'); // the demo's writers take 2 to 6 minutes
    // A tighter budget: the same loop, published again, is measured against it, without --full.
    const tight = await publishLoop(loopDir, dataDir, { env: { ...env, JOURNEY_PHASE_BUDGETS: 'planner=10,writer=1,judge=12' } });
    expect(tight.code, tight.stderr).toBe(0);
    expect(phases().find((p) => p.name === 'writer')?.budget_minutes).toBe(1);
    expect(writerRow()).toContain('over budget');
    expect(writerRow()).toContain('<td class="num">1 min 00 s</td>');
    // A phase the setting does not name has no budget, and no badge.
    const untimed = await publishLoop(loopDir, dataDir, { env: { ...env, JOURNEY_PHASE_BUDGETS: 'planner=10' } });
    expect(untimed.code, untimed.stderr).toBe(0);
    expect(phases().find((p) => p.name === 'writer')?.budget_minutes).toBeNull();
    expect(writerRow()).toContain('<td class="num">—</td>');
  }, 180_000);

  it('folds a long log and says how many earlier lines were withheld for size', async () => {
    const loopDir = tempDir('log-loop');
    const dataDir = tempDir('log-data');
    writeTestLoop(loopDir, 2);
    writeFileSync(path.join(loopDir, 'iterations', '0001', 'log.txt'), Array.from({ length: 3000 }, (_, i) => `step ${i + 1} ok`).join('\n'));
    const result = await publishLoop(loopDir, dataDir, { env: { JOURNEY_REDACT_KEY: 'page-test-key-0123456789' } });
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(path.join(dataDir, 'current', 'iterations', '1.html'), 'utf8');
    expect(html).toContain('<p class="notice" id="log-withheld">1000 lines withheld for size');
    expect(html).toMatch(/<details class="log-fold">\s*<summary>1840 more lines \(41 to 1880\) folded: show them<\/summary>/);
    expect(html).toContain('step 1001 ok'); // the first line kept
    expect(html).toContain('step 3000 ok');
  }, 120_000);
});
