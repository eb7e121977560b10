// Builds the operator console's bundle once per version of console/: an Astro server build (the
// same in-process adapter as the site's render bundle), cached under <data>/cache/console/<hash>/.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashFiles } from '../synth/read-code-hash.ts';
import { REPO_ROOT, runAstroProcess, withBuildLock } from '../synth/render/run-astro-process.ts';

const THIS_FILE = fileURLToPath(import.meta.url);
const ENTRY = fileURLToPath(new URL('./render/console-entry.ts', import.meta.url));

/**
 * The bundle's entry, built first when this version of console/ has none.
 *
 * @example
 * const entry = await ensureConsole('/data/autoswe/cache/console', 600_000);
 */
export async function ensureConsole(cacheDir: string, timeoutMs: number): Promise<string> {
  const hash = hashFiles(['console', 'site/lib/format.ts', 'package-lock.json']);
  const entry = path.join(cacheDir, hash, 'server', 'entry.mjs');
  if (existsSync(entry)) return entry;
  mkdirSync(cacheDir, { recursive: true });
  const building = path.join(cacheDir, `${hash}.building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  await runAstroProcess(THIS_FILE, { JOURNEY_CONSOLE_OUT_DIR: building }, timeoutMs, 'the Astro build of the operator console');
  rmSync(path.join(cacheDir, hash), { recursive: true, force: true });
  renameSync(building, path.join(cacheDir, hash));
  return entry;
}

if (import.meta.main) {
  await withBuildLock(async () => {
    const { build } = await import('astro');
    const outDir = process.env['JOURNEY_CONSOLE_OUT_DIR']!;
    await build({
      root: REPO_ROOT, configFile: false, srcDir: './console/site', publicDir: './console/static', outDir,
      cacheDir: path.join(outDir, '.astro-cache'), logLevel: 'error', output: 'server', base: '/console', trailingSlash: 'always',
      devToolbar: { enabled: false },
      vite: { ssr: { noExternal: true } },
      adapter: {
        name: 'journey-console',
        hooks: {
          'astro:config:done': ({ setAdapter }) => setAdapter({
            name: 'journey-console', entrypointResolution: 'auto', serverEntrypoint: ENTRY, adapterFeatures: { buildOutput: 'server' },
            supportedAstroFeatures: { serverOutput: 'stable', staticOutput: 'stable', hybridOutput: 'stable', sharpImageService: 'stable' },
          }),
        },
      },
    });
    rmSync(path.join(outDir, '.astro-cache'), { recursive: true, force: true });
  });
}
