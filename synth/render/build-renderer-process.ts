// Builds the site's render bundle once per version of site/: an Astro server build whose entry
// renders routes in-process. Runs in a child process so Astro's memory goes away with it.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, runAstroProcess, withBuildLock } from './run-astro-process.ts';
import { waitForLock } from '../../core/write-lock.ts';
import { JourneyError } from '../../core/journey-error.ts';

const THIS_FILE = fileURLToPath(import.meta.url);
const RENDER_ENTRY = fileURLToPath(new URL('../../site/render/render-entry.ts', import.meta.url));

/** Where the bundle of one site version lives: `<render cache>/<site hash>/server/entry.mjs` (by default `<data>/cache/render`). */
export const rendererEntry = (cacheDir: string, siteHash: string) => path.join(cacheDir, siteHash, 'server', 'entry.mjs');

/** A bundle's folder: the site hash (the lock files and half-built folders beside them have a suffix). */
const BUNDLE = /^[0-9a-f]{64}$/;
/** A half-built bundle of a build that died is removed after this long. */
const ABANDONED_MS = 24 * 3600_000;

/**
 * Makes sure the bundle for `siteHash` exists, building it when missing (a few seconds). Data folders
 * may share one cache: a lock per version lets one process build it while the others wait and then
 * use it. Keeps the two newest bundles; a bundle is only ever added by rename, so a crash never
 * leaves half of one.
 *
 * @example
 * const { entry, built } = await ensureRenderer({ cacheDir: 'data/cache/render', siteHash, timeoutMs: 600_000 });
 */
export async function ensureRenderer(request: { cacheDir: string; siteHash: string; timeoutMs: number }): Promise<{ entry: string; built: boolean }> {
  mkdirSync(request.cacheDir, { recursive: true });
  refuseOpenCache(request.cacheDir);
  const entry = rendererEntry(request.cacheDir, request.siteHash);
  if (existsSync(entry)) return { entry, built: false };
  const release = await waitForLock(path.join(request.cacheDir, `${request.siteHash}.lock`), request.timeoutMs);
  try {
    if (existsSync(entry)) return { entry, built: false }; // built by another data folder's publish while this one waited
    const building = path.join(request.cacheDir, `${request.siteHash}.building-${process.pid}`);
    rmSync(building, { recursive: true, force: true });
    await runAstroProcess(THIS_FILE, { JOURNEY_RENDER_OUT_DIR: building }, request.timeoutMs, 'the Astro build of the render bundle');
    rmSync(path.join(request.cacheDir, request.siteHash), { recursive: true, force: true }); // a bundle without its entry: a prune cut short
    renameSync(building, path.join(request.cacheDir, request.siteHash));
    pruneRenderers(request.cacheDir, request.siteHash);
  } finally {
    release();
  }
  return { entry, built: true };
}

/**
 * The publisher runs the bundle's code: a cache folder every user may write to (`/tmp` itself) would
 * let any of them put code there. Group-writable stays allowed (a Kubernetes volume's fsGroup).
 */
function refuseOpenCache(cacheDir: string): void {
  if ((statSync(cacheDir).mode & 0o002) === 0) return;
  throw new JourneyError('JOURNEY_BUILD_FAILED', `the render cache ${cacheDir} is writable by every user, and journey runs the code it finds there`, {
    fix: `Name a folder only journey's user can write to in renderCacheDir (JOURNEY_RENDER_CACHE_DIR), or run chmod o-w ${cacheDir}.`,
  });
}

/** Removes all bundles but `keep` and the newest other one, and half-built ones a dead build left a day ago. */
function pruneRenderers(cacheDir: string, keep: string): void {
  const now = Date.now();
  const others = readdirSync(cacheDir)
    .filter((name) => name !== keep && (BUNDLE.test(name) || name.includes('.building-')))
    .map((name) => ({ name, mtime: statSync(path.join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const bundles = others.filter((o) => BUNDLE.test(o.name));
  const abandoned = others.filter((o) => !BUNDLE.test(o.name) && now - o.mtime > ABANDONED_MS);
  for (const old of [...bundles.slice(1), ...abandoned]) rmSync(path.join(cacheDir, old.name), { recursive: true, force: true });
}

if (import.meta.main) {
  await withBuildLock(async () => {
    const { build } = await import('astro');
    await build({
      root: REPO_ROOT,
      outDir: process.env['JOURNEY_RENDER_OUT_DIR']!,
      cacheDir: path.join(process.env['JOURNEY_RENDER_OUT_DIR']!, '.astro-cache'),
      logLevel: 'error', // getStaticPaths() is "ignored" in a server build: it serves the reference build only
      output: 'server',
      build: { inlineStylesheets: 'never' }, // the CSP allows no inline style
      // One self-contained bundle: it lives in the data folder, away from node_modules.
      vite: { ssr: { noExternal: true } },
      adapter: {
        name: 'journey-render',
        hooks: {
          'astro:config:done': ({ setAdapter }) => setAdapter({
            name: 'journey-render',
            entrypointResolution: 'auto',
            serverEntrypoint: RENDER_ENTRY,
            adapterFeatures: { buildOutput: 'server' },
            supportedAstroFeatures: { serverOutput: 'stable', staticOutput: 'stable', hybridOutput: 'stable', sharpImageService: 'stable' },
          }),
        },
      },
    });
    rmSync(path.join(process.env['JOURNEY_RENDER_OUT_DIR']!, '.astro-cache'), { recursive: true, force: true });
  });
}
