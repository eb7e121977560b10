// Serialises the redacted public data once, and writes it: site-data.json plus iterations/<n>.json.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PublicOutput } from './project-public.ts';
import { writeFileAtomic } from './write-atomic.ts';

/** A public file: its path below the public folder and its exact bytes. */
export interface PublicFile {
  path: string;
  text: string;
}

/** The text of every public file, serialised once so the verify gate scans exactly what is written. */
export function serializePublic(output: PublicOutput): PublicFile[] {
  const text = (value: unknown) => `${JSON.stringify(value, null, 1)}\n`;
  return [
    { path: 'site-data.json', text: text(output.siteData) },
    ...output.pages.map((page) => ({ path: `iterations/${page.number}.json`, text: text(page) })),
  ];
}

/** Writes `files` below `dir` (a staging folder; it becomes <data>/public once the release is live). */
export function writePublic(dir: string, files: readonly PublicFile[]): void {
  mkdirSync(path.join(dir, 'iterations'), { recursive: true });
  for (const file of files) writeFileAtomic(path.join(dir, file.path), file.text);
}
