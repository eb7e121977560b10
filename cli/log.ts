// Operator-facing output: labelled phase lines with durations, colour only on a TTY.

const useColour = process.stderr.isTTY === true && !process.env['NO_COLOR'];

function paint(code: number, text: string): string {
  return useColour ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export const colour = {
  green: (text: string) => paint(32, text),
  yellow: (text: string) => paint(33, text),
  red: (text: string) => paint(31, text),
  dim: (text: string) => paint(2, text),
};

/** Formats a duration the way Astro does: `188ms`, `2.41s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

/** Writes one progress line to stderr (stdout stays free for data such as `--json`). */
export function info(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Runs one labelled phase and logs `✓ label (detail) in 12ms`, or `✗ label` when it throws.
 *
 * @example
 * const data = await phase('ingest', () => readLoop(dir), (d) => `${d.iterations.length} iterations`);
 */
export async function phase<T>(
  label: string,
  work: () => T | Promise<T>,
  describe?: (result: T) => string,
): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    const detail = describe ? ` ${colour.dim(`(${describe(result)})`)}` : '';
    info(`${colour.green('✓')} ${label.padEnd(9)}${detail} in ${formatDuration(performance.now() - started)}`);
    return result;
  } catch (error) {
    info(`${colour.red('✗')} ${label.padEnd(9)} failed after ${formatDuration(performance.now() - started)}`);
    throw error;
  }
}
