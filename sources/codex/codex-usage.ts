// Token usage of a Codex rollout: its `token_count` events, each the usage of one model request
// (`last_token_usage`) beside the running total. Codex repeats the same event when the next request
// starts (a rate-limit update), so an event whose total has not moved is a repeat and is not counted again.
import type { TraceMetrics } from '../imported-run.ts';
import type { CodexEntry } from './codex-entry.ts';
import { isRecord, problemAt } from './codex-entry.ts';
import { type CodexTrace, phaseOf } from './codex-state.ts';
import { jsonText } from '../json-text.ts';

const FIELDS = [['input_tokens', 'promptTokens'], ['output_tokens', 'completionTokens'], ['cached_input_tokens', 'cachedTokens']] as const;

/** One request's usage as metrics: prompt (cached included, as OpenAI counts it), completion, cached. */
function metricsOf(t: CodexTrace, entry: CodexEntry, usage: Record<string, unknown>, at: string): TraceMetrics {
  const metrics: TraceMetrics = {};
  for (const [from, to] of FIELDS) {
    const value = usage[from];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) metrics[to] = value;
    else if (value !== undefined) t.problems.push(problemAt(t.file, entry.line, `${at}.${from}`, 'must be a non-negative number; it is not counted'));
  }
  return metrics;
}

function sum(into: TraceMetrics, add: TraceMetrics): TraceMetrics {
  const out: TraceMetrics = { ...into };
  for (const [, key] of FIELDS) if (add[key] !== undefined) out[key] = (out[key] ?? 0) + add[key];
  return out;
}

/** The usage an event reports, or undefined when it reports none or repeats the one before. */
function usageOf(t: CodexTrace, entry: CodexEntry): TraceMetrics | undefined {
  const { info } = entry.payload;
  // Codex before the `info` wrapper wrote the usage's fields on the event itself.
  if (info === undefined && 'input_tokens' in entry.payload) return metricsOf(t, entry, entry.payload, 'payload');
  if (info === null || info === undefined) return undefined; // a rate-limit update only
  if (!isRecord(info)) {
    t.problems.push(problemAt(t.file, entry.line, 'payload.info', 'must be an object; the usage is not counted'));
    return undefined;
  }
  const total = info.total_token_usage;
  if (isRecord(total)) {
    const key = jsonText(total);
    if (key === t.lastTotal) return undefined;
    t.lastTotal = key;
  }
  const last = info.last_token_usage;
  if (last === undefined) return undefined;
  if (!isRecord(last)) {
    t.problems.push(problemAt(t.file, entry.line, 'payload.info.last_token_usage', 'must be an object; the usage is not counted'));
    return undefined;
  }
  return metricsOf(t, entry, last, 'payload.info.last_token_usage');
}

/**
 * Counts a `token_count` event: on the agent step it follows, and in the phase of the model in use.
 *
 * @example
 * addUsage(trace, { line: 18, kind: 'event_msg', payload: { type: 'token_count', info: { last_token_usage: { input_tokens: 42772, output_tokens: 204 } } } });
 */
export function addUsage(t: CodexTrace, entry: CodexEntry): void {
  const usage = usageOf(t, entry);
  if (usage === undefined || Object.keys(usage).length === 0) return;
  if (t.lastAgent !== undefined) t.lastAgent.metrics = sum(t.lastAgent.metrics ?? {}, usage);
  const phase = phaseOf(t, entry.timestamp);
  if (usage.promptTokens !== undefined) phase.tokensIn = (phase.tokensIn ?? 0) + usage.promptTokens;
  if (usage.completionTokens !== undefined) phase.tokensOut = (phase.tokensOut ?? 0) + usage.completionTokens;
  t.open = undefined; // the model response it counts is over
}
