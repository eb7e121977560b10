// The chunked JSON reader builds what JSON.parse builds, hands a named list's elements over one by one,
// refuses what JSON.parse refuses, and holds bounded memory on a long list.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readRecordJson } from '../../sources/read-record.ts';
import { DROP_LIST, type EachElement, StreamJson } from '../../sources/stream-json.ts';

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s % n;
  };
}

const PIECES = ['a', 'b', '"', '\\', '\n', 'é', '😀', '\u2028', ' ', '{', ']', ',', ':', 'steps', '\u0001'];

function valueOf(r: (n: number) => number, depth: number): unknown {
  const kind = depth > 3 ? r(4) : r(7);
  if (kind === 0) return Array.from({ length: r(6) }, () => PIECES[r(PIECES.length)]).join('');
  if (kind === 1) return [0, -1.5e-3, 1234567890123456, 0.1, -0][r(5)];
  if (kind === 2) return [true, false, null][r(3)];
  if (kind === 3) return 'x'.repeat(r(40));
  if (kind === 4) return Array.from({ length: r(5) }, () => valueOf(r, depth + 1));
  const keys = ['a', 'b', 'steps', 'sa"id', '__proto__'];
  const object: Record<string, unknown> = {};
  for (let k = r(5); k > 0; k--) Object.defineProperty(object, keys[r(keys.length)]!, { value: valueOf(r, depth + 1), enumerable: true, writable: true, configurable: true });
  return object;
}

/** The text pushed in pieces of random sizes. */
function parseInPieces(text: string, each: Record<string, EachElement>, r: (n: number) => number): unknown {
  const parser = new StreamJson(each);
  for (let i = 0; i < text.length;) {
    const size = 1 + r(r(2) === 0 ? 4 : 64);
    parser.push(text.slice(i, i + size));
    i += size;
  }
  return parser.end();
}

describe('StreamJson', () => {
  test('builds what JSON.parse builds, in pieces of any size, and hands each named element over in order', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = random(seed);
      const doc = { steps: Array.from({ length: r(6) }, () => valueOf(r, 1)), a: [{ b: [valueOf(r, 2), valueOf(r, 2)] }, { b: 'not a list' }], rest: valueOf(r, 1) };
      const text = JSON.stringify(doc, null, r(2) === 0 ? 2 : undefined);
      const seen: unknown[] = [];
      const nested: unknown[] = [];
      const result = parseInPieces(text, { steps: (value, index) => seen.push([index, value]), 'a.*.b': (value, index, within) => nested.push([within, index, value]) }, r);
      const expected = JSON.parse(text) as typeof doc;
      expect(seen, `seed ${seed}`).toEqual(expected.steps.map((value, index) => [index, value]));
      expect(nested, `seed ${seed}`).toEqual((expected.a[0]!.b as unknown[]).map((value, index) => [[0], index, value]));
      expect(result, `seed ${seed}`).toEqual({ ...expected, steps: [], a: [{ b: [] }, { b: 'not a list' }] });
    }
  });

  test('scans past a dropped list without building its elements, and builds the rest as JSON.parse does', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = random(seed);
      const doc = { steps: [{ ids: Array.from({ length: r(50) }, () => valueOf(r, 2)), keep: valueOf(r, 2) }], b: valueOf(r, 1) };
      const text = JSON.stringify(doc);
      const seen: unknown[] = [];
      const result = parseInPieces(text, { steps: (value) => seen.push(value), 'steps.*.ids': DROP_LIST }, r);
      const expected = JSON.parse(text) as typeof doc;
      expect(seen, `seed ${seed}`).toEqual([{ ...expected.steps[0], ids: [] }]);
      expect(result, `seed ${seed}`).toEqual({ ...expected, steps: [] });
    }
  });

  test('keeps __proto__ an own key, as JSON.parse does, instead of setting the prototype', () => {
    const parser = new StreamJson({ steps: () => {} });
    parser.push('{"__proto__": {"polluted": true}, "steps": [{"__proto__": 1}]}');
    const doc = parser.end() as Record<string, unknown>;
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.keys(doc)).toEqual(['__proto__', 'steps']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('refuses every text JSON.parse refuses, a damaged document cut or changed anywhere', () => {
    const bad = ['{"steps":[1,]}', '{"steps":[,1]}', '{"steps":[1 2]}', '{"steps":[:1]}', '{"steps":[1,,2]}', '{"steps":[1}', '{"steps":[1]', '{"a":1}}', '[01]', '"\t"', 'nul', '', '{"steps":["\\x"]}', '{"steps":[{"a" 1}]}', '{"steps":[]]}'];
    for (const text of bad) expect(() => parseInPieces(text, { steps: () => {} }, random(7)), text).toThrow(SyntaxError);
    let refused = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const r = random(seed);
      const text = JSON.stringify({ steps: [valueOf(r, 1), valueOf(r, 1)], b: valueOf(r, 1) });
      const at = r(text.length);
      const damaged = [text.slice(0, at), text.slice(0, at) + text.slice(at + 1), text.slice(0, at) + '}],"\\x'[r(6)] + text.slice(at)][r(3)]!;
      let native = true;
      try {
        JSON.parse(damaged);
      } catch {
        native = false;
      }
      let ours = true;
      try {
        parseInPieces(damaged, { steps: () => {}, 'b.*': () => {} }, r);
      } catch (error) {
        expect(error).toBeInstanceOf(SyntaxError);
        ours = false;
      }
      expect(ours, `seed ${seed}: ${JSON.stringify(damaged)}`).toBe(native);
      if (!native) refused += 1;
    }
    expect(refused).toBeGreaterThan(300);
  });

  test('reads a file past a byte-order mark, and a file that is not JSON is a problem naming no content', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stream-json-'));
    writeFileSync(path.join(dir, 'bom.json'), '\ufeff{"steps": [1]}');
    writeFileSync(path.join(dir, 'bad.json'), '{"steps": [{"secret": "CANARY-stream-7f3a"},]}');
    const problems: Parameters<typeof readRecordJson>[3] = [];
    const steps: unknown[] = [];
    expect(await readRecordJson(dir, 'bom.json', 1e6, problems, { steps: (step) => steps.push(step) })).toEqual({ steps: [] });
    expect(steps).toEqual([1]);
    expect(await readRecordJson(dir, 'bad.json', 1e6, problems)).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(JSON.stringify(problems)).not.toContain('CANARY');
  });

  test('holds one element at a time: a 60 MB list of steps is read with far less heap than the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stream-json-'));
    const step = JSON.stringify({ source: 'agent', message: 'word '.repeat(2000), tool_calls: [{ name: 'bash', arguments: { cmd: 'ls\n'.repeat(500) } }] });
    const count = Math.ceil(60e6 / step.length);
    writeFileSync(path.join(dir, 'big.json'), `{"schema_version": "ATIF-v1.5", "steps": [${Array(count).fill(step).join(',')}], "final": 1}`);
    let seen = 0;
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const doc = await readRecordJson(dir, 'big.json', 1e9, [], {
      steps: () => {
        seen += 1;
        if (seen % 500 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
    });
    expect(seen).toBe(count);
    expect(doc).toEqual({ schema_version: 'ATIF-v1.5', steps: [], final: 1 });
    // A whole parse would hold the 60 MB text and the tree built from it at once.
    expect(peak - before).toBeLessThan(40e6);
  });
});
