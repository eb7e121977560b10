// The files journey's own operations write into the data folder: monitor samples
// (<data>/system-state.jsonl, one flat record per line) and meta-judge reviews
// (<data>/reviews/meta-judge.jsonl). The monitor and the meta-judge write them; synth publishes an
// allowlisted projection on the Health and Reviews pages. Unknown fields are stripped.
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp with Z or an offset' });

/** A check's outcome, after the monitoring-plugin convention; `n/a`: not configured or not present. */
export const CHECK_STATES = ['OK', 'WARN', 'CRIT', 'UNKNOWN', 'n/a'] as const;
export type CheckState = (typeof CHECK_STATES)[number];
/** The overall state: the worst check's, never n/a. */
const OVERALL_STATES = ['OK', 'WARN', 'CRIT', 'UNKNOWN'] as const;

const state = z.enum(CHECK_STATES).optional();
const figure = z.number().finite().nullable().optional();

/** The checks a sample reports, in the order the Health page shows them. */
export const CHECKS = ['loop', 'subagents', 'vllm', 'gpu', 'parity', 'verdicts', 'site', 'disk', 'meta_judge'] as const;

export const monitorSampleSchema = z.object({
  ts: timestamp,
  overall: z.enum(OVERALL_STATES),
  loop_state: state,
  loop_iteration: figure,
  heartbeat_age_s: figure,
  subagents_state: state,
  subagents_running: figure,
  subagents_over_budget: figure,
  vllm_state: state,
  vllm_running: figure,
  vllm_waiting: figure,
  vllm_tokens_per_s: figure,
  gpu_state: state,
  gpu_util_pct: figure,
  gpu_temp_c: figure,
  gpu_power_w: figure,
  /** Memory used and total over every GPU, in MiB; the fullest GPU's share in percent (what is graded). */
  gpu_mem_used_mib: figure,
  gpu_mem_total_mib: figure,
  gpu_mem_used_pct: figure,
  /** Clocks averaged over the GPUs, in MHz. */
  gpu_sm_clock_mhz: figure,
  gpu_mem_clock_mhz: figure,
  parity_state: state,
  parity_green: figure,
  parity_red: figure,
  verdicts_state: state,
  site_state: state,
  site_age_s: figure,
  disk_state: state,
  disk_used_pct: figure,
  meta_judge_state: state,
  meta_judge_score: figure,
});

export const reviewSchema = z.object({
  ts: timestamp,
  reviewer: z.string(),
  /** The loop's health as the reviewer sees it, 0 (broken) to 100 (healthy). */
  score: z.number().min(0).max(100),
  summary: z.string(),
  findings: z.array(z.object({
    severity: z.enum(['info', 'warn', 'crit']),
    text: z.string(),
    /** Iterations the finding cites; the Reviews page links them. */
    iterations: z.array(z.number().int().min(0)).default([]),
  })).default([]),
});

export type MonitorSample = z.output<typeof monitorSampleSchema>;
export type Review = z.output<typeof reviewSchema>;
