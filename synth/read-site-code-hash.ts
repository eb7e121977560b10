// Hashes the site's own code, so a change to site/ triggers a rebuild even when the data is the same.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SITE_DIR = fileURLToPath(new URL('../site', import.meta.url));
const ASTRO_CONFIG = fileURLToPath(new URL('../astro.config.mjs', import.meta.url));

/** sha256 over every file of site/ and astro.config.mjs, by path and content. */
export function readSiteCodeHash(): string {
  const hash = createHash('sha256');
  const files = readdirSync(SITE_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of [...files, ASTRO_CONFIG]) hash.update(path.relative(SITE_DIR, file)).update(readFileSync(file));
  return hash.digest('hex');
}
