// Keeps <data>/public (the redacted public data, for operators and for synth without --rebuild-site)
// in step: only changed files are written, each atomically; removed iterations' files go.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
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
  for (const file of files) {
    const target = path.join(dir, 'iterations', `${file.number}.json`);
    if (file.text === undefined && !full && existsSync(target)) continue;
    writeFileAtomic(target, file.text ?? textOf(file), { durable: false });
    written += 1;
  }
  for (const name of readdirSync(path.join(dir, 'iterations'))) {
    if (!wanted.has(name)) rmSync(path.join(dir, 'iterations', name), { force: true });
  }
  writeFileAtomic(path.join(dir, 'site-data.json'), siteDataText, { durable: false });
  return written + 1;
}
