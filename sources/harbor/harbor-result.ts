// What a Harbor trial's result.json adds to its trajectory: the verifier's reward as a verdict (or the
// exception that ended the trial), the trial's start and end, the task's name and the agent's model.
import { below, complain, type Fields, field, isFields, kindOf, type Position } from '../atif/atif-fields.ts';
import type { ImportedRun, RunVerdict } from '../imported-run.ts';
import { fromFirstLine, timeOf } from '../read-record.ts';

export interface TrialFacts {
  verdict?: RunVerdict;
  startedAt?: string;
  endedAt?: string;
  taskName?: string;
  agent?: NonNullable<ImportedRun['agent']>;
}

function timeField(fields: Fields, name: string, at: Position): string | undefined {
  const written = field(fields, name, 'string', at);
  if (written === undefined) return undefined;
  const time = timeOf(written);
  if (time === undefined) complain(below(at, name), 'is not an ISO 8601 time; it is read as absent');
  return time;
}

/**
 * The trial's reward: `rewards.reward`, or the only reward when the verifier wrote one under another
 * name. Several rewards of which none is named `reward` are not one verdict.
 */
function rewardOf(doc: Fields, at: Position): number | undefined {
  const result = field(doc, 'verifier_result', 'object', at);
  const resultAt = below(at, 'verifier_result');
  const rewards = result ? field(result, 'rewards', 'object', resultAt) : undefined;
  if (!rewards) return undefined;
  const rewardsAt = below(resultAt, 'rewards');
  if (rewards['reward'] !== undefined && rewards['reward'] !== null) return field(rewards, 'reward', 'number', rewardsAt);
  const names = Object.keys(rewards);
  // The reward's own name is a record key, content like any: a problem names its position, not it.
  if (names.length === 1) {
    const only = rewards[names[0]!];
    if (typeof only === 'number' && Number.isFinite(only)) return only;
    complain(rewardsAt, 'holds one reward that is not a number; no verdict is read');
    return undefined;
  }
  if (names.length > 1) complain(rewardsAt, 'holds several rewards and none named "reward"; no verdict is read', true);
  return undefined;
}

/** The exception Harbor recorded, as `ExceptionType: message` (the whole message: the redactor reads it whole). */
function exceptionOf(doc: Fields, at: Position): string | undefined {
  const exception = field(doc, 'exception_info', 'object', at);
  if (!exception) return undefined;
  const exceptionAt = below(at, 'exception_info');
  const type = field(exception, 'exception_type', 'string', exceptionAt);
  const message = fromFirstLine(field(exception, 'exception_message', 'string', exceptionAt));
  return [type, message].filter((part) => part !== undefined).join(': ');
}

/**
 * An exception recorded by Harbor makes the verdict `error` (with the reward as score when the verifier
 * still gave one); else reward 1 passes, 0 fails, and between is partial. A reward outside 0..1 is no verdict.
 */
function verdictOf(doc: Fields, at: Position, finishedAt: string | undefined): RunVerdict | undefined {
  const reward = rewardOf(doc, at);
  const exception = exceptionOf(doc, at);
  const verifier = field(doc, 'verifier', 'object', at);
  const ts = (verifier ? timeField(verifier, 'finished_at', below(at, 'verifier')) : undefined) ?? finishedAt;
  const inRange = reward !== undefined && reward >= 0 && reward <= 1;
  if (reward !== undefined && !inRange) complain(below(below(at, 'verifier_result'), 'rewards'), 'holds a reward outside 0..1; it is not shown as a verdict', true);
  const stamp = { ...(inRange ? { score: reward } : {}), ...(ts === undefined ? {} : { ts }) };
  if (exception !== undefined) return { verdict: 'error', judge: 'harbor', ...stamp, ...(exception === '' ? {} : { summary: exception }) };
  if (!inRange) return undefined;
  return { verdict: reward === 1 ? 'pass' : reward === 0 ? 'fail' : 'partial', judge: 'harbor verifier', ...stamp };
}

function agentOf(doc: Fields, at: Position): TrialFacts['agent'] {
  const info = field(doc, 'agent_info', 'object', at);
  if (!info) return undefined;
  const infoAt = below(at, 'agent_info');
  const name = field(info, 'name', 'string', infoAt);
  const version = field(info, 'version', 'string', infoAt);
  const modelInfo = field(info, 'model_info', 'object', infoAt);
  const model = modelInfo ? field(modelInfo, 'name', 'string', below(infoAt, 'model_info')) : undefined;
  return { ...(name === undefined ? {} : { name }), ...(version === undefined ? {} : { version }), ...(model === undefined ? {} : { model }) };
}

/**
 * The facts of a trial's result.json (Harbor's TrialResult); problems name the field, never its value.
 *
 * @example
 * trialFacts({ task_name: 'hello', verifier_result: { rewards: { reward: 1 } }, exception_info: null }, at).verdict // { verdict: 'pass', score: 1, judge: 'harbor verifier' }
 */
export function trialFacts(doc: unknown, at: Position): TrialFacts {
  if (!isFields(doc)) {
    complain(at, `is ${kindOf(doc)}, not a Harbor trial result; no verdict is read`);
    return {};
  }
  const startedAt = timeField(doc, 'started_at', at);
  const endedAt = timeField(doc, 'finished_at', at);
  const verdict = verdictOf(doc, at, endedAt);
  const taskName = field(doc, 'task_name', 'string', at);
  const agent = agentOf(doc, at);
  return {
    ...(verdict ? { verdict } : {}), ...(startedAt === undefined ? {} : { startedAt }), ...(endedAt === undefined ? {} : { endedAt }),
    ...(taskName === undefined ? {} : { taskName }), ...(agent ? { agent } : {}),
  };
}
