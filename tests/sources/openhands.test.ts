// The OpenHands importer on real records: an evaluation output.jsonl (one run per instance), v0 event
// lists (OpenHands' own replay trajectories), a session's events/ folder; detection against every other
// format's real files; hostile input that must give problems naming positions, never content.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportedRun } from '../../sources/imported-run.ts';
import { openhandsReader } from '../../sources/openhands/read-openhands.ts';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../../sources/source-reader.ts';
import { firstLine, readHead as head } from '../../sources/read-record.ts';
import { folderWith } from '../../testkit/source-folder.ts';

const REAL = path.join(import.meta.dirname, '..', 'fixtures', 'real');
const EVAL_DIR = path.join(REAL, 'openhands-multi-swe-bench');
const EVENTS_DIR = path.join(REAL, 'openhands-events');
const OURS = new Set(['openhands-multi-swe-bench', 'openhands-events']);
const CANARY = 'CANARY-9f3b2c7e41d8';

const read = (root: string, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS) => openhandsReader.read(root, file, limits);
const only = async (root: string, file: string, limits?: ReadLimits): Promise<ImportedRun> => {
  const runs = await read(root, file, limits);
  expect(runs).toHaveLength(1);
  return runs[0]!;
};
const evalLine = () => readFileSync(path.join(EVAL_DIR, 'output.jsonl'), 'utf8').trimEnd();
const guiEvents = () => JSON.parse(readFileSync(path.join(EVENTS_DIR, 'basic_gui_mode.json'), 'utf8')) as Array<Record<string, unknown>>;


