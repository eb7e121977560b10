// What a release holds and what each file is made from. A page's render key is the site code plus
// its own data, so a page whose inputs did not change keeps its bytes and is linked, not rendered.
import { renderAtif } from '../render/render-atif.ts';
import type { ManifestEntry } from './release-manifest.ts';
import { sha256 } from '../../core/public-json.ts';
import type { PublicIteration } from '../plan-public-files.ts';
import type { RenderRoute } from '../render/read-renderer.ts';
import type { SiteData } from '../../contract/site-data-schema.ts';
import type { SnapshotEntry } from '../../contract/read-public-data.ts';
import { listPages } from '../../contract/list-pages.ts';
import { facetsOf, wordsOf } from '../../contract/search-docs.ts';
import type { IterationPage } from '../../contract/site-data-schema.ts';
import { knownStepPages, planStepPages } from './plan-step-pages.ts';
import { planComparePages } from './plan-compare-pages.ts';
import { trajectoryPath, unlinkedKeys } from './unlinked-keys.ts';
import { SITE_DATA_ROUTES, siteDataFields } from '../../contract/site-data-routes.ts';
import { badgeFacts } from '../../contract/badge-facts.ts';

/** A file the new release must hold. */
export interface WantedFile {
  path: string;
  /** What the bytes are made from; a previous file with the same key is reused. `-`: compare sha256. */
  key: string;
  /** Known ahead (cached public JSON), so an unchanged file is linked without being made. */
  sha256?: string;
  /** A file already holding these bytes (its sha256 is `sha256`): a new file is linked from it, not made. */
  linkFrom?: string;
  make(): Promise<Uint8Array | string> | Uint8Array | string;
}

/** True when `old` (the previous release's file at the same path) can stand for `file` unchanged. */
export function matchesPrevious(old: ManifestEntry | undefined, file: WantedFile): old is ManifestEntry {
  if (old === undefined) return false;
  return file.key === '-' ? file.sha256 !== undefined && old.sha256 === file.sha256 : old.key === file.key;
}

export interface ReleaseInputs {
  siteHash: string;
  siteData: SiteData;
  siteDataText: string;
  iterations: readonly PublicIteration[];
  /** The public text of an iteration whose text was not made this run. */
  iterationText(file: PublicIteration): string;
  render: RenderRoute;
  /** Renders an iteration page from its public JSON, a step page from its own data or a compare page from two pages (`as`), in this thread or a worker thread. */
  renderIteration(route: string, pageJson: string, as?: 'page' | 'stepPage' | 'comparePages'): Promise<Uint8Array>;
  /** The current release's files: an unchanged iteration's step pages are counted there, its JSON not read. */
  previous?: readonly ManifestEntry[] | undefined;
  /** Files the bundle ships as they are (site/static, built assets). */
  assets: readonly { path: string; sha256: string; read(): Uint8Array }[];
  buildJson: string;
  /** The snapshots once this publish is done, newest first: the /history/ page. */
  history: readonly SnapshotEntry[];
  /** The public base URL (JOURNEY_SITE_URL): absolute links in the feed. */
  siteUrl: string | undefined;
  /** JOURNEY_NOINDEX: a robots.txt that disallows everything (the pages carry the meta tag). */
  noindex: boolean;
}

/** robots.txt under JOURNEY_NOINDEX: no crawler is welcome anywhere. */
const NOINDEX_ROBOTS = 'User-agent: *\nDisallow: /\n';

/** The release's build facts; never part of "did anything change". */
export const BUILD_JSON = 'build.json';
/** The list of snapshots: it names this publish's own snapshot, so it is a build fact too. */
const HISTORY_PAGE = 'history/index.html';
export const BUILD_FACTS: ReadonlySet<string> = new Set([BUILD_JSON, HISTORY_PAGE]);

/**
 * Lists every file of the release with its key and a lazy maker.
 *
 * @example
 * const wanted = planReleaseFiles(inputs);
 * await assembleRelease(staging, previous, wanted);
 */
