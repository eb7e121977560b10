// Writes a generated demo loop to disk; refuses a non-empty target folder.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isErrno, JourneyError } from '../core/journey-error.ts';
import type { DemoLoop } from './generate-demo.ts';

/** Writes `demo` below `outDir`, which must be empty or absent. */
export function writeDemo(outDir: string, demo: DemoLoop): void {
  try {
    if (readdirSync(outDir).length > 0) {
      throw new JourneyError('JOURNEY_DEMO_OUT_NOT_EMPTY', `${outDir} is not empty`, {
        fix: 'Choose an empty or new folder for --out; the demo never overwrites files.',
      });
    }
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  for (const [relative, content] of demo.files) {
    const file = path.join(outDir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Writes the demo's operations records into `dataDir`, leaving any file that already exists alone; returns how many it wrote. */
export function writeDemoOps(dataDir: string, files: ReadonlyMap<string, string>): number {
  let written = 0;
  for (const [relative, content] of files) {
    const file = path.join(dataDir, relative);
    if (existsSync(file)) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    written++;
  }
  return written;
}
