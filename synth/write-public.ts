// Writes the redacted public data: site-data.json and one iterations/<n>.json per iteration.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PublicOutput } from './project-public.ts';
import { writeFileAtomic } from './write-atomic.ts';

/** Writes `output` below `dir` (a staging folder; it becomes <data>/public once the release is live). */
export function writePublic(dir: string, output: PublicOutput): void {
  mkdirSync(path.join(dir, 'iterations'), { recursive: true });
  writeFileAtomic(path.join(dir, 'site-data.json'), `${JSON.stringify(output.siteData, null, 1)}\n`);
  for (const page of output.pages) writeFileAtomic(path.join(dir, 'iterations', `${page.number}.json`), `${JSON.stringify(page, null, 1)}\n`);
}
