// The run of a bare OpenHands event list (a downloaded trajectory or a session's events/ folder): no
// instruction, metadata or metrics beside it, so everything comes from the events themselves.
import type { Problem } from '../../loop/problem.ts';
import type { ImportedRun, RunPhase, TraceStep } from '../imported-run.ts';
import { fromFirstLine } from '../read-record.ts';
import type { EventTrace } from './map-events.ts';

/**
 * The run of an event trace: no verdict (an event list records none), the diff only when the agent's
 * last `git diff` printed a patch.
 *
 * @example
 * eventsRun('trajectory.json', ['trajectory.json'], trace, problems)
 */
export function eventsRun(key: string, files: string[], trace: EventTrace, problems: Problem[]): ImportedRun {
  const title = fromFirstLine(trace.task);
  const model = trace.steps.find((step) => step.model)?.model;
  const agent = Object.fromEntries(Object.entries({ name: trace.agentName, version: trace.agentVersion, model }).filter(([, v]) => v !== undefined));
  return {
    key, format: 'openhands', files,
    ...(title ? { title } : {}), ...(trace.task ? { task: trace.task } : {}),
    ...(trace.startedAt ? { startedAt: trace.startedAt } : {}), ...(trace.endedAt ? { endedAt: trace.endedAt } : {}),
    ...(Object.keys(agent).length > 0 ? { agent } : {}), ...(trace.plan ? { plan: trace.plan } : {}),
    ...(trace.lastDiff ? { diff: trace.lastDiff } : {}),
    phases: phasesOfSteps(trace.steps), steps: trace.steps, problems,
  };
}

/** A run that could not be read at all: its key and files, and the problems saying why. */
export function unreadRun(key: string, files: string[], problems: Problem[]): ImportedRun {
  return { key, format: 'openhands', files, phases: [], steps: [], problems };
}

/**
 * One phase per model the steps name (the model each response reported), in order of first use, with
 * the tokens its steps recorded and the time of its first and last step.
 *
 * @example
 * phasesOfSteps(steps) // [{ name: 'claude-3-5-sonnet-20241022', model: 'claude-3-5-sonnet-20241022', tokensIn: 17297, ... }]
 */
function phasesOfSteps(steps: TraceStep[]): RunPhase[] {
  const phases = new Map<string, RunPhase>();
  for (const step of steps) {
    if (!step.model) continue;
    const phase = phases.get(step.model) ?? { name: step.model, model: step.model };
    phases.set(step.model, phase);
    if (step.timestamp) {
      phase.startedAt ??= step.timestamp;
      phase.endedAt = step.timestamp;
    }
    const { promptTokens, completionTokens } = step.metrics ?? {};
    if (promptTokens !== undefined) phase.tokensIn = (phase.tokensIn ?? 0) + promptTokens;
    if (completionTokens !== undefined) phase.tokensOut = (phase.tokensOut ?? 0) + completionTokens;
  }
  return [...phases.values()];
}
