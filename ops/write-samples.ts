// system-state.jsonl: the monitor appends one sample per run (one write of one line, O_APPEND, so a
// reader never sees half a record) and keeps only the last `retentionDays` of them.
import { appendFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import type { MonitorSample } from '../contract/ops-schemas.ts';
import { OPS_FILES } from '../core/data-layout.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';

/** The timestamp of the file's first line, read without reading the file. */
function firstTimestamp(file: string): number | undefined {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, head.length, 0);
    const ts = /"ts"\s*:\s*"([^"]+)"/.exec(head.subarray(0, n).toString('utf8'))?.[1];
    return ts ? Date.parse(ts) : undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends `sample`; when the oldest kept sample is older than `retentionDays`, rewrites the file
 * (atomically) without the samples past it. Returns how many it dropped.
 *
 * @example
 * appendSample('/data/autoswe', sample, 14, new Date());
 */
export function appendSample(dataDir: string, sample: MonitorSample, retentionDays: number, now: Date): number {
  const file = path.join(dataDir, OPS_FILES.samples);
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(sample)}\n`, { flag: 'a' });
  const cutoff = now.getTime() - retentionDays * 86_400_000;
  const oldest = existsSync(file) ? firstTimestamp(file) : undefined;
  if (oldest === undefined || oldest >= cutoff) return 0;
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
  // Lines that do not parse are kept: synth reports them, and dropping evidence is not retention's job.
  const kept = lines.filter((line) => {
    const ts = /"ts"\s*:\s*"([^"]+)"/.exec(line)?.[1];
    return ts === undefined || !(Date.parse(ts) < cutoff);
  });
  writeFileAtomic(file, kept.length ? `${kept.join('\n')}\n` : '');
  return lines.length - kept.length;
}
