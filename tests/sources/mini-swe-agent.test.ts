// The mini-swe-agent importer on a real 1.x SWE-bench trajectory (Gemini 3 Pro, text-based ```bash
// actions), on 2.x shapes made in its image (tool calls, parsed actions, a format error, the Responses
// API, the `exit` message), the oldest bare message list, exit statuses, limits, detection against every
// other format's real files, and hostile input that must give problems naming positions, never content.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportedRun } from '../../sources/imported-run.ts';
import { parseTextAction } from '../../sources/mini-swe-agent/mini-action.ts';
import { miniSweAgentReader } from '../../sources/mini-swe-agent/read-mini-swe-agent.ts';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../../sources/source-reader.ts';
import { tempDir } from '../../testkit/run-cli.ts';
import { firstLine, readHead as head } from '../../sources/read-record.ts';

const REAL = path.join(import.meta.dirname, '..', 'fixtures', 'real');
const MINI_DIR = path.join(REAL, 'mini-swe-agent');
const FILE = 'psf__requests-1724.traj.json';
const CANARY = 'CANARY-9f3b2c7e41d8';

// biome-ignore lint/suspicious/noExplicitAny: a test edits fields deep in a record, to right or wrong types
type Doc = Record<string, any>;
const fixture = (): Doc => JSON.parse(readFileSync(path.join(MINI_DIR, FILE), 'utf8'));
const real = async (limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ImportedRun> => {
  const runs = await miniSweAgentReader.read(MINI_DIR, FILE, limits);
  expect(runs).toHaveLength(1);
  return runs[0]!;
};

async function only(doc: unknown, limits: ReadLimits = DEFAULT_READ_LIMITS, file = 'i/i.traj.json'): Promise<ImportedRun> {
  const root = tempDir('mini-swe-agent');
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  const runs = await miniSweAgentReader.read(root, file, limits);
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

/** A 2.x tool-calling run in the shape mini-swe-agent 2's LitellmModel writes (docs/usage/output_files.md). */
function toolCallingRecord(): Doc {
  const call = (id: string, command: string) => ({ id, type: 'function', function: { name: 'bash', arguments: JSON.stringify({ command }) } });
  const usage = (prompt: number, completion: number) => ({ model: 'anthropic/claude-sonnet-4-5', usage: { prompt_tokens: prompt, completion_tokens: completion, prompt_tokens_details: { cached_tokens: 10 } } });
  return {
    info: {
      model_stats: { instance_cost: 0.05, api_calls: 2 },
      config: { agent: { instance_template: 'Please solve this issue: {{task}}' }, model: { model_name: 'anthropic/claude-sonnet-4-5-20250929' } },
      mini_version: '2.0.0', exit_status: 'Submitted', submission: 'diff --git a/f.py b/f.py\n',
    },
    messages: [
      { role: 'system', content: 'You are a helpful assistant.', extra: { timestamp: 1706000000 } },
      { role: 'user', content: 'Please solve this issue: Fix the parser\nIt crashes.' },
      { role: 'assistant', content: 'Let me look.', tool_calls: [call('call_a', 'ls -la'), call('call_b', 'cat f.py')], extra: { actions: [{ command: 'ls -la', tool_call_id: 'call_a' }, { command: 'cat f.py', tool_call_id: 'call_b' }], cost: 0.02, timestamp: 1706000001.5, response: usage(1000, 50) } },
      { role: 'tool', tool_call_id: 'call_a', content: '<returncode>0</returncode>\n<output>f.py</output>', extra: { returncode: 0, timestamp: 1706000002 } },
      { role: 'tool', tool_call_id: 'call_b', content: '<returncode>0</returncode>\n<output>print(1)</output>', extra: { returncode: 0, timestamp: 1706000002 } },
      { role: 'assistant', content: null, reasoning_content: 'The file is fine; submit.', tool_calls: [call('call_c', 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT')], extra: { cost: 0.03, timestamp: 1706000003, response: usage(1200, 20) } },
      { role: 'exit', content: 'diff --git a/f.py b/f.py\n', extra: { exit_status: 'Submitted', submission: 'diff --git a/f.py b/f.py\n', timestamp: 1706000004 } },
    ],
    trajectory_format: 'mini-swe-agent-1.1',
  };
}

describe('the real mini-swe-agent 1.x trajectory', () => {
  it('reads one run keyed by its file, with the PR description cut out of the instance template as task', async () => {
    const run = await real();
    expect(run.key).toBe(FILE);
    expect(run.format).toBe('mini-swe-agent');
    expect(run.files).toEqual([FILE]);
    expect(firstLine(run.title)).toBe('Unicode method names cause UnicodeDecodeError for some requests in Python 2.7.2');
    expect(run.task?.startsWith('Unicode method names cause UnicodeDecodeError for some requests in Python 2.7.2\nThe following example works fine:')).toBe(true);
    expect(run.task?.endsWith('but I see the same `.upper()` being used in the current source.\n\n')).toBe(true);
    expect(run.task).not.toContain('<pr_description>');
    expect(run.agent).toEqual({ name: 'mini-swe-agent', version: '1.15.0', model: 'google/gemini-3-pro-preview' });
    expect(run.plan).toBe('I need to understand the structure of the repository first. Let me check what files are in the current directory to get a better understanding of the codebase.');
    expect(run.diff).toBe(fixture().info.submission);
    expect(run.diff?.startsWith('diff --git a/requests/models.py b/requests/models.py')).toBe(true);
    expect(run.verdict).toBeUndefined(); // "Submitted" is no verdict
    expect(run.startedAt).toBeUndefined(); // 1.15 messages record no time of their own
    expect(run.problems).toEqual([]);
  });

  it('turns the 66 messages into the system prompt, the task and 32 agent steps, each with its command output', async () => {
    const { steps } = await real();
    expect(steps).toHaveLength(34);
    expect(steps.slice(0, 2).map((s) => s.source)).toEqual(['system', 'user']);
    const agent = steps.slice(2);
    expect(agent.every((s) => s.source === 'agent' && s.toolCalls?.length === 1 && s.observations?.length === 1 && s.reasoning !== undefined)).toBe(true);
    expect(agent[0]!.toolCalls).toEqual([{ name: 'bash', arguments: JSON.stringify({ command: 'ls -la' }) }]);
    expect(agent[0]!.message).toBe(fixture().messages[2].content);
    expect(agent[0]!.observations![0]!.content.startsWith('<returncode>0</returncode>\n<output>\ntotal 124')).toBe(true);
    expect(agent[0]!.observations![0]!.bytes).toBe(Buffer.byteLength(fixture().messages[3].content));
    expect(JSON.parse(agent.at(-1)!.toolCalls![0]!.arguments)).toEqual({ command: 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached' });
    expect(agent.at(-1)!.observations![0]!.content.startsWith('diff --git a/requests/models.py')).toBe(true);
  });

  it('ends a THOUGHT at the action block, keeping the fenced code the thought quotes', async () => {
    const step = (await real()).steps[11]!;
    expect(step.reasoning?.startsWith('`builtin_str` is not imported.')).toBe(true);
    expect(step.reasoning).toContain('```python');
    expect(step.reasoning?.endsWith('If I look at `requests/utils.py`, maybe there is a helper function.')).toBe(true);
    expect(step.toolCalls).toEqual([{ name: 'bash', arguments: JSON.stringify({ command: 'cat requests/utils.py' }) }]);
  });

  it('keeps each call\'s model, tokens, billed cost and response time, and sums tokens into the phase', async () => {
    const run = await real();
    const agent = run.steps.filter((s) => s.source === 'agent');
    expect(agent[0]!.model).toBe('google/gemini-3-pro-preview');
    expect(agent[0]!.metrics).toEqual({ promptTokens: 3797, completionTokens: 299, cachedTokens: 0, costUsd: 0.011182 });
    expect(agent[0]!.timestamp).toBe('2025-11-18T23:42:12.000Z');
    expect(agent.at(-1)!.timestamp).toBe('2025-11-18T23:46:52.000Z');
    expect(agent.reduce((sum, s) => sum + (s.metrics?.costUsd ?? 0), 0)).toBeCloseTo(0.4131904, 9);
    expect(run.phases).toEqual([{ name: 'mini-swe-agent', model: 'google/gemini-3-pro-preview', tokensIn: 480998, tokensOut: 8547, costUsd: 0.4131903999999999 }]);
  });
});

describe('mini-swe-agent 2.x records', () => {
  it('reads tool calls with their ids, links each tool message to its call, and ends with the exit message', async () => {
    const run = await only(toolCallingRecord());
    expect(run.steps.map((s) => s.source)).toEqual(['system', 'user', 'agent', 'agent', 'environment']);
    const [first, second] = [run.steps[2]!, run.steps[3]!];
    expect(first.toolCalls?.map((c) => [c.id, c.name, JSON.parse(c.arguments).command])).toEqual([['call_a', 'bash', 'ls -la'], ['call_b', 'bash', 'cat f.py']]);
    expect(first.observations?.map((o) => o.callId)).toEqual(['call_a', 'call_b']);
    expect(first.message).toBe('Let me look.');
    expect(first.metrics).toEqual({ promptTokens: 1000, completionTokens: 50, cachedTokens: 10, costUsd: 0.02 });
    expect(first.timestamp).toBe('2024-01-23T08:53:21.500Z');
    expect(second.reasoning).toBe('The file is fine; submit.');
    expect(second.message).toBeUndefined();
    expect(run.steps[4]!.message).toBe('diff --git a/f.py b/f.py\n');
    expect(run.task).toBe('Fix the parser\nIt crashes.');
    expect(run.startedAt).toBe('2024-01-23T08:53:20.000Z');
    expect(run.endedAt).toBe('2024-01-23T08:53:24.000Z');
    expect(run.phases).toEqual([{ name: 'mini-swe-agent', model: 'anthropic/claude-sonnet-4-5-20250929', tokensIn: 2200, tokensOut: 70, costUsd: 0.05, startedAt: '2024-01-23T08:53:20.000Z', endedAt: '2024-01-23T08:53:24.000Z' }]);
    expect(run.verdict).toBeUndefined();
    expect(run.problems).toEqual([]);
  });

  it('reads the commands mini-swe-agent parsed from a text-based reply when the reply has no tool calls', async () => {
    const doc = toolCallingRecord();
    doc.messages = [doc.messages[0], doc.messages[1], { role: 'assistant', content: 'Look.\n\n```mswea_bash_command\nls\n```', extra: { actions: [{ command: 'ls' }], cost: 0.01 } }, { role: 'user', content: '<returncode>0</returncode>' }];
    const run = await only(doc);
    expect(run.steps[2]!.toolCalls).toEqual([{ name: 'bash', arguments: JSON.stringify({ command: 'ls' }) }]);
    expect(run.steps[2]!.observations?.[0]?.content).toBe('<returncode>0</returncode>');
    expect(run.phases[0]!.tokensIn).toBeUndefined(); // a call without usage: no partial sum
  });

  it('turns a format error that kept the rejected reply into an agent step answered by the error', async () => {
    const doc = toolCallingRecord();
    const rejected = { choices: [{ message: { role: 'assistant', content: 'I will just think.' } }], model: 'm1', usage: { prompt_tokens: 900, completion_tokens: 9 } };
    doc.messages.splice(5, 0, { role: 'user', content: 'No tool calls found in the response.', extra: { interrupt_type: 'FormatError', cost: 0.001, response: rejected } });
    const run = await only(doc);
    const step = run.steps[3]!;
    expect(step).toMatchObject({ source: 'agent', message: 'I will just think.', model: 'm1', metrics: { promptTokens: 900, completionTokens: 9, costUsd: 0.001 } });
    expect(step.toolCalls).toBeUndefined();
    expect(step.observations).toEqual([{ content: 'No tool calls found in the response.', bytes: 36 }]);
    expect(run.phases[0]!.tokensIn).toBe(3100);
  });

  it('names a bad field of a rejected reply by its place inside the user message that kept it', async () => {
    const doc = toolCallingRecord();
    const rejected = { choices: [{ message: { content: 'x' } }], model: 'm1', usage: { prompt_tokens: CANARY } };
    doc.messages.splice(5, 0, { role: 'user', content: 'Format error.', extra: { cost: 'free', response: rejected } });
    const run = await only(doc);
    expect(run.problems.map((p) => p.field)).toEqual(['messages[5].extra.response.usage.prompt_tokens', 'messages[5].extra.cost']);
    expect(JSON.stringify(run.problems)).not.toContain(CANARY);
  });

  it('reads a Responses API turn and its function_call_output items', async () => {
    const turn = {
      object: 'response', model: 'openai/gpt-5', created_at: 1706000001,
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Check the tree first.' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Listing.' }] },
        { type: 'function_call', call_id: 'fc_1', name: 'bash', arguments: '{"command":"ls"}' },
      ],
      usage: { input_tokens: 500, output_tokens: 40, input_tokens_details: { cached_tokens: 100 } },
      extra: { actions: [{ command: 'ls', tool_call_id: 'fc_1' }], cost: 0.004, timestamp: 1706000002 },
    };
    const doc = toolCallingRecord();
    doc.messages = [doc.messages[0], doc.messages[1], turn, { type: 'function_call_output', call_id: 'fc_1', output: 'f.py', extra: { returncode: 0 } }];
    const run = await only(doc);
    expect(run.steps[2]).toEqual({
      source: 'agent', timestamp: '2024-01-23T08:53:22.000Z', model: 'openai/gpt-5', message: 'Listing.', reasoning: 'Check the tree first.',
      toolCalls: [{ name: 'bash', arguments: '{"command":"ls"}', id: 'fc_1' }], metrics: { promptTokens: 500, completionTokens: 40, cachedTokens: 100, costUsd: 0.004 },
      observations: [{ content: 'f.py', bytes: 4, callId: 'fc_1' }],
    });
  });

  it('reads the oldest bare message list, named .traj.json, with no task template to cut', async () => {
    const messages = fixture().messages.slice(0, 6).map((m: Doc) => ({ role: m.role, content: m.content }));
    const run = await only(messages);
    expect(run.steps.map((s) => s.source)).toEqual(['system', 'user', 'agent', 'agent']);
    expect(firstLine(run.title)).toBe('<pr_description>');
    expect(run.agent).toEqual({ name: 'mini-swe-agent' });
    expect(run.phases).toEqual([]);
    expect(run.problems).toEqual([]);
  });

  it('gives an error verdict only for exit statuses that name an exception', async () => {
    const table: Array<[unknown, boolean]> = [
      ['Submitted', false], ['LimitsExceeded', false], ['TimeExceeded', false], ['UserInterruption', false], ['', false],
      ['RuntimeError', true], ['RepeatedFormatError', true], ['ContextWindowExceededError', true], ['Timeout', true], ['KeyError', true],
    ];
    for (const [status, error] of table) {
      const doc = toolCallingRecord();
      doc.info.exit_status = status;
      const run = await only(doc);
      expect(run.verdict, String(status)).toEqual(error ? { verdict: 'error', judge: 'mini-swe-agent exit_status', summary: status } : undefined);
    }
  });
});

describe('text-based actions', () => {
  it('reads a command only from exactly one action block, as mini-swe-agent ran only then', () => {
    expect(parseTextAction('THOUGHT: list\n\n```bash\nls -la\n```')).toEqual({ thought: 'list', command: 'ls -la' });
    expect(parseTextAction('THOUGHT: two\n```bash\nls\n```\n```bash\npwd\n```')).toEqual({ thought: 'two' });
    expect(parseTextAction('No thought here.\n```mswea_bash_command\nls\n```')).toEqual({ command: 'ls' });
    expect(parseTextAction('THOUGHT: no block at all')).toEqual({ thought: 'no block at all' });
    expect(parseTextAction('```bash\nls\n```\nTHOUGHT: after the block')).toEqual({ command: 'ls' });
  });
});

describe('limits', () => {
  it('keeps at most maxSteps steps, counts the rest in one problem, and drops the observations of steps not kept', async () => {
    const run = await real({ ...DEFAULT_READ_LIMITS, maxSteps: 10 });
    expect(run.steps).toHaveLength(10);
    expect(run.problems.map((p) => p.message)).toEqual(['the record has more steps than the limit of 10: 24 steps were not kept']);
    expect(run.steps.at(-1)!.observations).toHaveLength(1);
    expect(run.phases[0]!.tokensIn).toBe(480998); // usage counts every call, kept or not
  });

  it('clips long texts at a line or word and keeps the whole size of an observation', async () => {
    const run = await real({ ...DEFAULT_READ_LIMITS, clipChars: 200 });
    const observation = run.steps[2]!.observations![0]!;
    expect(observation.content.length).toBeLessThanOrEqual(200);
    expect(observation.bytes).toBe(Buffer.byteLength(fixture().messages[3].content));
    expect(fixture().messages[3].content.startsWith(observation.content)).toBe(true);
    expect(run.steps.every((s) => (s.message?.length ?? 0) <= 200 && (s.reasoning?.length ?? 0) <= 200)).toBe(true);
  });
});

describe('detecting mini-swe-agent trajectories', () => {
  it('claims the real .traj.json and no file of any other format', () => {
    const files = readdirSync(REAL, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name !== 'SOURCE' && d.name !== 'hazards.json')
      .map((d) => path.relative(REAL, path.join(d.parentPath, d.name)));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of files) {
      const detected = miniSweAgentReader.detect(file.split('/').slice(1).join('/'), head(path.join(REAL, file)));
      expect(detected, file).toBe(file.startsWith('mini-swe-agent/') ? 'run' : null);
    }
  });

  it('claims a 2.x file by its format, a 1.x file whose long submission hides the version, and a bare list by its name', () => {
    const v2 = JSON.stringify(toolCallingRecord(), null, 2);
    expect(miniSweAgentReader.detect('x.json', v2)).toBe('run');
    const longPatch = JSON.stringify({ info: { exit_status: 'Submitted', submission: 'x '.repeat(40000), mini_version: '1.15.0' } }, null, 2).slice(0, 64 * 1024);
    expect(miniSweAgentReader.detect('a/a.traj.json', longPatch)).toBe('run');
    expect(miniSweAgentReader.detect('a/a.json', longPatch)).toBe(null);
    expect(miniSweAgentReader.detect('a/a.traj.json', '[\n  {\n    "role": "system",\n    "content": "You are')).toBe('run');
    expect(miniSweAgentReader.detect('a/a.json', '[\n  {\n    "role": "system",\n    "content": "You are')).toBe(null);
  });

  it('says null for look-alikes: a SWE-agent trajectory, a chat export, an info object of another tool', () => {
    expect(miniSweAgentReader.detect('x.traj', '{"trajectory": [{"action": "ls", "observation": ""}], "history": [], "info": {}}')).toBe(null);
    expect(miniSweAgentReader.detect('x.json', '{"info": {"title": "chat"}, "messages": [{"role": "user", "content": "hi"}]}')).toBe(null);
    expect(miniSweAgentReader.detect('x.traj.json', '{"info": {"title": "chat"}, "messages": []}')).toBe(null);
    expect(miniSweAgentReader.detect('x.json', '{"text": "{\\"mini_version\\": \\"1.0\\"}", "info": {}}')).toBe(null);
  });
});

describe('hostile mini-swe-agent records', () => {
  const text = JSON.stringify(fixture(), null, 2);
  const cases: Array<[string, string, RegExp]> = [
    ['an empty file', '', /is not JSON/],
    ['a file cut short', text.slice(0, 7000), /is not JSON/],
    ['a non-JSON line in the document', text.replace('"messages": [', `"messages": [\n${CANARY} not json,`), /is not JSON/],
    ['a string at the top', JSON.stringify(CANARY), /the record is a string, not an object or a message list/],
    ['messages that are an object', JSON.stringify({ ...fixture(), messages: { text: CANARY } }), /messages is an object, not an array/],
    ['a message that is a number', JSON.stringify({ ...fixture(), messages: [1, ...fixture().messages] }), /messages\[0\] is a number, not an object/],
    ['a role that is no role', JSON.stringify({ ...fixture(), messages: [{ role: CANARY, content: 'x' }] }), /messages\[0\]\.role is not a role/],
    ['no messages at all', JSON.stringify({ info: fixture().info }), /messages is missing/],
  ];
  for (const [name, body, expected] of cases) {
    it(`reads ${name} without throwing and names the position, not the content`, async () => {
      const run = await only(body);
      expect(run.problems.map((p) => p.message).join('\n')).toMatch(expected);
      for (const p of run.problems) {
        expect(p.code).toBe('JOURNEY_SOURCE_INVALID');
        expect(p.file).toBe('i/i.traj.json');
        expect(JSON.stringify(p)).not.toContain(CANARY);
      }
    });
  }

  it('reads the rest of a record whose fields have the wrong types, and no problem carries a planted value', async () => {
    const doc = fixture();
    doc.messages[0].content = { text: CANARY };
    doc.messages[2].extra.response.usage.prompt_tokens = CANARY;
    doc.messages[2].extra.response.model = [CANARY];
    doc.messages[3].content = 7;
    doc.messages[4].extra = CANARY;
    doc.messages[6].tool_calls = [{ function: { arguments: CANARY } }];
    doc.info.exit_status = { status: CANARY };
    doc.info.submission = [CANARY];
    doc.info.model_stats.instance_cost = CANARY;
    doc.info.config.model.model_name = 42;
    doc.info.config.agent = CANARY;
    const run = await only(doc);
    expect(run.steps).toHaveLength(34);
    expect(run.steps[0]!.message).toBeUndefined();
    expect(run.steps[2]!.metrics).toEqual({ completionTokens: 299, cachedTokens: 0, costUsd: 0.011182 });
    expect(run.steps[2]!.model).toBeUndefined();
    expect(run.steps[2]!.observations).toEqual([{ content: '', bytes: 0 }]);
    expect(run.steps[3]!.metrics).toBeUndefined();
    expect(run.steps[4]!.toolCalls).toBeUndefined();
    expect(firstLine(run.title)).toBe('<pr_description>'); // no template to cut the task with
    expect(run.diff).toBeUndefined();
    expect(run.verdict).toBeUndefined();
    expect(run.phases).toEqual([]); // a call without usage leaves no sum, and no cost or model was readable
    expect(run.problems.map((p) => p.field).sort()).toEqual([
      'info.config.agent', 'info.config.model.model_name', 'info.exit_status', 'info.model_stats.instance_cost', 'info.submission',
      'messages[0].content', 'messages[2].extra.response.model', 'messages[2].extra.response.usage.prompt_tokens', 'messages[3].content',
      'messages[4].extra', 'messages[6].tool_calls[0]',
    ]);
    expect(JSON.stringify(run.problems)).not.toContain(CANARY);
  });
});
