// Reads a release's sealed MANIFEST into the routes the server answers: only files the leak scan
// passed are ever served, each with its headers worked out once.
import { lstatSync, readFileSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { JourneyError } from '../../core/journey-error.ts';
import { parseManifest, type ManifestEntry } from '../../synth/release/release-manifest.ts';
import { parseServedSnapshots } from '../../synth/release/served-snapshots.ts';
import { DATA_LAYOUT, dataPaths } from '../../core/data-layout.ts';
import { MANIFEST } from '../../synth/release/write-release.ts';
import { fileHeaders, type Encoding } from './response-headers.ts';

export interface ReleaseFile {
  /** Absolute path inside the release. */
  abs: string;
  size: number;
  sha256: string;
  etag: string;
  /** Precomputed response headers of a whole-file 200 (security headers included). */
  headers: Record<string, string>;
  /** Precompressed siblings (`<file>.br`, `<file>.gz`) from the same release. */
  variants: Partial<Record<Encoding, ReleaseFile>>;
  /** The body, while HotFiles keeps it in memory, and when it was last served from there. */
  body?: Buffer | undefined;
  used?: number;
}

type Route = { kind: 'file'; file: ReleaseFile } | { kind: 'redirect'; location: string };

export interface ReleaseIndex {
  id: string;
  root: string;
  routes: Map<string, Route>;
  /** The release's own 404 page, when it has one. */
  notFound: ReleaseFile | undefined;
}

/** A plain relative path: no empty, `.` or `..` segment, no backslash or NUL, not absolute. */
const PLAIN_PATH = /^(?!\/)(?!.*\/\/)(?!(?:.*\/)?\.\.?(?:\/|$))[^\\\0]+(?<!\/)$/;

/** The URL a page is linked by: `a/index.html` is `/a/`, and a flat page `a/7.html` is `/a/7/`. */
function pageRoute(file: string): string | undefined {
  if (file === 'index.html') return '/';
  if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
  if (file.endsWith('.html') && file !== '404.html') return `/${file.slice(0, -'.html'.length)}/`;
  return undefined;
}

const unservable = (message: string, fix: string, cause?: unknown) =>
  new JourneyError('JOURNEY_RELEASE_UNSERVABLE', message, { fix, ...(cause === undefined ? {} : { cause }) });

/** The release's MANIFEST entries, when it is complete and lists only plain relative paths. */
async function readSealedEntries(root: string, id: string): Promise<ManifestEntry[]> {
  let entries;
  try {
    entries = parseManifest(await readFile(path.join(root, MANIFEST), 'utf8'));
  } catch (error) {
    throw unservable(`release ${id} has no readable MANIFEST`, 'Run `npm run synth -- --public` to publish a complete release; the previous release keeps serving.', error);
  }
  if (!entries) throw unservable(`release ${id} has an incomplete MANIFEST`, 'Run `npm run synth -- --public`: recovery points `current` back at the newest complete release.');
  const unsafe = entries.find((entry) => !PLAIN_PATH.test(entry.path));
  if (unsafe) throw unservable(`release ${id} lists an unsafe path (${JSON.stringify(unsafe.path.slice(0, 80))})`, 'Publish again; a release lists only plain relative paths.');
  return entries;
}

/** Refuses a release in which any folder on the way to a file is a symlink: nothing is read through a link. */
async function assertNoLinkedFolders(root: string, id: string, entries: readonly ManifestEntry[]): Promise<void> {
  const folders = new Set<string>();
  for (const entry of entries) {
    for (let dir = path.posix.dirname(entry.path); dir !== '.'; dir = path.posix.dirname(dir)) folders.add(dir);
  }
  for (const folder of folders) {
    if ((await lstat(path.join(root, folder))).isSymbolicLink()) {
      throw unservable(`release ${id}: ${folder} is a symlink`, 'Releases never hold links; publish again so a fresh release replaces this one.');
    }
  }
}

/** Every servable file by its path, headers computed once, precompressed siblings attached. */
function indexFiles(root: string, entries: readonly ManifestEntry[]): Map<string, ReleaseFile> {
  const files = new Map<string, ReleaseFile>();
  for (const entry of entries) {
    if (entry.path.startsWith('.') || entry.path.includes('/.')) continue; // dotfiles are never served
    const etag = `"${entry.sha256.slice(0, 32)}"`;
    files.set(entry.path, {
      abs: path.join(root, entry.path), size: entry.bytes, sha256: entry.sha256, etag, headers: fileHeaders(entry.path, entry.bytes, etag), variants: {},
    });
  }
  for (const [name, file] of files) {
    for (const [suffix, encoding] of [['.br', 'br'], ['.gz', 'gzip']] as const) {
      const plain = name.endsWith(suffix) ? files.get(name.slice(0, -suffix.length)) : undefined;
      if (!plain) continue;
      plain.variants[encoding] = { ...file, headers: fileHeaders(name.slice(0, -suffix.length), file.size, file.etag, encoding) };
      plain.headers['Vary'] = 'Accept-Encoding';
    }
  }
  return files;
}

/** URL → route: each file by its path, each page by its directory URL, that URL without its slash redirected. */
function routeFiles(files: ReadonlyMap<string, ReleaseFile>): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const [name, file] of files) routes.set(`/${name}`, { kind: 'file', file });
  for (const [name, file] of files) {
    const page = pageRoute(name);
    if (!page || routes.has(page)) continue;
    routes.set(page, { kind: 'file', file });
    const bare = page.slice(0, -1);
    if (bare !== '' && !routes.has(bare)) routes.set(bare, { kind: 'redirect', location: `${path.posix.basename(page)}/` });
  }
  return routes;
}