describe('an OpenHands evaluation output.jsonl', () => {
  it('reads the Multi-SWE-bench instance as one run keyed by its instance id, with its issue as title and its patch as diff', async () => {
    const run = await only(EVAL_DIR, 'output.jsonl');
    expect(run.key).toBe('output.jsonl#ponylang__ponyc-4595');
    expect(run.format).toBe('openhands');
    expect(run.files).toEqual(['output.jsonl']);
    expect(firstLine(run.title)).toBe('ponyc segfaults when trying to match using a single element tuple form');
    expect(run.task?.startsWith('<uploaded_files>\n/workspace/ponylang__ponyc__0.1\n')).toBe(true);
    expect(run.diff?.startsWith('diff --git a/src/libponyc/ast/parser.c b/src/libponyc/ast/parser.c')).toBe(true);
    expect(run.diff).toContain('+  SET_FLAG(AST_FLAG_IN_PARENS);');
    expect(run.agent).toEqual({ name: 'CodeActAgent', version: '0.35.0', model: 'openai/openrouter-llama-4-maverick' });
    expect(run.startedAt).toBe('2025-04-30T16:32:54.707Z');
    expect(run.endedAt).toBe('2025-04-30T16:34:22.948Z');
    expect(run.plan?.startsWith('The task involves fixing an issue in the `ponylang__ponyc__0.1` repository')).toBe(true);
    expect(run.verdict).toBeUndefined(); // no evaluation report and no error in this line
    expect(run.problems).toEqual([]);
  });

  it('turns the 49 events into 26 steps: the system prompt, the task, a context recall and 23 agent actions with their observations', async () => {
    const { steps } = await only(EVAL_DIR, 'output.jsonl');
    expect(steps).toHaveLength(26);
    expect(steps.slice(0, 3).map((s) => s.source)).toEqual(['system', 'user', 'environment']);
    expect(steps.slice(3).every((s) => s.source === 'agent')).toBe(true);
    const first = steps[3]!;
    expect(first.toolCalls).toEqual([{ id: 'toolu_01', name: 'execute_bash', arguments: expect.any(String) }]);
    expect(JSON.parse(first.toolCalls![0]!.arguments)).toMatchObject({ command: 'ls -l /workspace/ponylang__ponyc__0.1' });
    expect(JSON.parse(first.toolCalls![0]!.arguments)).not.toHaveProperty('thought');
    expect(first.reasoning?.startsWith('The task involves fixing an issue')).toBe(true);
    expect(first.observations).toHaveLength(1);
    expect(first.observations![0]!.callId).toBe('toolu_01');
    expect(first.observations![0]!.content.endsWith('[The command completed with exit code 0.]')).toBe(true);
    expect(first.model).toBe('meta-llama/llama-4-maverick');
    expect(first.metrics).toEqual({ promptTokens: 5920, completionTokens: 128, cachedTokens: 0 });
    const toolNames = steps.flatMap((s) => s.toolCalls?.map((c) => c.name) ?? []);
    expect(toolNames.filter((n) => n === 'execute_bash')).toHaveLength(13);
    expect(toolNames.filter((n) => n === 'str_replace_editor')).toHaveLength(8);
    expect(toolNames.at(-1)).toBe('think');
    const finish = steps.at(-1)!;
    expect(finish.toolCalls).toBeUndefined();
    expect(finish.message?.startsWith('The issue with the `ponyc` compiler segfaulting')).toBe(true);
  });

  it('counts the tokens of each model response once, and gives one phase for the configured model with the run totals', async () => {
    const run = await only(EVAL_DIR, 'output.jsonl');
    const prompt = run.steps.reduce((n, s) => n + (s.metrics?.promptTokens ?? 0), 0);
    const completion = run.steps.reduce((n, s) => n + (s.metrics?.completionTokens ?? 0), 0);
    expect([prompt, completion]).toEqual([565158, 2558]);
    expect(run.phases).toEqual([{
      name: 'openai/openrouter-llama-4-maverick', model: 'openai/openrouter-llama-4-maverick',
      startedAt: '2025-04-30T16:32:54.707Z', endedAt: '2025-04-30T16:34:22.948Z', tokensIn: 565158, tokensOut: 2558,
    }]); // no costUsd: the record priced no call (costs is empty)
  });

  it('clips long observations at the limit and keeps their full size in bytes', async () => {
    const run = await only(EVAL_DIR, 'output.jsonl', { ...DEFAULT_READ_LIMITS, clipChars: 200 });
    const read = run.steps[7]!.observations![0]!;
    expect(read.content.length).toBeLessThanOrEqual(200);
    expect(read.bytes).toBe(20740);
    expect(run.steps.every((s) => (s.toolCalls ?? []).every((c) => c.arguments.length <= 200))).toBe(true);
  });

  it('keeps at most maxSteps steps and says how many were not kept', async () => {
    const run = await only(EVAL_DIR, 'output.jsonl', { ...DEFAULT_READ_LIMITS, maxSteps: 5 });
    expect(run.steps).toHaveLength(5);
    expect(run.problems).toEqual([expect.objectContaining({ code: 'JOURNEY_SOURCE_INVALID', file: 'output.jsonl', line: 1, field: 'history', message: 'history holds 21 steps past the 5-step limit; they are not kept' })]);
  });

  it('reads several instances of one file with stable keys and takes verdicts only from their reports or errors', async () => {
    const base = JSON.parse(evalLine()) as Record<string, unknown>;
    const testResult = base.test_result as Record<string, unknown>;
    const lines = [
      base,
      { ...base, instance_id: 'resolved-one', test_result: { ...testResult, report: { resolved: true, error_eval: false } } },
      { ...base, instance_id: 'unresolved-one', report: { resolved: false } },
      { ...base, instance_id: 'broken-eval', test_result: { ...testResult, report: { resolved: false, error_eval: true } } },
      { ...base, instance_id: 'crashed-one', error: 'RuntimeError: Agent reached maximum iteration in headless mode.\nmore' },
    ];
    const root = folderWith('openhands', { 'run/output.jsonl': `${lines.map((l) => JSON.stringify(l)).join('\n')}\n` });
    const runs = await read(root, 'run/output.jsonl');
    expect(runs.map((r) => r.key)).toEqual(['ponylang__ponyc-4595', 'resolved-one', 'unresolved-one', 'broken-eval', 'crashed-one'].map((id) => `run/output.jsonl#${id}`));
    expect(runs.map((r) => r.verdict?.verdict)).toEqual([undefined, 'pass', 'fail', 'error', 'error']);
    expect(runs[1]!.verdict).toEqual({ verdict: 'pass', judge: 'OpenHands evaluation report' });
    // The whole error: a cut before redaction would hide what follows the first line from the redactor.
    expect(runs[4]!.verdict).toEqual({ verdict: 'error', judge: 'OpenHands run error', summary: 'RuntimeError: Agent reached maximum iteration in headless mode.\nmore' });
    expect(runs.every((r) => r.steps.length === 26 && r.problems.length === 0)).toBe(true);
  });

  it('keeps the later of two lines naming the same instance and says so without naming it', async () => {
    const line = evalLine();
    const root = folderWith('openhands', { 'output.jsonl': `${line}\n${line}\n` });
    const runs = await read(root, 'output.jsonl');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.problems).toEqual([expect.objectContaining({ line: 2, field: 'instance_id', message: 'instance_id names an instance an earlier line named; this later line is kept' })]);
  });

  it('reads an old record whose history holds [action, observation] pairs', async () => {
    const base = JSON.parse(evalLine()) as { history: unknown[] };
    const [system, user, recall, context, ...rest] = base.history;
    const pairs: unknown[] = [system, user, [recall, context]];
    for (let i = 0; i + 1 < rest.length; i += 2) pairs.push([rest[i], rest[i + 1]]);
    pairs.push(rest.at(-1));
    const root = folderWith('openhands', { 'output.jsonl': `${JSON.stringify({ ...base, history: pairs })}\n` });
    const run = await only(root, 'output.jsonl');
    expect(run.steps).toHaveLength(26);
    expect(run.steps[3]!.observations![0]!.callId).toBe('toolu_01');
  });
});

