// What a takedown leaves live: the current release, public/ and every snapshot the server still
// answers, read the way the leak scan reads them, with only the taken-down values as known secrets.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDetector } from '../redact/detect.ts';
import { scanBytes } from '../redact/read-scan-dir.ts';
import { parseServedSnapshots } from '../synth/release/served-snapshots.ts';
import type { TakedownTarget } from '../synth/release/write-takedown.ts';
import { currentReleaseId, readManifest } from '../synth/release/write-release.ts';
import { DATA_LAYOUT, dataPaths } from '../core/data-layout.ts';

/** One place a takedown did not reach; files are relative to the data folder. Never the value itself. */
export type StillLive =
  | { kind: 'value'; file: string; line: number; column: number; fingerprint: string }
  | { kind: 'iteration'; file: string; number: number }
  | { kind: 'unchecked'; file: string; line: number; column: number; rule: string };

/**
 * The operator's line for one place: position and fingerprint, never the value.
 *
 * @example
 * formatStillLive({ kind: 'value', file: 'public/iterations/2.json', line: 3, column: 9, fingerprint: 'a1b2' })
 * // 'still live: public/iterations/2.json:3:9 fingerprint a1b2'
 */
export function formatStillLive(place: StillLive): string {
  if (place.kind === 'value') return `still live: ${place.file}:${place.line}:${place.column} fingerprint ${place.fingerprint}`;
  if (place.kind === 'iteration') return `still live: ${place.file}: iteration ${place.number} is not withheld`;
  return `not checked: ${place.file}:${place.line}:${place.column} (${place.rule}): the scanner could not read it, so it may still hold a value`;
}

/** Every file a reader can get now, relative to the data folder: the current release's, public/'s, the served snapshots'. */
function liveFiles(dataDir: string): string[] {
  const where = dataPaths(dataDir);
  const current = currentReleaseId(dataDir);
  const release = current === undefined ? [] : (readManifest(dataDir, current) ?? []).map((e) => path.posix.join(DATA_LAYOUT.releases, current, e.path));
  const publicFiles = !existsSync(where.public) ? [] : readdirSync(where.public, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile()).map((e) => path.relative(dataDir, path.join(e.parentPath, e.name)));
  let served: string[] = [];
  try {
    served = [...(parseServedSnapshots(readFileSync(path.join(dataDir, DATA_LAYOUT.servedSnapshots), 'utf8'))?.keys() ?? [])];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // no list: the server answers no snapshot
  }
  return [...release, ...publicFiles, ...served.map((id) => path.posix.join(DATA_LAYOUT.snapshots, id, 'site-data.json'))];
}

/** Iterations of `numbers` that `file` (site-data.json or a page's JSON) still shows, not withheld. */
function iterationsShown(file: string, bytes: Buffer, numbers: readonly number[]): number[] {
  const name = path.basename(file);
  if (name === 'site-data.json') {
    const data = JSON.parse(bytes.toString('utf8')) as { iterations?: { number: number; status: string }[] };
    return numbers.filter((n) => data.iterations?.some((it) => it.number === n && it.status !== 'withheld'));
  }
  const page = numbers.find((n) => name === `${n}.json` && path.basename(path.dirname(file)) === 'iterations');
  if (page === undefined) return [];
  return (JSON.parse(bytes.toString('utf8')) as { status?: string }).status === 'withheld' ? [] : [page];
}

/**
 * Re-reads everything live after a takedown and returns each place that still holds a taken-down
 * value (or shows a taken-down iteration), or that the scanner could not read (fail-closed). Empty
 * when the takedown is complete.
 *
 * @example
 * const places = await readStillLive('./data', { values: ['hunter2-hunter2'], iterations: [] }, key);
 * for (const place of places) info(formatStillLive(place));
 */
export async function readStillLive(dataDir: string, target: TakedownTarget, key: Buffer | string): Promise<StillLive[]> {
  const detector = createDetector({ key, knownSecrets: target.values, rules: [] });
  const places: StillLive[] = [];
  for (const file of liveFiles(dataDir)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(dataDir, file));
    } catch {
      places.push({ kind: 'unchecked', file, line: 0, column: 0, rule: 'unreadable-file' });
      continue;
    }
    if (target.values.length > 0) {
      for (const f of await scanBytes(file, bytes, detector, { secretlint: false })) {
        places.push(f.rule === 'known-secret'
          ? { kind: 'value', file, line: f.line, column: f.column, fingerprint: f.fingerprint }
          : { kind: 'unchecked', file, line: f.line, column: f.column, rule: f.rule });
      }
    }
    if (target.iterations.length > 0 && file.endsWith('.json')) {
      try {
        for (const number of iterationsShown(file, bytes, target.iterations)) places.push({ kind: 'iteration', file, number });
      } catch {
        places.push({ kind: 'unchecked', file, line: 0, column: 0, rule: 'undecodable-file' });
      }
    }
  }
  return places;
}
