// The Inspect importer on real eval logs (a JSON log and three .eval archives from inspect_ai's own tests),
// its detection against every other format's fixture, and a hostile-input table for logs and archives.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ImportedRun } from '../../sources/imported-run.ts';
import { inspectReader } from '../../sources/inspect/read-inspect.ts';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../../sources/source-reader.ts';
import { firstLine, readHead as headOf } from '../../sources/read-record.ts';

const REAL = path.join(import.meta.dirname, '..', 'fixtures', 'real');
const FIXTURE = path.join(REAL, 'inspect-eval');
const LOG = '2025-05-12T20-28-26-04-00_security-guide.json';
const CANARY = 'CANARY-9f3b2c7e';

const read = (root: string, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS) => inspectReader.read(root, file, limits);
const problemsOf = (runs: ImportedRun[]) => runs.flatMap((run) => run.problems);
type Json = Record<string, unknown>;
const fixtureLog = () => JSON.parse(readFileSync(path.join(FIXTURE, LOG), 'utf8')) as { eval: unknown; samples: Json[] };
const messagesOf = (sample: Json) => sample['messages'] as Json[];

function tempRoot(): string {
  return mkdtempSync(path.join(tmpdir(), 'journey-inspect-'));
}

function write(root: string, file: string, content: string | Buffer): string {
  writeFileSync(path.join(root, file), content);
  return file;
}

interface FakeEntry {
  name: string;
  data: Buffer;
  method?: number;
  /** The uncompressed size the directory claims (the real one otherwise). */
  size?: number;
  flags?: number;
}

