// The SWE-agent importer on the real CTF demonstration (a 0.x trajectory), on a 1.x function-calling
// record made from it (replay_config as JSON text, tool_calls in the history, model stats), retry-loop
// attempts, exit statuses, limits, detection against every other format's real files, and hostile input
// that must give problems naming positions, never content.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportedRun } from '../../sources/imported-run.ts';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../../sources/source-reader.ts';
import { sweAgentReader } from '../../sources/swe-agent/read-swe-agent.ts';
import { taskFromTemplate } from '../../sources/swe-agent/template-task.ts';
import { firstLine, readHead as head } from '../../sources/read-record.ts';
import { folderWith } from '../../testkit/source-folder.ts';

const REAL = path.join(import.meta.dirname, '..', 'fixtures', 'real');
const CTF_DIR = path.join(REAL, 'swe-agent-ctf');
const CANARY = 'CANARY-9f3b2c7e41d8';

// biome-ignore lint/suspicious/noExplicitAny: a test edits fields deep in a record, to right or wrong types
type Doc = Record<string, any>;
const fixture = (): Doc => JSON.parse(readFileSync(path.join(CTF_DIR, 'networking_1.traj'), 'utf8'));


async function runsOf(doc: unknown, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<ImportedRun[]> {
  const root = folderWith('swe-agent', { 'run/x.traj': typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2) });
  return sweAgentReader.read(root, 'run/x.traj', limits);
}
const only = async (doc: unknown, limits?: ReadLimits): Promise<ImportedRun> => {
  const runs = await runsOf(doc, limits);
  expect(runs).toHaveLength(1);
  return runs[0]!;
};

/**
 * The demonstration as SWE-agent 1.x writes a function-calling run: the trajectory first, replay_config as
 * JSON text (model, templates, a text problem statement), message types and tool calls in the history,
 * the model's usage in info. The step texts are the real record's.
 */
function functionCallingRecord(): Doc {
  const doc = fixture();
  let call = 0;
  const history = doc.history.map((m: Doc) => {
    if (m.role === 'system') return { ...m, message_type: 'system_prompt' };
    if (m.role === 'user' && call === 0) return { ...m, message_type: 'observation' };
    if (m.role === 'assistant') {
      call += 1;
      return { ...m, message_type: 'action', tool_calls: [{ id: `call_${call}`, type: 'function', function: { name: 'bash', arguments: JSON.stringify({ command: m.action }) } }] };
    }
    return { role: 'tool', content: m.content, agent: m.agent, message_type: 'observation', tool_call_ids: [`call_${call}`] };
  });
  const replay = {
    agent: { name: 'main', model: { name: 'gpt-4o', per_instance_cost_limit: 3 }, templates: { instance_template: 'ISSUE:\n{{problem_statement}}\n\nINSTRUCTIONS:\nNow, you are going to solve this on your own.' } },
    problem_statement: { type: 'text', text: 'Find the flag in networking.pcap\nThe flag format is flag{...}.', id: 'networking_1' },
  };
  return {
    trajectory: doc.trajectory.map((s: Doc) => ({ ...s, state: JSON.parse(s.state), execution_time: 0.5, query: [{ role: 'system', content: 'x' }] })),
    history,
    info: { ...doc.info, swe_agent_version: '1.1.0', model_stats: { instance_cost: 0.0195, tokens_sent: 7141, tokens_received: 243, api_calls: 4 } },
    replay_config: JSON.stringify(replay),
    environment: 'main',
  };
}

