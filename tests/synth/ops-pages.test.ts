// The Parity, Health and Reviews pages as published, from the loop's matrix and the data folder's
// monitor samples and meta-judge reviews; the overview's status strip and "what changed".
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTestLoop, writeTestOps } from '../../testkit/demo-loop.ts';
import { publishLoop, tempDir } from '../../testkit/run-cli.ts';
import { formatTime } from '../../site/lib/format.ts';

const env = { JOURNEY_REDACT_KEY: 'ops-pages-test-key-0123456789' };
const page = (dataDir: string, file: string) => readFileSync(path.join(dataDir, 'current', file), 'utf8');
const siteData = (dataDir: string) => JSON.parse(page(dataDir, 'site-data.json'));
/** Every /iterations/<n>/ a page links to. */
const iterationLinks = (html: string) => [...html.matchAll(/href="\/iterations\/(\d+)\/"/g)].map((m) => Number(m[1]));

describe('the parity, health and reviews pages', () => {
  it('show the monitor samples, the reviews and the parity history, linked to the iterations', async () => {
    const loopDir = tempDir('ops-loop');
    const dataDir = tempDir('ops-data');
    writeTestLoop(loopDir, 12);
    writeTestOps(dataDir, 12);
    // A review quoting a secret: the site shows its placeholder, never the value.
    const secret = `ghp_${'Q7kz3Lm9Wx2Pv8Rt5Ys1'}${'Bn4Hd6Jf0Gc2'}Zq9w`; // a GitHub token's shape: ghp_ and 36 characters
    appendFileSync(path.join(dataDir, 'reviews/meta-judge.jsonl'), `${JSON.stringify({
      ts: '2026-11-21T12:00:30Z', reviewer: 'meta-judge', score: 41, summary: `The writer pasted ${secret} into a plan.`,
      findings: [{ severity: 'crit', text: 'A token reached the plan.', iterations: [7] }],
    })}\n`);
    const first = await publishLoop(loopDir, dataDir, { env });
    expect(first.code, first.stderr).toBe(0);

    const health = page(dataDir, 'health/index.html');
    const samples = readFileSync(path.join(dataDir, 'system-state.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const latest = samples.at(-1);
    expect(health).toContain(`Overall <span class="badge state-${latest.overall}">${latest.overall}</span>`);
    expect(health).toMatch(new RegExp(`data-check="vLLM".*${latest.vllm_running} running, ${latest.vllm_waiting} waiting, ${latest.vllm_tokens_per_s} tokens/s`, 's'));
    for (const chart of ['chart-heartbeat', 'chart-vllm', 'chart-tokens', 'chart-gpu']) expect(health).toMatch(new RegExp(`id="${chart}"[^>]*>\\s*<svg[^>]*role="img"`));
    expect(siteData(dataDir).health.series.length).toBe(Math.min(samples.length, 480)); // thinned to at most 480 points

    const reviews = page(dataDir, 'reviews/index.html');
    expect(reviews).toContain('score 41 / 100');
    expect(reviews).toMatch(/\[REDACTED:github-token#[0-9a-f]+\]/);
    expect(JSON.stringify(siteData(dataDir))).not.toContain(secret);
    expect(reviews).toContain('<a href="/iterations/7/">iteration 7</a>');
    for (const n of iterationLinks(reviews)) expect(existsSync(path.join(dataDir, 'current', 'iterations', `${n}.html`)), `iteration ${n}`).toBe(true);
    expect(page(dataDir, 'index.html')).toMatch(/id="meta-judge-score"><a href="\/reviews\/">41 \/ 100<\/a>/);

    const parity = page(dataDir, 'parity/index.html');
    const features = siteData(dataDir).parity.features;
    expect(features.length).toBeGreaterThan(5);
    for (const f of features) expect(parity).toContain(`id="feature-${f.id}"`);
    expect(parity).toMatch(/id="parity-burnup"[^>]*>\s*<svg/);
    for (const n of iterationLinks(parity)) expect(existsSync(path.join(dataDir, 'current', 'iterations', `${n}.html`)), `iteration ${n}`).toBe(true);

    // A red feature turns green in iteration 12: its history grows, the overview says what changed.
    const matrix = path.join(loopDir, 'acceptance/parity-matrix.yaml');
    const red = features.find((f: { state: string }) => f.state === 'red');
    expect(red).toBeDefined();
    writeFileSync(matrix, readFileSync(matrix, 'utf8').replace(new RegExp(`(- id: ${red.id}\\n(?:    .*\\n)*?    state: )red\\n    note: .*\\n`), '$1green\n    iteration: 12\n'));
    const second = await publishLoop(loopDir, dataDir, { env });
    expect(second.code, second.stderr).toBe(0);
    const history = siteData(dataDir).parity.features.find((f: { id: string }) => f.id === red.id).history;
    expect(history.map((h: { state: string; iteration: number }) => [h.state, h.iteration])).toEqual([['red', 12], ['green', 12]]);
    // The move is stamped with iteration 12's own time (not the publish's), and links it.
    const twelve = siteData(dataDir).iterations.find((it: { number: number }) => it.number === 12);
    const movedAt = twelve.ended_at ?? twelve.started_at;
    expect(page(dataDir, 'index.html')).toContain(
      `<li><time datetime="${movedAt}">${formatTime(movedAt)}</time>: <a href="/parity/#feature-${red.id}">${red.name}</a> red → green in <a href="/iterations/12/">iteration 12</a></li>`);
    expect(siteData(dataDir).changes).toMatchObject({
      at: movedAt, iterations: { count: 0 }, verdicts: { count: 0 },
      parity: { count: 1, items: [{ id: red.id, from: 'red', to: 'green', iteration: 12, at: movedAt }] },
    });

    // Nothing new: "what changed" keeps naming the last change, and nothing is published.
    const third = await publishLoop(loopDir, dataDir, { env });
    expect(third.stderr).toMatch(/nothing changed since release/);
  }, 180_000);

  it('withhold a bad monitor line and name the file and line, and say so when there are no samples or reviews', async () => {
    const loopDir = tempDir('ops-bad-loop');
    const dataDir = tempDir('ops-bad-data');
    writeTestLoop(loopDir, 2);
    const empty = await publishLoop(loopDir, dataDir, { env });
    expect(empty.code, empty.stderr).toBe(0);
    expect(page(dataDir, 'health/index.html')).toContain('id="no-samples"');
    expect(page(dataDir, 'reviews/index.html')).toContain('id="no-reviews"');
    expect(page(dataDir, 'index.html')).toMatch(/id="meta-judge-score">—/);

    writeFileSync(path.join(dataDir, 'system-state.jsonl'), [
      JSON.stringify({ ts: '2026-11-21T11:57:00Z', overall: 'OK', heartbeat_age_s: 30 }),
      '{"ts": "2026-11-21T12:00:00Z", "overall": "SUPERB"}',
      '{"ts": "2026-11-21T12:03:00Z", "overa', // a write in progress: skipped quietly
    ].join('\n'));
    const bad = await publishLoop(loopDir, dataDir, { env });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/JOURNEY_SAMPLE_INVALID: <data>\/system-state\.jsonl:2 field "overall": .*fix: /);
    expect(page(dataDir, 'health/index.html')).toContain('Overall <span class="badge state-OK">OK</span>');
    expect(page(dataDir, 'index.html')).toContain('<li>&lt;data&gt;/system-state.jsonl line 2 withheld: invalid input</li>');
  }, 180_000);
});
