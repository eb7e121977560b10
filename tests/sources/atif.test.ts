// The ATIF importer on Harbor's own golden trajectories (OpenHands and Terminus-2, ATIF-v1.5) and on a
// Harbor trial's trajectory read bare, its detection against every other format's fixture, embedded
// subagents and content parts (ATIF v1.6/v1.7), limits, and a hostile-input table.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atifReader } from '../../sources/atif/read-atif.ts';
import type { ImportedRun } from '../../sources/imported-run.ts';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../../sources/source-reader.ts';
import { tempDir } from '../../testkit/run-cli.ts';
import { firstLine, readHead as headOf } from '../../sources/read-record.ts';
import { realRecordFiles } from '../../testkit/source-folder.ts';

const REAL = path.join(import.meta.dirname, '..', 'fixtures', 'real');
const GOLDEN = path.join(REAL, 'harbor-atif');
const OPENHANDS = 'hello-world.trajectory.json';
const TERMINUS = 'hello-world-context-summarization.trajectory.json';
const TRIAL = '3d-scan-calc__t2HR7VM/agent/trajectory.json';
const CANARY = 'CANARY-9f3b2c7e';

type Json = Record<string, unknown>;
const read = async (root: string, file: string, limits: ReadLimits = DEFAULT_READ_LIMITS) => {
  const runs = await atifReader.read(root, file, limits);
  expect(runs).toHaveLength(1);
  return runs[0]!;
};
const golden = (file: string) => JSON.parse(readFileSync(path.join(GOLDEN, file), 'utf8')) as Json & { steps: Json[] };

function write(root: string, file: string, content: string): string {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
  return file;
}


const where = (run: ImportedRun) => run.problems.map((p) => `${p.file} ${p.field ?? ''}`.trim());