describe('an OpenHands v0 event list', () => {
  it('reads the GUI session: agent state changes, the task, four tool calls with their outputs and a closing message', async () => {
    const run = await only(EVENTS_DIR, 'basic_gui_mode.json');
    expect(run.key).toBe('basic_gui_mode.json');
    expect(firstLine(run.title)).toBe('I want to create a VueJS app that allows me to:');
    expect(run.task?.endsWith('The list should persist in localStorage.')).toBe(true);
    expect(run.agent).toEqual({ model: 'claude-3-5-sonnet-20241022' });
    expect(run.steps.map((s) => s.source)).toEqual(['environment', 'environment', 'environment', 'user', 'environment', 'agent', 'agent', 'agent', 'agent', 'agent', 'environment']);
    expect(run.steps[0]!.observations).toEqual([{ content: 'agent state: loading', bytes: 20 }]);
    expect(run.steps[1]!.message).toBe('Agent state changed to init');
    expect(run.steps[1]!.observations).toBeUndefined(); // the runtime's "No observation" placeholder is left out
    expect(run.steps[3]!.observations).toBeUndefined();
    expect(run.steps.flatMap((s) => s.toolCalls?.map((c) => c.name) ?? [])).toEqual(['execute_bash', 'str_replace_editor', 'str_replace_editor', 'execute_bash']);
    const server = run.steps[8]!;
    expect(JSON.parse(server.toolCalls![0]!.arguments)).toMatchObject({ command: 'cd /workspace/todo-app && python3 -m http.server 8000' });
    expect(server.observations![0]!.content).toContain('[The command has no new output after 30 seconds.');
    expect(run.steps[9]!.message?.startsWith("I've created a complete Vue.js todo application")).toBe(true);
    expect(run.plan).toBe("I'll help you create a Vue.js application with all the requested todo list functionality. Let's create this step by step.\n\nFirst, let's create a new directory and set up the basic files:");
    expect(run.diff).toBeUndefined();
    expect(run.verdict).toBeUndefined();
    expect(run.problems).toEqual([]);
  });

  it('sums each response\'s usage once into per-step metrics and a phase per model', async () => {
    const run = await only(EVENTS_DIR, 'basic_gui_mode.json');
    expect(run.steps[6]!.metrics).toEqual({ promptTokens: 3601, completionTokens: 1142, cachedTokens: 3435 });
    expect(run.phases).toEqual([{
      name: 'claude-3-5-sonnet-20241022', model: 'claude-3-5-sonnet-20241022',
      startedAt: '2025-01-20T20:29:35.040Z', endedAt: '2025-01-20T20:29:59.282Z', tokensIn: 17297, tokensOut: 2024,
    }]);
  });

  it('reads the three-turn chat as alternating user and agent messages ending in finish', async () => {
    const run = await only(EVENTS_DIR, 'basic_interactions.json');
    expect(run.steps.map((s) => `${s.source}: ${s.message}`)).toEqual([
      "user: what's 1+1?", 'agent: 1 + 1 equals 2.', "user: No, I mean by Goldbach's conjecture!",
      expect.stringMatching(/^agent: Goldbach's conjecture is an unsolved problem/), 'user: Finish please', "agent: All done! What's next on the agenda?",
    ]);
    expect(run.steps[5]!.metrics).toEqual({ promptTokens: 2473, completionTokens: 10, cachedTokens: 2304 });
    expect(run.agent).toEqual({ model: 'gpt-4o-2024-08-06' });
    expect(run.plan).toBe('1 + 1 equals 2.');
  });

  it('reads the same events wrapped as the server returns them, {"trajectory": [...]} or {"events": [...]}', async () => {
    const events = guiEvents();
    const root = folderWith('openhands', { 'a.json': JSON.stringify({ trajectory: events }), 'b.json': JSON.stringify({ events, has_more: false }) });
    for (const file of ['a.json', 'b.json']) {
      expect(openhandsReader.detect(file, head(path.join(root, file)))).toBe('run');
      const run = await only(root, file);
      expect(run.steps).toHaveLength(11);
      expect(run.problems).toEqual([]);
    }
  });

  it('takes the diff from the last git diff that printed a patch, and from nothing else', async () => {
    const events = guiEvents();
    const patch = 'diff --git a/app.js b/app.js\n--- a/app.js\n+++ b/app.js\n@@ -1 +1 @@\n-a\n+b\n';
    const diffRun = { id: 100, timestamp: '2025-01-20T20:31:00', source: 'agent', message: 'Running command: git diff', action: 'run', args: { command: 'cd /workspace/todo-app && git diff', thought: '' } };
    const diffOut = { id: 101, timestamp: '2025-01-20T20:31:01', source: 'agent', message: 'Command `git diff` executed', cause: 100, observation: 'run', content: patch, extras: { command: 'cd /workspace/todo-app && git diff' } };
    const statOut = { ...diffOut, id: 103, cause: 102, content: ' app.js | 2 +-', extras: { command: 'git diff --stat' } };
    const root = folderWith('openhands', { 'with.json': JSON.stringify([...events, diffRun, diffOut, { ...diffRun, id: 102 }, statOut]) });
    expect((await only(root, 'with.json')).diff).toBe(patch);
  });
});

describe("an OpenHands session's events/ folder", () => {
  const folder = () => {
    const files: Record<string, string> = {};
    for (const event of guiEvents()) files[`sessions/abc/events/${event.id}.json`] = JSON.stringify(event);
    files['sessions/abc/event_cache/0-25.json'] = JSON.stringify(guiEvents());
    return folderWith('openhands', files);
  };

  it('is detected from event 0, whose run reads every numbered event file in numeric order', async () => {
    const root = folder();
    const detect = (file: string) => openhandsReader.detect(file, head(path.join(root, file)));
    expect(detect('sessions/abc/events/0.json')).toBe('run');
    expect(detect('sessions/abc/events/10.json')).toBe('part');
    expect(detect('sessions/abc/event_cache/0-25.json')).toBe('part');
    const run = await only(root, 'sessions/abc/events/0.json');
    expect(run.key).toBe('sessions/abc/events');
    expect(run.files).toEqual(Array.from({ length: 18 }, (_, i) => `sessions/abc/events/${i}.json`));
    const fromList = await only(EVENTS_DIR, 'basic_gui_mode.json');
    expect(run.steps).toEqual(fromList.steps);
    expect(run.problems).toEqual([]);
  });

  it('names the event file that is not JSON and reads the others', async () => {
    const root = folder();
    writeFileSync(path.join(root, 'sessions/abc/events/7.json'), `{"id": 7, "source": "agent", "args": {"command": "${CANARY}`);
    const run = await only(root, 'sessions/abc/events/0.json');
    expect(run.problems).toEqual([expect.objectContaining({ file: 'sessions/abc/events/7.json', message: 'is not JSON; the record is not read' })]);
    expect(run.steps.length).toBeGreaterThan(5);
    expect(JSON.stringify(run.problems)).not.toContain(CANARY);
  });
});

describe('detecting OpenHands records', () => {
  const files = readdirSync(REAL, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name !== 'SOURCE' && d.parentPath !== REAL)
    .map((d) => path.relative(REAL, path.join(d.parentPath, d.name)).split(path.sep).join('/'));

  it('claims its own real records and no file of any other format', () => {
    expect(files.length).toBeGreaterThan(12);
    const verdicts = Object.fromEntries(files.map((file) => [file, openhandsReader.detect(file.split('/').slice(1).join('/'), head(path.join(REAL, file)))]));
    const expected = Object.fromEntries(files.map((file) => [file, OURS.has(file.split('/')[0]!) ? 'run' : null]));
    expect(verdicts).toEqual(expected);
  });

  it('claims an evaluation output from a head cut in the middle of its first line', () => {
    expect(evalLine().length).toBeGreaterThan(64 * 1024);
    expect(openhandsReader.detect('output.jsonl', evalLine().slice(0, 64 * 1024))).toBe('run');
    expect(openhandsReader.detect('output.jsonl', evalLine().slice(0, 40))).toBe(null);
  });

  it('says null for lookalikes: an event file of the v1 SDK, an array of other objects, SWE-bench predictions', () => {
    expect(openhandsReader.detect('conv/events/0.json', '{"kind": "MessageEvent", "id": "e1", "timestamp": "2025-01-01T00:00:00", "source": "user"}')).toBe(null);
    expect(openhandsReader.detect('list.json', '[{"action": "ls", "observation": "x"}]')).toBe(null);
    expect(openhandsReader.detect('preds.jsonl', '{"instance_id": "a__b-1", "model_name_or_path": "m", "model_patch": "diff"}\n')).toBe(null);
  });
});

describe('hostile OpenHands input', () => {
  const line = evalLine();
  const history = (JSON.parse(line) as { history: unknown[] }).history;
  const withEvent = (index: number, patch: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(line), history: history.map((e, i) => (i === index ? { ...(e as object), ...patch } : e)) });
  const cases: Array<{ name: string; file: string; text: string; expect: Array<Record<string, unknown>> }> = [
    { name: 'a truncated evaluation line', file: 'output.jsonl', text: line.slice(0, 5000), expect: [{ line: 1, message: 'is not JSON; the line is left out' }] },
    { name: 'a non-JSON line between two records', file: 'output.jsonl', text: `${line}\nnot json at all\n${line.replace('ponylang__ponyc-4595', 'second')}\n`, expect: [{ line: 2, message: 'is not JSON; the line is left out' }] },
    { name: 'an empty evaluation output', file: 'output.jsonl', text: '', expect: [{ message: 'holds no evaluation record; no run is read' }] },
    { name: 'an instance id of the wrong type', file: 'output.jsonl', text: line.replace('"instance_id":"ponylang__ponyc-4595"', '"instance_id":{"a":1}'), expect: [{ line: 1, field: 'instance_id', message: 'instance_id is an object, not a string; without its id the line is left out' }] },
    { name: 'a line that is an array', file: 'output.jsonl', text: '[1,2]\n', expect: [{ line: 1, message: 'the record is an array, not an evaluation record; the line is left out' }] },
    { name: 'a history that is a string', file: 'output.jsonl', text: JSON.stringify({ ...JSON.parse(line), history: 'x' }), expect: [{ line: 1, field: 'history', message: 'history is a string, not an array; it is read as absent' }] },
    { name: 'arguments that are a number', file: 'output.jsonl', text: withEvent(4, { args: 12 }), expect: [{ line: 1, field: 'history[4].args', message: 'history[4].args is a number, not an object; it is read as absent' }] },
    { name: 'an event that is a string', file: 'output.jsonl', text: JSON.stringify({ ...JSON.parse(line), history: ['x', ...history] }), expect: [{ line: 1, field: 'history[0]', message: 'history[0] is a string, not an event object; the event is left out' }] },
    { name: 'an event with neither action nor observation', file: 'output.jsonl', text: withEvent(4, { action: undefined }), expect: [{ field: 'history[4]', message: 'history[4] names neither an action nor an observation; the event is left out' }] },
    { name: 'an action of an unknown source', file: 'output.jsonl', text: withEvent(4, { source: 'robot' }), expect: [{ field: 'history[4].source', message: "history[4].source is none of agent, user, environment; the event is read as the environment's" }] },
    { name: 'an observation whose cause is a string', file: 'output.jsonl', text: withEvent(5, { cause: 'five' }), expect: [{ field: 'history[5].cause', message: 'history[5].cause is a string, not a number; it is read as absent' }] },
    { name: 'a truncated event list', file: 'trajectory.json', text: readFileSync(path.join(EVENTS_DIR, 'basic_interactions.json'), 'utf8').slice(0, 900), expect: [{ message: 'is not JSON; the record is not read' }] },
    { name: 'an empty event list file', file: 'trajectory.json', text: '', expect: [{ message: 'is not JSON; the record is not read' }] },
    { name: 'an event list that is an object', file: 'trajectory.json', text: '{"events": 3}', expect: [{ message: 'the record is an object, not a list of events; no run is read' }] },
    { name: 'an event list with a number among its events', file: 'trajectory.json', text: '[7]', expect: [{ field: '[0]', message: '[0] is a number, not an event object; the event is left out' }] },
  ];

  for (const c of cases) {
    it(`gives problems naming the position for ${c.name}, without throwing`, async () => {
      const root = folderWith('openhands', { [c.file]: c.text });
      const runs = await read(root, c.file);
      expect(runs.length).toBeGreaterThanOrEqual(1);
      const problems = runs.flatMap((r) => r.problems);
      expect(problems).toEqual(c.expect.map((e) => expect.objectContaining({ code: 'JOURNEY_SOURCE_INVALID', file: c.file, ...e })));
    });
  }

  it('never puts a value of the record into a problem: a canary in wrong-typed fields and a broken line stays out', async () => {
    const events = guiEvents().map((e, i) => (i === 7 ? { ...e, args: CANARY, source: CANARY, timestamp: 5 } : i === 8 ? { ...e, cause: CANARY, tool_call_metadata: CANARY } : e));
    const broken = JSON.parse(line) as Record<string, unknown>;
    const evalText = [
      JSON.stringify({ ...broken, instance_id: [CANARY], metadata: CANARY }),
      `{"instance_id": "${CANARY}", "history": [`,
      JSON.stringify({ ...broken, instance_id: 'third', history: [CANARY, { id: 1, source: CANARY, action: 'message', args: { content: 7 } }], metrics: CANARY, test_result: { git_patch: 1, report: { resolved: CANARY } } }),
      JSON.stringify(broken), JSON.stringify(broken),
    ].join('\n');
    const root = folderWith('openhands', { 'list.json': JSON.stringify(events), 'output.jsonl': evalText });
    const runs = [...(await read(root, 'list.json')), ...(await read(root, 'output.jsonl'))];
    const problems = runs.flatMap((r) => r.problems);
    expect(problems.length).toBeGreaterThanOrEqual(12);
    for (const problem of problems) {
      for (const text of [problem.message, problem.field ?? '', problem.file, problem.fix]) expect(text).not.toContain('CANARY');
    }
  });
});
