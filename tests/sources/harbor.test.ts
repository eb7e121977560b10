// The Harbor importer on a real trial folder (SkillsBench's 3d-scan-calc trial: Claude Code on MiniMax,
// reward 1.0, 2 tests passed), its detection against every other format's fixture, verdicts from copies
// of the trial's result.json, and a hostile-input table for result.json and verifier/ctrf.json.
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { harborReader } from '../../sources/harbor/read-harbor.ts';
import { DEFAULT_READ_LIMITS } from '../../sources/source-reader.ts';
import { tempDir } from '../../testkit/run-cli.ts';
import { firstLine, readHead as headOf } from '../../sources/read-record.ts';
import { realRecordFiles } from '../../testkit/source-folder.ts';

const REAL = path.join(import.meta.dirname, '..', 'fixtures', 'real');
const JOB = path.join(REAL, 'harbor-job');
const TRIAL = '3d-scan-calc__t2HR7VM';
const TRAJECTORY = `${TRIAL}/agent/trajectory.json`;
const RESULT = `${TRIAL}/result.json`;
const CTRF = `${TRIAL}/verifier/ctrf.json`;
const CANARY = 'CANARY-9f3b2c7e';

type Json = Record<string, unknown>;
const read = async (root: string) => {
  const runs = await harborReader.read(root, TRAJECTORY, DEFAULT_READ_LIMITS);
  expect(runs).toHaveLength(1);
  return runs[0]!;
};
const realJson = (file: string) => JSON.parse(readFileSync(path.join(JOB, file), 'utf8')) as Json;

/** A copy of the real job folder in a temp dir, with `change` applied to some of its files. */
function copyJob(change: Partial<Record<'result' | 'ctrf' | 'trajectory', string | null>> = {}): string {
  const root = tempDir('harbor');
  cpSync(JOB, root, { recursive: true, filter: (file) => path.basename(file) !== 'SOURCE' });
  const files = { result: RESULT, ctrf: CTRF, trajectory: TRAJECTORY };
  for (const [which, content] of Object.entries(change)) {
    const file = path.join(root, files[which as keyof typeof files]);
    if (content === null) rmSync(file);
    else writeFileSync(file, content);
  }
  return root;
}
const resultWith = (change: (doc: Json) => void) => {
  const doc = realJson(RESULT);
  change(doc);
  return JSON.stringify(doc, null, 4);
};


describe('the Harbor importer on a real trial', () => {
  it('reads the trial as one run: its trajectory, the verifier\'s pass, the trial\'s times and its two tests', async () => {
    const run = await read(JOB);
    expect(run).toMatchObject({ key: TRAJECTORY, format: 'harbor', files: [TRAJECTORY, RESULT, CTRF] });
    expect(run.verdict).toEqual({ verdict: 'pass', score: 1, judge: 'harbor verifier', ts: '2026-01-26T16:02:53.123Z' });
    // The trial's own start and end (environment setup to teardown), not the first and last step.
    expect([run.startedAt, run.endedAt]).toEqual(['2026-01-26T16:01:30.516Z', '2026-01-26T16:03:04.408Z']);
    expect(run.tests).toEqual({
      passed: 2, failed: 0, skipped: 0,
      cases: [{ name: 'test_outputs.py::TestOutputs::test_file_exists', status: 'passed' }, { name: 'test_outputs.py::TestOutputs::test_values_correct', status: 'passed' }],
    });
    expect(run.title?.startsWith('You need to calculate the mass of a 3D printed part.')).toBe(true);
    expect(run.task?.endsWith('within **0.1% accuracy**.')).toBe(true);
    // The trajectory names the model Claude Code reported; result.json's MiniMax-M2.1 does not overwrite it.
    expect(run.agent).toEqual({ name: 'claude-code', version: '2.1.19', model: 'MiniMax-M2' });
    expect(run.steps).toHaveLength(19);
    expect(run.steps.flatMap((s) => (s.toolCalls ?? []).map((c) => c.name))).toEqual(['Read', 'Glob', 'Read', 'Bash', 'Write', 'Bash', 'Read']);
    expect(run.phases).toMatchObject([{ name: 'MiniMax-M2', tokensIn: 313977, tokensOut: 0 }]);
    expect(run.problems).toEqual([]);
  });
});

