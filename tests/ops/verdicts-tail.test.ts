// The monitor reads the last verdicts from the end of verdicts.jsonl, whatever its length: the cost
// of a check does not grow with the journey, and a cut first line is never taken for a verdict.
import { appendFileSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLoopEnd } from '../../loop/read-loop-file.ts';
import { readLoopHealth } from '../../ops/read-loop-health.ts';
import { tempDir } from '../../testkit/run-cli.ts';

const NOW = new Date('2026-11-21T12:00:00Z');
const verdict = (iteration: number) => `${JSON.stringify({
  iteration, verdict: iteration % 3 === 0 ? 'fail' : 'pass', score: 0.5, judge: 'judge-model', ts: '2026-11-21T10:00:00Z', issues: [], summary: `iteration ${iteration}`,
})}\n`;

describe('the last verdicts', () => {
  it('come from the end of a verdicts.jsonl of 300 MB, which the monitor used to read whole (and refuse past 256 MB)', () => {
    const loop = tempDir('verdicts-tail');
    mkdirSync(path.join(loop, 'iterations'));
    const file = path.join(loop, 'verdicts.jsonl');
    // A sparse head of 300 MB (no disk used), then the last 10,000 verdicts: only the end may be read.
    writeFileSync(file, '');
    truncateSync(file, 300 * 1024 * 1024);
    appendFileSync(file, `\n${Array.from({ length: 10_000 }, (_, i) => verdict(290_001 + i)).join('')}`);
    const health = readLoopHealth(loop, NOW);
    expect(health.lastVerdicts.map((v) => v.iteration)).toEqual([299_996, 299_997, 299_998, 299_999, 300_000]);
    expect(health.problems).toEqual([]);
  });

  it('leave out a line the window cuts, and read a short file whole', () => {
    const loop = tempDir('verdicts-end');
    writeFileSync(path.join(loop, 'short.jsonl'), 'a\nb\n');
    const short = readLoopEnd(loop, 'short.jsonl', 1024);
    expect(short.kind === 'bytes' && short.bytes.toString()).toBe('a\nb\n');
    writeFileSync(path.join(loop, 'long.jsonl'), `${'x'.repeat(100)}\nlast\n`);
    const long = readLoopEnd(loop, 'long.jsonl', 20);
    expect(long.kind === 'bytes' && long.bytes.toString()).toBe('last\n');
    expect(readLoopEnd(loop, 'absent.jsonl', 20).kind).toBe('missing');
  });
});
