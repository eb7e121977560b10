// A parsed SWE-agent trajectory as runs: the task, the steps, the submission, the model and its usage, and a
// verdict only where SWE-agent's exit status says the run broke (a status never says the work is right).
import type { Problem } from '../../loop/problem.ts';
import type { ImportedRun, RunPhase, RunVerdict } from '../imported-run.ts';
import { fromFirstLine } from '../read-record.ts';
import type { ReadLimits } from '../source-reader.ts';
import { below, complain, count, type Fields, field, isFields, kindOf, type Position } from './record-fields.ts';
import { addStep, reportNotKept, stepList } from './step-list.ts';
import { type HistoryRead, noHistoryYet, openingSteps, readHistory } from './swe-agent-history.ts';
import { addTrajectorySteps, noTrajectoryYet, readTrajectory, type TrajectoryRead } from './swe-agent-steps.ts';
import { taskFromTemplate } from './template-task.ts';

/**
 * Exit statuses that say the run broke: an error in SWE-agent or its runtime (`exit_error`,
 * `exit_environment_error`), the model API failing past its retries (`exit_api`), the model failing the
 * output format over and over (`exit_format`), commands timing out over and over (`exit_command_timeout`).
 * A limit reached (`exit_cost`, `exit_context`, `exit_total_execution_time`), the agent's own `exit` or
 * forfeit, and `submitted` are how a run ends, not errors: they give no verdict. `submitted (exit_error)`
 * (a patch saved after the error) is still the error.
 */
const ERROR_STATUSES = new Set(['exit_error', 'exit_api', 'exit_environment_error', 'exit_format', 'exit_command_timeout']);

function verdictOf(status: string | undefined): RunVerdict | undefined {
  if (status === undefined) return undefined;
  const inner = /^submitted \((.+)\)$/.exec(status)?.[1] ?? status;
  return ERROR_STATUSES.has(inner) ? { verdict: 'error', judge: 'swe-agent exit_status', summary: status } : undefined;
}

/** `replay_config`: the run's configuration, JSON text in a live run's file, an object in older demonstrations. */
function replayConfig(fields: Fields, at: Position): Fields | undefined {
  const value = fields.replay_config;
  if (typeof value !== 'string') return field(fields, 'replay_config', 'object', at);
  try {
    const parsed: unknown = JSON.parse(value);
    if (isFields(parsed)) return parsed;
  } catch {
    // Reported below, as a text that is no JSON object.
  }
  complain(below(at, 'replay_config'), 'is text but not a JSON object; it is read as absent');
  return undefined;
}

/** A field path below `fields`, each level checked: `nested(rc, ['agent', 'model'], at)`. */
function nested(fields: Fields | undefined, names: string[], at: Position): Fields | undefined {
  let here = at;
  let current = fields;
  for (const name of names) {
    if (current === undefined) return undefined;
    current = field(current, name, 'object', here);
    here = below(here, name);
  }
  return current;
}

/**
 * The task: the problem statement's own text (a text statement), else the part of the first user message
 * that the instance template's `problem_statement` stands for (a GitHub issue or SWE-bench instance keeps no
 * text in the config), else that whole message.
 */
function taskOf(config: Fields | undefined, agent: Fields | undefined, firstMessage: string | undefined, at: Position): string | undefined {
  const statement = nested(config, ['problem_statement'], at);
  const text = statement ? field(statement, 'text', 'string', below(at, 'problem_statement')) : undefined;
  if (text !== undefined || firstMessage === undefined) return text ?? firstMessage;
  const templates = nested(agent, ['templates'], below(at, 'agent'));
  const template = templates ? field(templates, 'instance_template', 'string', below(at, 'agent.templates')) : undefined;
  return (template === undefined ? undefined : taskFromTemplate(firstMessage, template, 'problem_statement')) ?? firstMessage;
}

function exitStatus(info: Fields | undefined, at: Position): string | undefined {
  // SWE-agent types the status `int | str | None`; a number names no error it knows.
  if (info === undefined || typeof info.exit_status === 'number') return undefined;
  return field(info, 'exit_status', 'string', at);
}

function phaseOf(model: string | undefined, stats: Fields | undefined, at: Position): RunPhase[] {
  const tokensIn = stats ? count(stats, 'tokens_sent', at) : undefined;
  const tokensOut = stats ? count(stats, 'tokens_received', at) : undefined;
  const costUsd = stats ? count(stats, 'instance_cost', at) : undefined;
  if (model === undefined && tokensIn === undefined && tokensOut === undefined && costUsd === undefined) return [];
  return [{ name: 'swe-agent', ...(model === undefined ? {} : { model }), ...(tokensIn === undefined ? {} : { tokensIn }), ...(tokensOut === undefined ? {} : { tokensOut }), ...(costUsd === undefined ? {} : { costUsd }) }];
}

/**
 * A trajectory object's lists read one at a time while the file was parsed (read-swe-agent.ts): the
 * file's own, or an attempt's. Their problems join the run's.
 */
export interface StreamedTrajectory {
  trajectory: TrajectoryRead;
  history: HistoryRead;
  problems: Problem[];
}

/** The streamed lists of the file (`own`) and of each attempt by its index. */
export interface StreamedRuns {
  own: StreamedTrajectory;
  attempts: Map<number, StreamedTrajectory>;
}

