// The monitor's verdicts: from facts already read, each check's state (OK, WARN, CRIT, UNKNOWN or
// n/a), a one-line summary and its figures for the sample. Pure: no disk, no network, no clock.
import type { CheckState, MonitorSample, Review } from '../contract/ops-schemas.ts';
import { heartbeatState } from '../contract/health-status.ts';
import type { GpuResult } from './read-gpu-process.ts';
import type { LoopHealth } from './read-loop-health.ts';
import type { VllmReading } from './read-vllm-metrics.ts';

export interface CheckResult {
  state: CheckState;
  summary: string;
  figures: Partial<MonitorSample>;
}

// The thresholds and the grading are the site's (the overview grades the same heartbeat).
export { HEARTBEAT_CRIT_S, heartbeatState } from '../contract/health-status.ts';
const DISK_WARN_PCT = 80;
const DISK_CRIT_PCT = 90;
const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

/** Worst first: CRIT, WARN, UNKNOWN, OK; n/a never counts. Alerts compare states by it too. */
export const STATE_RANK: Record<CheckState, number> = { 'n/a': -1, OK: 0, UNKNOWN: 1, WARN: 2, CRIT: 3 };

/** The overall state of several checks: the worst one, OK when all are n/a. */
export function worst(states: readonly CheckState[]): Exclude<CheckState, 'n/a'> {
  const top = states.reduce<CheckState>((a, b) => (STATE_RANK[b] > STATE_RANK[a] ? b : a), 'OK');
  return top === 'n/a' ? 'OK' : top;
}

/** The monitoring-plugin exit code of a state: 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN. */
export const exitCodeOf = (state: Exclude<CheckState, 'n/a'>): number => ({ OK: 0, WARN: 1, CRIT: 2, UNKNOWN: 3 })[state];

export function checkLoop(loop: LoopHealth): CheckResult {
  const figures = { loop_iteration: loop.state?.iteration ?? null, heartbeat_age_s: loop.heartbeatAgeS === undefined ? null : Math.round(loop.heartbeatAgeS) };
  if (!loop.state && loop.heartbeatAgeS === undefined) {
    return { state: loop.problems.length ? 'UNKNOWN' : 'WARN', summary: loop.problems[0] ?? 'no state.json and no heartbeat yet', figures };
  }
  const where = loop.state ? `iteration ${loop.state.iteration}, ${loop.state.phase}, ${loop.state.status}` : 'no state.json';
  if (loop.heartbeatAgeS === undefined) return { state: 'WARN', summary: `${where}; no heartbeat`, figures };
  const state = heartbeatState(loop.heartbeatAgeS);
  return { state, summary: `${where}; ${describeHeartbeat(loop.heartbeatAgeS, loop.heartbeatSource)}`, figures };
}

