// Loads a render bundle into this process once; later publishes reuse it warm.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { JourneyError } from '../../core/journey-error.ts';
import type { RenderData } from '../../contract/read-public-data.ts';
import { sha256 } from '../../core/public-json.ts';

export type RenderRoute = (pathname: string, data: RenderData) => Promise<Uint8Array>;

type Entry = { renderRoute(pathname: string, locals: object): Promise<{ status: number; body: Uint8Array }> };

const loaded = new Map<string, Promise<Entry>>();

/**
 * Imports the bundle at `entry` (cached per path) and returns a function rendering one route.
 * A route that does not answer 200 is a JOURNEY_RENDER_FAILED: a half-rendered page never ships.
 *
 * @example
 * const render = await readRenderer('data/cache/render/ab12/server/entry.mjs');
 * const html = await render('/iterations/7/', { siteData, page });
 */
export async function readRenderer(entry: string, site: Pick<RenderData, 'noindex' | 'basePath'> = {}): Promise<RenderRoute> {
  let module = loaded.get(entry);
  if (!module) {
    module = import(pathToFileURL(entry).href) as Promise<Entry>;
    loaded.set(entry, module);
  }
  const bundle = await module;
  return async (pathname, data) => {
    let result;
    try {
      result = await bundle.renderRoute(pathname, { journey: { ...data, ...site } });
    } catch (error) {
      throw new JourneyError('JOURNEY_RENDER_FAILED', `rendering ${pathname} threw`, {
        fix: 'A site/ page failed on this data; the error below names it. Fix the page and publish again.', cause: error,
      });
    }
    if (result.status !== 200) {
      throw new JourneyError('JOURNEY_RENDER_FAILED', `rendering ${pathname} answered ${result.status}`, {
        fix: 'A site/ page is missing or failed on this data; fix it and publish again.',
      });
    }
    return site.basePath ? withBasePath(result.body, site.basePath) : result.body;
  };
}

const ROOT_LINK = /(\s(?:href|src|action)=")\/(?!\/)/g;

/**
 * Puts the site's base path (JOURNEY_BASE_PATH) in front of every root-relative link of a rendered
 * page or feed: `href="/iterations/"` becomes `href="/journey/iterations/"`. Protocol-relative
 * (`//host`) and absolute links are left alone.
 *
 * @example
 * withBasePath(bytes, '/journey')
 */
function withBasePath(body: Uint8Array, basePath: string): Uint8Array {
  return new TextEncoder().encode(new TextDecoder().decode(body).replace(ROOT_LINK, `$1${basePath}/`));
}

type Asset = { path: string; sha256: string; read(): Uint8Array };

const assets = new Map<string, Asset[]>();

/** The files a bundle ships as they are (its client folder: site/static and built assets); a bundle never changes, so once per process. */
export function readRendererAssets(entry: string): Asset[] {
  let list = assets.get(entry);
  if (!list) {
    list = listAssets(entry);
    assets.set(entry, list);
  }
  return list;
}

function listAssets(entry: string): Asset[] {
  const client = path.join(path.dirname(entry), '..', 'client');
  let entries;
  try {
    entries = readdirSync(client, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile()).map((e) => {
    const absolute = path.join(e.parentPath, e.name);
    const bytes = readFileSync(absolute);
    return { path: path.relative(client, absolute), sha256: sha256(bytes), read: () => bytes };
  });
}
