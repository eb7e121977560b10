// Builds the site's render bundle once per version of site/: an Astro server build whose entry
// renders routes in-process. Runs in a child process so Astro's memory goes away with it.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, runAstroProcess, withBuildLock } from './run-astro-process.ts';
import { waitForLock } from '../../core/write-lock.ts';
import { JourneyError } from '../../core/journey-error.ts';

const THIS_FILE = fileURLToPath(import.meta.url);
const RENDER_ENTRY = fileURLToPath(new URL('../../site/render/render-entry.ts', import.meta.url));

/** Where the bundle of one site version lives: `<render cache>/<site hash>/server/entry.mjs` (by default `<data>/cache/render`). */
export const rendererEntry = (cacheDir: string, siteHash: string) => path.join(cacheDir, siteHash, 'server', 'entry.mjs');

/** A bundle's folder: the site hash (the lock files and half-built or half-pruned folders beside them have a suffix). */
const BUNDLE = /^[0-9a-f]{64}$/;
/** A half-built bundle of a build that died is removed after this long. */
const ABANDONED_MS = 24 * 3600_000;
/** A bundle used this recently is kept: a long-lived publish worker of another version marks its own on every publish. */
const IN_USE_MS = 24 * 3600_000;

/**
 * Makes sure the bundle for `siteHash` exists, building it when missing (a few seconds). Data folders
 * may share one cache: a lock per version lets one process build it while the others wait and then
 * use it, and a bundle another process installed first is kept (a lock cannot tell processes of
 * other pid namespaces apart). A bundle is only ever added, and set aside before it is removed, by
 * rename, so a crash never leaves half of one under its name. Keeps the newest other bundle and any
 * used within a day.
 *
 * @example
 * const { entry, built } = await ensureRenderer({ cacheDir: 'data/cache/render', siteHash, timeoutMs: 600_000 });
 */
export async function ensureRenderer(request: { cacheDir: string; siteHash: string; timeoutMs: number }): Promise<{ entry: string; built: boolean }> {
  mkdirSync(request.cacheDir, { recursive: true });
  refuseUnsafeCache(request.cacheDir);
  const bundle = path.join(request.cacheDir, request.siteHash);
  const entry = rendererEntry(request.cacheDir, request.siteHash);
  const cached = () => {
    markUsed(bundle);
    return { entry, built: false };
  };
  if (existsSync(entry)) return cached();
  const release = await waitForLock(path.join(request.cacheDir, `${request.siteHash}.lock`), request.timeoutMs);
  try {
    if (existsSync(entry)) return cached(); // built by another data folder's publish while this one waited
    const building = `${bundle}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    await runAstroProcess(THIS_FILE, { JOURNEY_RENDER_OUT_DIR: building }, request.timeoutMs, 'the Astro build of the render bundle');
    if (!existsSync(entry)) setAside(bundle); // a folder without its entry: a prune cut short
    try {
      renameSync(building, bundle);
    } catch (error) {
      if (!existsSync(entry)) throw error;
      rmSync(building, { recursive: true, force: true }); // another process installed it first: it may be using it
      return cached();
    }
    pruneRenderers(request.cacheDir, request.siteHash);
  } finally {
    release();
  }
  return { entry, built: true };
}

/**
 * The publisher runs the bundle's code: a cache folder every user may write to (`/tmp` itself), or one
 * another user owns, would let someone else put code there. Group-writable stays allowed (a
 * Kubernetes volume's fsGroup), and so does root's.
 */
function refuseUnsafeCache(cacheDir: string): void {
  const stat = statSync(cacheDir);
  const uid = process.getuid?.();
  if ((stat.mode & 0o002) !== 0) {
    throw new JourneyError('JOURNEY_BUILD_FAILED', `the render cache ${cacheDir} is writable by every user, and journey runs the code it finds there`, {
      fix: `Name a folder only journey's user can write to in renderCacheDir (JOURNEY_RENDER_CACHE_DIR), or run chmod o-w ${cacheDir}.`,
    });
  }
  if (uid !== undefined && stat.uid !== uid && stat.uid !== 0) {
    throw new JourneyError('JOURNEY_BUILD_FAILED', `the render cache ${cacheDir} belongs to another user (uid ${stat.uid}), and journey runs the code it finds there`, {
      fix: "Name a folder journey's user owns in renderCacheDir (JOURNEY_RENDER_CACHE_DIR).",
    });
  }
}

/** Marks a bundle as used now (its folder's mtime), so a prune by another version keeps it; best effort. */
function markUsed(bundle: string): void {
  try {
    const now = new Date();
    utimesSync(bundle, now, now);
  } catch {
    // Another user's bundle in a shared cache: it is used all the same.
  }
}

/** Renames `folder` out of the bundle names, then removes it: a crash midway leaves a `.pruning-` folder, never half a bundle. */
function setAside(folder: string): void {
  if (!existsSync(folder)) return;
  const aside = `${folder}.pruning-${process.pid}`;
  renameSync(folder, aside);
  rmSync(aside, { recursive: true, force: true });
}

/**
 * Removes bundles but `keep`, the newest other one and any used within a day, and what dead builds
 * and prunes left. Best effort: a folder it cannot remove (another user's) stays, and the publish goes on.
 */
function pruneRenderers(cacheDir: string, keep: string): void {
  const now = Date.now();
  const ageOf = (name: string) => now - statSync(path.join(cacheDir, name)).mtimeMs;
  for (const name of readdirSync(cacheDir)) {
    try {
      if (name.includes('.pruning-') || (name.includes('.building-') && ageOf(name) > ABANDONED_MS)) rmSync(path.join(cacheDir, name), { recursive: true, force: true });
    } catch {
      // Not ours to remove.
    }
  }
  const others = readdirSync(cacheDir).filter((name) => name !== keep && BUNDLE.test(name))
    .map((name) => ({ name, age: ageOf(name) }))
    .sort((a, b) => a.age - b.age);
  for (const old of others.slice(1).filter((o) => o.age > IN_USE_MS)) {
    try {
      setAside(path.join(cacheDir, old.name));
    } catch {
      // Not ours to remove.
    }
  }
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
