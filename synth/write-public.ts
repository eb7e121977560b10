// Keeps <data>/public (the redacted public data, for operators and for synth without --rebuild-site)
// in step: only changed files are written, each atomically; removed iterations' files go.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { PublicIteration } from './plan-public-files.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';

/**
 * Writes the changed iteration files, removes files of iterations that are gone, then site-data.json.
 * `full` rewrites every file (the cache may be gone).
 *
 * @example
 * writePublic('data/public', siteDataText, files, (n) => pageText(n), false);
 */
export function writePublic(dir: string, siteDataText: string, files: readonly PublicIteration[], textOf: (file: PublicIteration) => string, full: boolean): number {
  mkdirSync(path.join(dir, 'iterations'), { recursive: true });
  let written = 0;
  const wanted = new Set(files.map((f) => `${f.number}.json`));
  const present = new Set(readdirSync(path.join(dir, 'iterations'))); // one listing, not a check per file
  for (const file of files) {
    const name = `${file.number}.json`;
    if (file.text === undefined && !full && present.has(name)) continue;
    writeFileAtomic(path.join(dir, 'iterations', name), file.text ?? textOf(file), { durable: false });
    written += 1;
  }
  for (const name of present) {
    if (!wanted.has(name)) rmSync(path.join(dir, 'iterations', name), { force: true });
  }
  writeFileAtomic(path.join(dir, 'site-data.json'), siteDataText, { durable: false });
  return written + 1;
}
