// The Claude Code importer against real transcripts: a session whose agent started a subagent (kept in
// the session's progress records), a subagent's own transcript, the `<session>/subagents/` layout, and a
// hostile-input table (cut, broken and mistyped records) whose problems name positions and never content.
import { closeSync, cpSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeCodeReader } from '../../sources/claude-code/read-claude-code.ts';
import type { ImportedRun, TraceStep } from '../../sources/imported-run.ts';
import { DEFAULT_READ_LIMITS } from '../../sources/source-reader.ts';
import { tempDir } from '../../testkit/run-cli.ts';
import { firstLine } from '../../sources/read-record.ts';

const REAL = path.resolve('tests/fixtures/real');
const SESSION_DIR = path.join(REAL, 'claude-code');
const AGENT_DIR = path.join(REAL, 'claude-code-sanitized');
const SESSION_LINES = readFileSync(path.join(SESSION_DIR, 'subagent.jsonl'), 'utf8').split('\n').filter((line) => line !== '');
const CANARY = 'CANARY-9f3b2c71d';

const readOne = async (root: string, file: string, limits = DEFAULT_READ_LIMITS): Promise<ImportedRun> => {
  const runs = await claudeCodeReader.read(root, file, limits);
  expect(runs).toHaveLength(1);
  return runs[0]!;
};
const callsOf = (step: TraceStep | undefined) => (step?.toolCalls ?? []).map((call) => call.name);
/** A folder holding one file with the given lines. */
const folderWith = (label: string, file: string, lines: string[]) => {
  const root = tempDir(label);
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  return root;
};
/** The fixture's line `n` (1-based) parsed, changed by `edit`, and written back as JSON. */
// biome-ignore lint/suspicious/noExplicitAny: a test edits a record of any shape, right or wrong
const editedLine = (n: number, edit: (record: any) => void) => {
  const record = JSON.parse(SESSION_LINES[n - 1]!);
  edit(record);
  return JSON.stringify(record);
};

