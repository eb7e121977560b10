// The site's only input: the redacted public folder synth hands to the build (JOURNEY_PUBLIC_DIR).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IterationPage, SiteData } from '../../synth/site-data-schema.ts';

function publicDir(): string {
  const dir = process.env['JOURNEY_PUBLIC_DIR'];
  if (!dir) throw new Error('JOURNEY_PUBLIC_DIR is not set: build the site with `npm run synth`, not `astro build`.');
  return dir;
}

let cached: SiteData | undefined;

/** site-data.json of this build. */
export function readSiteData(): SiteData {
  cached ??= JSON.parse(readFileSync(path.join(publicDir(), 'site-data.json'), 'utf8')) as SiteData;
  return cached;
}

/** iterations/<n>.json of this build. */
export function readIterationPage(number: number): IterationPage {
  return JSON.parse(readFileSync(path.join(publicDir(), 'iterations', `${number}.json`), 'utf8')) as IterationPage;
}
