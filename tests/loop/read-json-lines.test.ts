// JSON Lines read by a long-lived process: after the first read only what was appended is read; a
// truncated, replaced or rewritten-near-its-end file is read whole; line numbers of problems hold
// across reads; clearing the memory (the worker's full reconcile) makes the next read whole, and a
// reader without a memory (the console, the status command) always reads whole.
import { appendFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonLines, type LinesMemory, type Reader } from '../../loop/read-loop.ts';
import { tempDir } from '../../testkit/run-cli.ts';

const schema = z.object({ iteration: z.number(), verdict: z.string() });
const line = (iteration: number, verdict = 'pass') => `${JSON.stringify({ iteration, verdict })}\n`;

let root = '';
let file = '';
let memory: LinesMemory = new Map();
const read = (withMemory = true) => {
  const reader: Reader = { root, maxBytes: 1024 * 1024, problems: [], ...(withMemory ? { memory } : {}) };
  const values = readJsonLines(reader, 'verdicts.jsonl', schema, 'JOURNEY_VERDICT_INVALID');
  return { values: values.map((v) => `${v.iteration}:${v.verdict}`), problems: reader.problems.map((p) => `${p.file}:${p.line}`) };
};

beforeEach(() => {
  root = realpathSync(tempDir('json-lines'));
  file = path.join(root, 'verdicts.jsonl');
  memory = new Map();
});

describe('readJsonLines in a long-lived process', () => {
  it('reads what was appended, a half-written last line once it is whole, and numbers problems across reads', () => {
    writeFileSync(file, `${line(1)}not json\n${line(2)}{"iteration": 3, "verd`);
    expect(read()).toEqual({ values: ['1:pass', '2:pass'], problems: ['verdicts.jsonl:2'] });
    appendFileSync(file, `ict": "fail"}\n${line(4)}{}\n`);
    expect(read()).toEqual({ values: ['1:pass', '2:pass', '3:fail', '4:pass'], problems: ['verdicts.jsonl:2', 'verdicts.jsonl:6'] });
    expect(read()).toEqual({ values: ['1:pass', '2:pass', '3:fail', '4:pass'], problems: ['verdicts.jsonl:2', 'verdicts.jsonl:6'] });
  });

  it('reads only past where it stopped: an in-place change far above the end is seen once the memory is cleared, or without one', () => {
    const filler = Array.from({ length: 400 }, (_, i) => line(100 + i)).join(''); // more than 4 KiB below line 1
    writeFileSync(file, line(1, 'pass') + filler);
    expect(read().values[0]).toBe('1:pass');
    writeFileSync(file, line(1, 'fail') + filler); // the same length, rewritten in place
    appendFileSync(file, line(999));
    const tail = read();
    expect(tail.values[0]).toBe('1:pass'); // not read again: only the appended line was
    expect(tail.values.at(-1)).toBe('999:pass');
    expect(read(false).values[0]).toBe('1:fail'); // no memory: read whole
    memory.clear();
    expect(read().values[0]).toBe('1:fail');
  });

  it('reads a file whole again when it shrank, was replaced, or changed just above where it stopped', () => {
    writeFileSync(file, line(1) + line(2));
    read();
    writeFileSync(file, line(7));
    expect(read().values).toEqual(['7:pass']); // truncated and rewritten
    const next = path.join(root, 'next.jsonl');
    writeFileSync(next, line(8) + line(9, 'fail'));
    renameSync(next, file);
    expect(read().values).toEqual(['8:pass', '9:fail']); // another file (inode) under the name
    writeFileSync(file, line(8) + line(9, 'pass'));
    appendFileSync(file, line(10));
    expect(read().values).toEqual(['8:pass', '9:pass', '10:pass']); // a change within the last 4 KiB read
  });
});
