// The Codex CLI importer against real rollouts (tests/fixtures/real/codex-cli, codex-sanitized), the
// variants Codex's protocol allows (apply_patch, shell calls, the pre-envelope file), and hostile input.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codexReader } from '../../sources/codex/read-codex.ts';
import type { ImportedRun } from '../../sources/imported-run.ts';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../../sources/source-reader.ts';
import { tempDir } from '../../testkit/run-cli.ts';
import { firstLine } from '../../sources/read-record.ts';

const REAL = path.join(import.meta.dirname, '../fixtures/real');
const SAMPLE = { root: path.join(REAL, 'codex-cli'), file: 'sample_codex_session.jsonl' };
const SANITIZED = { root: path.join(REAL, 'codex-sanitized'), file: 'rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl' };
const CANARY = 'CANARY-9f3b51c2e7';

async function readOne(root: string, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ImportedRun> {
  const runs = await codexReader.read(root, file, limits);
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

/** A rollout written to a fresh folder, one JSON Lines line per entry (strings are written as they are). */
function rollout(lines: Array<string | object>, file = 'rollout-test.jsonl'): { root: string; file: string } {
  const root = tempDir('codex');
  writeFileSync(path.join(root, file), lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return { root, file };
}

const line = (timestamp: string, type: string, payload: object) => ({ timestamp, type, payload });
const item = (ts: string, payload: object) => line(ts, 'response_item', payload);
const META = line('2025-10-01T10:00:00.000Z', 'session_meta', { id: 's1', timestamp: '2025-10-01T10:00:00.000Z', cwd: '/w', originator: 'codex_cli_rs', cli_version: '0.46.0' });
const userText = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('the codex-cli fixture (Codex CLI 0.77.0, one prompt)', () => {
  it('reads one run titled by the prompt the user typed, after the AGENTS.md and environment preambles', async () => {
    const run = await readOne(SAMPLE.root, SAMPLE.file);
    expect(run.key).toBe('sample_codex_session.jsonl');
    expect(run.format).toBe('codex');
    expect(firstLine(run.title)).toBe('can you analyse the MD files in this directory and determine if the info we have is clear enough to start planning the migration?');
    expect(run.task).toBe(run.title);
    expect(run.problems).toEqual([]);
  });

  it('keeps the injected preambles as system steps and the prompt as one user step, not two', async () => {
    const run = await readOne(SAMPLE.root, SAMPLE.file);
    expect(run.steps.map((s) => s.source)).toEqual(['system', 'system', 'user']);
    expect(run.steps[0]!.message).toMatch(/^# AGENTS\.md instructions for /);
    expect(run.steps[1]!.message).toMatch(/^<environment_context>/);
    expect(run.steps[2]).toMatchObject({ timestamp: '2025-12-28T12:21:44.491Z', message: run.task });
  });

  it('takes agent, model, phase and times from session_meta, turn_context and the first and last lines, and invents no tokens', async () => {
    const run = await readOne(SAMPLE.root, SAMPLE.file);
    expect(run.agent).toEqual({ name: 'codex_cli_rs', version: '0.77.0', model: 'gpt-5.2-codex' });
    expect(run.phases).toEqual([{ name: 'gpt-5.2-codex', model: 'gpt-5.2-codex', startedAt: '2025-12-28T12:21:44.492Z', endedAt: '2025-12-28T12:21:52.360Z' }]);
    expect([run.startedAt, run.endedAt]).toEqual(['2025-12-28T12:18:30.533Z', '2025-12-28T12:21:52.360Z']);
    expect(run).not.toHaveProperty('plan');
    expect(run).not.toHaveProperty('diff');
    expect(run).not.toHaveProperty('verdict');
  });
});

describe('the codex-sanitized fixture (Codex Desktop 0.104.0-alpha.1, six model requests)', () => {
  it('reads the typed prompt as the task even where a sanitizer hid the preambles tags', async () => {
    const run = await readOne(SANITIZED.root, SANITIZED.file);
    expect(firstLine(run.title)).toBe('[REDACTED_MESSAGE len=98 sha=c002ff99]');
    // 4 developer messages and 2 untagged preambles no user_message event confirmed, then the prompt.
    expect(run.steps.map((s) => s.source)).toEqual([...Array(6).fill('system'), 'user', ...Array(6).fill('agent')]);
    expect(run.agent).toEqual({ name: 'Codex Desktop', version: '0.104.0-alpha.1', model: 'gpt-5.3-codex' });
    expect(run.problems).toEqual([]);
  });

  it('reads each assistant message once (from its response item, not its agent_message event) with the reasoning before it', async () => {
    const run = await readOne(SANITIZED.root, SANITIZED.file);
    const agents = run.steps.filter((s) => s.source === 'agent');
    expect(agents.map((s) => s.message)).toEqual([
      '[REDACTED_TEXT len=156 sha=2a40230f]', '[REDACTED_TEXT len=133 sha=887f8104]', '[REDACTED_TEXT len=111 sha=ab28dc05]',
      '[REDACTED_TEXT len=136 sha=886b43c3]', '[REDACTED_TEXT len=83 sha=9c1eba3d]', '[REDACTED_TEXT len=647 sha=10502814]',
    ]);
    expect(agents[0]!.reasoning).toBe('[REDACTED_TEXT len=32 sha=beedaecc]');
    expect(run.plan).toBe('[REDACTED_TEXT len=32 sha=beedaecc]');
    expect(agents.every((s) => s.model === 'gpt-5.3-codex')).toBe(true);
  });

  it('puts each function call on its agent step and its output there as an observation with the full size', async () => {
    const run = await readOne(SANITIZED.root, SANITIZED.file);
    const first = run.steps.find((s) => s.source === 'agent')!;
    expect(first.toolCalls).toEqual([{ id: 'call_OIMY41RetdVChp5U51mMLGOD', name: 'mcp__cloud-associates__search_workflows', arguments: '[REDACTED_ARGUMENTS len=46 sha=4cb9a2fc]' }]);
    expect(first.observations).toEqual([{ callId: 'call_OIMY41RetdVChp5U51mMLGOD', content: '[REDACTED_OUTPUT len=4215 sha=9a9d94de]', bytes: 39 }]);
    const calls = run.steps.flatMap((s) => s.toolCalls ?? []);
    expect(calls.map((c) => c.name)).toEqual([
      'mcp__cloud-associates__search_workflows', '[REDACTED_NAME len=43 sha=c186413b]', 'mcp__cloud-associates__execute_workflow',
      'mcp__cloud-associates__execute_workflow', 'mcp__cloud-associates__execute_workflow',
    ]);
    expect(run.steps.flatMap((s) => s.observations ?? []).map((o) => o.callId)).toEqual(calls.map((c) => c.id));
  });

  it('attaches each request usage to the step it follows and counts the repeated token_count events once', async () => {
    const run = await readOne(SANITIZED.root, SANITIZED.file);
    const agents = run.steps.filter((s) => s.source === 'agent');
    expect(agents[0]!.metrics).toEqual({ promptTokens: 42772, completionTokens: 204, cachedTokens: 3456 });
    expect(agents[5]!.metrics).toEqual({ promptTokens: 63441, completionTokens: 286, cachedTokens: 49664 });
    // The last total_token_usage of the file: 12 token_count events, 6 of them repeats.
    expect(run.phases).toEqual([{ name: 'gpt-5.3-codex', model: 'gpt-5.3-codex', startedAt: '2026-02-23T19:34:33.389Z', endedAt: '2026-02-23T19:36:02.635Z', tokensIn: 298373, tokensOut: 1123 }]);
    expect(run.phases[0]).not.toHaveProperty('costUsd');
  });
});

describe('detecting a Codex rollout', () => {
  const mine = (file: string) => /\/codex-(cli|sanitized)\/[^/]+\.jsonl$/.test(file);
  const cases = filesUnder(REAL).filter((f) => !f.endsWith('hazards.json'));

  it.each(cases.map((f) => [path.relative(REAL, f), f]))('says the right thing of %s', (relative, full) => {
    const head = readFileSync(full).subarray(0, 64 * 1024).toString('utf8');
    expect(codexReader.detect(relative, head)).toBe(mine(full) ? 'run' : null);
  });

  it('knows a rollout from a head cut inside its first line, and nothing from a head of another shape', () => {
    const text = readFileSync(path.join(SAMPLE.root, SAMPLE.file), 'utf8');
    expect(codexReader.detect('2025/12/28/rollout-x.jsonl', text.slice(0, 300))).toBe('run');
    expect(codexReader.detect('2025/12/28/rollout-x.json', text.slice(0, 300))).toBe(null);
    expect(codexReader.detect('a.jsonl', '{"type":"session_meta"}\n')).toBe(null);
    expect(codexReader.detect('a.jsonl', '')).toBe(null);
  });

  it('knows the pre-envelope rollout by its bare header and state marker', () => {
    const head = '{"id":"0094c5f9","timestamp":"2025-07-03T18:50:18.595Z","instructions":null}\n{"record_type":"state"}\n';
    expect(codexReader.detect('rollout-2025-07-03.jsonl', head)).toBe('run');
    expect(codexReader.detect('other.jsonl', '{"id":"x","timestamp":"2025-07-03T18:50:18.595Z"}\n{"role":"user"}\n')).toBe(null);
  });
});

describe('variants of the rollout (shaped after codex-rs RolloutItem and ResponseItem)', () => {
  it('builds the diff from the apply_patch calls in order, leaving out the one whose output says it failed', async () => {
    const patch = (file: string) => `*** Begin Patch\n*** Add File: ${file}\n+hello\n*** End Patch`;
    const { root, file } = rollout([
      META, item('2025-10-01T10:00:01.000Z', userText('add the files')),
      item('2025-10-01T10:00:02.000Z', { type: 'custom_tool_call', status: 'completed', call_id: 'c1', name: 'apply_patch', input: patch('a.txt') }),
      item('2025-10-01T10:00:03.000Z', { type: 'custom_tool_call_output', call_id: 'c1', output: '{"output":"Success. Updated the following files:\\nA a.txt\\n","metadata":{"exit_code":0}}' }),
      item('2025-10-01T10:00:04.000Z', { type: 'custom_tool_call', call_id: 'c2', name: 'apply_patch', input: patch('b.txt') }),
      item('2025-10-01T10:00:05.000Z', { type: 'custom_tool_call_output', call_id: 'c2', output: '{"output":"apply_patch verification failed","metadata":{"exit_code":1}}' }),
      item('2025-10-01T10:00:06.000Z', { type: 'function_call', name: 'shell', call_id: 'c3', arguments: JSON.stringify({ command: ['bash', '-lc', `apply_patch <<'EOF'\n${patch('c.txt')}\nEOF`] }) }),
      item('2025-10-01T10:00:07.000Z', { type: 'function_call_output', call_id: 'c3', output: 'Exit code: 0\nOutput:\nSuccess.' }),
      item('2025-10-01T10:00:08.000Z', { type: 'local_shell_call', call_id: 'c4', status: 'completed', action: { type: 'exec', command: ['ls'] } }),
    ]);
    const run = await readOne(root, file);
    expect(run.diff).toBe(`${patch('a.txt')}\n${patch('c.txt')}\n`);
    expect(run.steps.flatMap((s) => s.toolCalls ?? []).map((c) => c.name)).toEqual(['apply_patch', 'apply_patch', 'shell', 'local_shell']);
    expect(run.steps.at(-1)!.toolCalls).toEqual([{ id: 'c4', name: 'local_shell', arguments: '{"type":"exec","command":["ls"]}' }]);
    expect(run.problems).toEqual([]);
  });

  it('reads a pre-envelope rollout: header, state markers and bare items without times', async () => {
    const { root, file } = rollout([
      { id: '0094c5f9', timestamp: '2025-07-03T18:50:18.595Z', instructions: null, git: { branch: 'main' } },
      { record_type: 'state' },
      { type: 'message', id: null, role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n<cwd>/w</cwd>\n</environment_context>' }] },
      { type: 'message', id: null, role: 'user', content: [{ type: 'input_text', text: 'can you tell what this repo is' }] },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Listing files' }], encrypted_content: 'opaque' },
      { type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: 'call_1' },
      { type: 'function_call_output', call_id: 'call_1', output: '{"output":"README.md\\n","metadata":{"exit_code":0}}' },
      { record_type: 'state' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'A small repo.' }] },
    ]);
    const run = await readOne(root, file);
    expect(firstLine(run.title)).toBe('can you tell what this repo is');
    expect(run.steps.map((s) => s.source)).toEqual(['system', 'user', 'agent', 'agent']);
    expect(run.steps[2]).toEqual({
      source: 'agent', reasoning: 'Listing files', toolCalls: [{ id: 'call_1', name: 'shell', arguments: '{"command":["ls"]}' }],
      observations: [{ callId: 'call_1', content: '{"output":"README.md\\n","metadata":{"exit_code":0}}', bytes: 51 }],
    });
    expect(run.plan).toBe('Listing files');
    expect(run.startedAt).toBe('2025-07-03T18:50:18.595Z');
    expect(run).not.toHaveProperty('endedAt');
    expect(run.phases).toEqual([]);
    expect(run.problems).toEqual([]);
  });

  it('reads a user message once whichever of its two copies comes first, and skips the events of injected context', async () => {
    const { root, file } = rollout([
      META,
      line('2025-10-01T10:00:01.000Z', 'event_msg', { type: 'user_message', message: '<user_instructions>be brief</user_instructions>', kind: 'user_instructions' }),
      line('2025-10-01T10:00:02.000Z', 'event_msg', { type: 'user_message', message: 'first', kind: 'plain' }),
      item('2025-10-01T10:00:02.000Z', userText('first')),
      item('2025-10-01T10:00:05.000Z', userText('second')),
      line('2025-10-01T10:00:05.000Z', 'event_msg', { type: 'user_message', message: 'second', images: [] }),
    ]);
    const run = await readOne(root, file);
    expect(run.steps.map((s) => [s.source, s.message])).toEqual([['user', 'first'], ['user', 'second']]);
    expect(run.task).toBe('first');
  });

  it('gives reasoning no answer followed its own step instead of lending it to the next turn', async () => {
    const { root, file } = rollout([
      META, item('2025-10-01T10:00:01.000Z', userText('go')),
      item('2025-10-01T10:00:02.000Z', { type: 'reasoning', summary: [{ type: 'summary_text', text: 'thinking' }] }),
      line('2025-10-01T10:00:03.000Z', 'event_msg', { type: 'turn_aborted', reason: 'interrupted' }),
      item('2025-10-01T10:00:04.000Z', userText('stop')),
      item('2025-10-01T10:00:05.000Z', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] }),
    ]);
    const run = await readOne(root, file);
    expect(run.steps.map((s) => [s.source, s.message ?? s.reasoning])).toEqual([['user', 'go'], ['agent', 'thinking'], ['user', 'stop'], ['agent', 'ok']]);
    expect(run.steps[3]).not.toHaveProperty('reasoning');
  });

  it('keeps at most maxSteps steps and counts the rest in one problem', async () => {
    const run = await readOne(SANITIZED.root, SANITIZED.file, { ...DEFAULT_READ_LIMITS, maxSteps: 4 });
    expect(run.steps).toHaveLength(4);
    expect(run.problems.map((p) => p.message)).toEqual(['holds 13 steps; the 9 after the first 4 are not kept']);
  });

  it('clips long texts at a word and keeps the full size of an observation', async () => {
    const long = `${'word '.repeat(2000)}end`;
    const { root, file } = rollout([
      META, item('2025-10-01T10:00:01.000Z', { type: 'function_call', name: 'shell', call_id: 'c1', arguments: '{}' }),
      item('2025-10-01T10:00:02.000Z', { type: 'function_call_output', call_id: 'c1', output: long }),
    ]);
    const observation = (await readOne(root, file, { ...DEFAULT_READ_LIMITS, clipChars: 100 })).steps[0]!.observations![0]!;
    expect(observation.content).toBe('word '.repeat(20));
    expect(observation.bytes).toBe(long.length);
  });
});

describe('hostile input', () => {
  const good = [META, item('2025-10-01T10:00:01.000Z', userText('the task'))];
  const cases: Array<[string, Array<string | object>, Array<{ line?: number; field?: string }>]> = [
    ['a file cut inside its last line', [...good, '{"timestamp":"2025-10-01T10:00:02.000Z","type":"response_item","payload":{"type":"mess'], [{ line: 3 }]],
    ['a line that is not JSON', [META, `not json ${CANARY}`, good[1]!], [{ line: 2 }]],
    ['a line that is JSON but not an object', [...good, `["${CANARY}"]`], [{ line: 3 }]],
    ['a payload that is not an object', [...good, { timestamp: '2025-10-01T10:00:02.000Z', type: 'response_item', payload: CANARY }], [{ line: 3, field: 'payload' }]],
    ['a type that is not a string', [...good, { timestamp: '2025-10-01T10:00:02.000Z', type: [CANARY], payload: {} }], [{ line: 3, field: 'type' }]],
    ['a timestamp that is not a time', [...good, line(CANARY, 'turn_context', { model: 'm' })], [{ line: 3, field: 'timestamp' }]],
    ['a message role and content of wrong types', [...good, item('2025-10-01T10:00:02.000Z', { type: 'message', role: 7, content: 42 })], [{ line: 3, field: 'payload.role' }, { line: 3, field: 'payload.content' }]],
    ['a function call without a name and with object arguments', [...good, item('2025-10-01T10:00:02.000Z', { type: 'function_call', name: { n: CANARY }, arguments: {} }), item('2025-10-01T10:00:03.000Z', { type: 'function_call', name: 'shell', arguments: { cmd: CANARY } })], [{ line: 3, field: 'payload.name' }, { line: 4, field: 'payload.arguments' }]],
    ['token counts that are not numbers', [...good, line('2025-10-01T10:00:02.000Z', 'event_msg', { type: 'token_count', info: { last_token_usage: { input_tokens: CANARY, output_tokens: 3 } } })], [{ line: 3, field: 'payload.info.last_token_usage.input_tokens' }]],
    ['a model that is not a string', [...good, line('2025-10-01T10:00:02.000Z', 'turn_context', { model: { CANARY } })], [{ line: 3, field: 'payload.model' }]],
    ['an empty file', [], [{}]],
  ];

  it.each(cases)('reads %s without throwing, naming the position and no content', async (_name, lines, expected) => {
    const { root, file } = rollout(lines);
    const run = await readOne(root, file);
    expect(run.problems.map((p) => ({ ...(p.line === undefined ? {} : { line: p.line }), ...(p.field === undefined ? {} : { field: p.field }) }))).toEqual(expected);
    for (const p of run.problems) {
      expect(p).toMatchObject({ code: 'JOURNEY_SOURCE_INVALID', file });
      expect(`${p.message} ${p.field ?? ''} ${p.file}`).not.toContain(CANARY);
    }
    if (lines.length > 0) expect(run.task).toBe('the task');
  });

  it('reads a file over maxBytes as a run with a problem and no steps', async () => {
    const run = await readOne(SANITIZED.root, SANITIZED.file, { ...DEFAULT_READ_LIMITS, maxBytes: 1000 });
    expect(run.steps).toEqual([]);
    expect(run.problems.map((p) => p.message)).toEqual(['is 22660 bytes, over the 1000-byte limit; it is not read']);
  });

  it('echoes no value of a real rollout whose fields a canary broke', async () => {
    const lines = readFileSync(path.join(SANITIZED.root, SANITIZED.file), 'utf8').split('\n');
    const swap = (n: number, edit: (value: { payload: Record<string, unknown> }) => void) => {
      const value = JSON.parse(lines[n - 1]!);
      edit(value);
      lines[n - 1] = JSON.stringify(value);
    };
    swap(17, (v) => { v.payload.arguments = { secret: CANARY }; });
    swap(18, (v) => { (v.payload.info as { last_token_usage: Record<string, unknown> }).last_token_usage.output_tokens = CANARY; });
    swap(25, (v) => { v.payload.content = { text: CANARY }; });
    lines[30] = `{"timestamp":"${CANARY}",`;
    const root = tempDir('codex-canary');
    mkdirSync(path.join(root, '2026/02/23'), { recursive: true });
    const file = `2026/02/23/${SANITIZED.file}`;
    writeFileSync(path.join(root, file), lines.join('\n'));
    const run = await readOne(root, file);
    expect(run.problems.map((p) => [p.line, p.field])).toEqual([[17, 'payload.arguments'], [18, 'payload.info.last_token_usage.output_tokens'], [25, 'payload.content'], [31, undefined]]);
    expect(JSON.stringify(run.problems)).not.toContain(CANARY);
    expect(run.key).toBe(file);
    // The broken message leaves its step the reasoning and the call: six agent steps still.
    expect(run.steps.filter((s) => s.source === 'agent').map((s) => s.toolCalls?.length ?? 0)).toEqual([1, 1, 1, 1, 1, 0]);
  });
});
