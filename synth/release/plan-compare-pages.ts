// The compare pages of consecutive iterations: compare/<a>/<b>.html, served as /compare/<a>/<b>/, one
// for each iteration with one before it. A page is made from the two iterations' public JSON with
// their neighbour links set to null (it shows neither), and keyed by the site code and the sha256 of
// those two texts: a new iteration changes its neighbour's next link, not the neighbour's compare
// page, so a publish that adds one iteration renders one compare page.
import { sha256 } from '../../core/public-json.ts';
import { withNeighbours, type PublicIteration } from '../plan-public-files.ts';
import type { ManifestEntry } from './release-manifest.ts';

/**
 * The release file of the compare page of iterations `a` and `b`.
 *
 * @example
 * comparePagePath(6, 7) // 'compare/6/7.html'
 */
const comparePagePath = (a: number, b: number): string => `compare/${a}/${b}.html`;

/**
 * The compare pages among a release's files that name iteration `n`, on either side.
 *
 * @example
 * comparePagesNaming(['compare/6/7.html', 'compare/7/8.html', 'compare/8/9.html'], 7) // ['compare/6/7.html', 'compare/7/8.html']
 */
export function comparePagesNaming(files: Iterable<string>, n: number): string[] {
  const page = new RegExp(`^compare/(?:${n}/\\d+|\\d+/${n})\\.html$`);
  return [...files].filter((file) => page.test(file));
}

/** What planning compare pages needs of the release's inputs. */
export interface ComparePageInputs {
  siteHash: string;
  iterations: readonly PublicIteration[];
  iterationText(file: PublicIteration): string;
  renderIteration(route: string, pageJson: string, as?: 'page' | 'stepPage' | 'comparePages'): Promise<Uint8Array>;
  /** The current release's files: a pair whose two JSON files did not change keeps its key from there, its texts not read. */
  previous?: readonly ManifestEntry[] | undefined;
}

/** An iteration's public JSON without its neighbour links (prev and next null). */
const unlinked = (file: PublicIteration, inputs: ComparePageInputs) => withNeighbours(file.text ?? inputs.iterationText(file), null, null);

/**
 * The compare page of each consecutive pair. `pageKey` is the render key this release gives an
 * iteration's page: when the current release made that page with the same key and holds both JSON
 * files unchanged, the same site code made its compare page from the same texts, so the pair's key
 * is taken from there rather than worked out again from the texts.
 *
 * @example
 * planComparePages(inputs, (file) => iterationPageKey(file)) // [{ path: 'compare/1/2.html', key, make }, ...]
 */
export function planComparePages(inputs: ComparePageInputs, pageKey: (file: PublicIteration) => string): { path: string; key: string; make(): Promise<Uint8Array> }[] {
  const before = new Map<string, ManifestEntry>();
  for (const entry of inputs.previous ?? []) if (entry.path.startsWith('iterations/') || entry.path.startsWith('compare/')) before.set(entry.path, entry);
  const unchanged = (file: PublicIteration) => before.get(`iterations/${file.number}.json`)?.sha256 === file.sha;
  const madeHere = (file: PublicIteration) => before.get(`iterations/${file.number}.html`)?.key === pageKey(file);
  const textSha = new Map<number, string>();
  const shaOf = (file: PublicIteration) => textSha.get(file.number) ?? textSha.set(file.number, sha256(unlinked(file, inputs))).get(file.number)!;
  const pages = [];
  for (let i = 1; i < inputs.iterations.length; i++) {
    const a = inputs.iterations[i - 1]!;
    const b = inputs.iterations[i]!;
    const path = comparePagePath(a.number, b.number);
    const known = before.get(path);
    const key = known && unchanged(a) && unchanged(b) && madeHere(a)
      ? known.key : sha256(`${inputs.siteHash}\0/compare/[a]/[b]/\0${shaOf(a)}\0${shaOf(b)}`);
    pages.push({
      path, key,
      make: () => inputs.renderIteration(`/compare/${a.number}/${b.number}/`, `{"a":${unlinked(a, inputs)},"b":${unlinked(b, inputs)}}`, 'comparePages'),
    });
  }
  return pages;
}
