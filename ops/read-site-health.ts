// The published site as the monitor sees it: how old the current release's index.html is, and
// whether the release shows the public data synth last wrote.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../core/public-json.ts';
import { currentReleaseDir } from '../synth/release/write-release.ts';
import { dataPaths } from '../core/data-layout.ts';

/**
 * Undefined when nothing is published yet.
 *
 * @example
 * readSiteHealth('/data/autoswe', new Date()) // { ageS: 312, inStep: true }
 */
export function readSiteHealth(dataDir: string, now: Date): { ageS: number; inStep: boolean } | undefined {
  const release = currentReleaseDir(dataDir);
  if (!release) return undefined;
  let ageS: number;
  try {
    ageS = Math.max(0, (now.getTime() - statSync(path.join(release, 'index.html')).mtimeMs) / 1000);
  } catch {
    return undefined;
  }
  const hash = (file: string) => {
    try {
      return sha256(readFileSync(file));
    } catch {
      return undefined;
    }
  };
  const published = hash(path.join(release, 'site-data.json'));
  return { ageS, inStep: published !== undefined && published === hash(path.join(dataPaths(dataDir).public, 'site-data.json')) };
}
