// The GPU through `nvidia-smi`, run with a timeout: utilisation, SM and memory clocks, power,
// temperature, memory used and total, and throttle reasons of each GPU. No tool or no GPU is a fact
// to report, never a crash.
import { execFile } from 'node:child_process';

export interface GpuReading {
  utilPct: number;
  /** A figure nvidia-smi does not report for this GPU (`[N/A]`, `[Not Supported]`) is null. */
  smClockMhz: number | null;
  memClockMhz: number | null;
  powerW: number | null;
  tempC: number;
  memUsedMib: number | null;
  memTotalMib: number | null;
  /** The active clock-throttle reasons bitmask, as nvidia-smi prints it (`0x0000000000000000`). */
  throttle: string;
}

export type GpuResult =
  | { kind: 'gpus'; gpus: GpuReading[] }
  | { kind: 'absent'; reason: string }
  | { kind: 'failed'; reason: string };

/** The fields asked for, in the order of the CSV columns parseGpuCsv reads. */
export const GPU_QUERY_FIELDS = [
  'utilization.gpu', 'clocks.sm', 'clocks.mem', 'power.draw', 'temperature.gpu', 'memory.used', 'memory.total', 'clocks_throttle_reasons.active',
] as const;
const QUERY = [`--query-gpu=${GPU_QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];

/** A number, or null for nvidia-smi's `[N/A]` and `[Not Supported]`. */
const figure = (text: string | undefined) => {
  const value = text === undefined || text === '' ? NaN : Number(text);
  return Number.isFinite(value) ? value : null;
};

/**
 * Parses nvidia-smi's CSV lines (GPU_QUERY_FIELDS, no header, no units); lines it cannot read are skipped.
 *
 * @example
 * parseGpuCsv('87, 1755, 1593, 286.41, 71, 74000, 81559, 0x0000000000000000\n')[0]!.memUsedMib // 74000
 */
export function parseGpuCsv(text: string): GpuReading[] {
  return text.split('\n').map((line) => line.split(',').map((part) => part.trim())).filter((parts) => parts.length >= GPU_QUERY_FIELDS.length)
    .map(([util, sm, mem, power, temp, used, total, throttle]) => ({
      utilPct: Number(util), smClockMhz: figure(sm), memClockMhz: figure(mem), powerW: figure(power), tempC: Number(temp),
      memUsedMib: figure(used), memTotalMib: figure(total), throttle: throttle ?? '',
    }))
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
