// One monitor run: the requested checks, each cut off by its timeout, folded into one flat sample
// (the record system-state.jsonl keeps) and a line per check for people.
import { CHECKS, type CheckState, type MonitorSample } from '../contract/ops-schemas.ts';
import { readDiskUsedPercent } from '../synth/read-disk-usage.ts';
import { readOps } from '../synth/read-ops.ts';
import type { JourneyConfig } from '../config/config-schema.ts';
import {
  checkDisk, checkGpu, checkLoop, checkMetaJudge, checkParity, checkSite, checkSubagents, checkVerdicts, checkVllm, worst, type CheckResult,
} from './monitor-checks.ts';
import { readGpu } from './read-gpu-process.ts';
import { readLoopHealth, type LoopHealth } from './read-loop-health.ts';
import { readSiteHealth } from './read-site-health.ts';
import { isNothingListening, readVllmMetrics } from './read-vllm-metrics.ts';

export type CheckName = (typeof CHECKS)[number];

export interface MonitorReport {
  sample: MonitorSample;
  /** The checks run, in CHECKS order. */
  results: { name: CheckName; result: CheckResult }[];
}

type MonitorConfig = Pick<JourneyConfig, 'dataDir' | 'loopDir' | 'vllmUrl' | 'vllmWindowSeconds' | 'checkTimeoutSeconds' | 'nvidiaSmi'
  | 'gpuMemoryWarnPercent' | 'gpuMemoryCritPercent' | 'phaseBudgetMinutes' | 'timerEverySeconds'> & {
  /** vllmUrl is the default, not set by the operator: nothing listening there means no vLLM (n/a), not a fault. */
  vllmUrlIsDefault?: boolean;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the check's result, or UNKNOWN once `ms` have passed: one hung dependency cannot hang the monitor. */
async function withTimeout(work: () => Promise<CheckResult> | CheckResult, ms: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'UNKNOWN', summary: `no result within ${Math.round(ms / 1000)} s`, figures: {} }), ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(work), late]);
  } catch (error) {
    return { state: 'UNKNOWN', summary: (error as Error).message.split('\n')[0] ?? 'failed', figures: {} };
  } finally {
    clearTimeout(timer);
  }
}

async function vllm(config: MonitorConfig): Promise<CheckResult> {
  if (config.vllmUrl === '') return { state: 'n/a', summary: 'not configured (JOURNEY_VLLM_URL is empty)', figures: {} };
  const timeout = config.checkTimeoutSeconds * 1000;
  try {
    const first = await readVllmMetrics(config.vllmUrl, timeout);
    await sleep(config.vllmWindowSeconds * 1000);
    return checkVllm(first, await readVllmMetrics(config.vllmUrl, timeout), config.vllmWindowSeconds);
  } catch (error) {
    if (config.vllmUrlIsDefault && isNothingListening(error)) {
      return { state: 'n/a', summary: `not configured: nothing listens at the default ${config.vllmUrl} (set JOURNEY_VLLM_URL to watch a vLLM)`, figures: {} };
    }
    return { state: 'WARN', summary: `unreachable: ${(error as Error).message}`, figures: {} };
  }
}

/**
 * Runs `names` (all by default) at `now` and returns the sample and the per-check results.
 *
 * @example
 * const { sample } = await runMonitor(config, ['loop', 'disk'], new Date());
 */
export async function runMonitor(config: MonitorConfig, names: readonly CheckName[] = CHECKS, now = new Date()): Promise<MonitorReport> {
  let loop: LoopHealth | undefined;
  const loopHealth = () => (loop ??= readLoopHealth(config.loopDir!, now));
  const timeout = config.checkTimeoutSeconds * 1000;
  const run: Record<CheckName, () => Promise<CheckResult>> = {
    loop: () => withTimeout(() => checkLoop(loopHealth()), timeout),
    subagents: () => withTimeout(() => checkSubagents(loopHealth(), config.phaseBudgetMinutes, now), timeout),
    vllm: () => withTimeout(() => vllm(config), timeout * 2 + config.vllmWindowSeconds * 1000),
    gpu: () => config.nvidiaSmi === '' ? Promise.resolve({ state: 'n/a', summary: 'not configured (JOURNEY_NVIDIA_SMI is empty)', figures: {} })
      : withTimeout(async () => checkGpu(await readGpu(config.nvidiaSmi, timeout), { warnPct: config.gpuMemoryWarnPercent, critPct: config.gpuMemoryCritPercent }),
        timeout + 1000),
    parity: () => withTimeout(() => checkParity(loopHealth()), timeout),
    verdicts: () => withTimeout(() => checkVerdicts(loopHealth()), timeout),
    site: () => withTimeout(() => checkSite(readSiteHealth(config.dataDir, now), config.timerEverySeconds || 900), timeout),
    disk: () => withTimeout(() => checkDisk(readDiskUsedPercent(config.dataDir)), timeout),
    meta_judge: () => withTimeout(() => checkMetaJudge(readOps(config.dataDir, 64 * 1024 * 1024, ['reviews']).reviews.at(-1), now), timeout),
  };
  if (!config.loopDir) {
    const none = () => Promise.resolve<CheckResult>({ state: 'n/a', summary: 'no loop folder configured', figures: {} });
    Object.assign(run, { loop: none, subagents: none, parity: none, verdicts: none });
  }
  const wanted = CHECKS.filter((name) => names.includes(name));
  // Network and process checks run side by side; the file checks are quick.
  const outcomes = await Promise.all(wanted.map((name) => run[name]()));
  const results = wanted.map((name, i) => ({ name, result: outcomes[i]! }));
  const states: Partial<Record<`${CheckName}_state`, CheckState>> = {};
  for (const { name, result } of results) states[`${name}_state`] = result.state;
  const sample: MonitorSample = {
    ts: now.toISOString(), overall: worst(results.map((r) => r.result.state)), ...states,
    ...Object.assign({}, ...results.map((r) => r.result.figures)) as Partial<MonitorSample>,
  };
  return { sample, results };
}
