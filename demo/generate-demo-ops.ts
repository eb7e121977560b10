// Demo records of journey's own operations, for the data folder: a day of monitor samples
// (system-state.jsonl, every 3 minutes) and meta-judge reviews (every 30 minutes), so the demo
// site's Health and Reviews pages have something to show. Same seed and --now, same bytes.
import { OPS_FILES } from '../core/data-layout.ts';
import type { MonitorSample, Review } from '../contract/ops-schemas.ts';
import { createRandom } from './demo-random.ts';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const line = (value: unknown) => `${JSON.stringify(value)}\n`;

/**
 * Data-folder-relative path -> content, for a loop of `iterations` iterations.
 *
 * @example
 * const files = generateDemoOps({ iterations: 24, seed: 'journey', now: new Date() });
 */
export function generateDemoOps(options: { iterations: number; seed: string; now: Date }): Map<string, string> {
  const random = createRandom(`${options.seed}/ops`);
  const end = options.now.getTime();
  const samples: MonitorSample[] = [];
  for (let t = end - 24 * 60 * MINUTE; t <= end; t += 3 * MINUTE) {
    const busy = random.next() < 0.85;
    const heartbeat = random.int(5, 120) + (random.next() < 0.02 ? 700 : 0);
    const loopState = heartbeat > 900 ? 'CRIT' : heartbeat > 600 ? 'WARN' : 'OK';
    samples.push({
      ts: iso(t), overall: loopState, loop_state: loopState, loop_iteration: Math.max(0, options.iterations - Math.round((end - t) / (25 * MINUTE))),
      heartbeat_age_s: heartbeat, subagents_state: 'OK', subagents_running: busy ? 1 : 0, subagents_over_budget: 0,
      vllm_state: 'OK', vllm_running: busy ? random.int(1, 4) : 0, vllm_waiting: busy ? random.int(0, 3) : 0,
      vllm_tokens_per_s: busy ? random.int(180, 420) : 0, gpu_state: 'OK', gpu_util_pct: busy ? random.int(70, 99) : random.int(0, 5),
      gpu_temp_c: random.int(55, 78), gpu_power_w: random.int(180, 320), parity_state: 'OK', verdicts_state: 'OK',
      site_state: 'OK', site_age_s: random.int(30, 900), disk_state: 'OK', disk_used_pct: 40 + Math.round((t - end) / (60 * MINUTE)) / 100 + 1,
      meta_judge_state: 'OK', meta_judge_score: null,
    });
  }
  const reviews: Review[] = [];
  for (let t = end - 24 * 60 * MINUTE, i = 0; t <= end; t += 30 * MINUTE, i++) {
    const cited = Math.max(1, options.iterations - random.int(0, 6));
    const score = random.int(62, 93);
    reviews.push({
      ts: iso(t), reviewer: 'meta-judge (external reviewer CLI)', score,
      summary: score > 80 ? 'The loop makes steady progress; verdicts match the tests.' : 'Progress slowed: the writer repeats a failing approach.',
      findings: [
        { severity: score > 80 ? 'info' : 'warn', text: score > 80 ? 'Plans are small and testable.' : 'The same failing test was retried three times.', iterations: [cited] },
        ...(i % 5 === 0 ? [{ severity: 'info' as const, text: 'The judge notes cite the acceptance matrix.', iterations: [Math.max(1, cited - 1), cited] }] : []),
      ],
    });
  }
  for (const sample of samples) sample.meta_judge_score = [...reviews].reverse().find((r) => r.ts <= sample.ts)?.score ?? null;
  return new Map([
    [OPS_FILES.samples, samples.map(line).join('')],
    [OPS_FILES.reviews, reviews.map(line).join('')],
  ]);
}