describe('the real SWE-agent CTF demonstration (0.x)', () => {
  it('reads one run keyed by its file, with the first user message as task and the flag as submission', async () => {
    const runs = await sweAgentReader.read(CTF_DIR, 'networking_1.traj', DEFAULT_READ_LIMITS);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.key).toBe('networking_1.traj');
    expect(run.format).toBe('swe-agent');
    expect(run.files).toEqual(['networking_1.traj']);
    expect(firstLine(run.title)).toBe('We\'re currently solving the following CTF challenge. The CTF challenge is a miscellaneous problem named "Networking 1", worth 10 points. The description is:');
    expect(run.task).toBe(fixture().history[1].content);
    expect(run.diff).toBe('flag{d316759c281bf925d600be698a4973d5}');
    expect(run.plan).toBe("We have provided with a pcap file, let's used the preinstalled tshark to print some statisics about the pcap protocols and endpoints.\n");
    expect(run.agent).toEqual({ name: 'swe-agent' }); // a demonstration records no model and no version
    expect(run.verdict).toBeUndefined(); // exit_status "submitted" says nothing of correctness
    expect(run.startedAt).toBeUndefined();
    expect(run.problems).toEqual([]);
  });

  it('keeps the recorded zero usage of a demonstration as its phase, and invents no model', async () => {
    const [run] = await sweAgentReader.read(CTF_DIR, 'networking_1.traj', DEFAULT_READ_LIMITS);
    expect(run!.phases).toEqual([{ name: 'swe-agent', tokensIn: 0, tokensOut: 0, costUsd: 0 }]);
  });

  it('opens with the system prompt and the task from history, then one agent step per trajectory entry', async () => {
    const [run] = await sweAgentReader.read(CTF_DIR, 'networking_1.traj', DEFAULT_READ_LIMITS);
    const steps = run!.steps;
    expect(steps.map((s) => s.source)).toEqual(['system', 'user', 'agent', 'agent', 'agent', 'agent']);
    expect(steps[0]!.message?.startsWith('SETTING: You are a skilled cybersecurity professional and top CTF player.')).toBe(true);
    expect(steps[0]!.message!.length).toBeLessThanOrEqual(DEFAULT_READ_LIMITS.clipChars); // 6,410 characters, clipped
    const first = steps[2]!;
    expect(first.reasoning).toBe(fixture().trajectory[0].thought);
    expect(first.message).toBe(fixture().trajectory[0].response);
    expect(first.toolCalls).toEqual([{ name: 'bash', arguments: JSON.stringify({ command: 'tshark -n -r networking.pcap -q -z io,phs \n' }) }]);
    expect(first.observations).toEqual([{ content: fixture().trajectory[0].observation, bytes: 549 }]);
    expect(steps.map((s) => s.observations?.[0]?.bytes)).toEqual([undefined, undefined, 549, 576, 303, 0]);
    expect(JSON.parse(steps[5]!.toolCalls![0]!.arguments)).toEqual({ command: "submit 'flag{d316759c281bf925d600be698a4973d5}'\n" });
    expect(steps.every((s) => s.metrics === undefined && s.model === undefined && s.timestamp === undefined)).toBe(true);
  });
});