describe('a real Claude Code session whose agent started a subagent', async () => {
  const run = await readOne(SESSION_DIR, 'subagent.jsonl');

  it('is one run keyed by its path, titled by the slash command the person typed with its arguments', () => {
    expect(run.key).toBe('subagent.jsonl');
    expect(run.format).toBe('claude-code');
    expect(run.files).toEqual(['subagent.jsonl']);
    expect(firstLine(run.title)).toBe('/handgemacht:create-beads websearch to learn how to fastest setup credo, dialyzer, mix_audit (basically all supported by https://github.com/bradleygolden/claude-marketplace-elixir)');
    expect(run.task?.endsWith('Maybe there are igniter scripts?')).toBe(true);
    expect(run.problems).toEqual([]);
  });

  it('spans the first to the last timestamp and names Claude Code, its version and the model', () => {
    expect(run.startedAt).toBe('2026-02-10T21:54:15.897Z');
    expect(run.endedAt).toBe('2026-02-10T22:03:51.807Z');
    expect(run.agent).toEqual({ name: 'Claude Code', version: '2.1.38', model: 'claude-opus-4-6' });
  });

  it('makes one agent step of each API message split over several records, and tells the person from Claude Code', () => {
    expect(run.steps).toHaveLength(16);
    expect(run.steps.map((step) => step.source).join(' ')).toBe('user system agent agent agent agent agent agent agent agent system user agent agent agent agent');
    // Lines 6-12 are one message (text, thinking, text, four tool uses); 17-22 another, its last record after a tool result.
    expect(callsOf(run.steps[2])).toEqual(['WebFetch', 'WebSearch', 'WebSearch', 'WebSearch']);
    expect(run.steps[2]!.reasoning).toBe('Let me research the fastest way to set up Credo, Dialyzer, and mix_audit, and check if there are Igniter scripts available.');
    expect(callsOf(run.steps[3])).toEqual(['Glob', 'WebSearch']);
    expect(run.steps[10]).toMatchObject({ source: 'system', message: '[Request interrupted by user]' });
    expect(run.steps[11]).toMatchObject({ source: 'user', message: 'create the beads', timestamp: '2026-02-10T22:01:14.815Z' });
  });

  it('keeps tool arguments as JSON and attaches each result to the step whose call it answers, with its full size', () => {
    const call = run.steps[2]!.toolCalls![0]!;
    expect(call).toMatchObject({ id: 'toolu_01UBumkyGa4vv7EbMVke2AiH', name: 'WebFetch' });
    expect(JSON.parse(call.arguments)).toMatchObject({ url: 'https://github.com/bradleygolden/claude-marketplace-elixir' });
    expect(run.steps[2]!.observations!.map((o) => o.callId).sort()).toEqual(run.steps[2]!.toolCalls!.map((c) => c.id).sort());
    const fetched = run.steps[2]!.observations!.find((o) => o.callId === call.id)!;
    expect(fetched.content.startsWith('# Claude Marketplace for Elixir - Supported Tools')).toBe(true);
    expect(fetched.bytes).toBe(Buffer.byteLength(fetched.content, 'utf8'));
    expect(run.steps.filter((step) => step.source === 'tool')).toEqual([]);
  });

  it('counts a message\'s usage once, with its largest output count, and sums it per model without a cost', () => {
    expect(run.steps[2]!.metrics).toEqual({ promptTokens: 2 + 10245 + 17915, completionTokens: 10, cachedTokens: 17915 });
    expect(run.steps[6]!.metrics?.completionTokens).toBe(472); // lines 31-33: 8, 8, then 472
    expect(run.phases).toEqual([{ name: 'claude-opus-4-6', model: 'claude-opus-4-6', startedAt: '2026-02-10T21:54:55.364Z', endedAt: '2026-02-10T22:03:51.679Z', tokensIn: 454704, tokensOut: 1586 }]);
    expect(JSON.stringify(run)).not.toContain('costUsd');
  });

  it('takes the plan from the first reasoning and the diff from the file the Write created', () => {
    expect(run.plan).toBe(run.steps[2]!.reasoning);
    expect(run.diff?.startsWith('--- /dev/null\n+++ b/plan.md\n@@ -0,0 +1,103 @@\n+# Plan: Setup Code Quality Tools (Credo, Dialyxir, mix_audit)\n')).toBe(true);
    expect(run.diff?.endsWith('+- All changes committed\n')).toBe(true);
  });

  it('reads the subagent from the session\'s progress records as a subrun linked to the Task call\'s result', () => {
    expect(run.subruns?.map((sub) => sub.key)).toEqual(['subagent.jsonl#afb92ff']);
    const sub = run.subruns![0]!;
    const task = run.steps[7]!;
    expect(callsOf(task)).toEqual(['Task']);
    expect(task.observations?.[0]?.subrun).toBe('subagent.jsonl#afb92ff');
    expect(firstLine(sub.title)).toBe('Draft bead content for setting up Credo, Dialyxir, and mix_audit in an Elixir/Phoenix project called Spotter.');
    expect(sub.steps.map((step) => step.source).join(' ')).toBe('user agent agent agent agent agent');
    expect(callsOf(sub.steps[1])).toEqual(['Read', 'Read', 'Bash']);
    expect(sub.agent?.model).toBe('claude-haiku-4-5-20251001');
    expect(sub.phases).toEqual([{ name: 'claude-haiku-4-5-20251001', model: 'claude-haiku-4-5-20251001', startedAt: '2026-02-10T21:58:17.856Z', endedAt: '2026-02-10T21:58:27.120Z', tokensIn: 109652, tokensOut: 7 }]);
    expect(sub.problems).toEqual([]);
  });
});

describe('a real subagent transcript on its own', async () => {
  const run = await readOne(AGENT_DIR, 'agent-a2898e3.jsonl');

  it('is a run of its own: the Task prompt is its task, and its first message the plan since it kept no reasoning', () => {
    expect(run.key).toBe('agent-a2898e3.jsonl');
    expect(firstLine(run.title)).toBe('Very thorough exploration. I need to understand:');
    expect(run.steps).toHaveLength(13);
    expect(callsOf(run.steps[1])).toEqual(Array(9).fill('Read'));
    expect(run.plan).toBe(run.steps[1]!.message);
    expect(run.plan?.startsWith("I'll conduct a thorough exploration")).toBe(true);
    expect(run.agent).toEqual({ name: 'Claude Code', version: '2.1.39', model: 'claude-sonnet-4-5-20250929' });
    expect(run.phases).toEqual([expect.objectContaining({ model: 'claude-sonnet-4-5-20250929', tokensIn: 675466, tokensOut: 136 })]);
    expect(run.diff).toBeUndefined();
    expect(run.subruns).toBeUndefined();
    expect(run.problems).toEqual([]);
  });

  it('clips long results between words and keeps their full size', async () => {
    const clipped = await readOne(AGENT_DIR, 'agent-a2898e3.jsonl', { ...DEFAULT_READ_LIMITS, clipChars: 300 });
    const big = clipped.steps[1]!.observations![0]!;
    expect(big.bytes).toBe(32146);
    expect(big.content.length).toBeLessThanOrEqual(300);
    expect(run.steps[1]!.observations![0]!.content.startsWith(big.content)).toBe(true);
  });
});

