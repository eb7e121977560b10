// The GPU through `nvidia-smi`, run with a timeout: utilisation, clocks, power, temperature and
// throttle reasons of each GPU. No tool or no GPU is a fact to report, never a crash.
import { execFile } from 'node:child_process';

export interface GpuReading {
  utilPct: number;
  smClockMhz: number;
  powerW: number;
  tempC: number;
  /** The active clock-throttle reasons bitmask, as nvidia-smi prints it (`0x0000000000000000`). */
  throttle: string;
}

export type GpuResult =
  | { kind: 'gpus'; gpus: GpuReading[] }
  | { kind: 'absent'; reason: string }
  | { kind: 'failed'; reason: string };

const QUERY = ['--query-gpu=utilization.gpu,clocks.sm,power.draw,temperature.gpu,clocks_throttle_reasons.active', '--format=csv,noheader,nounits'];

/** Parses nvidia-smi's CSV lines; lines it cannot read are skipped. */
export function parseGpuCsv(text: string): GpuReading[] {
  return text.split('\n').map((line) => line.split(',').map((part) => part.trim())).filter((parts) => parts.length >= 5)
    .map(([util, clock, power, temp, throttle]) => ({ utilPct: Number(util), smClockMhz: Number(clock), powerW: Number(power), tempC: Number(temp), throttle: throttle ?? '' }))
    .filter((gpu) => Number.isFinite(gpu.utilPct) && Number.isFinite(gpu.tempC));
}

/**
 * Runs `program` (nvidia-smi) within `timeoutMs`.
 *
 * @example
 * const result = await readGpu('nvidia-smi', 5000); // { kind: 'absent', reason: 'nvidia-smi is not installed' }
 */
export function readGpu(program: string, timeoutMs: number): Promise<GpuResult> {
  return new Promise((resolve) => {
    execFile(program, QUERY, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const said = `${stdout}\n${stderr}`;
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return resolve({ kind: 'absent', reason: `${program} is not installed` });
      if (/no devices were found|couldn't communicate with the nvidia driver/i.test(said)) return resolve({ kind: 'absent', reason: 'no NVIDIA GPU or driver' });
      if (error) {
        const reason = error.killed ? `gave no answer within ${timeoutMs} ms` : `failed (exit ${error.code}): ${stderr.trim().split('\n')[0] ?? ''}`;
        return resolve({ kind: 'failed', reason: `${program} ${reason}`.trim() });
      }
      const gpus = parseGpuCsv(stdout);
      resolve(gpus.length > 0 ? { kind: 'gpus', gpus } : { kind: 'absent', reason: `${program} listed no GPU` });
    });
  });
}
