// An ATIF trajectory document as one run: its agent, steps, phases, the task (its first user step),
// the plan, and its embedded subagent trajectories (ATIF v1.7) as subruns keyed `<file>#<trajectory_id>`.
import type { ImportedRun } from '../imported-run.ts';
import { fromFirstLine } from '../read-record.ts';
import type { ReadLimits } from '../source-reader.ts';
import { below, complain, type Fields, field, isFields, kindOf, type Position } from './atif-fields.ts';
import { atifPhases, type PhaseFacts } from './atif-phases.ts';
import { atifSteps, noStepsYet, type StepsSoFar } from './atif-steps.ts';

export interface AtifOptions {
  /** `atif` for a bare trajectory, `harbor` when a Harbor trial's verdict is added to it. */
  format: 'atif' | 'harbor';
  limits: ReadLimits;
  /** Steps read one at a time while the file was parsed (read-atif.ts); the document's lists came back empty. */
  streamed?: StreamedSteps;
}

/** The steps of a streamed document: its own, and each embedded trajectory's by its index in `subagent_trajectories`. */
export interface StreamedSteps {
  own: StepsSoFar;
  embedded: Map<number, StepsSoFar>;
}

/**
 * A run that could not be read at all: its key and file, and the problems saying why.
 *
 * @example
 * unreadRun('agent/trajectory.json', 'atif', problems)
 */
export function unreadRun(file: string, format: AtifOptions['format'], problems: ImportedRun['problems']): ImportedRun {
  return { key: file, format, files: [file], phases: [], steps: [], problems };
}

function agentOf(doc: Fields, at: Position): ImportedRun['agent'] {
  const agent = field(doc, 'agent', 'object', at);
  if (!agent) return undefined;
  const agentAt = below(at, 'agent');
  const name = field(agent, 'name', 'string', agentAt);
  const version = field(agent, 'version', 'string', agentAt);
  const model = field(agent, 'model_name', 'string', agentAt);
  if (name === undefined && version === undefined && model === undefined) return undefined;
  return { ...(name === undefined ? {} : { name }), ...(version === undefined ? {} : { version }), ...(model === undefined ? {} : { model }) };
}

function finalOf(doc: Fields, at: Position): PhaseFacts['final'] {
  const final = field(doc, 'final_metrics', 'object', at);
  if (!final) return undefined;
  const finalAt = below(at, 'final_metrics');
  return {
    tokensIn: field(final, 'total_prompt_tokens', 'count', finalAt),
    tokensOut: field(final, 'total_completion_tokens', 'count', finalAt),
    costUsd: field(final, 'total_cost_usd', 'count', finalAt),
  };
}

/** A streamed document's embedded trajectory whose steps never came (its list was empty): none. */
const noSteps = (options: AtifOptions): StepsSoFar | undefined => (options.streamed ? noStepsYet() : undefined);

/** The embedded subagent trajectories, each keyed by its trajectory_id (or, before v1.7, its session_id). */
function embeddedRuns(doc: Fields, at: Position, options: AtifOptions, seen: Set<string>): ImportedRun[] {
  const list = field(doc, 'subagent_trajectories', 'array', at);
  const listAt = below(at, 'subagent_trajectories');
  const runs: ImportedRun[] = [];
  for (const [i, item] of (list ?? []).entries()) {
    const itemAt = below(listAt, i);
    const id = isFields(item) ? (field(item, 'trajectory_id', 'string', itemAt) ?? field(item, 'session_id', 'string', itemAt)) : undefined;
    if (!isFields(item)) complain(itemAt, `is ${kindOf(item)}, not a trajectory; it is not read`);
    else if (id === undefined) complain(itemAt, 'has no trajectory_id or session_id to be known by; it is not read');
    else if (seen.has(id)) complain(below(itemAt, 'trajectory_id'), "repeats an earlier embedded trajectory's id; it is not read");
    else {
      seen.add(id);
      // Only the document's own embedded trajectories were streamed: theirs (nested deeper) hold their steps.
      const inner = { ...options, streamed: undefined };
      runs.push(trajectoryRun(item, `${at.file}#${id}`, itemAt, inner, seen, options.streamed?.embedded.get(i) ?? noSteps(options)));
    }
  }
  return runs;
}

/** One trajectory (the file's, or an embedded one) as a run. Problems all go to the file's run. */
function trajectoryRun(doc: Fields, key: string, at: Position, options: AtifOptions, seen: Set<string>, streamed: StepsSoFar | undefined): ImportedRun {
  const agent = agentOf(doc, at);
  const steps = atifSteps(doc['steps'], below(at, 'steps'), { file: at.file, limits: options.limits }, streamed);
  const phases = atifPhases(steps, { agentName: agent?.name, agentModel: agent?.model, final: finalOf(doc, at) });
  const task = steps.find((step) => step.source === 'user' && step.message !== undefined)?.message;
  const plan = steps.find((step) => step.reasoning !== undefined)?.reasoning ?? steps.find((step) => step.source === 'agent' && step.message !== undefined)?.message;
  const times = steps.flatMap((step) => (step.timestamp === undefined ? [] : [step.timestamp])).sort();
  const subruns = embeddedRuns(doc, at, options, seen);
  const title = fromFirstLine(task);
  return {
    key, format: options.format, files: [at.file],
    ...(title === undefined ? {} : { title }), ...(task === undefined ? {} : { task }),
    ...(times.length > 0 ? { startedAt: times[0], endedAt: times[times.length - 1] } : {}),
    ...(agent ? { agent } : {}), ...(plan === undefined ? {} : { plan }),
    phases, steps, ...(subruns.length > 0 ? { subruns } : {}), problems: [],
  };
}

/**
 * The run of one ATIF document, keyed by its file. A document that is not an object gives a run with
 * its problem only; every problem, the embedded subagents' too, is on the returned run.
 *
 * @example
 * atifRun(JSON.parse(text), 'jobs/j1/t1/agent/trajectory.json', { format: 'atif', limits: DEFAULT_READ_LIMITS })
 */
export function atifRun(doc: unknown, file: string, options: AtifOptions): ImportedRun {
  const at: Position = { file, path: '', problems: [] };
  if (!isFields(doc)) {
    complain(at, `is ${kindOf(doc)}, not an ATIF trajectory; no run is read`);
    return unreadRun(file, options.format, at.problems);
  }
  const run = trajectoryRun(doc, file, at, options, new Set(), options.streamed?.own);
  run.problems = at.problems;
  return run;
}
