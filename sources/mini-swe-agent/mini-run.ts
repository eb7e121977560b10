// A parsed mini-swe-agent trajectory as a run: the task, the steps, the submission, the model and its
// usage, and a verdict only where the exit status names an error (`Submitted` says nothing of correctness).
import type { Problem } from '../../loop/problem.ts';
import type { ImportedRun, RunPhase, RunVerdict } from '../imported-run.ts';
import { fromFirstLine } from '../read-record.ts';
import type { ReadLimits } from '../source-reader.ts';
import { below, complain, count, type Fields, field, isFields, kindOf, type Position } from '../swe-agent/record-fields.ts';
import { reportNotKept } from '../swe-agent/step-list.ts';
import { taskFromTemplate } from '../swe-agent/template-task.ts';
import { type MiniTrace, miniSteps } from './mini-steps.ts';

/**
 * mini-swe-agent's exit status is `Submitted`, a limit (`LimitsExceeded`, `TimeExceeded`), a person's
 * interruption, or the class name of the exception that ended the run (`RuntimeError`,
 * `ContextWindowExceededError`, `RepeatedFormatError`, litellm's `Timeout`). Only the exception names are an
 * error; a status of any other shape gives no verdict.
 */
const ERROR_STATUS = /(?:Error|Exception|Timeout)$/;

function verdictOf(status: string | undefined): RunVerdict | undefined {
  return status !== undefined && ERROR_STATUS.test(status) ? { verdict: 'error', judge: 'mini-swe-agent exit_status', summary: status } : undefined;
}

/** The model's use: the configured model, the calls' summed tokens when every call recorded them, the run's cost. */
function phaseOf(model: string | undefined, trace: MiniTrace, stats: Fields | undefined, at: Position): RunPhase[] {
  const costUsd = stats ? count(stats, 'instance_cost', at) : undefined;
  const usage = trace.usage.calls > 0 && trace.usage.calls === trace.calls ? trace.usage : undefined;
  const phase: RunPhase = {
    name: 'mini-swe-agent', ...(model === undefined ? {} : { model }), ...(usage ? { tokensIn: usage.tokensIn, tokensOut: usage.tokensOut } : {}),
    ...(costUsd === undefined ? {} : { costUsd }), ...(trace.firstTime ? { startedAt: trace.firstTime } : {}), ...(trace.lastTime ? { endedAt: trace.lastTime } : {}),
  };
  return Object.keys(phase).length > 1 ? [phase] : [];
}

/** The config's `{agent, model}` objects, each checked once. */
function configOf(info: Fields | undefined, at: Position): { agent?: Fields; model?: Fields } {
  const config = info ? field(info, 'config', 'object', at) : undefined;
  if (config === undefined) return {};
  const agent = field(config, 'agent', 'object', below(at, 'config'));
  const model = field(config, 'model', 'object', below(at, 'config'));
  return { ...(agent ? { agent } : {}), ...(model ? { model } : {}) };
}

/** The messages read one at a time while the file was parsed (read-mini-swe-agent.ts), and their problems. */
export interface StreamedMessages {
  trace: MiniTrace;
  problems: Problem[];
}

/**
 * The run of a parsed `.traj.json`: the 1.x/2.x object (`info`, `messages`, `trajectory_format`) or the
 * oldest versions' bare message list.
 *
 * @example
 * miniSweAgentRun(JSON.parse(text), 'psf__requests-1724.traj.json', [], DEFAULT_READ_LIMITS).steps.length // 66
 */
export function miniSweAgentRun(doc: unknown, file: string, problems: Problem[], limits: ReadLimits, streamed?: StreamedMessages): ImportedRun {
  const root: Position = { file, path: '', problems };
  const empty: ImportedRun = { key: file, format: 'mini-swe-agent', files: [file], phases: [], steps: [], problems };
  if (doc === undefined) return empty;
  if (!Array.isArray(doc) && !isFields(doc)) {
    complain(root, `is ${kindOf(doc)}, not an object or a message list; nothing of it is read`);
    return empty;
  }
  const fields: Fields = Array.isArray(doc) ? { messages: doc } : doc;
  const messages = field(fields, 'messages', 'array', root);
  if (fields.messages === undefined) complain(below(root, 'messages'), 'is missing; the run has no steps');
  // Read as the file was parsed when the list is the object's own; a bare list of the oldest versions is read here.
  const trace = streamed && !Array.isArray(doc) && messages ? streamed.trace : miniSteps(messages ?? [], below(root, 'messages'), limits);
  if (streamed && trace === streamed.trace) problems.push(...streamed.problems);
  reportNotKept(trace.list, root);

  const info = field(fields, 'info', 'object', root);
  const atInfo = below(root, 'info');
  const config = configOf(info, atInfo);
  const model = config.model ? field(config.model, 'model_name', 'string', below(atInfo, 'config.model')) : undefined;
  const template = config.agent ? field(config.agent, 'instance_template', 'string', below(atInfo, 'config.agent')) : undefined;
  const cut = trace.firstUser !== undefined && template !== undefined ? taskFromTemplate(trace.firstUser, template, 'task') : undefined;
  const task = cut ?? trace.firstUser;
  const version = info ? field(info, 'mini_version', 'string', atInfo) : undefined;
  const submission = info ? field(info, 'submission', 'string', atInfo) : undefined;
  const verdict = verdictOf(info ? field(info, 'exit_status', 'string', atInfo) : undefined);
  const replies = trace.list.steps.filter((s) => s.source === 'agent');
  const plan = replies.find((s) => s.reasoning !== undefined)?.reasoning ?? replies.find((s) => s.message !== undefined)?.message;
  const title = fromFirstLine(task);
  return {
    ...empty, ...(title === undefined ? {} : { title }), ...(task === undefined ? {} : { task }),
    ...(trace.firstTime ? { startedAt: trace.firstTime } : {}), ...(trace.lastTime ? { endedAt: trace.lastTime } : {}),
    agent: { name: 'mini-swe-agent', ...(version === undefined ? {} : { version }), ...(model === undefined ? {} : { model }) },
    ...(plan === undefined ? {} : { plan }), ...(submission ? { diff: submission } : {}), ...(verdict ? { verdict } : {}),
    phases: phaseOf(model, trace, info ? field(info, 'model_stats', 'object', atInfo) : undefined, below(atInfo, 'model_stats')),
    steps: trace.list.steps,
  };
}