/**
 * Indexes the release at `root` (a real path): every file of its complete MANIFEST, by URL. A
 * directory URL without its trailing slash routes to a relative redirect. Any folder on the way to a
 * file that is a symlink makes the release unservable: nothing is ever read through a link.
 *
 * @example
 * const index = await readReleaseIndex('/data/autoswe/releases/20261121T101500Z');
 * index.routes.get('/iterations/7/') // { kind: 'file', file: { abs: '.../iterations/7.html', ... } }
 */
export async function readReleaseIndex(root: string): Promise<ReleaseIndex> {
  const id = path.basename(root);
  const entries = await readSealedEntries(root, id);
  await assertNoLinkedFolders(root, id, entries);
  const files = indexFiles(root, entries);
  return { id, root, routes: routeFiles(files), notFound: files.get('404.html') };
}

/**
 * The snapshots the server may answer, by id, from <data>/served-snapshots (see
 * synth/release/served-snapshots.ts): each with its checksum, size and headers, like a release file
 * (`no-cache`, revalidated by an ETag made of its SHA-256: a takedown may rewrite a snapshot). A
 * snapshot whose folder or file is not plain (a link) is left out; no list means no snapshot.
 *
 * @example
 * readServedSnapshots('/data/autoswe').get('20261121T101500Z') // { abs: '.../snapshots/20261121T101500Z/site-data.json', ... }
 */
export function readServedSnapshots(dataDir: string): Map<string, ReleaseFile> {
  const files = new Map<string, ReleaseFile>();
  let listed;
  try {
    listed = parseServedSnapshots(readFileSync(path.join(dataDir, DATA_LAYOUT.servedSnapshots), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return files;
    throw error;
  }
  if (!listed) throw unservable('served-snapshots is not a list journey wrote', 'Publish again (`npm run synth -- --public --rebuild-site`) to rewrite it; no snapshot is served meanwhile.');
  const root = dataPaths(dataDir).snapshots;
  if (listed.size === 0 || !isPlainFolder(root)) return files;
  for (const [id, { sha256, bytes }] of listed) {
    const abs = path.join(root, id, 'site-data.json');
    if (!isPlainFolder(path.dirname(abs))) continue;
    const etag = `"${sha256.slice(0, 32)}"`;
    files.set(id, { abs, size: bytes, sha256, etag, headers: fileHeaders('site-data.json', bytes, etag), variants: {} });
  }
  return files;
}

function isPlainFolder(folder: string): boolean {
  try {
    return lstatSync(folder).isDirectory();
  } catch {
    return false;
  }
}