/** `heartbeat 8 s old`, naming state.json when its updated_at was the fresher sign of life. */
export function describeHeartbeat(ageS: number, source: LoopHealth['heartbeatSource'], limit?: string): string {
  const notes = [...(source === 'state.json' ? ['state.json updated_at'] : []), ...(limit ? [limit] : [])];
  return `heartbeat ${Math.round(ageS)} s old${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/**
 * Subagents past their phase's budget (minutes), and subagents whose process is gone.
 *
 * @example
 * checkSubagents(loop, { planner: 10, writer: 15, judge: 12 }, now)
 */
export function checkSubagents(loop: LoopHealth, budgets: Readonly<Record<string, number>>, now: Date): CheckResult {
  const over = loop.subagents.filter((s) => {
    const budget = budgets[s.phase];
    return budget !== undefined && now.getTime() - Date.parse(s.started_at) > budget * 60_000;
  });
  const dead = loop.subagents.filter((s) => !s.alive);
  const figures = { subagents_running: loop.subagents.filter((s) => s.alive).length, subagents_over_budget: over.length };
  if (loop.subagents.length === 0) return { state: 'OK', summary: 'none running', figures };
  const notes = [
    ...over.map((s) => `${s.name} (${s.phase}) past its ${budgets[s.phase]} min budget`),
    ...dead.map((s) => `${s.name} (pid ${s.pid}) is gone`),
  ];
  return { state: notes.length ? 'WARN' : 'OK', summary: notes.length ? notes.join('; ') : `${loop.subagents.length} running within budget`, figures };
}

/**
 * vLLM from two readings `windowS` apart: tokens/s from the generation counter; requests running
 * while no token came in the window is a stall (CRIT).
 */
export function checkVllm(first: VllmReading, second: VllmReading, windowS: number): CheckResult {
  const tokensPerS = Math.max(0, (second.generationTokens - first.generationTokens) / windowS);
  const figures = { vllm_running: second.running, vllm_waiting: second.waiting, vllm_tokens_per_s: round(tokensPerS) };
  const summary = `${second.running} running, ${second.waiting} waiting, ${round(tokensPerS)} tokens/s`;
  if (second.running > 0 && tokensPerS === 0) return { state: 'CRIT', summary: `stalled: ${summary} over ${windowS} s`, figures };
  return { state: 'OK', summary, figures };
}

/** Memory pressure thresholds of the GPU check, percent of a GPU's memory used. */
export interface GpuMemoryLimits {
  warnPct: number;
  critPct: number;
}

const mean = (values: readonly (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.round(known.reduce((s, v) => s + v, 0) / known.length) : null;
};
const sum = (values: readonly (number | null)[]) => (values.every((v) => v !== null) ? round(values.reduce<number>((s, v) => s + v!, 0)) : null);

/**
 * The GPUs: WARN at 90 °C, when throttled, or when the fullest GPU's memory reaches `limits.warnPct`;
 * CRIT when it reaches `limits.critPct` (out-of-memory is near).
 *
 * @example
 * checkGpu(await readGpu('nvidia-smi', 10_000), { warnPct: 90, critPct: 97 })
 */
export function checkGpu(result: GpuResult, limits: GpuMemoryLimits): CheckResult {
  if (result.kind === 'absent') return { state: 'n/a', summary: result.reason, figures: {} };
  if (result.kind === 'failed') return { state: 'WARN', summary: result.reason, figures: {} };
  const hottest = result.gpus.reduce((a, b) => (b.tempC > a.tempC ? b : a));
  const throttled = result.gpus.filter((g) => /^0x0*[^0]/i.test(g.throttle) && !/^0x0*1$/i.test(g.throttle)); // 0x1: idle, not a problem
  // Out-of-memory strikes one GPU at a time: the fullest one is graded.
  const memPcts = result.gpus.flatMap((g) => (g.memUsedMib !== null && g.memTotalMib ? [(100 * g.memUsedMib) / g.memTotalMib] : []));
  const fullest = memPcts.length ? Math.max(...memPcts) : null; // graded unrounded: 96.996% is not yet 97%
  const memPct = fullest === null ? null : round(fullest);
  const figures = {
    gpu_util_pct: round(result.gpus.reduce((s, g) => s + g.utilPct, 0) / result.gpus.length),
    gpu_temp_c: hottest.tempC, gpu_power_w: sum(result.gpus.map((g) => g.powerW)),
    gpu_mem_used_mib: sum(result.gpus.map((g) => g.memUsedMib)), gpu_mem_total_mib: sum(result.gpus.map((g) => g.memTotalMib)), gpu_mem_used_pct: memPct,
    gpu_sm_clock_mhz: mean(result.gpus.map((g) => g.smClockMhz)), gpu_mem_clock_mhz: mean(result.gpus.map((g) => g.memClockMhz)),
  };
  const parts = [
    `${result.gpus.length} GPU${result.gpus.length === 1 ? '' : 's'}`, `${figures.gpu_util_pct}% busy`, `${hottest.tempC} °C`,
    ...(figures.gpu_power_w === null ? [] : [`${figures.gpu_power_w} W`]),
    ...(memPct === null ? [] : [`memory ${figures.gpu_mem_used_mib}/${figures.gpu_mem_total_mib} MiB (${memPct}%${result.gpus.length > 1 ? ' on the fullest' : ''})`]),
    ...(figures.gpu_sm_clock_mhz === null ? [] : [`SM ${figures.gpu_sm_clock_mhz} MHz`]),
    ...(figures.gpu_mem_clock_mhz === null ? [] : [`memory clock ${figures.gpu_mem_clock_mhz} MHz`]),
  ];
  const summary = parts.join(', ');
  if (fullest !== null && fullest >= limits.critPct) return { state: 'CRIT', summary: `${summary}; memory nearly full (CRIT at ${limits.critPct}%)`, figures };
  const notes = [
    ...(fullest !== null && fullest >= limits.warnPct ? [`memory pressure (WARN at ${limits.warnPct}%)`] : []),
    ...(throttled.length ? [`throttled (${throttled[0]!.throttle})`] : []),
    ...(hottest.tempC >= 90 ? ['hot'] : []),
  ];
  return notes.length ? { state: 'WARN', summary: `${summary}; ${notes.join('; ')}`, figures } : { state: 'OK', summary, figures };
}

export function checkParity(loop: LoopHealth): CheckResult {
  if (!loop.parity) return { state: 'n/a', summary: 'no parity matrix', figures: {} };
  const p = loop.parity;
  return { state: 'OK', summary: `${p.green} green, ${p.red} red, ${p.manual} manual, ${p['n/a']} n/a`, figures: { parity_green: p.green, parity_red: p.red } };
}

/** The last five verdicts: WARN when three or more of them failed or erred. */
export function checkVerdicts(loop: LoopHealth): CheckResult {
  if (loop.lastVerdicts.length === 0) return { state: 'n/a', summary: 'no verdicts yet', figures: {} };
  const bad = loop.lastVerdicts.filter((v) => v.verdict === 'fail' || v.verdict === 'error').length;
  // The numbers are iterations, not counts: say so.
  const n = loop.lastVerdicts.length;
  const summary = `${n === 1 ? 'last verdict' : `last ${n} verdicts`}: ${loop.lastVerdicts.map((v) => `iteration ${v.iteration} ${v.verdict}`).join(', ')}`;
  return { state: bad >= 3 ? 'WARN' : 'OK', summary, figures: {} };
}

/** The published site: the current release's age against the publish period, and whether it shows the latest public data. */
export function checkSite(site: { ageS: number; inStep: boolean } | undefined, publishEveryS: number): CheckResult {
  if (!site) return { state: 'CRIT', summary: 'nothing is published', figures: {} };
  const figures = { site_age_s: Math.round(site.ageS) };
  const summary = `published ${Math.round(site.ageS)} s ago${site.inStep ? '' : ', behind the latest public data'}`;
  if (site.ageS > 6 * publishEveryS) return { state: 'CRIT', summary, figures };
  return { state: site.ageS > 2 * publishEveryS || !site.inStep ? 'WARN' : 'OK', summary, figures };
}

export function checkDisk(usedPct: number): CheckResult {
  const state = usedPct >= DISK_CRIT_PCT ? 'CRIT' : usedPct >= DISK_WARN_PCT ? 'WARN' : 'OK';
  return { state, summary: `${round(usedPct)}% of the data folder's file system used${state === 'CRIT' ? ' (synth refuses to publish)' : ''}`, figures: { disk_used_pct: round(usedPct) } };
}

/** The latest meta-judge review: WARN when older than 90 min or scoring under 50, CRIT under 25. */
export function checkMetaJudge(latest: Review | undefined, now: Date): CheckResult {
  if (!latest) return { state: 'n/a', summary: 'no reviews yet', figures: {} };
  const ageS = (now.getTime() - Date.parse(latest.ts)) / 1000;
  const summary = `health score ${latest.score}, ${Math.round(ageS / 60)} min ago`;
  const figures = { meta_judge_score: latest.score };
  if (latest.score < 25) return { state: 'CRIT', summary, figures };
  return { state: latest.score < 50 || ageS > 90 * 60 ? 'WARN' : 'OK', summary, figures };
}
