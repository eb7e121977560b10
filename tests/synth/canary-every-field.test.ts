// A canary in every string field of every loop and data-folder schema, enumerated from the zod
// schemas themselves (a field added to a schema is planted automatically), and in the names the
// loop chooses (folder and file names, record keys), each in 6 encodings. The canary is a value
// of the operator's secret sources and nothing like a secret in shape: only a field that passed the
// redactor can lose it. Then the real commands run; 0 canaries may be found in the release, public/,
// the snapshots, the monitor's records, the reviews, the refusals kept, or anything a command printed.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { z } from 'zod';
import { CANARY_ENCODINGS } from '../../faults/canary-encodings.ts';
import {
  heartbeatSchema, iterationMetaSchema, paritySchema, stateSchema, subagentSchema, testsSchema, verdictSchema,
} from '../../loop/loop-schemas.ts';
import { monitorSampleSchema, reviewSchema } from '../../contract/ops-schemas.ts';
import { writeTestLoop, writeTestOps } from '../../testkit/demo-loop.ts';
import { publishLoop, runCli, tempDir, type CliResult } from '../../testkit/run-cli.ts';

/** Lower-case letters only: no rule of the first or second detector knows its shape. */
const CANARY = 'zqxvcanarywbkmjtrl';
const FORMS = Object.values(CANARY_ENCODINGS).map((encode) => encode(CANARY));
/** All six forms in one free-text value. */
const ALL_FORMS = FORMS.join(' ');

interface Leaf {
  /** Keys from the document's root; `*` for every element of an array. */
  path: string[];
  /** A free-text string (any value valid) or one the schema constrains (an enum, a timestamp). */
  free: boolean;
}

/** Every string leaf of a zod schema, through objects, arrays, optionals, nullables and defaults. */
function stringLeaves(schema: z.ZodType, at: string[] = []): Leaf[] {
  const def = (schema as unknown as { def: { type: string; [key: string]: unknown } }).def;
  switch (def.type) {
    case 'object': return Object.entries((schema as unknown as z.ZodObject).shape).flatMap(([key, inner]) => stringLeaves(inner as z.ZodType, [...at, key]));
    case 'array': return stringLeaves(def['element'] as z.ZodType, [...at, '*']);
    case 'optional': case 'nullable': case 'default': return stringLeaves(def['innerType'] as z.ZodType, at);
    case 'string': return [{ path: at, free: (def['format'] ?? undefined) === undefined }];
    case 'enum': return [{ path: at, free: false }];
    default: return [];
  }
}

/** Sets every value at `leaf` in `value` (arrays: every element) with `set`. */
function plantAt(value: unknown, leafPath: readonly string[], set: (old: unknown) => unknown): unknown {
  if (leafPath.length === 0) return set(value);
  const [head, ...rest] = leafPath;
  if (head === '*') return Array.isArray(value) ? value.map((inner) => plantAt(inner, rest, set)) : value;
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return { ...record, [head!]: record[head!] === undefined ? record[head!] : plantAt(record[head!], rest, set) };
}

const addFree = (old: unknown) => (typeof old === 'string' ? `${old} ${ALL_FORMS}` : old);
const replaceWithCanary = () => CANARY;
/** An unknown key named by the canary, in every encoding: names are content too. */
const withCanaryKeys = (value: unknown) => (value !== null && typeof value === 'object' && !Array.isArray(value)
  ? { ...value as object, ...Object.fromEntries(FORMS.map((form, index) => [form, `unknown key ${index}`])) } : value);

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as unknown;
const writeJson = (file: string, value: unknown) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** Plants the canary in every free field of `file` (JSON), its keys, and each constrained field of the record at `constrained`. */
function plantJson(file: string, schema: z.ZodType, constrained?: Leaf): void {
  let value = readJson(file);
  for (const leaf of stringLeaves(schema).filter((l) => l.free)) value = plantAt(value, leaf.path, addFree);
  if (constrained) value = plantAt(value, constrained.path, replaceWithCanary);
  writeJson(file, withCanaryKeys(value));
}

function plantJsonLines(file: string, schema: z.ZodType): number {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const constrained = stringLeaves(schema).filter((l) => !l.free);
  const planted = lines.map((line, index) => {
    let value = JSON.parse(line) as unknown;
    for (const leaf of stringLeaves(schema).filter((l) => l.free)) value = plantAt(value, leaf.path, addFree);
    // One constrained field per line: each line that holds one is withheld, and must say so without the value.
    const leaf = constrained[index % (constrained.length + 1)];
    if (leaf) value = plantAt(value, leaf.path, replaceWithCanary);
    return JSON.stringify(withCanaryKeys(value));
  });
  writeFileSync(file, `${planted.join('\n')}\n`);
  return lines.length;
}