describe('the ATIF importer on real trajectories', () => {
  it('reads the OpenHands golden trajectory as one run with its task, six steps, tool calls and metrics', async () => {
    const run = await read(GOLDEN, OPENHANDS);
    expect(run).toMatchObject({ key: OPENHANDS, format: 'atif', files: [OPENHANDS], agent: { name: 'openhands', version: '1.0.0' } });
    expect(run.agent?.model).toBeUndefined();
    expect(firstLine(run.title)).toBe('Create a file called hello.txt with "Hello, world!" as the content.');
    expect(run.task).toBe('Create a file called hello.txt with "Hello, world!" as the content.\n');
    expect(run.steps.map((s) => s.source)).toEqual(['system', 'user', 'system', 'system', 'agent', 'agent']);
    expect(run.steps.flatMap((s) => (s.toolCalls ?? []).map((c) => c.name))).toEqual(['str_replace_editor', 'finish']);
    const edit = run.steps[4]!;
    expect(JSON.parse(edit.toolCalls![0]!.arguments)).toEqual({ command: 'create', path: '/app/hello.txt', file_text: 'Hello, world!', security_risk: 'LOW' });
    expect(edit.toolCalls![0]!.id).toBe('call_fake_1');
    expect(edit.observations).toEqual([{ callId: 'call_fake_1', content: 'File created successfully at: /app/hello.txt', bytes: 44 }]);
    expect(edit.metrics).toEqual({ promptTokens: 100, completionTokens: 50, costUsd: 0.00075 });
    // No reasoning is recorded, so the plan is the first thing the agent said.
    expect(run.plan).toBe('I edited the file /app/hello.txt.');
    // No model is named anywhere: one phase named by the agent, with the tokens the two agent steps recorded.
    expect(run.phases).toHaveLength(1);
    expect(run.phases[0]).toMatchObject({ name: 'openhands', tokensIn: 220, tokensOut: 80 });
    expect(run.phases[0]!.model).toBeUndefined();
    expect(run.phases[0]!.costUsd).toBeCloseTo(0.00135, 10);
    // The golden file records no timestamps, no verdict: none is invented.
    expect(run.startedAt).toBeUndefined();
    expect(run.verdict).toBeUndefined();
    expect(run.problems).toEqual([]);
  });

  it('reads the Terminus-2 summarization trajectory: one model phase, a linked subagent file, and a note for the links it cannot keep', async () => {
    const run = await read(GOLDEN, TERMINUS);
    expect(run.agent).toEqual({ name: 'terminus-2', version: '2.0.0', model: 'openai/gpt-4o' });
    expect(run.steps).toHaveLength(10);
    expect(run.title?.startsWith('You are an AI assistant tasked with solving command-line tasks')).toBe(true);
    expect(run.steps.flatMap((s) => (s.toolCalls ?? []).map((c) => c.name)).filter((n) => n === 'bash_command')).toHaveLength(5);
    // Per-step metrics are summed (the subagents' tokens in final_metrics are theirs, not this run's).
    expect(run.phases).toHaveLength(1);
    expect(run.phases[0]).toMatchObject({ name: 'openai/gpt-4o', model: 'openai/gpt-4o', tokensIn: 6502, tokensOut: 690 });
    expect(run.phases[0]!.costUsd).toBeCloseTo(0.023155, 10);
    const handoff = run.steps[4]!;
    expect(handoff.source).toBe('system');
    expect(handoff.observations).toEqual([{ content: '', bytes: 0, subrun: 'trajectory.summarization-1-summary.json' }]);
    expect(run.problems).toHaveLength(1);
    expect(run.problems[0]).toMatchObject({ note: true, field: 'steps[4].observation.results[0].subagent_trajectory_ref' });
    expect(run.problems[0]!.message).toContain('2 more subagent trajectories');
  });

  it('reads a Harbor trial\'s trajectory bare: 19 steps, the converter\'s "null" reasoning dropped, per-step cache tokens kept', async () => {
    const run = await read(path.join(REAL, 'harbor-job'), TRIAL);
    expect(run.format).toBe('atif');
    expect(run.verdict).toBeUndefined();
    expect(run.steps).toHaveLength(19);
    expect(run.steps.some((s) => s.reasoning === 'null')).toBe(false);
    expect(run.plan?.startsWith("I'll help you calculate the mass")).toBe(true);
    expect(run.steps.flatMap((s) => (s.toolCalls ?? []).map((c) => c.name))).toEqual(['Read', 'Glob', 'Read', 'Bash', 'Write', 'Bash', 'Read']);
    expect(run.steps[1]!.metrics).toEqual({ promptTokens: 12459, completionTokens: 0, cachedTokens: 12354 });
    expect(run.phases).toEqual([{ name: 'MiniMax-M2', model: 'MiniMax-M2', startedAt: '2026-01-26T16:02:03.622Z', endedAt: '2026-01-26T16:02:50.776Z', tokensIn: 313977, tokensOut: 0 }]);
    // The steps are not in time order (step 5 is 8 ms before step 4): the run spans the earliest to the latest.
    expect([run.startedAt, run.endedAt]).toEqual(['2026-01-26T16:01:58.865Z', '2026-01-26T16:02:50.776Z']);
    expect(run.problems).toEqual([]);
  });
});

describe('detecting ATIF', () => {
  it('says run for every ATIF trajectory of the real fixtures and null for every other file', () => {
    const claimed = realRecordFiles().filter((file) => atifReader.detect(file, headOf(path.join(REAL, file))) !== null);
    // A Harbor trial's trajectory is ATIF too: auto detection asks the Harbor importer first.
    expect(claimed).toEqual([`harbor-atif/${TERMINUS}`, `harbor-atif/${OPENHANDS}`, `harbor-job/${TRIAL}`]);
    for (const file of claimed) expect(atifReader.detect(file, headOf(path.join(REAL, file)))).toBe('run');
  });

  it('detects a head cut mid-JSON, and not a JSON that merely mentions ATIF inside a string', () => {
    expect(atifReader.detect('t.json', readFileSync(path.join(GOLDEN, OPENHANDS), 'utf8').slice(0, 60))).toBe('run');
    expect(atifReader.detect('notes.md', '# "schema_version": "ATIF-v1.5" is how it starts')).toBeNull();
    expect(atifReader.detect('list.json', '[{"schema_version": "ATIF-v1.5"}]')).toBeNull();
  });
});