describe('detecting a Harbor job folder', () => {
  it('says run for the trial\'s trajectory, part for its result and CTRF report, and null for every other fixture file', () => {
    const detected = Object.fromEntries(realRecordFiles().map((file) => [file, harborReader.detect(file, headOf(path.join(REAL, file)))]).filter(([, d]) => d !== null));
    expect(detected).toEqual({ [`harbor-job/${TRAJECTORY}`]: 'run', [`harbor-job/${RESULT}`]: 'part', [`harbor-job/${CTRF}`]: 'part' });
  });

  it('claims the job\'s own result.json and config.json as parts, and not a trajectory that is not ATIF', () => {
    // Heads shaped as Harbor writes them (JobResult, JobConfig, TrialConfig), cut where the listing may cut.
    expect(harborReader.detect('job/result.json', '{\n    "id": "38f0e090",\n    "started_at": "2026-01-25T23:08:06.530414",\n    "n_total_trials": 1,\n    "stats": {')).toBe('part');
    expect(harborReader.detect('job/config.json', '{\n    "job_name": "terminus-2-adaptive",\n    "jobs_dir": "jobs",\n    "orchestrator": {')).toBe('part');
    expect(harborReader.detect('job/t__a/config.json', '{\n    "task": {"path": "/tmp/t"},\n    "trial_name": "t__a",\n    "trials_dir": "jobs/j",')).toBe('part');
    // SkillsBench's Terminus-2 variant writes a list of episodes there: not ATIF, not a run.
    expect(harborReader.detect('job/t__a/agent/trajectory.json', '[\n  {\n    "episode": 0,\n    "prompt": "You are an AI assistant')).toBeNull();
    expect(harborReader.detect('results.json', '{"trial_name": "x", "trial_uri": "file:///"}')).toBeNull();
  });
});

describe('the verdict from result.json', () => {
  const cases: Array<{ name: string; change: (doc: Json) => void; verdict: unknown; notes?: number }> = [
    { name: 'reward 0 fails', change: (d) => void (d['verifier_result'] = { rewards: { reward: 0.0 } }), verdict: { verdict: 'fail', score: 0, judge: 'harbor verifier' } },
    { name: 'a reward between 0 and 1 is partial, with the reward as score', change: (d) => void (d['verifier_result'] = { rewards: { reward: 0.45 } }), verdict: { verdict: 'partial', score: 0.45, judge: 'harbor verifier' } },
    { name: 'the only reward under another name counts', change: (d) => void (d['verifier_result'] = { rewards: { score: 1 } }), verdict: { verdict: 'pass', score: 1, judge: 'harbor verifier' } },
    {
      name: 'an exception makes it an error, with the reward the verifier still gave',
      change: (d) => {
        d['exception_info'] = { exception_type: 'AgentTimeoutError', exception_message: 'Agent execution timed out after 900 seconds\nTraceback...', exception_traceback: '', occurred_at: '2026-01-26T16:02:50' };
        d['verifier_result'] = { rewards: { reward: 0 } };
      },
      // The whole message: a cut before redaction would hide what follows the first line from the redactor.
      verdict: { verdict: 'error', score: 0, judge: 'harbor', summary: 'AgentTimeoutError: Agent execution timed out after 900 seconds\nTraceback...' },
    },
    { name: 'no verifier result is no verdict', change: (d) => void (d['verifier_result'] = null), verdict: undefined },
    { name: 'a reward outside 0..1 is no verdict, with a note', change: (d) => void (d['verifier_result'] = { rewards: { reward: 5 } }), verdict: undefined, notes: 1 },
    { name: 'several rewards none named reward are no verdict, with a note', change: (d) => void (d['verifier_result'] = { rewards: { f2p: 1, p2p: 0 } }), verdict: undefined, notes: 1 },
  ];
  for (const { name, change, verdict, notes } of cases) {
    it(name, async () => {
      const run = await read(copyJob({ result: resultWith(change) }));
      if (verdict === undefined) expect(run.verdict).toBeUndefined();
      else expect(run.verdict).toMatchObject(verdict as object);
      expect(run.problems.filter((p) => p.note).length).toBe(notes ?? 0);
      expect(run.problems.filter((p) => !p.note)).toEqual([]);
    });
  }

  it('reads a trial without result.json as its trajectory alone, with no verdict and the steps\' times', async () => {
    const run = await read(copyJob({ result: null, ctrf: null }));
    expect(run.files).toEqual([TRAJECTORY]);
    expect(run.verdict).toBeUndefined();
    expect(run.tests).toBeUndefined();
    expect([run.startedAt, run.endedAt]).toEqual(['2026-01-26T16:01:58.865Z', '2026-01-26T16:02:50.776Z']);
    expect(run.problems).toEqual([]);
  });

  it('titles the run by the task\'s name when the trajectory has no user step', async () => {
    const trajectory = realJson(TRAJECTORY) as Json & { steps: Json[] };
    trajectory.steps[0]!['source'] = 'system';
    const run = await read(copyJob({ trajectory: JSON.stringify(trajectory) }));
    expect(run.task).toBeUndefined();
    expect(firstLine(run.title)).toBe('3d-scan-calc');
  });

  it('counts failed and skipped tests from the CTRF cases, with the failure\'s message, and notes the ones of status other', async () => {
    const ctrf = realJson(CTRF) as { results: { tests: Json[] } };
    ctrf.results.tests.push({ name: 'test_outputs.py::test_c', status: 'failed', message: 'The test failed in the call phase due to an assertion error' },
      { name: 'test_outputs.py::test_d', status: 'pending' }, { name: 'test_outputs.py::test_e', status: 'other' });
    const run = await read(copyJob({ ctrf: JSON.stringify(ctrf) }));
    expect(run.tests).toMatchObject({ passed: 2, failed: 1, skipped: 1 });
    expect(run.tests!.cases[2]).toEqual({ name: 'test_outputs.py::test_c', status: 'failed', message: 'The test failed in the call phase due to an assertion error' });
    expect(run.problems.map((p) => [p.field, p.note])).toEqual([['results.tests', true]]);
  });
});

