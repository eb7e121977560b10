// vLLM's Prometheus /metrics, read over HTTP with a timeout: requests running and waiting, and the
// generation-token counter (summed over every label set: one engine or several).

export interface VllmReading {
  running: number;
  waiting: number;
  /** The generation-token counter's value: tokens/s is its growth over a window. */
  generationTokens: number;
}

const METRICS = {
  running: 'vllm:num_requests_running',
  waiting: 'vllm:num_requests_waiting',
  generationTokens: 'vllm:generation_tokens_total',
} as const;

/**
 * Sums each metric over its label sets; undefined when a metric is missing (not a vLLM, or a
 * version that names them otherwise).
 *
 * @example
 * parseVllmMetrics('vllm:num_requests_running{model_name="m"} 2\n...') // { running: 2, waiting: 0, generationTokens: 1234 }
 */
function parseVllmMetrics(text: string): VllmReading | undefined {
  const sums: Partial<Record<keyof typeof METRICS, number>> = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = /^([A-Za-z_:][\w:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const key = (Object.keys(METRICS) as (keyof typeof METRICS)[]).find((k) => METRICS[k] === match[1]);
    const value = Number(match[2]);
    if (key && Number.isFinite(value)) sums[key] = (sums[key] ?? 0) + value;
  }
  const { running, waiting, generationTokens } = sums;
  return running === undefined || waiting === undefined || generationTokens === undefined ? undefined : { running, waiting, generationTokens };
}

/**
 * GETs `<baseUrl>/metrics` within `timeoutMs` and parses it. Throws with a one-line reason when it
 * cannot (unreachable, not 200, not vLLM's metrics).
 *
 * @example
 * const reading = await readVllmMetrics('http://127.0.0.1:8010', 5000);
 */
export async function readVllmMetrics(baseUrl: string, timeoutMs: number): Promise<VllmReading> {
  const url = new URL('metrics', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
    throw new Error(`${url.href}: ${reason}`, { cause: (error as Error).cause ?? error });
  }
  if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
  const reading = parseVllmMetrics(await response.text());
  if (!reading) throw new Error(`${url.href} has no vLLM request and token metrics`);
  return reading;
}

/**
 * True when `error` (from readVllmMetrics) says nothing listens at the address: the connection was
 * refused, on every address the name resolved to.
 *
 * @example
 * try { await readVllmMetrics(url, 5000); } catch (error) { if (isNothingListening(error)) ... }
 */
export function isNothingListening(error: unknown): boolean {
  const cause = (error as Error | undefined)?.cause as (NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] }) | undefined;
  if (!cause) return false;
  if (cause.code === 'ECONNREFUSED') return true;
  return Array.isArray(cause.errors) && cause.errors.length > 0 && cause.errors.every((e) => e.code === 'ECONNREFUSED');
}