describe('ATIF v1.6 and v1.7 shapes', () => {
  it('keeps embedded subagent trajectories as subruns keyed by trajectory_id, linked from the observation, and content parts as text', async () => {
    const root = tempDir('atif-embedded');
    const doc = golden(OPENHANDS);
    const sub = golden(TERMINUS);
    doc['schema_version'] = 'ATIF-v1.7';
    doc['subagent_trajectories'] = [{ ...sub, trajectory_id: 'summary-1' }, { ...sub, trajectory_id: 'summary-1' }];
    doc.steps[1]!['message'] = [{ type: 'text', text: 'Look at this:' }, { type: 'image', source: { media_type: 'image/png', path: 'images/step-2.png' } }];
    doc.steps[4]!['observation'] = { results: [{ source_call_id: 'call_fake_1', content: 'done', subagent_trajectory_ref: { trajectory_id: 'summary-1' } }] };
    const run = await read(root, write(root, 'nested/t.json', JSON.stringify(doc)));
    expect(run.subruns?.map((s) => s.key)).toEqual(['nested/t.json#summary-1']);
    expect(run.subruns![0]!.steps).toHaveLength(10);
    expect(run.subruns![0]!.agent?.model).toBe('openai/gpt-4o');
    expect(run.steps[4]!.observations![0]!.subrun).toBe('nested/t.json#summary-1');
    expect(run.steps[1]!.message).toBe('Look at this:\n[image images/step-2.png]');
    // The repeated id is a problem on the file's run; the subagent's own note (its refs) is there too.
    expect(where(run)).toEqual(['nested/t.json subagent_trajectories[0].steps[4].observation.results[0].subagent_trajectory_ref', 'nested/t.json subagent_trajectories[1].trajectory_id']);
  });

  it('reads a subagent nested inside an embedded one with its own steps, not its parent\'s sibling\'s', async () => {
    const root = tempDir('atif-nested');
    const step = (text: string) => ({ step_id: 1, source: 'user', message: text });
    const inner = { schema_version: 'ATIF-v1.7', trajectory_id: 'inner', agent: { name: 'sub' }, steps: [step('INNER task'), step('inner step')] };
    const first = { schema_version: 'ATIF-v1.7', trajectory_id: 'first', agent: { name: 'sub' }, steps: [step('FIRST task')], subagent_trajectories: [inner] };
    const doc = { schema_version: 'ATIF-v1.7', session_id: 's', agent: { name: 'top' }, steps: [step('TOP task')], subagent_trajectories: [first] };
    const run = await read(root, write(root, 'n.json', JSON.stringify(doc)));
    const titles = (r: ImportedRun): string[] => [firstLine(r.title) ?? '', ...(r.subruns ?? []).flatMap(titles)];
    expect(titles(run)).toEqual(['TOP task', 'FIRST task', 'INNER task']);
    expect(run.subruns![0]!.subruns![0]!.steps.map((s) => s.message)).toEqual(['INNER task', 'inner step']);
  });

  it('shows arguments nested past what JSON.stringify follows as a note, and reads the rest of the record', async () => {
    const root = tempDir('atif-deep');
    const depth = 20_000;
    const args = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const text = `{"schema_version":"ATIF-v1.5","session_id":"s","agent":{"name":"a"},"steps":[{"step_id":1,"source":"user","message":"deep args"},{"step_id":2,"source":"agent","message":"ok","tool_calls":[{"tool_call_id":"c","function_name":"f","arguments":${args}}]}]}`;
    const run = await read(root, write(root, 'deep.json', text));
    expect(run.steps.map((s) => s.message)).toEqual(['deep args', 'ok']);
    expect(run.steps[1]!.toolCalls![0]!.arguments).toBe('[nested too deeply to show]');
  });

  it('links a trajectory_path reference to the file it names, and not one that leaves the source folder', async () => {
    const root = tempDir('atif-paths');
    const doc = golden(OPENHANDS);
    doc.steps[4]!['observation'] = { results: [{ content: 'a', subagent_trajectory_ref: { trajectory_path: '../sub/t2.json' } }, { content: 'b', subagent_trajectory_ref: { trajectory_path: '../../../etc/x.json' } }] };
    const run = await read(root, write(root, 'job/main/t.json', JSON.stringify(doc)));
    expect(run.steps[4]!.observations!.map((o) => o.subrun)).toEqual(['job/sub/t2.json', undefined]);
  });
});