describe('a SWE-agent 1.x function-calling record', () => {
  it('takes the task from the problem statement in replay_config, and the model, version and usage from the record', async () => {
    const run = await only(functionCallingRecord());
    expect(run.task).toBe('Find the flag in networking.pcap\nThe flag format is flag{...}.');
    expect(firstLine(run.title)).toBe('Find the flag in networking.pcap');
    expect(run.agent).toEqual({ name: 'swe-agent', version: '1.1.0', model: 'gpt-4o' });
    expect(run.phases).toEqual([{ name: 'swe-agent', model: 'gpt-4o', tokensIn: 7141, tokensOut: 243, costUsd: 0.0195 }]);
    expect(run.problems).toEqual([]);
  });

  it('uses the tool calls the history recorded for each step, and links each observation to its call', async () => {
    const run = await only(functionCallingRecord());
    const agent = run.steps.filter((s) => s.source === 'agent');
    expect(agent).toHaveLength(4);
    expect(agent.map((s) => s.toolCalls?.[0]?.id)).toEqual(['call_1', 'call_2', 'call_3', 'call_4']);
    expect(agent.map((s) => s.observations?.[0]?.callId)).toEqual(['call_1', 'call_2', 'call_3', 'call_4']);
    expect(agent[0]!.toolCalls![0]).toEqual({ id: 'call_1', name: 'bash', arguments: JSON.stringify({ command: 'tshark -n -r networking.pcap -q -z io,phs \n' }) });
  });

  it('cuts the task out of the first user message with the instance template when the statement keeps no text', async () => {
    const doc = functionCallingRecord();
    const replay = JSON.parse(doc.replay_config);
    replay.problem_statement = { type: 'github', github_url: 'https://github.com/o/r/issues/1', id: 'o__r-i1' };
    doc.replay_config = JSON.stringify(replay);
    doc.history[1].content = 'ISSUE:\nSyntaxError: invalid syntax\nin missing_colon.py\n\nINSTRUCTIONS:\nNow, you are going to solve this on your own.';
    const run = await only(doc);
    expect(run.task).toBe('SyntaxError: invalid syntax\nin missing_colon.py');
    expect(run.steps[1]!.message).toBe(doc.history[1].content); // the step keeps the message as the model saw it
  });

  it('falls back to a bash call of the action when the history has no reply for a step', async () => {
    const doc = functionCallingRecord();
    doc.history = doc.history.slice(0, 8); // the last reply and its answer were not saved
    const run = await only(doc);
    const last = run.steps.at(-1)!;
    expect(last.toolCalls).toEqual([{ name: 'bash', arguments: JSON.stringify({ command: "submit 'flag{d316759c281bf925d600be698a4973d5}'\n" }) }]);
    expect(last.observations![0]!.callId).toBeUndefined();
  });

  it('marks demonstrations in the history as copied context and takes the task from the first message that is none', async () => {
    const doc = fixture();
    doc.history.splice(1, 0, { role: 'user', content: 'Here is a demonstration of how to solve a task.', agent: 'primary', is_demo: true });
    const run = await only(doc);
    expect(run.steps.slice(0, 3).map((s) => [s.source, s.copied === true])).toEqual([['system', false], ['user', true], ['user', false]]);
    expect(run.title?.startsWith("We're currently solving the following CTF challenge.")).toBe(true);
  });

  it('says nothing of correctness for submitted or limited runs, and error only for statuses that say the run broke', async () => {
    const table: Array<[unknown, string | undefined]> = [
      ['submitted', undefined], ['exit_cost', undefined], ['submitted (exit_cost)', undefined], ['exit_context', undefined],
      ['exit_command', undefined], ['exit_forfeit', undefined], ['exit_total_execution_time', undefined], [3, undefined], [null, undefined],
      ['exit_error', 'error'], ['submitted (exit_error)', 'error'], ['exit_format', 'error'], ['exit_api', 'error'],
      ['exit_environment_error', 'error'], ['exit_command_timeout', 'error'],
    ];
    for (const [status, verdict] of table) {
      const doc = fixture();
      doc.info.exit_status = status;
      const run = await only(doc);
      expect(run.verdict?.verdict, String(status)).toBe(verdict);
      if (verdict) expect(run.verdict).toEqual({ verdict: 'error', judge: 'swe-agent exit_status', summary: status });
      expect(run.problems).toEqual([]);
    }
  });
});

describe('a SWE-agent retry loop', () => {
  it('reads a file of attempts only as one run per attempt, keyed by SWE-agent\'s attempt folder names', async () => {
    const attempt = functionCallingRecord();
    const runs = await runsOf({ attempts: [attempt, { ...attempt, trajectory: attempt.trajectory.slice(0, 2) }] });
    expect(runs.map((r) => r.key)).toEqual(['run/x.traj#attempt_0', 'run/x.traj#attempt_1']);
    expect(runs.map((r) => r.steps.length)).toEqual([6, 4]);
  });

  it('reads the chosen attempt at the top as the run and the other attempts as its subruns', async () => {
    const attempt = functionCallingRecord();
    const doc = { attempts: [attempt, attempt, attempt], ...attempt, info: { ...attempt.info, best_attempt_idx: 1 } };
    const run = await only(doc);
    expect(run.key).toBe('run/x.traj');
    expect(run.subruns?.map((r) => r.key)).toEqual(['run/x.traj#attempt_0', 'run/x.traj#attempt_2']);
  });
});

describe('limits', () => {
  it('keeps at most maxSteps steps and counts the rest in one problem', async () => {
    const run = await only(fixture(), { ...DEFAULT_READ_LIMITS, maxSteps: 4 });
    expect(run.steps).toHaveLength(4);
    expect(run.problems).toHaveLength(1);
    expect(run.problems[0]!.message).toMatch(/2 steps were not kept/);
  });

  it('clips long texts at a line or word and keeps the size of the whole observation', async () => {
    const run = await only(fixture(), { ...DEFAULT_READ_LIMITS, clipChars: 100 });
    const observation = run.steps[2]!.observations![0]!;
    expect(observation.bytes).toBe(549);
    expect(observation.content.length).toBeLessThanOrEqual(100);
    expect(fixture().trajectory[0].observation.startsWith(observation.content)).toBe(true);
    expect(run.steps[0]!.message!.length).toBeLessThanOrEqual(100);
  });
});