describe('the subagents folder of a session', () => {
  const SESSION = '491e126e-1e71-469c-ade2-fcc8af567c74';
  const layout = (agentName: string) => {
    const root = tempDir('claude-layout');
    mkdirSync(path.join(root, 'proj', SESSION, 'subagents'), { recursive: true });
    cpSync(path.join(SESSION_DIR, 'subagent.jsonl'), path.join(root, 'proj', `${SESSION}.jsonl`));
    cpSync(path.join(AGENT_DIR, 'agent-a2898e3.jsonl'), path.join(root, 'proj', SESSION, 'subagents', agentName));
    return root;
  };

  it('reads each subagent file as a subrun beside the one the session kept in its progress records', async () => {
    const run = await readOne(layout('agent-a2898e3.jsonl'), `proj/${SESSION}.jsonl`);
    expect(run.subruns?.map((sub) => sub.key)).toEqual([`proj/${SESSION}.jsonl#afb92ff`, `proj/${SESSION}/subagents/agent-a2898e3.jsonl`]);
    expect(run.subruns![1]!.steps).toHaveLength(13);
    expect(run.steps.some((step) => step.copied)).toBe(false); // every record is of the session the file is named after
  });

  it('prefers the subagent\'s own file to its progress records and links it to the call by the result\'s agentId', async () => {
    // The fixture's subagent file renamed to the id the session's Task result names: the link is by file name.
    const run = await readOne(layout('agent-afb92ff.jsonl'), `proj/${SESSION}.jsonl`);
    const key = `proj/${SESSION}/subagents/agent-afb92ff.jsonl`;
    expect(run.subruns?.map((sub) => sub.key)).toEqual([key]);
    expect(run.steps.flatMap((step) => step.observations ?? []).filter((o) => o.subrun).map((o) => o.subrun)).toEqual([key]);
  });
});

