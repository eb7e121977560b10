// Whole-JSON records are read with bounded memory: a record far larger than the heap it is read in
// imports, where parsing it whole runs out of memory. Each reader runs alone in a child process with a
// small heap, on a real fixture grown to 60 MB the way the import benchmark grows it.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { GROWN_RECORDS, growRecord } from '../../testkit/grow-record.ts';
import { REPO, tempDir } from '../../testkit/run-cli.ts';

const HEAP_MB = 80;
const RECORD_BYTES = 60e6;
const WHOLE_JSON = GROWN_RECORDS.filter((record) => record.grow === 'list');

function runWithHeap(args: string[]) {
  return spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000, maxBuffer: 1e6 });
}

describe('bounded memory on whole-JSON records', () => {
  const root = tempDir('bounded-memory');
  test.each(WHOLE_JSON.map((record) => [record.format, record] as const))('%s: a 60 MB record imports in an 80 MB heap, where JSON.parse of it fails', (_format, record) => {
    const file = path.join(root, record.format, path.basename(record.file));
    mkdirSync(path.dirname(file), { recursive: true });
    growRecord(path.join(REPO, 'tests', 'fixtures', 'real', record.file), file, record.grow, RECORD_BYTES);
    // The control: the same record parsed whole does not fit, so the heap limit is a real bound.
    const whole = runWithHeap(['-e', `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`]);
    expect(whole.status).not.toBe(0);
    const read = runWithHeap([path.join('bench', 'read-import-process.ts'), record.format, file]);
    expect(read.stderr).toBe('');
    expect(read.status).toBe(0);
    const figures = JSON.parse(read.stdout) as { runs: number; steps: number };
    expect(figures.runs).toBeGreaterThan(0);
    expect(figures.steps).toBeGreaterThan(0);
  }, 180_000);
});