/**
 * One run of a trajectory object (the file's top level, or one of its `attempts`).
 *
 * @example
 * const run = runOfTrajectory(doc, 'networking_1.traj', { file, path: '', problems: [] }, DEFAULT_READ_LIMITS)
 */
function runOfTrajectory(fields: Fields, key: string, at: Position, limits: ReadLimits, streamed: StreamedTrajectory | undefined): ImportedRun {
  const historyList = field(fields, 'history', 'array', at);
  const trajectoryList = field(fields, 'trajectory', 'array', at);
  if (fields.trajectory === undefined) complain(below(at, 'trajectory'), 'is missing; the run has no steps from it');
  // The lists came back empty when their items were read one at a time as the file was parsed.
  const history = streamed && historyList ? streamed.history : readHistory(historyList ?? [], below(at, 'history'), limits);
  const trajectory = streamed && trajectoryList ? streamed.trajectory : readTrajectory(trajectoryList ?? [], below(at, 'trajectory'), limits);
  if (streamed) at.problems.push(...streamed.problems);
  const list = stepList(limits.maxSteps);
  for (const step of openingSteps(history, limits.clipChars)) addStep(list, step);
  list.notKept += history.openingNotKept;
  addTrajectorySteps(list, trajectory, history.replies, limits.clipChars);
  reportNotKept(list, at);

  const info = field(fields, 'info', 'object', at);
  const atInfo = below(at, 'info');
  const config = replayConfig(fields, at);
  const agent = nested(config, ['agent'], below(at, 'replay_config'));
  const model = nested(agent, ['model'], below(at, 'replay_config.agent'));
  const modelName = model ? field(model, 'name', 'string', below(at, 'replay_config.agent.model')) : undefined;
  const task = taskOf(config, agent, history.task, below(at, 'replay_config'));
  const version = info ? field(info, 'swe_agent_version', 'string', atInfo) : undefined;
  const submission = info ? field(info, 'submission', 'string', atInfo) : undefined;
  const verdict = verdictOf(exitStatus(info, atInfo));
  const agentSteps = list.steps.filter((s) => s.source === 'agent' && s.copied !== true);
  const plan = agentSteps.find((s) => s.reasoning !== undefined)?.reasoning ?? agentSteps.find((s) => s.message !== undefined)?.message;
  const title = fromFirstLine(task);
  return {
    key, format: 'swe-agent', files: [at.file],
    ...(title === undefined ? {} : { title }), ...(task === undefined ? {} : { task }),
    agent: { name: 'swe-agent', ...(version === undefined ? {} : { version }), ...(modelName === undefined ? {} : { model: modelName }) },
    ...(plan === undefined ? {} : { plan }), ...(submission ? { diff: submission } : {}), ...(verdict ? { verdict } : {}),
    phases: phaseOf(modelName, info ? field(info, 'model_stats', 'object', atInfo) : undefined, below(atInfo, 'model_stats')),
    steps: list.steps, problems: at.problems,
  };
}

/**
 * A trajectory object's lists before any item is read.
 *
 * @example
 * const own = newStreamedTrajectory(); addTrajectoryEntry(own.trajectory, entry, 0, at, limits);
 */
export const newStreamedTrajectory = (): StreamedTrajectory => ({ trajectory: noTrajectoryYet(), history: noHistoryYet(), problems: [] });

/** A run with nothing read but its problems (the file is no JSON, or no object). */
function unreadRun(file: string, problems: Problem[]): ImportedRun {
  return { key: file, format: 'swe-agent', files: [file], phases: [], steps: [], problems };
}

/**
 * The runs of a parsed `.traj` document: the trajectory at its top level, with a retry loop's other
 * attempts as subruns (`<file>#attempt_<i>`, SWE-agent's own folder names); a file holding only
 * `attempts` (saved before the loop chose one) gives one run per attempt.
 *
 * @example
 * sweAgentRuns(JSON.parse(text), 'networking_1.traj', [], DEFAULT_READ_LIMITS).length // 1
 */
export function sweAgentRuns(doc: unknown, file: string, problems: Problem[], limits: ReadLimits, streamed?: StreamedRuns): ImportedRun[] {
  const root: Position = { file, path: '', problems };
  if (doc === undefined) return [unreadRun(file, problems)];
  if (!isFields(doc)) {
    complain(root, `is ${kindOf(doc)}, not an object; nothing of it is read`);
    return [unreadRun(file, problems)];
  }
  const attempts = field(doc, 'attempts', 'array', root) ?? [];
  const attemptRun = (item: unknown, index: number): ImportedRun[] => {
    const at: Position = { file, path: `attempts[${index}]`, problems: [] };
    if (isFields(item)) return [runOfTrajectory(item, `${file}#attempt_${index}`, at, limits, streamed && (streamed.attempts.get(index) ?? newStreamedTrajectory()))];
    complain(at, `is ${kindOf(item)}, not an object; the attempt is left out`);
    problems.push(...at.problems);
    return [];
  };
  if (doc.trajectory === undefined && attempts.length > 0) {
    const runs = attempts.flatMap(attemptRun);
    return runs.length > 0 ? runs : [unreadRun(file, problems)];
  }
  const run = runOfTrajectory(doc, file, root, limits, streamed?.own);
  const best = isFields(doc.info) ? doc.info.best_attempt_idx : undefined;
  const others = attempts.flatMap((item, index) => (index === best ? [] : attemptRun(item, index)));
  return [others.length > 0 ? { ...run, subruns: others } : run];
}
