// An iteration page as an ATIF trajectory (Harbor's Agent Trajectory Interchange Format), from the
// page's public, redacted data only: /iterations/<n>/trajectory.json, input for Docent, Phoenix, Harbor.
import type { IterationPage, TracePublicStep } from '../../contract/site-data-schema.ts';

/** The ATIF version written: the newest whose rules the tests check (tests/synth/atif-export.test.ts). */
const ATIF_VERSION = 'ATIF-v1.5';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type AtifStep = { [key: string]: Json };

/** A tool call's arguments as the object ATIF wants; text that is no longer JSON (redacted, clipped) stays text. */
function argumentsOf(text: string): Json {
  try {
    const value = JSON.parse(text) as Json;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // not JSON: kept as the text it is
  }
  return { input: text };
}

function metricsOf(metrics: TracePublicStep['metrics']): AtifStep | undefined {
  if (!metrics) return undefined;
  const entries = Object.entries({ prompt_tokens: metrics.prompt_tokens, completion_tokens: metrics.completion_tokens, cached_tokens: metrics.cached_tokens, cost_usd: metrics.cost_usd })
    .filter(([, value]) => value !== null);
  return entries.length > 0 ? Object.fromEntries(entries) as AtifStep : undefined;
}

/** ATIF has three sources: an observation kept as its own step (tool, environment) is a system step with that observation. */
function atifStep(step: TracePublicStep, id: number): AtifStep {
  const agent = step.source === 'agent';
  const source = agent || step.source === 'user' || step.source === 'system' ? step.source : 'system';
  const out: AtifStep = { step_id: id, source };
  if (step.timestamp !== null) out['timestamp'] = step.timestamp;
  if (agent && step.model !== null) out['model_name'] = step.model;
  out['message'] = step.message ?? '';
  if (agent && step.reasoning !== null) out['reasoning_content'] = step.reasoning;
  if (agent && step.tool_calls.length > 0) {
    out['tool_calls'] = step.tool_calls.map((call, k) => ({ tool_call_id: call.id ?? `call_${id}_${k + 1}`, function_name: call.name, arguments: argumentsOf(call.arguments) }));
  }
  if (step.observations.length > 0) {
    // A result names its call only when the call is this step's (ATIF links results to the step's own calls).
    const calls = new Set(agent ? step.tool_calls.map((call) => call.id) : []);
    out['observation'] = { results: step.observations.map((o) => ({ ...(o.call_id !== null && calls.has(o.call_id) ? { source_call_id: o.call_id } : {}), content: o.content })) };
  }
  const metrics = agent ? metricsOf(step.metrics) : undefined;
  if (metrics) out['metrics'] = metrics;
  if (step.copied) out['is_copied_context'] = true;
  return out;
}

/**
 * A loop iteration's page as steps: the title as the task, the plan, then one agent step per phase
 * with its model and usage. Each public text is a message of its own, never joined to another: two
 * texts the redactor passed one by one (a phase named `PGPASSWORD`, a plan opening with its value)
 * could read as a secret side by side.
 */
function loopSteps(page: IterationPage): TracePublicStep[] {
  const step = (n: number, source: TracePublicStep['source'], message: string | null, extra: Partial<TracePublicStep> = {}): TracePublicStep => ({
    n, source, timestamp: null, model: null, message, reasoning: null, tool_calls: [], observations: [], metrics: null, copied: false, ...extra,
  });
  const steps = [step(1, 'user', page.title, { timestamp: page.started_at })];
  if (page.plan !== null) steps.push(step(2, 'agent', page.plan, { timestamp: page.phases[0]?.started_at ?? null }));
  for (const phase of page.phases) {
    steps.push(step(steps.length + 1, 'agent', phase.name, {
      timestamp: phase.started_at, model: phase.model,
      metrics: { prompt_tokens: phase.tokens_in, completion_tokens: phase.tokens_out, cached_tokens: null, cost_usd: phase.cost_usd },
    }));
  }
  if (page.judge !== null) steps.push(step(steps.length + 1, 'agent', page.judge));
  return steps;
}

/**
 * The page's trajectory. An imported run gives its own steps (and its subagents as embedded
 * trajectories); a loop iteration gives its task and phases.
 *
 * @example
 * JSON.parse(renderAtif(page)).steps[0].step_id // 1
 */
export function renderAtif(page: IterationPage): string {
  const steps = page.trace ? page.trace.steps : loopSteps(page);
  const models = [...new Set(steps.map((s) => s.model).filter((m) => m !== null))];
  const sum = (key: 'prompt_tokens' | 'completion_tokens' | 'cost_usd') => {
    const values = steps.flatMap((s) => (s.source === 'agent' && s.metrics?.[key] != null ? [s.metrics[key]!] : []));
    return values.length > 0 ? values.reduce((a, b) => a + b, 0) : undefined;
  };
  const totals = Object.entries({ total_prompt_tokens: sum('prompt_tokens'), total_completion_tokens: sum('completion_tokens'), total_cost_usd: sum('cost_usd'), total_steps: steps.length })
    .filter(([, value]) => value !== undefined);
  const trajectory: { [key: string]: Json } = {
    schema_version: ATIF_VERSION,
    session_id: page.source?.record ?? `iteration-${page.number}`,
    agent: { name: page.source?.agent ?? 'journey loop', version: 'unknown', ...(models[0] ? { model_name: models[0] } : {}) },
    steps: steps.map((s, k) => atifStep(s, k + 1)),
    final_metrics: Object.fromEntries(totals) as { [key: string]: Json },
  };
  if (page.trace && page.trace.subruns.length > 0) {
    trajectory['notes'] = `${page.trace.subruns.length} subagent runs: ${page.trace.subruns.map((s) => s.record).join(', ')}`;
  }
  return `${JSON.stringify(trajectory, null, 2)}\n`;
}