describe('detection', () => {
  const headOf = (full: string) => {
    const fd = openSync(full, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  };
  const files = readdirSync(REAL, { withFileTypes: true }).filter((entry) => entry.isDirectory())
    .flatMap((folder) => (readdirSync(path.join(REAL, folder.name), { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile()).map((entry) => path.relative(REAL, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')));

  it('claims every real Claude Code transcript and no file of another format', () => {
    const mine = files.filter((file) => file.startsWith('claude-code') && file.endsWith('.jsonl'));
    expect(mine).toEqual(['claude-code/subagent.jsonl', 'claude-code-sanitized/agent-a2898e3.jsonl']);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect([file, claudeCodeReader.detect(file, headOf(path.join(REAL, file)))]).toEqual([file, mine.includes(file) ? 'run' : null]);
  });

  it('calls a transcript in a session\'s subagents folder, and its metadata, a part of the session', () => {
    const head = headOf(path.join(AGENT_DIR, 'agent-a2898e3.jsonl'));
    expect(claudeCodeReader.detect('proj/4d5611e5/subagents/agent-a2898e3.jsonl', head)).toBe('part');
    expect(claudeCodeReader.detect('proj/agent-a2898e3.jsonl', head)).toBe('run');
    expect(claudeCodeReader.detect('proj/4d5611e5/subagents/agent-a2898e3.meta.json', '{"agentType":"Explore","toolUseId":"toolu_1"}')).toBe('part');
    expect(claudeCodeReader.detect('proj/4d5611e5/agent-a2898e3.json', head)).toBe(null);
  });

  it('decides from a head cut inside its first record', () => {
    const longFirst = SESSION_LINES.find((line) => line.length > 5000)!;
    expect(claudeCodeReader.detect('s.jsonl', longFirst.slice(0, 4000))).toBe('run');
    expect(claudeCodeReader.detect('s.jsonl', '')).toBe(null);
    expect(claudeCodeReader.detect('s.jsonl', '{"type":"session_meta","payload":{"id":"x"}}\n')).toBe(null);
  });
});

describe('records of older and newer versions', () => {
  const at = (s: number) => `2025-07-01T10:00:${String(s).padStart(2, '0')}.000Z`;
  const base = (uuid: string, parentUuid: string | null, s: number, extra: object) =>
    JSON.stringify({ parentUuid, isSidechain: false, userType: 'external', cwd: '/w', sessionId: 'aaaaaaaa-0000-4000-8000-000000000001', version: '1.0.35', uuid, timestamp: at(s), ...extra });
  const assistant = (id: string, content: unknown[], usage = { input_tokens: 1, output_tokens: 2 }) => ({ type: 'assistant', message: { id, model: 'claude-sonnet-4-20250514', role: 'assistant', content, usage } });
  const result = (id: string, text: string, toolUseResult?: object) => ({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: text }] }, ...(toolUseResult ? { toolUseResult } : {}) });
  // Synthetic, shaped after the real records above and public parsers' test data: an inline sidechain
  // (Claude Code 1.0), an Edit's structuredPatch, a compaction, a prompt queued while the agent worked.
  const lines = [
    base('u1', null, 1, { type: 'user', message: { role: 'user', content: '<command-name>/clear</command-name>\n<command-message>clear</command-message>\n<command-args></command-args>' } }),
    base('u2', 'u1', 2, { type: 'user', message: { role: 'user', content: 'Rename x to y in a.txt' } }),
    base('a1', 'u2', 3, assistant('msg_1', [{ type: 'tool_use', id: 'toolu_task', name: 'Task', input: { description: 'look', prompt: 'Find a.txt' } }])),
    JSON.stringify({ parentUuid: null, isSidechain: true, uuid: 's1', timestamp: at(4), sessionId: 'aaaaaaaa-0000-4000-8000-000000000001', type: 'user', message: { role: 'user', content: 'Find a.txt' } }),
    JSON.stringify({ parentUuid: 's1', isSidechain: true, uuid: 's2', timestamp: at(5), sessionId: 'aaaaaaaa-0000-4000-8000-000000000001', ...assistant('msg_s', [{ type: 'text', text: 'It is at /w/a.txt' }]) }),
    base('r1', 'a1', 6, result('toolu_task', 'It is at /w/a.txt')),
    base('a2', 'r1', 7, assistant('msg_2', [{ type: 'tool_use', id: 'toolu_edit', name: 'Edit', input: { file_path: '/w/a.txt', old_string: 'x', new_string: 'y' } }])),
    base('r2', 'a2', 8, result('toolu_edit', 'ok', { filePath: '/w/a.txt', structuredPatch: [{ oldStart: 3, oldLines: 1, newStart: 3, newLines: 1, lines: ['-x', '+y'] }] })),
    base('c1', null, 9, { type: 'system', subtype: 'compact_boundary', content: 'Conversation compacted', compactMetadata: { trigger: 'auto' } }),
    JSON.stringify({ type: 'attachment', timestamp: at(10), attachment: { type: 'queued_command', prompt: 'and check b.txt too', commandMode: 'prompt' } }),
    base('u3', 'c1', 11, { sessionId: 'bbbbbbbb-0000-4000-8000-000000000002', type: 'user', message: { role: 'user', content: 'older session line' } }),
  ];

  it('reads an inline sidechain as a subrun linked by its prompt, an edit as a hunk, and the harness\'s own lines as system steps', async () => {
    const run = await readOne(folderWith('claude-old', 'aaaaaaaa-0000-4000-8000-000000000001.jsonl', lines), 'aaaaaaaa-0000-4000-8000-000000000001.jsonl');
    expect(run.problems).toEqual([]);
    expect(firstLine(run.title)).toBe('Rename x to y in a.txt'); // `/clear` has no arguments: it asks for nothing
    expect(run.steps.map((step) => `${step.source}:${step.message ?? callsOf(step).join(',')}`)).toEqual([
      'user:/clear', 'user:Rename x to y in a.txt', 'agent:Task', 'agent:Edit', 'system:Conversation compacted', 'user:and check b.txt too', 'user:older session line',
    ]);
    expect(run.subruns?.map((sub) => [sub.key, sub.task, sub.steps.length])).toEqual([['aaaaaaaa-0000-4000-8000-000000000001.jsonl#s1', 'Find a.txt', 2]]);
    expect(run.steps[2]!.observations?.[0]?.subrun).toBe('aaaaaaaa-0000-4000-8000-000000000001.jsonl#s1');
    expect(run.diff).toBe('--- a/a.txt\n+++ b/a.txt\n@@ -3,1 +3,1 @@\n-x\n+y\n');
    expect(run.steps.map((step) => step.copied === true)).toEqual([false, false, false, false, false, false, true]);
  });

  it('keeps at most maxSteps steps and counts the rest in one problem', async () => {
    const run = await readOne(SESSION_DIR, 'subagent.jsonl', { ...DEFAULT_READ_LIMITS, maxSteps: 5 });
    expect(run.steps).toHaveLength(5);
    expect(run.problems.map((p) => p.message)).toEqual(['has 16 steps; the 11 after the first 5 are not kept']);
    expect(run.phases[0]?.tokensOut).toBe(1586); // the tokens of steps not kept still count
  });
});

describe('hostile input', () => {
  const sessionCopy = (edits: Record<number, string>) => SESSION_LINES.map((line, index) => edits[index + 1] ?? line);
  const cases: Array<{ name: string; lines: string[] | string; problems: Array<{ line?: number; field?: string }> }> = [
    { name: 'an empty file', lines: [], problems: [{}] },
    { name: 'a file cut inside its last record', lines: `${SESSION_LINES.slice(0, 6).join('\n')}\n${SESSION_LINES[6]!.slice(0, 300)}`, problems: [{ line: 7 }] },
    { name: 'a line that is not JSON', lines: sessionCopy({ 3: `{"type": "user", "note": "${CANARY}` }), problems: [{ line: 3 }] },
    { name: 'a line that is an array', lines: sessionCopy({ 3: JSON.stringify([CANARY]) }), problems: [{ line: 3 }] },
    { name: 'a type that is a number', lines: sessionCopy({ 4: editedLine(4, (r) => { r.type = 7; r.note = CANARY; }) }), problems: [{ line: 4, field: 'type' }] },
    { name: 'a timestamp that is no time', lines: sessionCopy({ 71: editedLine(71, (r) => { r.timestamp = CANARY; }) }), problems: [{ line: 71, field: 'timestamp' }] },
    { name: 'a message that is a string', lines: sessionCopy({ 71: editedLine(71, (r) => { r.message = CANARY; }) }), problems: [{ line: 71, field: 'message' }] },
    { name: 'content that is a number', lines: sessionCopy({ 71: editedLine(71, (r) => { r.message.content = 42; }) }), problems: [{ line: 71, field: 'message.content' }] },
    { name: 'a tool name that is a number', lines: sessionCopy({ 9: editedLine(9, (r) => { r.message.content[0].name = 5; r.message.content[0].input = { canary: CANARY }; }) }), problems: [{ line: 9, field: 'message.content[0].name' }] },
    { name: 'a token count that is text', lines: sessionCopy({ 6: editedLine(6, (r) => { r.message.usage.output_tokens = CANARY; }) }), problems: [{ line: 6, field: 'message.usage.output_tokens' }] },
    { name: 'a tool result id that is missing', lines: sessionCopy({ 13: editedLine(13, (r) => { delete r.message.content[0].tool_use_id; }) }), problems: [{ line: 13, field: 'message.content[0].tool_use_id' }] },
    { name: 'a tool result whose content is an object', lines: sessionCopy({ 13: editedLine(13, (r) => { r.message.content[0].content = { secret: CANARY }; }) }), problems: [{ line: 13, field: 'message.content[0].content' }] },
    { name: 'a patch hunk of the wrong shape', lines: sessionCopy({ 66: editedLine(66, (r) => { r.toolUseResult.structuredPatch = [{ oldStart: CANARY }]; }) }), problems: [{ line: 66, field: 'toolUseResult.structuredPatch[0]' }] },
    { name: 'a subagent record in a progress record that is a string', lines: sessionCopy({ 38: editedLine(38, (r) => { r.data.message = CANARY; }) }), problems: [{ line: 38, field: 'data.message' }] },
  ];

  for (const { name, lines, problems } of cases) {
    it(`reads ${name} without throwing, naming the position and no content`, async () => {
      const root = tempDir('claude-hostile');
      writeFileSync(path.join(root, 'session.jsonl'), typeof lines === 'string' ? lines : lines.length === 0 ? '' : `${lines.join('\n')}\n`);
      const run = await readOne(root, 'session.jsonl');
      const all = [run, ...(run.subruns ?? [])].flatMap((r) => r.problems);
      expect(all.map((p) => ({ ...(p.line ? { line: p.line } : {}), ...(p.field ? { field: p.field } : {}) }))).toEqual(problems);
      for (const problem of all) expect(problem).toMatchObject({ code: 'JOURNEY_SOURCE_INVALID', file: 'session.jsonl', message: expect.any(String), fix: expect.any(String) });
      expect(JSON.stringify(all)).not.toContain(CANARY);
      expect(JSON.stringify(all)).not.toContain('marco'); // nothing of the record (its paths) either
    });
  }

  it('still reads the rest of a record around a bad field', async () => {
    const root = folderWith('claude-rest', 'session.jsonl', sessionCopy({ 6: editedLine(6, (r) => { r.message.usage.output_tokens = CANARY; }) }));
    const run = await readOne(root, 'session.jsonl');
    expect(run.steps).toHaveLength(16);
    expect(run.steps[2]!.metrics).toEqual({ promptTokens: 28162, completionTokens: 10, cachedTokens: 17915 }); // the other records of the message gave the count
  });
});