describe('reasoning and copied context', () => {
  it('takes the first reasoning as the plan, keeps the step\'s reasoning, and marks copied context', async () => {
    const root = tempDir('atif-reasoning');
    const doc = golden(OPENHANDS);
    doc.steps[4]!['reasoning_content'] = 'Create the file with the editor.';
    doc.steps[4]!['reasoning_effort'] = 'high';
    doc.steps[0]!['is_copied_context'] = true;
    const run = await read(root, write(root, 't.json', JSON.stringify(doc)));
    expect(run.plan).toBe('Create the file with the editor.');
    expect(run.steps[4]!.reasoning).toBe('Create the file with the editor.');
    expect(run.steps[0]!.copied).toBe(true);
    expect(run.steps[1]!.copied).toBeUndefined();
    expect(run.problems).toEqual([]);
  });
});

describe('limits', () => {
  it('keeps at most maxSteps steps and says how many were not kept; clips long texts but reports their full size', async () => {
    const run = await read(GOLDEN, OPENHANDS, { ...DEFAULT_READ_LIMITS, maxSteps: 4, clipChars: 40 });
    expect(run.steps).toHaveLength(4);
    expect(run.problems.map((p) => p.message)).toEqual(['steps holds 6 steps; 2 steps were not kept (the first 4 are)']);
    expect(run.steps[0]!.message!.length).toBeLessThanOrEqual(40);
    const clipped = await read(GOLDEN, OPENHANDS, { ...DEFAULT_READ_LIMITS, clipChars: 20 });
    expect(clipped.steps[4]!.observations![0]).toMatchObject({ content: 'File created ', bytes: 44 });
  });

  it('does not read a file over maxBytes, and says so', async () => {
    const run = await read(GOLDEN, OPENHANDS, { ...DEFAULT_READ_LIMITS, maxBytes: 1000 });
    expect(run.steps).toEqual([]);
    expect(run.problems[0]!.message).toMatch(/over the 1000-byte limit/);
  });
});

/** A copy of the golden trajectory with one change, for the hostile-input table. */
function variant(change: (doc: Json & { steps: Json[] }) => unknown): string {
  const doc = golden(OPENHANDS);
  return JSON.stringify(change(doc) ?? doc);
}

