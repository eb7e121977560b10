// The compare pages of consecutive iterations: compare/<a>/<b>.html, served as /compare/<a>/<b>/, one
// for each iteration with one before it. A page is made from the two iterations' public JSON with
// their neighbour links set to null (it shows neither), and keyed by those two texts: a new iteration
// changes its neighbour's next link, not the neighbour's compare page, so a publish that adds one
// iteration renders one compare page.
import { sha256 } from '../../core/public-json.ts';
import type { PublicIteration } from '../plan-public-files.ts';
import { unlinkedText } from './unlinked-keys.ts';

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
}

/**
 * The compare page of each consecutive pair, keyed by the site code and the two iterations'
 * unlinked keys (synth/release/unlinked-keys.ts).
 *
 * @example
 * planComparePages(inputs, unlinkedKeys(inputs, pageKey)) // [{ path: 'compare/1/2.html', key, make }, ...]
 */
export function planComparePages(inputs: ComparePageInputs, unlinkedKey: (file: PublicIteration) => string): { path: string; key: string; make(): Promise<Uint8Array> }[] {
  const pages = [];
  for (let i = 1; i < inputs.iterations.length; i++) {
    const a = inputs.iterations[i - 1]!;
    const b = inputs.iterations[i]!;
    pages.push({
      path: comparePagePath(a.number, b.number),
      key: sha256(`${inputs.siteHash}\0/compare/[a]/[b]/\0${unlinkedKey(a)}\0${unlinkedKey(b)}`),
      make: () => inputs.renderIteration(`/compare/${a.number}/${b.number}/`, `{"a":${unlinkedText(a, inputs)},"b":${unlinkedText(b, inputs)}}`, 'comparePages'),
    });
  }
  return pages;
}
