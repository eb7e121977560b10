// Operator-facing output: labelled phase lines with durations, colour only on a TTY. Every byte a
// command writes goes out through here (a test holds every other file to it), redacted.
import type { PublicText } from './public-text.ts';

const useColour = process.stderr.isTTY === true && !process.env['NO_COLOR'];

/**
 * A reader that went away (`npm run config -- --print | head -1`) closes the pipe: the rest of that
 * stream's output is dropped, quietly, and the command finishes its work and exits with its own code
 * (0 when it succeeded). Ending at once instead would cut a publish short, or stop `npm start` when
 * journald restarts under it, only because nobody reads the log. Any other write error still throws.
 */
const closedStreams = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closedStreams.add(stream);
  });
}

/** Writes to a stream unless its reader has gone (then the bytes have nowhere to go). */
function write(stream: NodeJS.WriteStream, text: string): void {
  if (!closedStreams.has(stream) && !stream.destroyed) stream.write(text);
}

function paint(code: number, text: string): string {
  return useColour ? `\u001b[${code}m${text}\u001b[0m` : text;
}

const colour = {
  green: (text: string) => paint(32, text),
  yellow: (text: string) => paint(33, text),
  red: (text: string) => paint(31, text),
  dim: (text: string) => paint(2, text),
};

/** Formats a duration the way Astro does: `188ms`, `2.41s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

/**
 * What every line a command prints passes through: the redactor, once the command has read its
 * configuration (define-command installs it). Before that, and in tests of pure code, lines go out
 * as they are; they are journey's own words and positions then.
 */
let outputFilter: ((text: string) => string) | undefined;

/** Installs the filter every later line passes through; returns the one it replaced. */
export function setOutputFilter(filter: ((text: string) => string) | undefined): ((text: string) => string) | undefined {
  const previous = outputFilter;
  outputFilter = filter;
  return previous;
}

const filtered = (text: string) => (outputFilter ? outputFilter(text) : text);

/**
 * `text` as it may leave this command for another program (an alert command's stdin, a reviewer's
 * prompt): through the same filter as every printed line.
 */
export function forOutput(text: string): string {
  return filtered(text);
}

/** Writes one progress line to stderr (stdout stays free for data such as `--json`). */
export function info(line: string): void {
  write(process.stderr, `${filtered(line)}\n`);
}

/** Writes data to stdout (a table, `--json`), through the output filter like every line. */
export function out(text: string): void {
  write(process.stdout, filtered(text));
}

/** Redraws a progress line on stderr (`\r` first, no newline); an empty one clears it. */
export function progressLine(text: string): void {
  write(process.stderr, text.length === 0 ? '\r' : `\r${filtered(text)}`);
}

/**
 * Writes text the redactor already produced (`npm run redact`'s output): it is public by type, and
 * running a megabyte through the filter again would only cost time.
 */
export function outPublic(text: PublicText): void {
  write(process.stdout, text);
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
    write(process.stderr, `\r  ${filtered(label).padEnd(9)}${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${count.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`);
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
      write(process.stderr, '\r\u001b[2K');
    },
  };
}