export function planReleaseFiles(inputs: ReleaseInputs): WantedFile[] {
  const siteDataSha = sha256(inputs.siteDataText);
  const badge = badgeFacts(inputs.siteData);
  const fieldShas = new Map<keyof SiteData, string>();
  const fieldSha = (field: keyof SiteData) => fieldShas.get(field)
    ?? fieldShas.set(field, sha256(`${field}\0${JSON.stringify(inputs.siteData[field] ?? null)}`)).get(field)!;
  const wanted: WantedFile[] = [
    { path: 'site-data.json', key: '-', sha256: siteDataSha, make: () => inputs.siteDataText },
    // Each page of site data is keyed by the fields it reads, and reads no other (contract/site-data-routes.ts).
    ...SITE_DATA_ROUTES.map(({ route, file, fields }) => ({
      path: file, key: sha256(`${inputs.siteHash}\0${route}\0${fields.map(fieldSha).join(',')}\0${inputs.siteUrl ?? ''}`),
      make: () => inputs.render(route, { siteData: siteDataFields(inputs.siteData, fields, route), ...(inputs.siteUrl ? { siteUrl: inputs.siteUrl } : {}) }),
    })),
    // The badge is drawn from what it says, and keyed by that.
    { path: 'badge.svg', key: sha256(`${inputs.siteHash}\0/badge.svg\0${JSON.stringify(badge)}`), make: () => inputs.render('/badge.svg', { badge }) },
    ...inputs.assets.map((asset) => ({ path: asset.path, key: '-', sha256: asset.sha256, make: asset.read })),
  ];
  // The list's pages: each keyed by its own slice, so only a page whose iterations changed (in
  // practice the newest) is rendered again; all of them when the number of pages changes.
  for (const page of listPages(inputs.siteData.iterations)) {
    wanted.push({
      path: `iterations/page/${page.k}/index.html`,
      key: sha256(`${inputs.siteHash}\0/iterations/page/[k]/\0${sha256(JSON.stringify(page))}`),
      make: () => inputs.render(`/iterations/page/${page.k}/`, { listPage: page }),
    });
  }
  const pageKey = (file: PublicIteration) => sha256(`${inputs.siteHash}\0/iterations/[n]/\0${file.sha}`);
  const unlinkedKey = unlinkedKeys(inputs, pageKey);
  // The search index, in the list's slices: keyed by the slice's unlinked keys (they hold the site
  // code, and with it the indexer), so only the slice a new or changed iteration is in is made again.
  const byNumber = new Map(inputs.iterations.map((file) => [file.number, file]));
  for (const page of listPages(inputs.siteData.iterations)) {
    const slice = page.rows.flatMap((row) => byNumber.get(row.number) ?? []);
    const key = sha256(`${inputs.siteHash}\0search\0${slice.map(unlinkedKey).join(',')}`);
    let pages: IterationPage[] | undefined;
    const read = () => (pages ??= slice.map((file) => JSON.parse(file.text ?? inputs.iterationText(file)) as IterationPage));
    wanted.push({ path: `search/facets/${page.k}.json`, key, make: () => JSON.stringify(facetsOf(read())) });
    wanted.push({ path: `search/words/${page.k}.json`, key, make: () => JSON.stringify(wordsOf(read())) });
  }
  const known = inputs.previous ? knownStepPages(inputs.previous) : undefined;
  for (const file of inputs.iterations) {
    wanted.push({
      path: `iterations/${file.number}.json`, key: '-', sha256: file.sha, ...(file.source ? { linkFrom: file.source } : {}),
      make: () => file.text ?? inputs.iterationText(file),
    });
    wanted.push({
      path: `iterations/${file.number}.html`, // served for /iterations/<n>/ (server/http/read-release-index.ts routes a.html as /a/)
      key: pageKey(file),
      make: () => inputs.renderIteration(`/iterations/${file.number}/`, file.text ?? inputs.iterationText(file)),
    });
    wanted.push(...planStepPages(file, inputs, known)); // a long trace's later pages, /iterations/<n>/steps/<k>/
    wanted.push({
      path: trajectoryPath(file.number), // the page's public data as ATIF, which does not name the neighbours
      key: unlinkedKey(file),
      make: () => renderAtif(JSON.parse(file.text ?? inputs.iterationText(file)) as IterationPage),
    });
  }
  wanted.push(...planComparePages(inputs, unlinkedKey)); // /compare/<a>/<b>/ of each consecutive pair
  wanted.push({
    path: HISTORY_PAGE, key: sha256(`${inputs.siteHash}\0/history/\0${sha256(JSON.stringify(inputs.history))}`),
    make: () => inputs.render('/history/', { history: [...inputs.history] }),
  });
  if (inputs.noindex) wanted.push({ path: 'robots.txt', key: '-', sha256: sha256(NOINDEX_ROBOTS), make: () => NOINDEX_ROBOTS });
  wanted.push({ path: BUILD_JSON, key: '-', make: () => inputs.buildJson });
  return wanted;
}

/** How many of `wanted` cannot be linked from `previous` and must be made. */
export function countToMake(previous: readonly ManifestEntry[] | undefined, wanted: readonly WantedFile[]): number {
  const before = new Map(previous?.map((e) => [e.path, e]));
  return wanted.filter((w) => !matchesPrevious(before.get(w.path), w)).length;
}

/** True when every file but the build facts would be linked unchanged from `previous`, and none is gone. */
export function sameAsPrevious(previous: readonly ManifestEntry[], wanted: readonly WantedFile[]): boolean {
  const before = new Map(previous.filter((e) => !BUILD_FACTS.has(e.path)).map((e) => [e.path, e]));
  const now = wanted.filter((w) => !BUILD_FACTS.has(w.path));
  return before.size === now.length && now.every((w) => matchesPrevious(before.get(w.path), w));
}