/** The loop and data folders, planted everywhere; each constrained field of a per-iteration file in an iteration of its own. */
function plantEverywhere(loopDir: string, dataDir: string): void {
  const iterations = readdirSync(path.join(loopDir, 'iterations')).sort();
  const metaConstrained = stringLeaves(iterationMetaSchema).filter((l) => !l.free);
  const testsConstrained = stringLeaves(testsSchema).filter((l) => !l.free);
  iterations.forEach((folder, index) => {
    const dir = path.join(loopDir, 'iterations', folder);
    // The first iterations stay valid but for their free text; the others each carry one constrained canary.
    const k = index - 2;
    if (existsSync(path.join(dir, 'iteration.json'))) plantJson(path.join(dir, 'iteration.json'), iterationMetaSchema, metaConstrained[k]);
    if (existsSync(path.join(dir, 'tests.json'))) plantJson(path.join(dir, 'tests.json'), testsSchema, testsConstrained[k - metaConstrained.length]);
    for (const name of ['plan.md', 'diff.patch', 'judge.md', 'log.txt']) {
      const file = path.join(dir, name);
      if (existsSync(file)) writeFileSync(file, `${readFileSync(file, 'utf8')}\n${FORMS.map((form) => `note ${form}`).join('\n')}\n`);
    }
  });
  plantJson(path.join(loopDir, 'state.json'), stateSchema);
  plantJson(path.join(loopDir, 'state-heartbeat.json'), heartbeatSchema);
  plantJsonLines(path.join(loopDir, 'verdicts.jsonl'), verdictSchema);
  // The parity matrix is YAML: free fields, keys, and one feature with a constrained canary.
  const parityFile = path.join(loopDir, 'acceptance', 'parity-matrix.yaml');
  let parity = parseYaml(readFileSync(parityFile, 'utf8')) as unknown;
  for (const leaf of stringLeaves(paritySchema).filter((l) => l.free)) parity = plantAt(parity, leaf.path, addFree);
  writeFileSync(parityFile, stringifyYaml(withCanaryKeys(parity)));
  // Subagents: free fields, keys, and the loop's own file names.
  const subagents = path.join(loopDir, 'subagents');
  mkdirSync(subagents, { recursive: true });
  for (const [index, form] of FORMS.entries()) {
    writeJson(path.join(subagents, `agent-${index}.json`), { name: `helper ${ALL_FORMS}`, phase: 'writer', iteration: 1, pid: 4000 + index, started_at: '2026-11-21T10:00:00Z' });
    if (!/[/\\]/.test(form)) renameSync(path.join(subagents, `agent-${index}.json`), path.join(subagents, `${form}.json`));
  }
  for (const file of readdirSync(subagents)) plantJson(path.join(subagents, file), subagentSchema);
  // Names of folders the loop makes: an iteration folder named by the canary, a file beside the known ones.
  mkdirSync(path.join(loopDir, 'iterations', CANARY), { recursive: true });
  writeFileSync(path.join(loopDir, 'iterations', iterations[0]!, `${CANARY}.md`), ALL_FORMS);
  // The data folder's records: monitor samples and meta-judge reviews.
  plantJsonLines(path.join(dataDir, 'system-state.jsonl'), monitorSampleSchema);
  plantJsonLines(path.join(dataDir, 'reviews', 'meta-judge.jsonl'), reviewSchema);
}

/** Every file below `dir`, compressed twins unpacked, as text. */
function textsBelow(dir: string): Array<{ file: string; text: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => {
    const file = path.join(e.parentPath, e.name);
    const bytes = readFileSync(file);
    const unpacked = file.endsWith('.gz') ? gunzipSync(bytes) : file.endsWith('.br') ? brotliDecompressSync(bytes) : bytes;
    return { file, text: unpacked.toString('latin1') };
  });
}

/** What must never appear: each planted form, and the canary's hex in upper case. */
const NEEDLES = [...FORMS, Buffer.from(CANARY).toString('hex').toUpperCase(), CANARY.toUpperCase()];

function hitsIn(where: string, text: string): string[] {
  return NEEDLES.flatMap((needle, index) => (text.includes(needle) ? [`${where}: form ${index}`] : []));
}

