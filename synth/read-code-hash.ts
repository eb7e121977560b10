// Hashes journey's own code, so a code change invalidates exactly the caches it could affect.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function hashFiles(entries: readonly string[]): string {
  const hash = createHash('sha256');
  for (const entry of entries) {
    const absolute = path.join(REPO_ROOT, entry);
    const files = entry.includes('.')
      ? [absolute]
      : readdirSync(absolute, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
    for (const file of files) hash.update(path.relative(REPO_ROOT, file)).update('\0').update(readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * sha256 of what shapes the rendered pages: site/ and the contract/ it reads, the core modules the
 * bundle imports, the Astro config, the bundle's build settings, what the ATIF export and the compare
 * pages are made from, and the lock file (which pins Astro). A new value means a new render bundle
 * and every page re-rendered.
 *
 * @example
 * readSiteCodeHash() // 'c0ffee...'
 */
export function readSiteCodeHash(): string {
  return hashFiles(SITE_CODE);
}

/** The folders and files readSiteCodeHash covers (a test checks that every module site/ and contract/ import is among them). */
export const SITE_CODE: readonly string[] = ['site', 'contract', 'core/public-json.ts', 'core/data-layout.ts', 'astro.config.mjs',
  'synth/render/build-renderer-process.ts', 'synth/render/render-atif.ts', 'synth/release/unlinked-keys.ts', 'synth/plan-public-files.ts', 'package-lock.json'];

let pipeline: string | undefined;

/**
 * sha256 of what shapes the public data: ingest, projection and redaction code. A new value means
 * every iteration is read and redacted again. Hashed once per process: it must describe the code
 * this process runs, even when a long-lived worker outlives a deploy on disk.
 */
export function readPipelineCodeHash(): string {
  pipeline ??= hashFiles(['core', 'config', 'contract', 'sources', 'loop', 'redact', 'synth', 'state/source-runs.ts', 'package-lock.json']);
  return pipeline;
}