const HOSTILE: Array<{ name: string; change: Parameters<typeof copyJob>[0]; at: string[] }> = [
  { name: 'a truncated result.json', change: { result: readFileSync(path.join(JOB, RESULT), 'utf8').slice(0, 900) }, at: [`${RESULT} `] },
  { name: 'an empty result.json', change: { result: '' }, at: [`${RESULT} `] },
  { name: 'a result.json that is a list', change: { result: '[]' }, at: [`${RESULT} `] },
  { name: 'a reward that is text', change: { result: resultWith((d) => void (d['verifier_result'] = { rewards: { reward: '1.0' } })) }, at: [`${RESULT} verifier_result.rewards.reward`] },
  { name: 'times that are no times', change: { result: resultWith((d) => Object.assign(d, { started_at: 'soon', finished_at: 3 })) }, at: [`${RESULT} started_at`, `${RESULT} finished_at`] },
  { name: 'an exception_info that is text', change: { result: resultWith((d) => void (d['exception_info'] = 'boom')) }, at: [`${RESULT} exception_info`] },
  { name: 'a CTRF report whose tests are not a list', change: { ctrf: '{"results": {"tests": {"a": 1}}}' }, at: [`${CTRF} results.tests`] },
  { name: 'a CTRF test without a status', change: { ctrf: '{"results": {"tests": [{"name": "t"}, 4]}}' }, at: [`${CTRF} results.tests[0]`, `${CTRF} results.tests[1]`] },
  { name: 'a truncated trajectory', change: { trajectory: readFileSync(path.join(JOB, TRAJECTORY), 'utf8').slice(0, 3000) }, at: [`${TRAJECTORY} `] },
];

describe('hostile input', () => {
  for (const { name, change, at } of HOSTILE) {
    it(`reads ${name} without throwing, with a problem naming the file and field`, async () => {
      const run = await read(copyJob(change));
      expect(run.key).toBe(TRAJECTORY);
      expect(run.problems.map((p) => `${p.file} ${p.field ?? ''}`)).toEqual(at);
      expect(run.problems.every((p) => p.code === 'JOURNEY_SOURCE_INVALID')).toBe(true);
    });
  }

  it('keeps the verdict and steps when only the CTRF report is broken', async () => {
    const run = await read(copyJob({ ctrf: '{"results": ' }));
    expect(run.verdict?.verdict).toBe('pass');
    expect(run.steps).toHaveLength(19);
    expect(run.tests).toBeUndefined();
  });

  it('does not follow a result.json that is a symlink out of the trial folder', async () => {
    const root = copyJob({ result: null });
    const outside = path.join(tempDir('harbor-outside'), 'result.json');
    writeFileSync(outside, readFileSync(path.join(JOB, RESULT)));
    symlinkSync(outside, path.join(root, RESULT));
    const run = await read(root);
    expect(run.verdict).toBeUndefined();
    expect(run.files).toEqual([TRAJECTORY, CTRF]);
    expect(run.problems.map((p) => [p.file, p.note])).toEqual([[RESULT, true]]);
  });

  it('does not read a CTRF report reached through a verifier folder that is a symlink out of the source folder', async () => {
    const root = copyJob({ ctrf: null });
    const outside = tempDir('harbor-outside-dir');
    writeFileSync(path.join(outside, 'ctrf.json'), readFileSync(path.join(JOB, CTRF)));
    rmSync(path.join(root, TRIAL, 'verifier'), { recursive: true });
    symlinkSync(outside, path.join(root, TRIAL, 'verifier'));
    const run = await read(root);
    expect(run.tests).toBeUndefined();
    expect(run.verdict?.verdict).toBe('pass');
    expect(run.problems.map((p) => [p.file, p.note])).toEqual([[CTRF, true]]);
  });

  it('never puts a value of the record into a problem: a canary in wrong-typed fields of result.json and ctrf.json', async () => {
    const result = resultWith((d) => Object.assign(d, {
      task_name: [CANARY], started_at: CANARY, finished_at: { [CANARY]: CANARY }, exception_info: { exception_type: 9, exception_message: [CANARY] },
      verifier_result: { rewards: { reward: CANARY } }, agent_info: { name: { [CANARY]: 1 }, model_info: { name: [CANARY] } }, verifier: { finished_at: CANARY },
    }));
    const ctrf = JSON.stringify({ results: { tests: [{ name: CANARY, status: CANARY }, { name: [CANARY], status: 'passed', message: 5 }, CANARY] } });
    const run = await read(copyJob({ result, ctrf }));
    expect(run.problems.length).toBeGreaterThanOrEqual(10);
    for (const p of run.problems) expect(`${p.file} ${p.field ?? ''} ${p.message} ${p.fix}`).not.toContain('CANARY');
    // The test of an unknown status is counted in a note; the exception still makes the verdict an error.
    expect(run.verdict?.verdict).toBe('error');
  });
});