describe('a canary in every field of every schema, and in every name', () => {
  it('enumerates the schemas: every string field of the loop and data-folder records is planted', () => {
    const leaves = [stateSchema, heartbeatSchema, iterationMetaSchema, testsSchema, verdictSchema, paritySchema, subagentSchema, monitorSampleSchema, reviewSchema]
      .flatMap((schema) => stringLeaves(schema));
    // The free-text fields a loop writes: goal, title, phase name and model, test name and message, judge,
    // issues, summary, feature id, name and note, subagent name, reviewer, finding text.
    expect(leaves.filter((l) => l.free).length).toBeGreaterThanOrEqual(14);
    expect(leaves.filter((l) => !l.free).length).toBeGreaterThanOrEqual(20);
  });

  it('finds the canary 0 times in the release, public/, snapshots, records and every command\'s output', async () => {
    const root = tempDir('canary-fields');
    const [loopDir, dataDir] = [path.join(root, 'loop'), path.join(root, 'data')];
    const metaCount = stringLeaves(iterationMetaSchema).filter((l) => !l.free).length + stringLeaves(testsSchema).filter((l) => !l.free).length;
    writeTestLoop(loopDir, metaCount + 4);
    writeTestOps(dataDir, metaCount + 4);
    plantEverywhere(loopDir, dataDir);
    const secrets = path.join(root, 'operator.env');
    writeFileSync(secrets, `CANARY_VALUE=${CANARY}\n`);
    const env = { JOURNEY_SECRET_ENV_FILE: secrets, JOURNEY_REDACT_KEY: 'canary-every-field-key', JOURNEY_VLLM_URL: "", JOURNEY_NVIDIA_SMI: "" };
    const outputs: Array<[string, CliResult]> = [];
    const publish = await publishLoop(loopDir, dataDir, { env });
    outputs.push(['synth', publish]);
    expect(publish.code, publish.stderr.slice(-3000)).toBe(3); // published, with the constrained canaries' records withheld
    const base = ['--loop-dir', loopDir, '--data-dir', dataDir];
    for (const [name, entry, args, stdin] of [
      ['monitor', 'ops/monitor-cli.ts', ['--json', '--log'], undefined],
      ['status', 'ops/status-cli.ts', [], undefined],
      ['releases', 'admin/releases-cli.ts', ['--json'], undefined],
      ['scan', 'admin/scan-cli.ts', [path.join(dataDir, 'current')], undefined],
      ['config', 'admin/config-cli.ts', ['--print'], undefined],
      ['redact', 'admin/redact-cli.ts', [], readFileSync(path.join(loopDir, 'state.json'), 'utf8')],
    ] as const) outputs.push([name, await runCli(entry, [...args, ...base], env, 120_000, stdin)]);
    const republish = await publishLoop(loopDir, dataDir, { env });
    outputs.push(['synth again', republish]);
    // A state file whose constrained fields hold the canary: each refused or withheld, never echoed.
    for (const leaf of stringLeaves(stateSchema).filter((l) => !l.free)) {
      const state = path.join(loopDir, 'state.json');
      const before = readFileSync(state, 'utf8');
      writeJson(state, plantAt(JSON.parse(before), leaf.path, replaceWithCanary));
      outputs.push([`synth with state.${leaf.path.join('.')}`, await publishLoop(loopDir, dataDir, { env })]);
      writeFileSync(state, before);
    }
    const hits = [
      ...[path.join(dataDir, 'current'), path.join(dataDir, 'public'), path.join(dataDir, 'snapshots')].flatMap((dir) => textsBelow(dir))
        .flatMap(({ file, text }) => hitsIn(path.relative(dataDir, file), text)),
      ...hitsIn('system-state.jsonl (the monitor\'s new records)', readFileSync(path.join(dataDir, 'system-state.jsonl'), 'utf8').split('\n').slice(-2).join('\n')),
      ...(existsSync(path.join(dataDir, 'leak-findings.json')) ? hitsIn('leak-findings.json', readFileSync(path.join(dataDir, 'leak-findings.json'), 'utf8')) : []),
      ...outputs.flatMap(([name, result]) => [...hitsIn(`${name} stdout`, result.stdout), ...hitsIn(`${name} stderr`, result.stderr)]),
    ];
    expect(hits).toEqual([]);
    // A positive control: the publish happened, and the canary was there to be caught.
    expect(statSync(path.join(dataDir, 'current', 'site-data.json')).size).toBeGreaterThan(1000);
    expect(readFileSync(path.join(dataDir, 'public', 'site-data.json'), 'utf8')).toContain('[REDACTED:known-secret#');
  }, 600_000);
});