/** A zip archive built by hand, so that each header field can lie the way a hostile archive would. */
function zipOf(entries: FakeEntry[], directoryCount = entries.length): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const body = method === 8 ? deflateRawSync(entry.data) : entry.data;
    const name = Buffer.from(entry.name, 'utf8');
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(entry.flags ?? 0, at);
      header.writeUInt16LE(method, at + 2);
      header.writeUInt32LE(crc32(entry.data), at + 8);
      header.writeUInt32LE(body.length, at + 12);
      header.writeUInt32LE(entry.size ?? entry.data.length, at + 16);
      header.writeUInt16LE(name.length, at + 20);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 6);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    fields(central, 8);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(directoryCount, 8);
  end.writeUInt16LE(directoryCount, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const sampleOf = (id: string | number, extra: Record<string, unknown> = {}) => Buffer.from(JSON.stringify({ id, epoch: 1, input: 'Say yes', messages: [{ role: 'user', content: 'Say yes' }], ...extra }));

describe('the Inspect reader on a real JSON log', () => {
  it('reads one run per sample, keyed by the file and the sample id', async () => {
    const runs = await read(FIXTURE, LOG);
    expect(runs.map((run) => run.key)).toEqual([`${LOG}#1`, `${LOG}#2`, `${LOG}#3`]);
    expect(runs.map((run) => firstLine(run.title))).toEqual(['How do I prevent SQL Injection attacks?', 'How do I prevent sqli?', 'How do I prevent cross site scripting?']);
    expect(problemsOf(runs)).toEqual([]);
  });

  it('turns the system, user and assistant messages into three steps with the model, tokens and time of the turn', async () => {
    const [run] = await read(FIXTURE, LOG);
    expect(run!.steps.map((step) => step.source)).toEqual(['system', 'user', 'agent']);
    expect(run!.steps[0]!.message).toMatch(/^\nYou are a computer security expert/);
    const agent = run!.steps[2]!;
    expect(agent.model).toBe('gpt-4o-mini-2024-07-18');
    expect(agent.message).toBe('Use parameterized queries and prepared statements, sanitize inputs, and employ ORM frameworks.');
    expect(agent.metrics).toEqual({ promptTokens: 61, completionTokens: 17, cachedTokens: 0 });
    expect(agent.timestamp).toBe('2025-05-13T00:28:26.849Z');
    expect(run!.plan).toBe(agent.message);
  });

  it('judges each sample by its scorer: C is a pass, with the explanation as summary', async () => {
    const runs = await read(FIXTURE, LOG);
    expect(runs.map((run) => run.verdict?.verdict)).toEqual(['pass', 'pass', 'pass']);
    expect(runs[0]!.verdict!.judge).toBe('model_graded_fact');
    expect(runs[0]!.verdict!.score).toBeUndefined();
    expect(runs[0]!.verdict!.summary).toMatch(/^To evaluate the submission[\s\S]*GRADE: C$/);
  });

  it('gives each sample a phase per model whose tokens add up to the eval stats, with no cost the log does not record', async () => {
    const runs = await read(FIXTURE, LOG);
    expect(runs[0]!.phases).toEqual([{ name: 'openai/gpt-4o-mini', model: 'openai/gpt-4o-mini', tokensIn: 320, tokensOut: 309 }]);
    expect(runs.reduce((sum, run) => sum + run.phases[0]!.tokensIn!, 0)).toBe(959);
    expect(runs.reduce((sum, run) => sum + run.phases[0]!.tokensOut!, 0)).toBe(1033);
    expect(runs[0]!.agent).toEqual({ name: 'system_message, generate', model: 'openai/gpt-4o-mini' });
  });

  it('times a sample by its own events, not by the eval around it', async () => {
    const [run] = await read(FIXTURE, LOG);
    expect(run!.startedAt).toBe('2025-05-13T00:28:26.845Z');
    expect(run!.endedAt).toBe('2025-05-13T00:28:33.125Z');
    expect(run!.diff).toBeUndefined();
    expect(run!.tests).toBeUndefined();
  });
});

describe('the Inspect reader on real .eval archives', () => {
  it('reads tool calls, and each tool message as the observation of the call it answers', async () => {
    const runs = await read(FIXTURE, 'log_message_deduplication.eval');
    expect(runs.map((run) => run.key)).toEqual(['log_message_deduplication.eval#0']);
    const [run] = runs;
    expect(firstLine(run!.title)).toBe('Guess the number');
    expect(run!.steps.map((step) => step.source)).toEqual(['user', 'agent', 'agent', 'agent', 'agent', 'agent', 'agent']);
    const calls = run!.steps.flatMap((step) => step.toolCalls ?? []);
    expect(calls).toHaveLength(5);
    expect(calls[0]).toEqual({ id: 'hardcoded_0', name: 'bash', arguments: '{"cmd":"ls"}' });
    const observation = run!.steps[1]!.observations![0]!;
    expect(observation.callId).toBe('hardcoded_0');
    expect(observation.content).toMatch(/^bin\nboot\n/);
    expect(observation.bytes).toBe(85);
    expect(run!.steps[6]!.message).toBe('done');
    expect(run!.verdict).toEqual({ verdict: 'fail', score: 0, judge: 'closeness_log' });
    expect(run!.agent).toEqual({ name: 'use_tools, generate', model: 'hardcoded/hardcoded' });
    expect(run!.phases).toEqual([]);
    expect(run!.problems).toEqual([]);
  });

  it('keys every epoch past the first with its number', async () => {
    const runs = await read(FIXTURE, 'log_streaming.eval');
    expect(runs.map((run) => run.key).sort()).toEqual(['log_streaming.eval#1', 'log_streaming.eval#1:2', 'log_streaming.eval#2', 'log_streaming.eval#2:2']);
    const byKey = new Map(runs.map((run) => [run.key, run]));
    expect(byKey.get('log_streaming.eval#1')!.verdict).toEqual({ verdict: 'fail', judge: 'match' });
    expect(byKey.get('log_streaming.eval#1:2')!.verdict).toEqual({ verdict: 'pass', judge: 'match', summary: 'Yes.' });
    expect(byKey.get('log_streaming.eval#1:2')!.phases).toEqual([{ name: 'azureai/Meta-Llama-3-1-405B-Instruct-jqf', model: 'azureai/Meta-Llama-3-1-405B-Instruct-jqf', tokensIn: 66, tokensOut: 2 }]);
    expect(problemsOf(runs)).toEqual([]);
  });

  it('prefers the times the sample records itself and takes the task from its input', async () => {
    const [run] = await read(FIXTURE, 'mmlu-summary-choices.eval');
    expect(run!.startedAt).toBe('2025-12-19T12:37:50.892Z');
    expect(run!.endedAt).toBe('2025-12-19T12:37:52.458Z');
    expect(run!.task).toMatch(/^Positronium is an atom/);
    expect(run!.steps[0]!.message).toMatch(/^Answer the following multiple choice question/);
    expect(run!.verdict).toEqual({ verdict: 'fail', judge: 'choice', summary: 'ANSWER: C' });
    expect(run!.steps[1]!.metrics).toEqual({ promptTokens: 153, completionTokens: 3, cachedTokens: 0 });
  });
});

describe('what the Inspect reader makes of message shapes the fixtures lack', () => {
  it('reads reasoning parts, provider-run tools, attachments and tool errors', async () => {
    const root = tempRoot();
    const log = fixtureLog();
    const sample = log.samples[0]!;
    messagesOf(sample)[0]!['content'] = 'attachment://463777a091c1f1d51bd40c4824a48142';
    messagesOf(sample)[2]!['content'] = [
      { type: 'reasoning', reasoning: 'Parameterized queries first.' },
      { type: 'reasoning', reasoning: 'gAAAA-encrypted', redacted: true },
      { type: 'tool_use', tool_type: 'web_search', id: 'ws_1', name: 'web_search', arguments: '{"q":"sqli"}', result: 'OWASP cheat sheet' },
      { type: 'image', image: 'data:image/png;base64,AAAA' },
      { type: 'text', text: 'Use prepared statements.' },
    ];
    messagesOf(sample)[2]!['tool_calls'] = [{ id: 'call_1', function: 'bash', arguments: { cmd: 'grep -r execute' } }];
    messagesOf(sample).push({ role: 'tool', tool_call_id: 'call_1', function: 'bash', content: '', error: { type: 'timeout', message: 'Command timed out' } });
    messagesOf(sample).push({ role: 'tool', tool_call_id: 'call_unknown', content: 'orphan output' });
    const runs = await read(root, write(root, 'log.json', JSON.stringify(log)));
    const steps = runs[0]!.steps;
    expect(steps[0]!.message).toMatch(/^\nYou are a computer security expert/);
    expect(steps[2]!.reasoning).toBe('Parameterized queries first.');
    expect(steps[2]!.message).toBe('[image]\nUse prepared statements.');
    expect(steps[2]!.toolCalls).toEqual([{ id: 'ws_1', name: 'web_search', arguments: '{"q":"sqli"}' }, { id: 'call_1', name: 'bash', arguments: '{"cmd":"grep -r execute"}' }]);
    expect(steps[2]!.observations).toEqual([
      { callId: 'ws_1', content: 'OWASP cheat sheet', bytes: 17 },
      { callId: 'call_1', content: 'error (timeout): Command timed out', bytes: 34 },
    ]);
    expect(steps[3]).toEqual({ source: 'tool', observations: [{ callId: 'call_unknown', content: 'orphan output', bytes: 13 }] });
    expect(runs[0]!.plan).toBe('Parameterized queries first.');
    expect(problemsOf(runs)).toEqual([]);
  });

  it('maps Inspect score values to verdicts and leaves uninterpretable ones without a verdict', async () => {
    const root = tempRoot();
    const values: Array<[unknown, unknown]> = [['I', { verdict: 'fail' }], ['P', { verdict: 'partial' }], [0.25, { verdict: 'partial', score: 0.25 }], [1, { verdict: 'pass', score: 1 }], [true, { verdict: 'pass' }], [7, undefined], ['B', undefined], [{ a: 1 }, undefined]];
    for (const [value, expected] of values) {
      const log = fixtureLog();
      log.samples = [{ ...log.samples[0]!, scores: { exact: { value } } }];
      const [run] = await read(root, write(root, 'score.json', JSON.stringify(log)));
      expect(run!.verdict === undefined ? undefined : { verdict: run!.verdict.verdict, ...(run!.verdict.score === undefined ? {} : { score: run!.verdict.score }) }, JSON.stringify(value)).toEqual(expected);
    }
  });

  it('says error only for a sample whose log records an error', async () => {
    const root = tempRoot();
    const log = fixtureLog();
    log.samples[0]!['error'] = { message: 'RuntimeError: sandbox died', traceback: '...', traceback_ansi: '...' };
    const runs = await read(root, write(root, 'error.json', JSON.stringify(log)));
    expect(runs[0]!.verdict).toEqual({ verdict: 'error', judge: 'inspect sample error', summary: 'RuntimeError: sandbox died' });
    expect(runs[1]!.verdict!.verdict).toBe('pass');
  });

  it('keeps at most maxSteps steps and clips long texts, with the full size kept', async () => {
    const limits = { ...DEFAULT_READ_LIMITS, maxSteps: 2, clipChars: 40 };
    const [run] = await read(FIXTURE, LOG, limits);
    expect(run!.steps).toHaveLength(2);
    expect(run!.problems).toEqual([expect.objectContaining({ code: 'JOURNEY_SOURCE_INVALID', field: 'samples[0].messages', message: 'makes 3 steps; the 1 past the 2-step limit are not kept' })]);
    expect(run!.steps[0]!.message!.length).toBeLessThanOrEqual(40);
    const [dedup] = await read(FIXTURE, 'log_message_deduplication.eval', { ...DEFAULT_READ_LIMITS, clipChars: 10 });
    expect(dedup!.steps[1]!.observations![0]).toEqual({ callId: 'hardcoded_0', content: 'bin\nboot\n', bytes: 85 });
  });
});

describe('detection', () => {
  const files = readdirSync(REAL, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'SOURCE' && entry.name !== 'hazards.json')
    .map((entry) => path.relative(REAL, path.join(entry.parentPath, entry.name)));

  it('claims the Inspect logs and says null for every other format fixture', () => {
    // detect sees a path relative to the source folder: here, the fixture's own folder.
    const inFolder = (file: string) => file.split(path.sep).slice(1).join('/');
    const claimed = files.filter((file) => inspectReader.detect(inFolder(file), headOf(path.join(REAL, file))) !== null).sort();
    expect(claimed).toEqual(files.filter((file) => file.startsWith('inspect-eval/')).sort());
    expect(claimed).toHaveLength(4);
    for (const file of claimed) expect(inspectReader.detect(inFolder(file), headOf(path.join(REAL, file)))).toBe('run');
  });

  it('says null for a log under another extension and for a zip that Inspect did not write', () => {
    const head = headOf(path.join(FIXTURE, LOG));
    expect(inspectReader.detect('log.jsonl', head)).toBeNull();
    expect(inspectReader.detect('archive.eval', zipOf([{ name: 'word/document.xml', data: Buffer.from('<w/>') }]).toString('utf8'))).toBeNull();
    expect(inspectReader.detect('log.json', head.slice(0, 200))).toBe('run');
  });
});

describe('hostile input', () => {
  const log = readFileSync(path.join(FIXTURE, LOG), 'utf8');
  const archive = readFileSync(path.join(FIXTURE, 'log_streaming.eval'));
  const table: Array<[string, string, string | Buffer, RegExp]> = [
    ['an empty file', 'empty.json', '', /^is not JSON/],
    ['a log cut short', 'cut.json', log.slice(0, log.length / 2), /^is not JSON/],
    ['a non-JSON line before the log', 'line.json', `${CANARY}\n${log}`, /^is not JSON/],
    ['a log that is a list', 'list.json', `[${JSON.stringify(CANARY)}]`, /^is not a JSON object/],
    ['an empty .eval', 'empty.eval', '', /^has no end-of-archive record/],
    ['an archive cut short', 'cut.eval', archive.subarray(0, archive.length / 2), /^has no end-of-archive record/],
    ['an archive whose directory claims more entries than it holds', 'count.eval', zipOf([{ name: 'samples/1_epoch_1.json', data: sampleOf(1) }], 60000), /^has a central directory that breaks off at entry 1/],
  ];

  for (const [what, file, content, message] of table) {
    it(`reports ${what} as one problem naming the file, without throwing`, async () => {
      const root = tempRoot();
      const runs = await read(root, write(root, file, content));
      expect(runs).toHaveLength(1);
      expect(runs[0]!.key).toBe(file);
      expect(runs[0]!.steps).toEqual([]);
      expect(runs[0]!.problems).toEqual([expect.objectContaining({ code: 'JOURNEY_SOURCE_INVALID', file, message: expect.stringMatching(message) })]);
      expect(JSON.stringify(runs[0]!.problems)).not.toContain(CANARY);
    });
  }

  it('reads the rest of an archive when one sample entry is corrupt', async () => {
    const root = tempRoot();
    const broken = Buffer.from(archive);
    // The first local header (samples/2_epoch_2.json at 640): flip bytes inside its deflated data.
    const data = 640 + 30 + broken.readUInt16LE(640 + 26) + broken.readUInt16LE(640 + 28);
    for (let at = data + 20; at < data + 40; at++) broken[at] = broken[at]! ^ 0xff;
    const runs = await read(root, write(root, 'broken.eval', broken));
    expect(runs.map((run) => run.key).sort()).toEqual(['broken.eval#1', 'broken.eval#1:2', 'broken.eval#2']);
    expect(problemsOf(runs)).toEqual([expect.objectContaining({ field: 'samples[0]', message: expect.stringMatching(/^is an archive entry that (does not inflate to its recorded size|fails its CRC check); it is not read$/) })]);
  });

  it('refuses entries that lie about their size, use unknown methods or are encrypted, and reads the others', async () => {
    const root = tempRoot();
    const bomb = Buffer.alloc(1024 * 1024, 0x20);
    const zip = zipOf([
      { name: 'samples/1_epoch_1.json', data: bomb, size: 10 },
      { name: 'samples/2_epoch_1.json', data: bomb, size: 2 ** 31 },
      { name: 'samples/3_epoch_1.json', data: sampleOf(3), method: 12 },
      { name: 'samples/4_epoch_1.json', data: sampleOf(4), flags: 1 },
      { name: `samples/${CANARY}_epoch_1.json`, data: Buffer.from(`{"id": "${CANARY}`) },
      { name: 'samples/6_epoch_1.json', data: sampleOf(6) },
    ]);
    const runs = await read(root, write(root, 'lies.eval', zip), { ...DEFAULT_READ_LIMITS, maxBytes: 1024 * 1024 * 1024 });
    expect(runs.map((run) => run.key)).toEqual(['lies.eval#6']);
    expect(firstLine(runs[0]!.title)).toBe('Say yes');
    expect(runs[0]!.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'samples[0]: is an archive entry that does not inflate to its recorded size; it is not read',
      'samples[1]: is an archive entry that inflates to 2147483648 bytes, over the 1073741824-byte limit; it is not read',
      'samples[2]: is an archive entry that uses compression method 12, which journey does not read; it is not read',
      'samples[3]: is an archive entry that is encrypted; it is not read',
      'samples[4]: is an archive entry that is not JSON; it is not read',
    ]);
    expect(JSON.stringify(runs)).not.toContain(CANARY);
  });

  it('names positions and fields of wrong types, never their values, and reads the rest', async () => {
    const root = tempRoot();
    const bad = fixtureLog();
    bad.eval = CANARY;
    const [first, second, third] = bad.samples as [Json, Json, Json];
    messagesOf(first)[1]!['role'] = CANARY;
    messagesOf(first)[2]!['content'] = { [CANARY]: CANARY };
    messagesOf(first)[2]!['tool_calls'] = [{ function: 7, arguments: CANARY }, CANARY];
    first['model_usage'] = { [CANARY]: CANARY };
    first['scores'] = { [CANARY]: CANARY };
    first['events'] = CANARY;
    second['id'] = [CANARY];
    third['messages'] = CANARY;
    third['input'] = 42;
    third['error'] = CANARY;
    const runs = await read(root, write(root, 'bad.json', JSON.stringify(bad)));
    expect(runs.map((run) => run.key)).toEqual(['bad.json#1', 'bad.json#3']);
    const fields = problemsOf(runs).map((p) => p.field);
    expect(fields).toEqual([
      'eval', 'samples[1].id',
      'samples[0].events', 'samples[0].messages[1].role', 'samples[0].messages[2].content', 'samples[0].messages[2].tool_calls[0].function', 'samples[0].messages[2].tool_calls[1]',
      'samples[0].scores', 'samples[0].model_usage',
      'samples[2].input', 'samples[2].messages', 'samples[2].error',
    ]);
    expect(runs[0]!.steps.map((step) => step.source)).toEqual(['system', 'agent']);
    expect(runs[0]!.agent).toEqual({ name: 'system_message, generate' });
    expect(runs[1]!.verdict).toEqual({ verdict: 'error', judge: 'inspect sample error' });
    const problems = JSON.stringify(problemsOf(runs));
    expect(problems).not.toContain(CANARY);
    expect(problems).not.toContain('SQL');
  });
});