describe('detecting SWE-agent trajectories', () => {
  it('claims the real .traj and no file of any other format', () => {
    const files = readdirSync(REAL, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name !== 'SOURCE' && d.name !== 'hazards.json')
      .map((d) => path.relative(REAL, path.join(d.parentPath, d.name)));
    expect(files.length).toBeGreaterThanOrEqual(12);
    const verdicts = Object.fromEntries(files.map((file) => [file, sweAgentReader.detect(file.split('/').slice(1).join('/'), head(path.join(REAL, file)))]));
    for (const [file, detected] of Object.entries(verdicts)) expect(detected, file).toBe(file.startsWith('swe-agent-ctf/') ? 'run' : null);
  });

  it('claims a 1.x file whose first step is longer than the head, a retry loop\'s attempts and a run without steps', () => {
    const long = JSON.stringify(functionCallingRecord(), null, 2).replace('"query": [', `"query": [${'{"role": "user", "content": "x"}, '.repeat(3000)}`);
    expect(long.indexOf('"history"')).toBeGreaterThan(64 * 1024);
    expect(sweAgentReader.detect('a/b.traj', long.slice(0, 64 * 1024))).toBe('run');
    expect(sweAgentReader.detect('b.json', '{\n  "attempts": [\n    {\n      "trajectory": [\n        {\n          "action": "ls",')).toBe('run');
    expect(sweAgentReader.detect('b.json', '{"trajectory": [], "history": [{"role": "system"')).toBe('run');
  });

  it('says null for look-alikes: a trajectory of other steps, a mini-swe-agent file, a bare history, an array', () => {
    expect(sweAgentReader.detect('t.json', '{"trajectory": [{"step": 1, "tool": "ls"}]}')).toBe(null);
    expect(sweAgentReader.detect('t.json', '{"trajectory": []}')).toBe(null);
    expect(sweAgentReader.detect('t.traj.json', '{"info": {"mini_version": "1.0"}, "messages": [], "trajectory_format": "mini-swe-agent-1"}')).toBe(null);
    expect(sweAgentReader.detect('d.traj', '{"history": [{"role": "system", "content": "x", "message_type": "system_prompt"}]}')).toBe(null);
    expect(sweAgentReader.detect('l.traj', '[{"action": "ls", "observation": "x"}]')).toBe(null);
    expect(sweAgentReader.detect('s.json', '{"text": "{\\"trajectory\\": [{\\"action\\": \\"ls\\"}]}"}')).toBe(null);
  });
});

describe('the instance template cut', () => {
  it('finds the text put in for the placeholder only where the template pins it down', () => {
    expect(taskFromTemplate('<pr>\nFix it\n</pr>\nand the instructions', '<pr>\n{{task}}\n</pr>\nand the instructions\n', 'task')).toBe('Fix it');
    expect(taskFromTemplate('ISSUE:\nBug\n\nINSTRUCTIONS: go on', 'ISSUE:\n{problem_statement}\n\nINSTRUCTIONS: {open_file}', 'problem_statement')).toBe('Bug');
    expect(taskFromTemplate('Hello Fix it now', '{{greeting}} {{task}} now', 'task')).toBeUndefined(); // a placeholder before the task
    expect(taskFromTemplate('Task: Fix it. Go', 'Task: {{task}}. Go', 'task')).toBeUndefined(); // a closing too short to trust
    // A cut inside a run of the message drops the run's piece: the rest of it (a URL's @host) lies in the template's text.
    const message = 'Fix the import. It connects with postgres://deploy:Thistle-ember-3391@db.internal:5432/app and the rules follow';
    const task = taskFromTemplate(message, '{{task}}@db.internal:5432/app and the rules follow', 'task');
    expect(task).toBe('Fix the import. It connects with ');
    expect(taskFromTemplate('Look at THE_KEY=ghp_partOne and go, quickly and carefully', 'Look at THE_{{task}} and go, quickly and carefully', 'task')).toBeUndefined();
    expect(taskFromTemplate('Something else entirely', 'Task: {{task}}', 'task')).toBeUndefined();
  });
});