const HOSTILE: Array<{ name: string; content: () => string; fields: string[]; steps?: number }> = [
  { name: 'a truncated file', content: () => readFileSync(path.join(GOLDEN, OPENHANDS), 'utf8').slice(0, 5000), fields: [''], steps: 0 },
  { name: 'an empty file', content: () => '', fields: [''], steps: 0 },
  { name: 'a line that is not JSON', content: () => 'schema_version: ATIF-v1.5\n', fields: [''], steps: 0 },
  { name: 'a list instead of a trajectory', content: () => '[1, 2]', fields: [''], steps: 0 },
  { name: 'steps that are not a list', content: () => variant((d) => ({ ...d, steps: 'many' })), fields: ['steps'], steps: 0 },
  { name: 'a step of an unknown source', content: () => variant((d) => void (d.steps[0]!['source'] = 'robot')), fields: ['steps[0].source'], steps: 5 },
  { name: 'a step that is a number', content: () => variant((d) => void ((d.steps as unknown[])[2] = 7)), fields: ['steps[2]'], steps: 5 },
  { name: 'a message that is a number', content: () => variant((d) => void (d.steps[1]!['message'] = 42)), fields: ['steps[1].message'], steps: 6 },
  { name: 'a timestamp that is no time', content: () => variant((d) => void (d.steps[1]!['timestamp'] = 'yesterday')), fields: ['steps[1].timestamp'], steps: 6 },
  { name: 'a tool call without a name', content: () => variant((d) => void ((d.steps[4]!['tool_calls'] as Json[])[0]!['function_name'] = 3)), fields: ['steps[4].tool_calls[0].function_name'], steps: 6 },
  { name: 'metrics of the wrong types', content: () => variant((d) => void (d.steps[5]!['metrics'] = { prompt_tokens: '120', completion_tokens: -1 })), fields: ['steps[5].metrics.prompt_tokens', 'steps[5].metrics.completion_tokens'], steps: 6 },
  { name: 'an observation content that is an object', content: () => variant((d) => void (d.steps[4]!['observation'] = { results: [{ content: { text: 'x' } }] })), fields: ['steps[4].observation.results[0].content'], steps: 6 },
  { name: 'an agent that is a string', content: () => variant((d) => void (d['agent'] = 'openhands')), fields: ['agent'], steps: 6 },
];

describe('hostile input', () => {
  for (const { name, content, fields, steps } of HOSTILE) {
    it(`reads ${name} without throwing, with a problem naming the position`, async () => {
      const root = tempDir('atif-hostile');
      const run = await read(root, write(root, 'job/t.json', content()));
      expect(run.key).toBe('job/t.json');
      expect(run.problems.length).toBeGreaterThan(0);
      expect(run.problems.every((p) => p.code === 'JOURNEY_SOURCE_INVALID' && p.file === 'job/t.json')).toBe(true);
      expect(run.problems.map((p) => p.field ?? '')).toEqual(fields);
      if (steps !== undefined) expect(run.steps).toHaveLength(steps);
    });
  }

  it('never puts a value of the record into a problem: a canary in every wrong-typed field and a cut file', async () => {
    const root = tempDir('atif-canary');
    const doc = golden(OPENHANDS);
    doc.steps[0]!['source'] = CANARY;
    doc.steps[1]!['timestamp'] = CANARY;
    doc.steps[1]!['model_name'] = { [CANARY]: CANARY };
    doc.steps[2]!['message'] = { [CANARY]: CANARY };
    doc.steps[3]!['is_copied_context'] = CANARY;
    const call = (doc.steps[4]!['tool_calls'] as Json[])[0]!;
    call['function_name'] = [CANARY];
    doc.steps[4]!['observation'] = { results: [{ content: [{ type: CANARY, text: CANARY }], source_call_id: 7, subagent_trajectory_ref: CANARY }] };
    doc.steps[5]!['metrics'] = { prompt_tokens: CANARY, cost_usd: CANARY };
    doc['agent'] = { name: 1, model_name: [CANARY] };
    doc['final_metrics'] = { total_prompt_tokens: CANARY };
    doc['subagent_trajectories'] = [CANARY, { [CANARY]: CANARY }];
    const text = JSON.stringify(doc);
    const runs = [await read(root, write(root, 'whole.json', text)), await read(root, write(root, 'cut.json', text.slice(0, text.indexOf(CANARY) + 4)))];
    const problems = runs.flatMap((run) => run.problems);
    expect(problems.length).toBeGreaterThanOrEqual(14);
    for (const p of problems) expect(`${p.file} ${p.field ?? ''} ${p.message} ${p.fix}`).not.toContain('CANARY');
  });
});
