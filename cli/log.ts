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
 * Runs one labelled phase and logs `✓ label (detail) in 12ms`, or `✗ label` when it throws; records
 * the duration in `timings[label]` when given (synth keeps them with the run).
 *
 * @example
 * const top = await phase('ingest', () => readLoopTop(dir, cap), (t) => `${t.folders.length} iterations`);
 */
export async function phase<T>(
  label: string,
  work: () => T | Promise<T>,
  describe?: (result: T) => string,
  timings?: Record<string, number>,
): Promise<T> {
  const started = performance.now();
  const took = () => {
    const ms = performance.now() - started;
    if (timings) timings[label] = Math.round(ms);
    return formatDuration(ms);
  };
  try {
    const result = await work();
    const detail = describe ? ` ${colour.dim(`(${describe(result)})`)}` : '';
    info(`${colour.green('✓')} ${label.padEnd(9)}${detail} in ${took()}`);
    return result;
  } catch (error) {
    info(`${colour.red('✗')} ${label.padEnd(9)} failed after ${took()}`);
    throw error;
  }
}

/**
 * A progress bar on a TTY (`render ████░░░░ 4,100/10,000`), redrawn at most every 100 ms; silent when
 * stderr is not a terminal, where the phase line that follows carries the counts.
 *
 * @example
 * const bar = progress('render', pages.length);
 * for (const page of pages) { await render(page); bar.tick(); }
 * bar.done();
 */
export function progress(label: string, total: number): { tick(count?: number): void; done(): void } {
  if (process.stderr.isTTY !== true || total < 200) return { tick() {}, done() {} };
  let count = 0;
  let drawn = 0;
  const draw = () => {
    const width = 30;
    const filled = Math.round((count / total) * width);
    process.stderr.write(`\r  ${label.padEnd(9)}${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${count.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`);
  };
  return {
    tick(done = 1) {
      count += done;
      const now = performance.now();
      if (now - drawn > 100) {
        drawn = now;
        draw();
      }
    },
    done() {
      process.stderr.write('\r\u001b[2K');
    },
  };
}