describe('hostile SWE-agent records', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['an empty file', '', /is not JSON/],
    ['a file cut short', JSON.stringify(fixture(), null, 2).slice(0, 5000), /is not JSON/],
    ['a non-JSON line in the document', JSON.stringify(fixture(), null, 2).replace('"trajectory": [', `"trajectory": [\n${CANARY} not json,`), /is not JSON/],
    ['an array at the top', JSON.stringify([fixture()]), /the record is an array, not an object/],
    ['a trajectory that is a string', JSON.stringify({ ...fixture(), trajectory: CANARY }), /trajectory is a string, not an array/],
    ['a trajectory entry that is a number', JSON.stringify({ ...fixture(), trajectory: [7, ...fixture().trajectory] }), /trajectory\[0\] is a number, not an object/],
    ['a history role that is no role', JSON.stringify({ ...fixture(), history: [{ role: CANARY, content: 'x' }] }), /history\[0\]\.role is not a role/],
    ['replay_config text that is no JSON', JSON.stringify({ ...fixture(), replay_config: `{${CANARY}` }), /replay_config is text but not a JSON object/],
    ['an info that is a string', JSON.stringify({ ...fixture(), info: CANARY }), /info is a string, not an object/],
    ['no trajectory at all', JSON.stringify({ history: fixture().history, info: fixture().info }), /trajectory is missing/],
  ];
  for (const [name, text, expected] of cases) {
    it(`reads ${name} without throwing and names the position, not the content`, async () => {
      const runs = await runsOf(text);
      expect(runs.length).toBeGreaterThanOrEqual(1);
      const problems = runs.flatMap((r) => r.problems);
      expect(problems.map((p) => p.message).join('\n')).toMatch(expected);
      for (const p of problems) {
        expect(p.code).toBe('JOURNEY_SOURCE_INVALID');
        expect(p.file).toBe('run/x.traj');
        expect(JSON.stringify(p)).not.toContain(CANARY);
      }
    });
  }

  it('reads the rest of a record whose fields have the wrong types, and no problem carries a planted value', async () => {
    const doc = fixture();
    doc.trajectory[0].observation = [CANARY];
    doc.trajectory[1].action = { command: CANARY };
    doc.trajectory[2].thought = 42;
    doc.history[0].content = { text: CANARY };
    doc.info.exit_status = [CANARY];
    doc.info.submission = { patch: CANARY };
    doc.info.model_stats.tokens_sent = CANARY;
    doc.info.model_stats.instance_cost = -1;
    doc.replay_config = { agent: { model: { name: [CANARY] }, templates: CANARY }, problem_statement: { text: 7 } };
    const run = await only(doc);
    expect(run.steps).toHaveLength(6);
    expect(run.steps[2]!.observations).toBeUndefined();
    expect(run.steps[3]!.toolCalls).toBeUndefined();
    expect(run.steps[3]!.observations?.[0]?.bytes).toBe(576);
    expect(run.steps[4]!.reasoning).toBeUndefined();
    expect(run.steps[0]!.message).toBeUndefined();
    expect(run.diff).toBeUndefined();
    expect(run.agent).toEqual({ name: 'swe-agent' });
    expect(run.phases).toEqual([{ name: 'swe-agent', tokensOut: 0 }]);
    expect(run.problems.map((p) => p.field).sort()).toEqual([
      'history[0].content', 'info.exit_status', 'info.model_stats.instance_cost', 'info.model_stats.tokens_sent', 'info.submission',
      'replay_config.agent.model.name', 'replay_config.agent.templates', 'replay_config.problem_statement.text',
      'trajectory[0].observation', 'trajectory[1].action', 'trajectory[2].thought',
    ]);
    expect(JSON.stringify(run.problems)).not.toContain(CANARY);
    expect(run.problems.find((p) => p.field === 'trajectory[1].action')!.message).toBe('trajectory[1].action is an object, not a string; it is read as absent');
  });
});
